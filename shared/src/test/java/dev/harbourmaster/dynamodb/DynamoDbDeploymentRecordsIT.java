package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recorder's table adapter on the emulator: lookups by what ECS events carry, and all-or-nothing conditional writes. */
class DynamoDbDeploymentRecordsIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private final Emulator emulator = new Emulator();
    private DynamoDbReleaseSets releaseSets;
    private DynamoDbDeploymentRecords records;
    private ReleaseSet set;

    @BeforeEach
    void setUp() {
        String table = emulator.newTable();
        releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        records = new DynamoDbDeploymentRecords(emulator.dynamo(), table);
        set = new ReleaseSet(Ulid.random(T0), "catalogue", "staging", "pipeline", List.of(release("id_minter")),
                ReleaseSetKind.DEPLOY, "ada", "ship it", T0, ReleaseSetStatus.REQUESTED, null);
        releaseSets.request(set);
        assertThat(releaseSets.claim(set, T0, T0.plus(Duration.ofHours(2)))).isEqualTo(dev.harbourmaster.ports.ReleaseSets.Claim.CLAIMED);
        set = set.withStatus(ReleaseSetStatus.IN_PROGRESS, null);
        Deployment claimed = Deployment.builder().releaseSetId(set.id()).projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").cluster("catalogue-staging").ecsServiceName("catalogue-id_minter-staging")
                .releaseHash("abc1234").images(release("id_minter").images()).previousTaskDefinition("td:1").claimedAt(T0);
        releaseSets.startDeployment(claimed);
        releaseSets.updateDeployment(claimed.started("td:2", "ecs-svc/111"));
    }

    private static Release release(String service) {
        return new Release("catalogue", "pipeline", service, "abc1234",
                List.of(new ReleaseImage(service, "catalogue/" + service, DIGEST, "catalogue/" + service + "@" + DIGEST, "abc1234")),
                "catalogue/" + service, DIGEST, T0, "release");
    }

    private DeploymentRecords.SetRecord read() {
        return records.setRecord(set.id()).orElseThrow();
    }

    private static DeploymentEvidence richEvidence() {
        return DeploymentEvidence.NONE
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(90), "ECS deployment completed.", EcsReport.FROM_EVENT))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/t1", 3, "STOPPED", "td:2",
                        List.of(new TaskEvidence.ContainerEvidence("id_minter", DIGEST, 137L, "OOM")), "Task stopped",
                        "EssentialContainerExited", T0.plusSeconds(30), T0.plusSeconds(80)))
                .withNotice(new ServiceNotice("e1", T0.plusSeconds(20), "WARN", "SERVICE_TASK_START_IMPAIRED", List.of("r1")))
                .withRollback(new Rollback("ecs-svc/222", "ecs-svc/000", "IN_PROGRESS", T0))
                .withAskedEcs()
                .withTimeout("too slow", T0.plusSeconds(3600));
    }

    @Test
    void aDeploymentWithTheReviewsHugeReasonsStillClosesAsFailed() {
        // One STOPPED task with a 300 KB reason grew the item to 302 KB; a second, and a FAILED event quoting
        // it, then failed with "Item size has exceeded the maximum allowed size": the deployment could not fail.
        String huge = "OutOfMemory " + "x".repeat(300_000);
        DeploymentRecords.SetRecord read = read();
        Deployment before = read.deployments().get(0);
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withReport(new EcsReport("FAILED", T0.plusSeconds(90), huge, EcsReport.FROM_EVENT));
        for (String task : List.of("t1", "t2")) {
            evidence = evidence.withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/" + task, 3, "STOPPED", "td:2",
                    List.of(new TaskEvidence.ContainerEvidence("id_minter", DIGEST, 137L, huge)), huge,
                    "EssentialContainerExited", T0.plusSeconds(30), T0.plusSeconds(80)));
        }
        Deployment after = before.toBuilder().status(DeploymentStatus.FAILED).reason("ECS reported FAILED: " + huge)
                .endedAt(T0.plusSeconds(90)).evidence(evidence).build();

        boolean written = records.record(new DeploymentRecords.Change(read, before, after,
                new ReleaseSetOutcome(ReleaseSetStatus.FAILED, "1 of 1 failed: id_minter FAILED"), null, null, null, null));

        assertThat(written).isTrue();
        Deployment stored = read().deployments().get(0);
        assertThat(stored.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(stored.reason()).startsWith("ECS reported FAILED: OutOfMemory xxx").endsWith(" of 300033 bytes)");
        assertThat(stored.evidence()).isEqualTo(after.evidence());
        assertThat(read().set().status()).isEqualTo(ReleaseSetStatus.FAILED);
    }

    @Test
    void eachLookupIsOneRequest() {
        emulator.resetCalls();
        assertThat(records.byEcsDeployment(Placement.HOME, "ecs-svc/111")).get().isInstanceOf(DeploymentRecords.Ours.class);
        assertThat(records.newestOfService(Placement.HOME, "catalogue-staging", "catalogue-id_minter-staging")).get()
                .extracting(Deployment::ecsDeploymentId).isEqualTo("ecs-svc/111");
        DeploymentRecords.SetRecord read = read();
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query");
        assertThat(read.revision()).as("claimed once").isEqualTo(1);
        assertThat(read.deployments()).singleElement().extracting(Deployment::revision).isEqualTo(1L);
        assertThat(records.byEcsDeployment(Placement.HOME, "ecs-svc/unknown")).isEmpty();
        assertThat(records.inFlight()).singleElement().satisfies(f -> {
            assertThat(f.releaseSetId()).isEqualTo(set.id());
            assertThat(f.since()).isEqualTo(T0);
        });
    }

    @Test
    void whetherADeploymentOfOursRanTheseImagesOnAServiceIsOneQueryOfItsSuccesses() {
        Map<String, String> images = ReleaseImage.byContainer(release("id_minter").images());
        emulator.resetCalls();
        assertThat(records.ran(Placement.HOME, "catalogue-staging", "catalogue-id_minter-staging", images)).as("in flight").isFalse();
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query");

        DeploymentRecords.SetRecord read = read();
        Deployment before = read.deployments().get(0);
        assertThat(records.record(new DeploymentRecords.Change(read, before,
                before.ended(DeploymentStatus.FAILED, "circuit breaker", T0.plusSeconds(60)), null, null, null, null, null)))
                .isTrue();
        assertThat(records.ran(Placement.HOME, "catalogue-staging", "catalogue-id_minter-staging", images)).as("failed").isFalse();
        read = read();
        before = read.deployments().get(0);
        assertThat(records.record(new DeploymentRecords.Change(read, before,
                before.ended(DeploymentStatus.COMPLETED, "ran", T0.plusSeconds(90)), null, null, null, null, null))).isTrue();

        assertThat(records.ran(Placement.HOME, "catalogue-staging", "catalogue-id_minter-staging", images)).isTrue();
        assertThat(records.ran(Placement.HOME, "catalogue-staging", "catalogue-ingestor-staging", images)).as("another service").isFalse();
        assertThat(records.ran(Placement.HOME, "catalogue-staging", "catalogue-id_minter-staging", Map.of("id_minter", "catalogue/id_minter@"
                + "sha256:" + "b".repeat(64)))).as("other images").isFalse();
    }

    @Test
    void aChangeWritesTheDeploymentTheOutcomeAndTheRowTogetherAndFreesTheEnvironment() {
        DeploymentRecords.SetRecord read = read();
        Deployment before = read.deployments().get(0);
        Deployment after = before.withEvidence(richEvidence());
        ConfigFingerprint config = new ConfigFingerprint("256", "512", List.of(ConfigFingerprint.ContainerConfig.of("app", 128,
                null, Map.of("FEATURE_X", "on"), Map.of("DB_PASSWORD", "arn:aws:ssm:eu-west-1:123456789012:parameter/db"),
                List.of("8080/tcp"), List.of("run"), null)));
        CurrentState row = new CurrentState("catalogue", "staging", "id_minter", new CurrentState.Running("abc1234",
                before.images(), set.id(), DeploymentStatus.COMPLETED, T0, "ada", "ship it", "ecs-svc/111", null, null, config),
                new CurrentState.LastDeployment(set.id(), "abc1234", after.status(), after.reason(), T0, "ada", "ship it",
                        before.startedAt()),
                null, 0);
        emulator.resetCalls();

        boolean written = records.record(new DeploymentRecords.Change(read, before, after,
                new ReleaseSetOutcome(ReleaseSetStatus.FAILED, "rolled back"), null, row, "ecs-svc/222", null));

        assertThat(written).isTrue();
        assertThat(emulator.calls()).containsExactly("DynamoDb:TransactWriteItems");
        DeploymentRecords.SetRecord now = read();
        assertThat(now.set().status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(now.revision()).isEqualTo(2);
        Deployment stored = now.deployments().get(0);
        assertThat(stored.evidence()).as("evidence round-trips").isEqualTo(after.evidence());
        assertThat(stored.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(stored.revision()).isEqualTo(2);
        assertThat(records.currentState("catalogue", "staging", "id_minter")).get()
                .extracting(CurrentState::running).as("the running revision's configuration too").isEqualTo(row.running());
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).isEmpty();
        assertThat(records.inFlight()).isEmpty();
        assertThat(records.byEcsDeployment(Placement.HOME, "ecs-svc/222")).get().isEqualTo(new DeploymentRecords.RollbackOf(set.id(), "id_minter"));
    }

    @Test
    void aWriterThatReadBeforeAnotherWroteIsRefusedAndNothingOfItsChangeIsWritten() {
        DeploymentRecords.SetRecord stale = read();
        Deployment before = stale.deployments().get(0);
        assertThat(records.record(new DeploymentRecords.Change(stale, before,
                before.withEvidence(DeploymentEvidence.NONE.withNotice(new ServiceNotice("e1", T0, "WARN", "X", List.of()))),
                null, null, null, null, null))).isTrue();

        boolean written = records.record(new DeploymentRecords.Change(stale, before,
                before.withEvidence(richEvidence()), new ReleaseSetOutcome(ReleaseSetStatus.SUCCEEDED, "done"), null,
                new CurrentState("catalogue", "staging", "id_minter", null, null, null, 0), null, null));

        assertThat(written).isFalse();
        DeploymentRecords.SetRecord now = read();
        assertThat(now.set().status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        assertThat(now.deployments().get(0).evidence().notices()).extracting(ServiceNotice::eventId).containsExactly("e1");
        assertThat(records.currentState("catalogue", "staging", "id_minter")).isEmpty();
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).contains(set.id());
    }

    @Test
    void evidenceOfDeploymentsInFlightLeavesTheSetAloneWhileTheirEndsAreConditionalOnIt() {
        Deployment second = Deployment.builder().releaseSetId(set.id()).projectId("catalogue").environmentId("staging")
                .serviceId("matcher").cluster("catalogue-staging").ecsServiceName("catalogue-matcher-staging")
                .releaseHash("abc1234").images(release("matcher").images()).previousTaskDefinition("td:1").claimedAt(T0);
        releaseSets.startDeployment(second);
        releaseSets.updateDeployment(second.started("td:2", "ecs-svc/333"));
        DeploymentRecords.SetRecord read = read();
        DeploymentEvidence notice = DeploymentEvidence.NONE.withNotice(new ServiceNotice("n1", T0, "WARN", "X", List.of()));

        for (String service : List.of("id_minter", "matcher")) {
            Deployment before = read.deployment(service).orElseThrow();
            assertThat(records.record(new DeploymentRecords.Change(read, before, before.withEvidence(notice), null, null, null,
                    null, null))).as("%s: evidence from the same read of the set", service).isTrue();
        }
        assertThat(read().revision()).as("the set did not move").isEqualTo(read.revision());

        DeploymentRecords.SetRecord again = read();
        Deployment minter = again.deployment("id_minter").orElseThrow();
        Deployment matcher = again.deployment("matcher").orElseThrow();
        assertThat(records.record(new DeploymentRecords.Change(again, minter, minter.withEvidence(richEvidence()), null, null,
                null, null, null))).as("one deployment ends").isTrue();
        assertThat(records.record(new DeploymentRecords.Change(again, matcher, matcher.withEvidence(richEvidence()), null, null,
                null, null, null))).as("the other ends from a read that did not see the first end: refused").isFalse();
        assertThat(read().deployment("matcher").orElseThrow().status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void evidenceOfADeploymentInFlightIsOnePutConditionalOnItsRevisionAlone() {
        Deployment found = records.byEcsDeployment(Placement.HOME, "ecs-svc/111").map(k -> ((DeploymentRecords.Ours) k).deployment()).orElseThrow();
        DeploymentEvidence notice = DeploymentEvidence.NONE.withNotice(new ServiceNotice("n1", T0, "WARN", "X", List.of()));
        emulator.resetCalls();

        assertThat(records.recordInFlight(found, found.withEvidence(notice))).isTrue();

        assertThat(emulator.calls()).containsExactly("DynamoDb:PutItem");
        Deployment stored = read().deployment("id_minter").orElseThrow();
        assertThat(stored.evidence().notices()).extracting(ServiceNotice::eventId).containsExactly("n1");
        assertThat(stored.revision()).isEqualTo(found.revision() + 1);
        assertThat(records.recordInFlight(found, found.withEvidence(notice.withNotice(
                new ServiceNotice("n2", T0, "WARN", "Y", List.of()))))).as("from the copy read before that write").isFalse();
        assertThat(read().deployment("id_minter").orElseThrow().evidence().notices()).hasSize(1);
    }

    @Test
    void aSetWhoseHoldWasTakenOverStillEndsWithoutFreeingTheOtherSetsEnvironment() {
        ReleaseSet other = new ReleaseSet(Ulid.random(T0.plusSeconds(7300)), "catalogue", "staging", "pipeline",
                List.of(release("id_minter")), ReleaseSetKind.DEPLOY, "bob", "next", T0, ReleaseSetStatus.REQUESTED, null);
        releaseSets.request(other);
        assertThat(releaseSets.claim(other, T0.plus(Duration.ofHours(3)), T0.plus(Duration.ofHours(5))))
                .isEqualTo(dev.harbourmaster.ports.ReleaseSets.Claim.CLAIMED);
        DeploymentRecords.SetRecord read = read();
        Deployment before = read.deployments().get(0);

        assertThat(records.record(new DeploymentRecords.Change(read, before, before.withEvidence(richEvidence()),
                new ReleaseSetOutcome(ReleaseSetStatus.FAILED, "late"), null, null, null, null))).isTrue();

        assertThat(read().set().status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).contains(other.id());
    }

    @Test
    void anOutOfBandDeploymentIsFoundByItsIdAndWrittenOnlyOnce() {
        Deployment outOfBand = Deployment.builder().projectId("catalogue").environmentId("staging").serviceId("id_minter")
                .cluster("catalogue-staging").ecsServiceName("catalogue-id_minter-staging").ecsDeploymentId("ecs-svc/999")
                .status(DeploymentStatus.IN_PROGRESS).reason("changed outside Harbourmaster").startedAt(T0).build();

        assertThat(records.recordOutOfBand(null, outOfBand, null, null)).isTrue();
        assertThat(records.recordOutOfBand(null, outOfBand, null, null)).as("a second writer that read nothing").isFalse();

        DeploymentRecords.Known known = records.byEcsDeployment(Placement.HOME, "ecs-svc/999").orElseThrow();
        assertThat(known).isInstanceOf(DeploymentRecords.OutOfBand.class);
        assertThat(((DeploymentRecords.OutOfBand) known).deployment().revision()).isZero();
    }
}
