package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentVerdictTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final List<ReleaseImage> RELEASE = List.of(
            new ReleaseImage("app", "catalogue/requests", "sha256:aa", "catalogue/requests@sha256:aa", "abc1234"),
            new ReleaseImage("nginx", "platform/nginx", "sha256:nn", "platform/nginx@sha256:nn", "abc1234"));

    private static TaskEvidence running(String id, String appDigest, String nginxDigest) {
        return new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/" + id, 3, "RUNNING", "td:2", List.of(
                new TaskEvidence.ContainerEvidence("app", appDigest, null, null),
                new TaskEvidence.ContainerEvidence("nginx", nginxDigest, null, null),
                new TaskEvidence.ContainerEvidence("log-router", "sha256:sidecar", null, null)), null, null, T0, null);
    }

    private static DeploymentEvidence completed() {
        return DeploymentEvidence.NONE.withReport(new EcsReport("COMPLETED", T0.plusSeconds(90), "done", "event"));
    }

    @Test
    void withoutAnEndReportItIsInProgress() {
        DeploymentVerdict verdict = DeploymentVerdict.of(RELEASE,
                DeploymentEvidence.NONE.withTask(running("t1", "sha256:aa", "sha256:nn")), T0);

        assertThat(verdict.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(verdict.endedAt()).isNull();
    }

    @Test
    void completedIsVerifiedByEveryContainerOfTheReleaseAndIgnoresSidecars() {
        DeploymentVerdict verdict = DeploymentVerdict.of(RELEASE, completed().withTask(running("t1", "sha256:aa", "sha256:nn")),
                T0);

        assertThat(verdict.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(verdict.endedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void oneContainerOnAnotherDigestIsAMismatchNamingIt() {
        DeploymentVerdict verdict = DeploymentVerdict.of(RELEASE, completed()
                .withTask(running("t1", "sha256:aa", "sha256:nn"))
                .withTask(running("t2", "sha256:aa", "sha256:old")), T0);

        assertThat(verdict.status()).isEqualTo(DeploymentStatus.DIGEST_MISMATCH);
        assertThat(verdict.reason()).isEqualTo("ECS reported COMPLETED, but task t2 container nginx ran sha256:old, the release has sha256:nn");
    }

    @Test
    void tasksThatNeverRanOrShowNoDigestLeaveItUnverified() {
        TaskEvidence pending = new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/t3", 1, "PENDING", "td:2",
                List.of(new TaskEvidence.ContainerEvidence("app", "sha256:zz", null, null)), null, null, null, null);

        DeploymentVerdict verdict = DeploymentVerdict.of(RELEASE, completed().withTask(pending)
                .withTask(running("t4", null, null)), T0);

        assertThat(verdict.status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
    }

    @Test
    void aFailureOutranksCompletionAndARollbackOutranksBoth() {
        DeploymentEvidence failed = completed()
                .withReport(new EcsReport("FAILED", T0.plusSeconds(60), "circuit breaker: task failed to start.", "event"));

        assertThat(DeploymentVerdict.of(RELEASE, failed, T0).status()).isEqualTo(DeploymentStatus.FAILED);
        DeploymentVerdict rolledBack = DeploymentVerdict.of(RELEASE,
                failed.withRollback(new Rollback("ecs-svc/9", "ecs-svc/1", "IN_PROGRESS", T0)), T0);
        assertThat(rolledBack.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(rolledBack.reason()).as("the cause first, then the ids, ECS's words once")
                .isEqualTo("circuit breaker: task failed to start.; ECS circuit breaker rolled back to ecs-svc/1"
                        + " (rollback ecs-svc/9 IN_PROGRESS)");
        assertThat(rolledBack.endedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void aTimeoutCountsOnlyWhileEcsHasSaidNothingFinal() {
        DeploymentEvidence timedOut = DeploymentEvidence.NONE.withTimeout("ECS still reports IN_PROGRESS", T0.plusSeconds(3600));

        assertThat(DeploymentVerdict.of(RELEASE, timedOut, T0).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(DeploymentVerdict.of(RELEASE, timedOut.with(completed()), T0).status())
                .isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
    }

    @Test
    void aReportDatedBeforeTheStartEndsNothingAndOneExactlyAtItEndsIt() {
        DeploymentEvidence ran = DeploymentEvidence.NONE.withTask(running("t1", "sha256:aa", "sha256:nn"));
        Instant started = T0.plusSeconds(90);

        DeploymentVerdict early = DeploymentVerdict.of(RELEASE, completed().with(ran), started.plusMillis(1));
        DeploymentVerdict atTheStart = DeploymentVerdict.of(RELEASE, completed().with(ran), started);

        assertThat(early.status()).as("completed 1 ms before the start").isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(early.endedAt()).isNull();
        assertThat(atTheStart.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(atTheStart.endedAt()).isEqualTo(started);
    }

    @Test
    void aFailureDatedBeforeTheStartDoesNotOutrankALaterCompletion() {
        DeploymentEvidence evidence = completed().withTask(running("t1", "sha256:aa", "sha256:nn"))
                .withReport(new EcsReport("FAILED", T0.minusMillis(1), "a failure of the deployment before", "event"));

        DeploymentVerdict verdict = DeploymentVerdict.of(RELEASE, evidence, T0);

        assertThat(verdict.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(verdict.endedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void theEarliestReportSinceTheStartEndsItWhateverCameBefore() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withReport(new EcsReport("COMPLETED", T0.minusSeconds(5), "skewed", "event"))
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(300), "swept", EcsReport.FROM_DESCRIBE_SERVICES))
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(90), "done", "event"));

        DeploymentVerdict verdict = DeploymentVerdict.of(RELEASE, evidence, T0);

        assertThat(verdict.status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(verdict.endedAt()).isEqualTo(T0.plusSeconds(90));
    }
}
