package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseSetOutcomeTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static Release release(String service) {
        return new Release("catalogue", "pipeline", service, "abc1234", List.of(), "catalogue/" + service, "sha256:aa", T0, null);
    }

    private static ReleaseSet set(String... services) {
        return new ReleaseSet("01SET", "catalogue", "staging", "pipeline",
                java.util.Arrays.stream(services).map(ReleaseSetOutcomeTest::release).toList(), ReleaseSetKind.DEPLOY,
                "ada", "why", T0, ReleaseSetStatus.IN_PROGRESS, null);
    }

    private static Deployment claimed(String service) {
        return Deployment.builder().releaseSetId("01SET").projectId("catalogue").environmentId("staging").serviceId(service)
                .cluster("c").ecsServiceName(service).releaseHash("abc1234").claimedAt(T0);
    }

    private static Deployment deployment(String service, DeploymentStatus status, String reason) {
        return claimed(service).ended(status, reason, T0.plusSeconds(60));
    }

    @Test
    void nothingWhileADeploymentIsInFlightOrAServiceIsUnclaimed() {
        assertThat(ReleaseSetOutcome.of(set("a", "b"), List.of(deployment("a", DeploymentStatus.COMPLETED, null)))).isEmpty();
        assertThat(ReleaseSetOutcome.of(set("a"), List.of(claimed("a")))).isEmpty();
    }

    @Test
    void everyServiceRunningItsReleaseSucceedsAndNamesTheUnverified() {
        ReleaseSetOutcome outcome = ReleaseSetOutcome.of(set("a", "b"), List.of(
                deployment("a", DeploymentStatus.COMPLETED, null),
                deployment("b", DeploymentStatus.COMPLETED_UNVERIFIED, null))).orElseThrow();

        assertThat(outcome.status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        assertThat(outcome.reason()).isEqualTo("2 services run the release; not verified (no running task seen): b");
    }

    @Test
    void someFailingIsPartialAndNamesWhatFailedAndWhy() {
        ReleaseSetOutcome outcome = ReleaseSetOutcome.of(set("a", "b", "c"), List.of(
                deployment("a", DeploymentStatus.COMPLETED, null),
                deployment("b", DeploymentStatus.TIMED_OUT, "ECS still reports IN_PROGRESS"),
                deployment("c", DeploymentStatus.UNCHANGED, "already runs abc1234"))).orElseThrow();

        assertThat(outcome.status()).isEqualTo(ReleaseSetStatus.PARTIAL);
        assertThat(outcome.reason()).isEqualTo("1 of 3 failed: b TIMED_OUT: ECS still reports IN_PROGRESS; succeeded: a, c");
    }

    @Test
    void allFailingFails() {
        ReleaseSetOutcome outcome = ReleaseSetOutcome.of(set("a"), List.of(
                deployment("a", DeploymentStatus.DIGEST_MISMATCH, "task t1 ran sha256:bb"))).orElseThrow();

        assertThat(outcome.status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(outcome.reason()).isEqualTo("a DIGEST_MISMATCH: a task ran another digest than the release's");
    }
}
