package dev.harbourmaster.ports;

/**
 * An ECS service as it runs now. {@code primaryDeploymentId} is the id of its PRIMARY deployment
 * (ecs-svc/...), or null for a service whose deployments ECS does not manage (CODE_DEPLOY or
 * EXTERNAL deployment controller).
 */
public record RunningService(String cluster, String serviceName, String serviceArn, String taskDefinitionArn,
                             String primaryDeploymentId) {}
