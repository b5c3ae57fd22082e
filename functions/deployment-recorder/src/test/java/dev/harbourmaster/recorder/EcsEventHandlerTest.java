package dev.harbourmaster.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
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

/** The handler with the events/ fixtures, as EventBridge delivers them. */
class EcsEventHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:25:00Z");

    private final InMemoryDeploymentRecords records = new InMemoryDeploymentRecords();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Log log = new Log("test", new PrintStream(logged, true, StandardCharsets.UTF_8), () -> NOW);
    private final EcsEventHandler handler = new EcsEventHandler(
            new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), new FakeEcs(), () -> NOW, Duration.ofMinutes(2), log), log);

    /** The fixtures' deployment, as the deployer recorded it. */
    private void ourDeploymentOfTheFixtures() {
        String digest = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
        Deployment started = Deployment.claimed(Scenario.SET_ID, "catalogue", "staging", "id_minter", "catalogue-staging",
                "catalogue-pipeline-id-minter-staging", "3f9c2ab",
                List.of(new dev.harbourmaster.domain.ReleaseImage("id-minter", "catalogue/id-minter", digest,
                        "catalogue/id-minter@" + digest, "3f9c2ab")),
                "td:41", Instant.parse("2026-11-20T10:20:00Z")).started("td:42", "ecs-svc/1111111111111111111");
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

    @Test
    void eventsThatAreNotOursAreAcknowledgedWithTheReason() {
        assertThat(handler.handle(Fixtures.event("ecs-event-malformed.json"))).containsEntry("outcome", "IGNORED");
        assertThat(handler.handle(Fixtures.event("ecs-unknown-event.json")).get("detail"))
                .contains("ECS Container Instance State Change");
        assertThat(handler.handle(Fixtures.event("ecs-deployment-missing-fields.json")).get("detail"))
                .contains("detail.deploymentId");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"event ignored\"");
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
