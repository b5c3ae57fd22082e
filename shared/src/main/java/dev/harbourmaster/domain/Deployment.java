package dev.harbourmaster.domain;

import java.time.Instant;

/** One service of a release set rolled out in one environment. */
public record Deployment(String releaseSetId, String projectId, String environmentId, String serviceId,
                         String ecsDeploymentId, String previousTaskDefinition, String taskDefinition,
                         DeploymentStatus status, String reason, Instant startedAt, Instant endedAt) {}
