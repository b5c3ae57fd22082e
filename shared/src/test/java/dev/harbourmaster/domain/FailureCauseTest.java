package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureCauseTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String DIGEST = "sha256:" + "ab".repeat(32);
    private static final List<ReleaseImage> ONE = List.of(new ReleaseImage("app", "repo/app", DIGEST, "repo/app@" + DIGEST, "x"));

    private static TaskEvidence stopped(String stoppedReason, String stopCode, TaskEvidence.ContainerEvidence... containers) {
        return new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/c/4d2270b2afae41cbb859df391292d4c2", 5, "STOPPED",
                "td/app:2", List.of(containers), stoppedReason, stopCode, T0, T0.plusSeconds(30));
    }

    private static Deployment ended(DeploymentStatus status, String reason, DeploymentEvidence evidence, List<ReleaseImage> images) {
        return Deployment.builder().serviceId("ingestor").images(images).ecsDeploymentId("ecs-svc/1").status(status)
                .reason(reason).evidence(evidence).build();
    }

    @Test
    void anExitCodeIsTheCauseWithTheStopCodeAfterIt() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.FAILED, T0, "ECS deployment circuit breaker: task failed to start.", "event"))
                .withTask(stopped("Essential container in task exited", "EssentialContainerExited",
                        new TaskEvidence.ContainerEvidence("app", DIGEST, 1L, null)));

        assertThat(FailureCause.of(ended(DeploymentStatus.ROLLED_BACK, "long", evidence, ONE)))
                .isEqualTo("exit code 1 (EssentialContainerExited)");
    }

    @Test
    void aContainersOwnReasonIsKeptAndSeveralContainersAreNamed() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE.withTask(stopped("Essential container in task exited",
                "EssentialContainerExited", new TaskEvidence.ContainerEvidence("nginx", DIGEST, 0L, null),
                new TaskEvidence.ContainerEvidence("app", DIGEST, 137L, "OutOfMemoryError: Container killed due to memory usage")));
        List<ReleaseImage> two = List.of(ONE.get(0), new ReleaseImage("nginx", "repo/nginx", DIGEST, "repo/nginx@" + DIGEST, "x"));

        assertThat(FailureCause.of(ended(DeploymentStatus.FAILED, "long", evidence, two)))
                .isEqualTo("app exit code 137 OutOfMemoryError (EssentialContainerExited)");
    }

    @Test
    void aTaskThatNeverStartedSaysWhyInItsErrorsName() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE.withTask(stopped("CannotPullContainerError: pull image manifest"
                + " has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:…",
                "TaskFailedToStart"));

        assertThat(FailureCause.of(ended(DeploymentStatus.FAILED, "long", evidence, ONE)))
                .isEqualTo("CannotPullContainerError (TaskFailedToStart)");
    }

    @Test
    void withoutTasksEcssReasonThenANoticeThenTheReasonItself() {
        DeploymentEvidence failed = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.FAILED, T0, "ECS deployment circuit breaker: task failed to start.", "event"));
        assertThat(FailureCause.of(ended(DeploymentStatus.FAILED, "long", failed, ONE)))
                .isEqualTo("ECS deployment circuit breaker: task failed to start.");

        DeploymentEvidence noticed = DeploymentEvidence.NONE.withNotice(new ServiceNotice("n1", T0, "WARN",
                "SERVICE_TASK_START_IMPAIRED", List.of("tasks keep stopping")));
        assertThat(FailureCause.of(ended(DeploymentStatus.TIMED_OUT, "long", noticed, ONE)))
                .isEqualTo("SERVICE_TASK_START_IMPAIRED: tasks keep stopping");

        assertThat(FailureCause.of(ended(DeploymentStatus.FAILED, "ECS refused UpdateService: ClusterNotFoundException",
                DeploymentEvidence.NONE, ONE))).isEqualTo("ECS refused UpdateService: ClusterNotFoundException");
        assertThat(FailureCause.of(ended(DeploymentStatus.DIGEST_MISMATCH, "long", DeploymentEvidence.NONE, ONE)))
                .isEqualTo("a task ran another digest than the release's");
    }

    @Test
    void aCauseIsShortEnoughForACellAndSuccessHasNone() {
        String cause = FailureCause.of(ended(DeploymentStatus.FAILED, "word ".repeat(60), DeploymentEvidence.NONE, ONE));
        assertThat(cause).hasSizeLessThanOrEqualTo(FailureCause.MAX).endsWith("word…");

        assertThat(FailureCause.of(ended(DeploymentStatus.COMPLETED, "ECS reported COMPLETED", DeploymentEvidence.NONE, ONE))).isNull();
        assertThat(FailureCause.of(ended(DeploymentStatus.IN_PROGRESS, null, DeploymentEvidence.NONE, ONE))).isNull();
    }

    @Test
    void aRollbackReasonLeadsWithTheCauseAndKeepsTheIdsAfterIt() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.FAILED, T0, "ECS deployment circuit breaker: task failed to start.", "event"))
                .withTask(stopped("Essential container in task exited", "EssentialContainerExited",
                        new TaskEvidence.ContainerEvidence("app", DIGEST, 1L, null)))
                .withRollback(new Rollback("ecs-svc/9", "ecs-svc/1", "COMPLETED", T0));

        assertThat(DeploymentVerdict.of(ONE, evidence, T0).reason()).isEqualTo("exit code 1 (EssentialContainerExited);"
                + " ECS circuit breaker rolled back to ecs-svc/1 (rollback ecs-svc/9 COMPLETED): ECS deployment circuit breaker:"
                + " task failed to start.; task 4d2270b2afae41cbb859df391292d4c2 stopped (EssentialContainerExited): Essential"
                + " container in task exited; app exit code 1");
    }
}
