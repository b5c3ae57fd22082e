package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A deployment's status, reason and end, decided from its evidence alone, so that the same
 * evidence always gives the same record:
 * <ol>
 *   <li>a circuit-breaker rollback seen in ECS's events: ROLLED_BACK (with the deployment it returned to);</li>
 *   <li>the service deployments API says ECS rolls back or rolled back: ROLLED_BACK, naming what
 *       started it (alarms, the circuit breaker, a rejected or expired pause hook, a failed Lambda
 *       hook, a stop with rollback, or ECS's own words); it says the rollback failed: FAILED;</li>
 *   <li>ECS reported FAILED: FAILED, explained by the stopped tasks;</li>
 *   <li>the service deployments API says STOPPED: SUPERSEDED when a later deployment replaced it
 *       (naming it, and the release set of ours that made it, if one did), otherwise STOPPED;</li>
 *   <li>ECS reported COMPLETED, or the API says SUCCESSFUL: COMPLETED only when tasks of this
 *       deployment were seen running and every container of the release ran the release's digest;
 *       DIGEST_MISMATCH when one ran another digest; COMPLETED_UNVERIFIED when no running task was
 *       seen at all;</li>
 *   <li>the sweeper gave up on it: TIMED_OUT;</li>
 *   <li>otherwise IN_PROGRESS.</li>
 * </ol>
 * More evidence only moves the status along IN_PROGRESS, TIMED_OUT, COMPLETED_UNVERIFIED,
 * COMPLETED, DIGEST_MISMATCH, STOPPED, SUPERSEDED, FAILED, ROLLED_BACK: forward, never back. A report of COMPLETED or
 * FAILED dated before the deployment started ({@link EcsReport#predates}: a clock's skew, or news of
 * something earlier) stays evidence but ends nothing, so no deployment ends before it began: it stays
 * in flight for a later report or the sweeper.
 */
public record DeploymentVerdict(DeploymentStatus status, String reason, Instant endedAt) {

    private static final int MAX_EXPLAINED_TASKS = 3;

    /**
     * @param wanted    the release's images: the digest each container must run
     * @param startedAt when the deployment started (null when unknown: then every report counts)
     */
    public static DeploymentVerdict of(List<ReleaseImage> wanted, DeploymentEvidence evidence, Instant startedAt) {
        EcsReport failed = evidence.report(EcsReport.FAILED, startedAt);
        EcsReport completed = evidence.report(EcsReport.COMPLETED, startedAt);
        Rollback rollback = evidence.rollback();
        if (rollback != null) {
            String ids = "ECS circuit breaker rolled back to " + rollback.toDeploymentId()
                    + " (rollback " + rollback.deploymentId() + " " + rollback.state() + ")"
                    + explainFailure(failed, evidence);
            return new DeploymentVerdict(DeploymentStatus.ROLLED_BACK, causeFirst(DeploymentStatus.ROLLED_BACK, ids,
                    wanted, evidence, startedAt), failed != null ? failed.at() : rollback.at());
        }
        ServiceDeploymentReport api = evidence.serviceDeployment();
        if (api != null && api.rollingBack() && !ServiceDeploymentReport.ROLLBACK_FAILED.equals(api.status())) {
            String ids = "ECS rolled back (" + rollbackCause(api, evidence) + "), " + api.status()
                    + (api.statusReason() == null ? "" : ": " + api.statusReason()) + explainFailure(unlessSaid(failed, api), evidence);
            Instant at = failed != null ? failed.at() : api.rollbackStartedAt() != null ? api.rollbackStartedAt() : api.updatedAt();
            return new DeploymentVerdict(DeploymentStatus.ROLLED_BACK,
                    causeFirst(DeploymentStatus.ROLLED_BACK, ids, wanted, evidence, startedAt), at);
        }
        if (api != null && ServiceDeploymentReport.ROLLBACK_FAILED.equals(api.status())) {
            String ids = "ECS could not roll back (" + rollbackCause(api, evidence) + ")"
                    + (api.statusReason() == null ? "" : ": " + api.statusReason()) + explainFailure(unlessSaid(failed, api), evidence);
            return new DeploymentVerdict(DeploymentStatus.FAILED,
                    causeFirst(DeploymentStatus.FAILED, ids, wanted, evidence, startedAt), ended(api));
        }
        if (failed != null) {
            String ids = (failed.reason() == null ? "ECS reported the deployment FAILED" : failed.reason())
                    + explainFailure(null, evidence);
            return new DeploymentVerdict(DeploymentStatus.FAILED,
                    causeFirst(DeploymentStatus.FAILED, ids, wanted, evidence, startedAt), failed.at());
        }
        if (api != null && ServiceDeploymentReport.STOPPED.equals(api.status())) {
            return stopped(api, evidence);
        }
        if (completed != null) {
            return verify(wanted, evidence, completed.at());
        }
        if (api != null && ServiceDeploymentReport.SUCCESSFUL.equals(api.status())) {
            return verify(wanted, evidence, ended(api));
        }
        if (evidence.timedOut() != null) {
            return new DeploymentVerdict(DeploymentStatus.TIMED_OUT, evidence.timedOut(), evidence.timedOutAt());
        }
        return new DeploymentVerdict(DeploymentStatus.IN_PROGRESS, null, null);
    }

    /** What ECS's stop left: replaced by a later deployment, or stopped as someone asked. */
    private static DeploymentVerdict stopped(ServiceDeploymentReport api, DeploymentEvidence evidence) {
        String ecsWords = api.statusReason() == null ? "" : " (ECS: " + api.statusReason() + ")";
        if (evidence.supersededBy() != null) {
            String by = evidence.supersededBySet() != null ? "release set " + evidence.supersededBySet() + " of Harbourmaster"
                    : "an UpdateService outside Harbourmaster (console, Terraform, another tool)";
            return new DeploymentVerdict(DeploymentStatus.SUPERSEDED, "replaced before it finished by service deployment "
                    + evidence.supersededBy() + ", made by " + by + ecsWords, ended(api));
        }
        String who = evidence.actions().stream().filter(a -> OperatorAction.STOP.equals(a.action())).map(OperatorAction::describe)
                .findFirst().orElse("stopped by a StopServiceDeployment outside Harbourmaster");
        return new DeploymentVerdict(DeploymentStatus.STOPPED, "ECS stopped the deployment, " + who + ecsWords, ended(api));
    }

    /** What started ECS's rollback, from the evidence that can say: alarms, the circuit breaker, a person, a hook, ECS. */
    private static String rollbackCause(ServiceDeploymentReport api, DeploymentEvidence evidence) {
        List<String> causes = new ArrayList<>();
        if (api.alarmsTriggered()) {
            causes.add(api.triggeredAlarms().isEmpty() ? "its CloudWatch alarms went off"
                    : "alarm " + String.join(", ", api.triggeredAlarms()) + " in ALARM");
        }
        if (api.circuitBreakerTriggered()) {
            causes.add("the circuit breaker: " + api.failureCount() + " failed tasks of a threshold of " + api.threshold());
        }
        evidence.actions().stream().filter(a -> OperatorAction.REJECT.equals(a.action()) || OperatorAction.STOP_ROLLBACK.equals(a.action()))
                .forEach(a -> causes.add(a.describe()));
        evidence.hooks().stream().filter(HookState::failed).forEach(h -> causes.add((h.hookType() == null ? "hook" : h.hookType() + " hook")
                + " " + h.hookId() + (h.lifecycleStage() == null ? "" : " at " + h.lifecycleStage()) + " " + h.status()));
        if (causes.isEmpty()) {
            causes.add(api.rollbackReason() != null ? api.rollbackReason() : "ECS gave no cause");
        }
        return String.join("; ", causes);
    }

    /** ECS's FAILED report, unless the API's statusReason already says its words. */
    private static EcsReport unlessSaid(EcsReport failed, ServiceDeploymentReport api) {
        return failed != null && failed.reason() != null && failed.reason().equals(api.statusReason()) ? null : failed;
    }

    private static Instant ended(ServiceDeploymentReport api) {
        return api.finishedAt() != null ? api.finishedAt() : api.updatedAt();
    }

    private static DeploymentVerdict verify(List<ReleaseImage> wanted, DeploymentEvidence evidence, Instant at) {
        Map<String, String> digestByContainer = wanted.stream()
                .collect(Collectors.toMap(ReleaseImage::container, ReleaseImage::digest, (a, b) -> a));
        List<String> mismatches = new ArrayList<>();
        int verifiedTasks = 0;
        for (TaskEvidence task : evidence.tasksThatRan()) {
            boolean sawDigest = false;
            for (TaskEvidence.ContainerEvidence container : task.containers()) {
                String want = digestByContainer.get(container.name());
                if (want == null || container.imageDigest() == null) {
                    continue;
                }
                sawDigest = true;
                if (!want.equals(container.imageDigest())) {
                    mismatches.add("task " + shortTask(task.taskArn()) + " container " + container.name() + " ran "
                            + container.imageDigest() + ", the release has " + want);
                }
            }
            if (sawDigest) {
                verifiedTasks++;
            }
        }
        if (!mismatches.isEmpty()) {
            return new DeploymentVerdict(DeploymentStatus.DIGEST_MISMATCH,
                    "ECS reported COMPLETED, but " + String.join("; ", mismatches), at);
        }
        if (verifiedTasks > 0) {
            return new DeploymentVerdict(DeploymentStatus.COMPLETED, "ECS reported COMPLETED and " + verifiedTasks
                    + (verifiedTasks == 1 ? " task" : " tasks") + " ran the release's digests", at);
        }
        return new DeploymentVerdict(DeploymentStatus.COMPLETED_UNVERIFIED, "ECS reported COMPLETED, but no task of"
                + " this deployment was seen running with a digest (neither in events nor when ECS was asked)", at);
    }

    /**
     * "exit code 1 (EssentialContainerExited); ECS circuit breaker rolled back to ecs-svc/…": the cause,
     * then the ids and the rest of the evidence (without ECS's words again when they are the cause).
     */
    private static String causeFirst(DeploymentStatus status, String details, List<ReleaseImage> wanted,
                                     DeploymentEvidence evidence, Instant startedAt) {
        String cause = FailureCause.of(status, details, evidence, wanted.size(), startedAt);
        if (cause == null || details.startsWith(cause)) {
            return details;
        }
        return cause + "; " + details.replace(": " + cause, "").replace("; " + cause, "");
    }

    /** The first stopped tasks' reasons, stop codes and exit codes: why it failed, in a person's words. */
    private static String explainFailure(EcsReport failed, DeploymentEvidence evidence) {
        List<String> parts = new ArrayList<>();
        if (failed != null && failed.reason() != null) {
            parts.add(failed.reason());
        }
        evidence.tasks().stream().filter(TaskEvidence::stopped).limit(MAX_EXPLAINED_TASKS).forEach(task -> {
            StringBuilder s = new StringBuilder("task ").append(shortTask(task.taskArn())).append(" stopped");
            if (task.stopCode() != null) {
                s.append(" (").append(task.stopCode()).append(")");
            }
            if (task.stoppedReason() != null) {
                s.append(": ").append(task.stoppedReason());
            }
            for (TaskEvidence.ContainerEvidence c : task.containers()) {
                if (c.exitCode() != null || c.reason() != null) {
                    s.append("; ").append(c.name());
                    if (c.exitCode() != null) {
                        s.append(" exit code ").append(c.exitCode());
                    }
                    if (c.reason() != null) {
                        s.append(" ").append(c.reason());
                    }
                }
            }
            parts.add(s.toString());
        });
        evidence.notices().stream().filter(n -> !"INFO".equals(n.eventType())).limit(1)
                .forEach(n -> parts.add(n.describe()));
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
    }

    private static String shortTask(String taskArn) {
        return taskArn == null ? "?" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
