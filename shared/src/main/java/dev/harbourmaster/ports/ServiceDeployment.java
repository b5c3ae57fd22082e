package dev.harbourmaster.ports;

/**
 * One of a service's deployments as ECS lists it now (DescribeServices): {@code status} PRIMARY,
 * ACTIVE or INACTIVE; {@code rolloutState} IN_PROGRESS, COMPLETED or FAILED, with ECS's reason.
 */
public record ServiceDeployment(String id, String status, String rolloutState, String rolloutStateReason,
                                String taskDefinitionArn, int runningCount, int desiredCount) {}
