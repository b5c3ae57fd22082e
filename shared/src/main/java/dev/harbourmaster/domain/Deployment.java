package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.List;

/**
 * One service of a release set rolled out in one environment.
 *
 * @param images                 what the service must run when it is done (digest-pinned)
 * @param ecsDeploymentId        the new PRIMARY deployment ECS made (null until UpdateService answered, or when not rolled)
 * @param previousTaskDefinition what ran before: what a rollback returns to
 */
public record Deployment(String releaseSetId, String projectId, String environmentId, String serviceId,
                         String cluster, String ecsServiceName, String releaseHash, List<ReleaseImage> images,
                         String ecsDeploymentId, String previousTaskDefinition, String taskDefinition,
                         DeploymentStatus status, String reason, Instant startedAt, Instant endedAt) {

    public Deployment {
        images = List.copyOf(images);
    }

    public Deployment started(String newTaskDefinition, String deploymentId) {
        return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash,
                images, deploymentId, previousTaskDefinition, newTaskDefinition, DeploymentStatus.IN_PROGRESS, null,
                startedAt, null);
    }

    public Deployment ended(DeploymentStatus outcome, String why, Instant at) {
        return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash,
                images, ecsDeploymentId, previousTaskDefinition, taskDefinition, outcome, why, startedAt, at);
    }
}
