package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a service's row keeps of what went wrong, as its deployments end one by one
 * ({@link CurrentStates#after}), says what {@link KnownBadReleases#of(List, List)} finds in the
 * deployments themselves: a plan reads the rows with the project instead of every service's deployments.
 */
class KeptBadReleasesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final List<Deployment> deployments = new ArrayList<>();
    private final Map<String, ReleaseSet> sets = new java.util.LinkedHashMap<>();
    private CurrentState row;

    private void ended(String setId, ReleaseSetKind kind, String hash, DeploymentStatus status, int minutes) {
        ReleaseSet set = sets.computeIfAbsent(setId, id -> new ReleaseSet(id, "catalogue", "prod", null, List.of(), kind,
                "alice", "why " + id, T0, ReleaseSetStatus.SUCCEEDED, null));
        Deployment d = Deployment.builder().releaseSetId(setId).projectId("catalogue").environmentId("prod")
                .serviceId("ingestor").releaseHash(hash).status(status).reason(status + " because")
                .startedAt(T0.plusSeconds(60L * minutes)).endedAt(T0.plusSeconds(60L * minutes + 30))
                .ecsDeploymentId("ecs-svc/" + minutes).build();
        deployments.removeIf(old -> old.releaseSetId().equals(setId));
        deployments.add(d);
        CurrentState after = CurrentStates.after(row, d, set);
        if (after != null) {
            row = after;
        }
    }

    private void assertKeptAsFound(String... hashes) {
        KnownBadReleases found = KnownBadReleases.of(deployments, List.copyOf(sets.values()));
        KnownBadReleases kept = KnownBadReleases.kept(List.of(row), T0.minusSeconds(1));
        for (String hash : hashes) {
            assertThat(kept.of("ingestor", hash)).as(hash).isEqualTo(found.of("ingestor", hash));
        }
    }

    @Test
    void failuresAreKeptAsTheDeploymentsTellThem() {
        ended("S1", ReleaseSetKind.DEPLOY, "1111111", DeploymentStatus.COMPLETED, 0);
        ended("S2", ReleaseSetKind.DEPLOY, "2222222", DeploymentStatus.ROLLED_BACK, 10);
        ended("S3", ReleaseSetKind.DEPLOY, "2222222", DeploymentStatus.TIMED_OUT, 20);
        ended("S4", ReleaseSetKind.DEPLOY, "3333333", DeploymentStatus.COMPLETED, 30);

        assertThat(KnownBadReleases.kept(List.of(row), T0).of("ingestor", "2222222")).extracting(o -> o.status())
                .containsExactly(DeploymentStatus.TIMED_OUT, DeploymentStatus.ROLLED_BACK);
        assertKeptAsFound("1111111", "2222222", "3333333");
    }

    @Test
    void aReleaseARollbackSetUndidIsKeptWithTheRollbacksWhyAndAnUnchangedRedeployIsNoChange() {
        ended("S1", ReleaseSetKind.DEPLOY, "1b1b1b1", DeploymentStatus.COMPLETED, 0);
        ended("S2", ReleaseSetKind.DEPLOY, "2c3d4e5", DeploymentStatus.COMPLETED, 10);
        ended("S3", ReleaseSetKind.DEPLOY, "2c3d4e5", DeploymentStatus.UNCHANGED, 15);
        ended("R1", ReleaseSetKind.ROLLBACK, "1b1b1b1", DeploymentStatus.COMPLETED, 20);
        ended("R2", ReleaseSetKind.ROLLBACK, "0a0a0a0", DeploymentStatus.COMPLETED, 30);

        assertThat(KnownBadReleases.kept(List.of(row), T0).of("ingestor", "2c3d4e5")).extracting(o -> o.why())
                .containsExactly("why R2", "why R1");
        assertKeptAsFound("1b1b1b1", "2c3d4e5", "0a0a0a0");
    }

    @Test
    void aRollbackAfterAFailureUndoesNothing() {
        ended("S1", ReleaseSetKind.DEPLOY, "1111111", DeploymentStatus.COMPLETED, 0);
        ended("S2", ReleaseSetKind.DEPLOY, "2222222", DeploymentStatus.FAILED, 10);
        ended("R1", ReleaseSetKind.ROLLBACK, "1111111", DeploymentStatus.COMPLETED, 20);

        assertKeptAsFound("1111111", "2222222");
        assertThat(KnownBadReleases.kept(List.of(row), T0).of("ingestor", "1111111")).isEmpty();
    }

    @Test
    void anOutcomeThatChangesReplacesWhatItSaidBefore() {
        ended("S1", ReleaseSetKind.DEPLOY, "1111111", DeploymentStatus.COMPLETED, 0);
        ended("S2", ReleaseSetKind.DEPLOY, "2222222", DeploymentStatus.DIGEST_MISMATCH, 10);
        ended("S2", ReleaseSetKind.DEPLOY, "2222222", DeploymentStatus.COMPLETED, 10);

        assertThat(KnownBadReleases.kept(List.of(row), T0).of("ingestor", "2222222")).isEmpty();
        assertKeptAsFound("2222222");
    }

    @Test
    void aLateFailureOfAnOlderDeploymentIsKeptWithoutChangingWhatRuns() {
        ended("S1", ReleaseSetKind.DEPLOY, "1111111", DeploymentStatus.COMPLETED, 0);
        ended("S2", ReleaseSetKind.DEPLOY, "2222222", DeploymentStatus.COMPLETED, 10);
        CurrentState.Running running = row.running();
        ended("S1", ReleaseSetKind.DEPLOY, "1111111", DeploymentStatus.DIGEST_MISMATCH, 0);

        assertThat(row.running()).isEqualTo(running);
        assertThat(row.last().releaseSetId()).isEqualTo("S2");
        assertKeptAsFound("1111111", "2222222");
    }

    @Test
    void aRowFromBeforeRowsKeptThemKeepsFromItsNextEndOn() {
        row = new CurrentState("catalogue", "prod", "ingestor", null, null, null, 3, null);
        ended("S9", ReleaseSetKind.DEPLOY, "9999999", DeploymentStatus.FAILED, 40);

        assertThat(row.bad().since()).as("what went wrong before is not in it").isEqualTo(T0.plusSeconds(60 * 40 + 30));
        assertThat(row.bad().outcomes()).extracting(CurrentState.BadOutcome::releaseHash).containsExactly("9999999");
        assertThat(new CurrentState("catalogue", "prod", "ingestor", null, null, null, 0).bad().since())
                .as("a new row has seen every deployment").isEqualTo(Instant.EPOCH);
    }

    @Test
    void aRowKeepsTheNewestOutcomesOnly() {
        IntStream.range(0, 14).forEach(i -> ended("S" + i, ReleaseSetKind.DEPLOY, "00000" + (10 + i),
                DeploymentStatus.FAILED, i));

        assertThat(row.bad().outcomes()).hasSize(CurrentState.BadReleases.KEPT)
                .extracting(CurrentState.BadOutcome::releaseHash).startsWith("0000023").endsWith("0000014");
        assertThat(row.bad().since()).as("it holds all of them only from the newest it let go, 0000013's")
                .isEqualTo(T0.plusSeconds(60 * 3 + 30));
        assertThat(KnownBadReleases.kept(List.of(row), T0.plusSeconds(60 * 20)).of("ingestor", "0000019"))
                .as("outside the window").isEmpty();
    }
}
