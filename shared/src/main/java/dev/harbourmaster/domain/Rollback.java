package dev.harbourmaster.domain;

import java.time.Instant;

/**
 * ECS's circuit breaker rolled a deployment back: {@code deploymentId} is the rollback's own ECS
 * deployment, {@code toDeploymentId} the one it returns to, {@code state} how far the rollback got,
 * {@code at} when it started (null until its start is seen).
 */
public record Rollback(String deploymentId, String toDeploymentId, String state, Instant at) {

    /** The same rollback seen twice, in either order: the further state and the earliest start win. */
    static Rollback merge(Rollback a, Rollback b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (!a.deploymentId.equals(b.deploymentId)) {
            return a.deploymentId.compareTo(b.deploymentId) <= 0 ? a : b;
        }
        String to = a.toDeploymentId != null ? a.toDeploymentId : b.toDeploymentId;
        String state = rank(b.state) > rank(a.state) ? b.state : a.state;
        Instant at = a.at == null ? b.at : b.at == null || a.at.isBefore(b.at) ? a.at : b.at;
        return new Rollback(a.deploymentId, to, state, at);
    }

    private static int rank(String state) {
        return state == null ? -1 : switch (state) {
            case EcsReport.IN_PROGRESS -> 0;
            case EcsReport.FAILED -> 1;
            case EcsReport.COMPLETED -> 2;
            default -> -1;
        };
    }
}
