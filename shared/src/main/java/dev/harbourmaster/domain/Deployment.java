package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.List;

/**
 * One service of a release set rolled out in one environment.
 *
 * @param images                 what the service must run when it is done (digest-pinned)
 * @param ecsDeploymentId        the new PRIMARY deployment ECS made (null until UpdateService answered, or when not rolled)
 * @param previousTaskDefinition what ran before: what a rollback returns to
 * @param evidence               what ECS told us of it; once ECS has the deployment, the status follows from it
 * @param revision               how many times the record was written: the condition of the next write
 */
public record Deployment(String releaseSetId, String projectId, String environmentId, String serviceId,
                         String cluster, String ecsServiceName, String releaseHash, List<ReleaseImage> images,
                         String ecsDeploymentId, String previousTaskDefinition, String taskDefinition,
                         DeploymentStatus status, String reason, Instant startedAt, Instant endedAt,
                         DeploymentEvidence evidence, long revision) {

    public Deployment {
        images = List.copyOf(images);
        evidence = evidence == null ? DeploymentEvidence.NONE : evidence;
        reason = StoredText.text(reason);
    }

    /** A service claimed by the deployer, before anything is asked of ECS. */
    public static Deployment claimed(String releaseSetId, String projectId, String environmentId, String serviceId,
                                     String cluster, String ecsServiceName, String releaseHash, List<ReleaseImage> images,
                                     String previousTaskDefinition, Instant at) {
        return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash,
                images, null, previousTaskDefinition, null, DeploymentStatus.IN_PROGRESS, null, at, null,
                DeploymentEvidence.NONE, 0);
    }

    public Deployment started(String newTaskDefinition, String deploymentId) {
        return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash,
                images, deploymentId, previousTaskDefinition, newTaskDefinition, DeploymentStatus.IN_PROGRESS, null,
                startedAt, null, evidence, revision);
    }

    public Deployment ended(DeploymentStatus outcome, String why, Instant at) {
        return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash,
                images, ecsDeploymentId, previousTaskDefinition, taskDefinition, outcome, why, startedAt, at, evidence,
                revision);
    }

    /**
     * The deployment with more evidence, its status, reason and end decided again from all of it.
     * Only a deployment ECS has (one the deployer started) is decided by evidence; one the deployer
     * ended itself (failed to start, unchanged) only keeps the evidence.
     */
    public Deployment withEvidence(DeploymentEvidence more) {
        DeploymentEvidence all = evidence.with(more);
        if (ecsDeploymentId == null || status == DeploymentStatus.UNCHANGED) {
            return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName,
                    releaseHash, images, ecsDeploymentId, previousTaskDefinition, taskDefinition, status, reason,
                    startedAt, endedAt, all, revision);
        }
        DeploymentVerdict verdict = DeploymentVerdict.of(images, all);
        return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash,
                images, ecsDeploymentId, previousTaskDefinition, taskDefinition, verdict.status(), verdict.reason(),
                startedAt, verdict.endedAt(), all, revision);
    }

    public boolean isSuccess() {
        return status.isSuccess();
    }

    /** How long it took, from the claim to its end; null while in flight. */
    public Long durationMillis() {
        return startedAt == null || endedAt == null ? null : Math.max(0, endedAt.toEpochMilli() - startedAt.toEpochMilli());
    }
}
