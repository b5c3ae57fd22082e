package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownBadReleasesTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static ReleaseSet set(String id, ReleaseSetKind kind, String description) {
        return new ReleaseSet(id, "catalogue", "prod", null, List.of(), kind, "alice", description, T0,
                ReleaseSetStatus.SUCCEEDED, null);
    }

    private static Deployment deployment(String set, String environment, String hash, DeploymentStatus status, int minutes) {
        return Deployment.builder().releaseSetId(set).projectId("catalogue").environmentId(environment).serviceId("ingestor")
                .releaseHash(hash).status(status).reason(status + " because").startedAt(T0.plusSeconds(60L * minutes))
                .endedAt(T0.plusSeconds(60L * minutes + 30)).ecsDeploymentId("ecs-svc/" + minutes).build();
    }

    @Test
    void aFailureAnywhereIsKnownForThatServicesRelease() {
        KnownBadReleases bad = KnownBadReleases.of(List.of(
                deployment("S1", "staging", "8c8c8c8", DeploymentStatus.COMPLETED, 0),
                deployment("S2", "prod", "8c8c8c8", DeploymentStatus.ROLLED_BACK, 10),
                deployment("S3", "prod", "1111111", DeploymentStatus.COMPLETED, 5)), List.of());

        assertThat(bad.of("ingestor", "8c8c8c8")).singleElement().satisfies(o -> {
            assertThat(o.environmentId()).isEqualTo("prod");
            assertThat(o.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
            assertThat(o.why()).isEqualTo("ROLLED_BACK because");
            assertThat(o.undoneByRollbackSet()).isFalse();
        });
        assertThat(bad.of("ingestor", "1111111")).isEmpty();
        assertThat(bad.of("search", "8c8c8c8")).as("per service").isEmpty();
    }

    @Test
    void aReleaseARollbackSetUndidIsKnownWithTheRollbacksWhy() {
        KnownBadReleases bad = KnownBadReleases.of(List.of(
                deployment("S1", "staging", "1b1b1b1", DeploymentStatus.COMPLETED, 0),
                deployment("S2", "staging", "2c3d4e5", DeploymentStatus.COMPLETED, 10),
                deployment("R1", "staging", "1b1b1b1", DeploymentStatus.COMPLETED, 20)),
                List.of(set("S1", ReleaseSetKind.DEPLOY, "first"), set("S2", ReleaseSetKind.DEPLOY, "second"),
                        set("R1", ReleaseSetKind.ROLLBACK, "Bug report on 2c3d4e5")));

        assertThat(bad.of("ingestor", "2c3d4e5")).singleElement().satisfies(o -> {
            assertThat(o.undoneByRollbackSet()).isTrue();
            assertThat(o.why()).isEqualTo("Bug report on 2c3d4e5");
            assertThat(o.at()).isEqualTo(T0.plusSeconds(60 * 20 + 30));
        });
        assertThat(bad.of("ingestor", "1b1b1b1")).as("what the rollback returned to is not bad").isEmpty();
    }
}
