package dev.harbourmaster.ports;

import dev.harbourmaster.domain.RolloutPlan;

/**
 * What UpdateService started: the PRIMARY deployment's id (ecs-svc/…, the key ECS's deployment
 * events carry), the same deployment in the service deployments API (null where ECS did not name
 * it), and how ECS will roll it out.
 */
public record StartedDeployment(String ecsDeploymentId, String serviceDeploymentArn, RolloutPlan plan) {}
