package dev.harbourmaster.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The handler with the events/ fixtures, as EventBridge delivers them. */
class EcsEventHandlerTest {

    /** After the fixtures' times (the last, ecs-deployment-unknown-deployment.json, is of 11:02:33). */
    private static final Instant NOW = Instant.parse("2026-11-20T11:03:00Z");

    private final InMemoryDeploymentRecords records = new InMemoryDeploymentRecords();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log("test", new PrintStream(logged, true, StandardCharsets.UTF_8), () -> NOW);
    private final EcsEventHandler handler = new EcsEventHandler(new EcsEventRecorder(
            new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), new FakeEcs(),
                    () -> NOW, Duration.ofMinutes(2), Fixtures.SERVED, log), log));

    /** The fixtures' deployment, as the deployer recorded it. */
    private void ourDeploymentOfTheFixtures() {
        String digest = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
        Deployment started = Deployment.builder().releaseSetId(Scenario.SET_ID).projectId("catalogue")
                .environmentId("staging").serviceId("id_minter").cluster("catalogue-staging")
                .ecsServiceName("catalogue-pipeline-id-minter-staging").releaseHash("3f9c2ab")
                .images(List.of(new dev.harbourmaster.domain.ReleaseImage("id-minter", "catalogue/id-minter", digest,
                        "catalogue/id-minter@" + digest, "3f9c2ab")))
                .previousTaskDefinition("td:41").claimedAt(Instant.parse("2026-11-20T10:20:00Z"))
                .started("td:42", "ecs-svc/1111111111111111111");
        records.put(Scenario.set(), List.of(started));
    }

    @Test
    void theFixturesOfASuccessfulDeploymentEndItCompleted() {
        ourDeploymentOfTheFixtures();

        for (String fixture : List.of("ecs-deployment-in-progress.json", "ecs-task-pending.json", "ecs-task-running.json",
                "ecs-service-action-task-start-impaired.json", "ecs-deployment-completed.json")) {
            assertThat(handler.handle(Fixtures.event(fixture))).as(fixture).containsEntry("outcome", "RECORDED");
        }

        Deployment done = records.setRecord(Scenario.SET_ID).orElseThrow().deployments().get(0);
        assertThat(done.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(done.evidence().notices()).extracting(n -> n.eventName()).containsExactly("SERVICE_TASK_START_IMPAIRED");
    }

    /** The real samples: a digest one hex digit short was compared with the release's and called a mismatch. */
    @Test
    void aMalformedContainerDigestIsUnknownAndTheRestOfTheTaskIsKept() {
        ourDeploymentOfTheFixtures();

        assertThat(handler.handle(Fixtures.event("ecs-task-running-malformed-digest.json"))).containsEntry("outcome", "RECORDED");
        handler.handle(Fixtures.event("ecs-deployment-completed.json"));

        Deployment done = records.setRecord(Scenario.SET_ID).orElseThrow().deployments().get(0);
        assertThat(done.evidence().tasks()).singleElement().satisfies(task -> {
            assertThat(task.lastStatus()).isEqualTo("RUNNING");
            assertThat(task.startedAt()).isEqualTo(Instant.parse("2026-11-20T10:20:40.655Z"));
            assertThat(task.containers()).extracting(c -> c.name() + " " + c.imageDigest()).containsExactly("id-minter null",
                    "log-router sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        });
        assertThat(done.status()).as("neither the release's digest nor another: unverified")
                .isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"container digest not read: taken as"
                + " unknown, the rest of the task kept\"", "\"reason\":\"container id-minter imageDigest 'sha256:4b1e0c3a8f4de2a9"
                + "c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a29180' is not sha256: followed by 64 lower-case hex digits: it has"
                + " 63 hex digits\"", "\"eventId\":\"7d3e5f10-8a2b-4c6d-9e0f-1a2b3c4d5e41\"");
    }

    @Test
    void eventsThatAreNotOursAreAcknowledgedWithTheReason() {
        assertThat(handler.handle(Fixtures.event("ecs-event-malformed.json"))).containsEntry("outcome", "IGNORED");
        assertThat(handler.handle(Fixtures.event("ecs-unknown-event.json")).get("detail"))
                .contains("ECS Container Instance State Change");
        assertThat(handler.handle(Fixtures.event("ecs-deployment-missing-fields.json")).get("detail"))
                .contains("detail.deploymentId");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"event ignored\"");
    }

    /**
     * Found by the review of 2026-12: events of another account or region, or dated 1970, about our
     * service were recorded as changes made outside Harbourmaster and marked its current-state row.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ecs-deployment-other-account.json | account 999999999999 region eu-west-1 is not one this stack serves",
            "ecs-deployment-other-region.json  | account 123456789012 region eu-central-1 is not one this stack serves",
            "ecs-deployment-dated-1970.json    | event time 1970-01-01T00:00:00Z is not within 15 days before and 24 hours"
                    + " after its arrival at 2026-11-20T11:03:00Z"})
    void foreignAndMisdatedEventsAreIgnoredWithALogLineAndChangeNothing(String fixture, String reason) {
        ourDeploymentOfTheFixtures();
        for (String done : List.of("ecs-task-running.json", "ecs-deployment-completed.json")) {
            handler.handle(Fixtures.event(done));
        }

        assertThat(handler.handle(Fixtures.event(fixture))).containsEntry("outcome", "IGNORED")
                .hasEntrySatisfying("detail", detail -> assertThat(detail).startsWith(reason));

        assertThat(records.byEcsDeployment(Placement.HOME, "ecs-svc/9876543210987654321")).isEmpty();
        assertThat(records.currentState("catalogue", "staging", "id_minter")).hasValueSatisfying(row ->
                assertThat(row.outOfBand()).isNull());
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"ECS event ignored\"");
    }

    @Test
    void anEventDatedFarAheadOrBeforeTheDeadLetterQueuesDaysIsIgnored() {
        String unknown = Fixtures.event("ecs-deployment-unknown-deployment.json");

        assertThat(handler.handle(unknown.replace("2026-11-20T11:02:33Z", "9999-01-01T00:00:00Z")))
                .containsEntry("outcome", "IGNORED");
        assertThat(handler.handle(unknown.replace("2026-11-20T11:02:33Z", "2026-11-21T11:04:00Z")))
                .as("a day and a minute ahead").containsEntry("outcome", "IGNORED");
        assertThat(handler.handle(unknown.replace("2026-11-20T11:02:33Z", "2026-11-05T11:02:00Z")))
                .as("15 days and a minute old").containsEntry("outcome", "IGNORED");
        assertThat(handler.handle(unknown.replace("2026-11-20T11:02:33Z", "2026-11-05T11:04:00Z")))
                .as("14 days, 23 hours and 59 minutes old: a redrive from the dead-letter queue")
                .containsEntry("outcome", "OUT_OF_BAND");
    }

    /** Found by the review of 2026-12: a FAILED event with our deployment id but another service failed our deployment. */
    @Test
    void anEventWithOurDeploymentIdNamingAnotherServiceAppliesNoEvidence() {
        ourDeploymentOfTheFixtures();

        assertThat(handler.handle(Fixtures.event("ecs-deployment-failed-other-service.json")))
                .containsEntry("outcome", "IGNORED")
                .containsEntry("detail", "the event names catalogue-staging/catalogue-pipeline-ingestor-staging, but ECS"
                        + " deployment ecs-svc/1111111111111111111 is of catalogue-staging/catalogue-pipeline-id-minter-staging:"
                        + " evidence not applied");
        Deployment untouched = records.setRecord(Scenario.SET_ID).orElseThrow().deployments().get(0);
        assertThat(untouched.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(untouched.evidence().reports()).isEmpty();

        assertThat(handler.handle(Fixtures.event("ecs-deployment-failed.json"))).containsEntry("outcome", "RECORDED");
        assertThat(records.setRecord(Scenario.SET_ID).orElseThrow().deployments().get(0).status())
                .isEqualTo(DeploymentStatus.FAILED);
    }

    @Test
    void anEventThatMayBeAboutOurDeploymentNotYetWrittenIsThrownForLambdaToRetry() {
        ourDeploymentOfTheFixtures();

        // A deployment of the service the table does not know, while ours is in flight, within the grace period.
        assertThatThrownBy(() -> handler.handle(Fixtures.event("ecs-deployment-unknown-deployment.json")))
                .isInstanceOf(NotRecordedYetException.class);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("ECS event deferred: Lambda will deliver it again");
    }

    @Test
    void theInvocationAnswersWithTheOutcome() throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(Fixtures.event("ecs-deployment-unknown-deployment.json")
                .getBytes(StandardCharsets.UTF_8)), answer, null);

        assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("{\"outcome\":\"OUT_OF_BAND\",\"detail\":");
    }
}
