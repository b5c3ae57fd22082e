package dev.harbourmaster.domain;

/**
 * The outcome of one service's rollout. Only COMPLETED means "ECS finished and the running tasks
 * carry the release's digest"; the other end states say what is known instead.
 */
public enum DeploymentStatus {
    IN_PROGRESS,
    COMPLETED,
    COMPLETED_UNVERIFIED,
    DIGEST_MISMATCH,
    FAILED,
    ROLLED_BACK,
    TIMED_OUT,
    UNCHANGED;

    public boolean isFinal() {
        return this != IN_PROGRESS;
    }
}
