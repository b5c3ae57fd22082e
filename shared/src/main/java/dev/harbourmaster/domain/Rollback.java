package dev.harbourmaster.domain;

/**
 * ECS's circuit breaker rolled a deployment back: {@code deploymentId} is the rollback's own ECS
 * deployment, {@code toDeploymentId} the one it returns to, {@code state} how far the rollback got.
 */
public record Rollback(String deploymentId, String toDeploymentId, String state) {

    /** The same rollback seen twice, in either order: the further state wins. */
    static Rollback merge(Rollback a, Rollback b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        if (!a.deploymentId.equals(b.deploymentId)) {
            return a.deploymentId.compareTo(b.deploymentId) <= 0 ? a : b;
        }
        return rank(b.state) > rank(a.state) ? new Rollback(a.deploymentId, a.toDeploymentId, b.state) : a;
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
