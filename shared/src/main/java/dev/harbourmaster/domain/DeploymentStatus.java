package dev.harbourmaster.domain;

/**
 * The outcome of one service's rollout. Only COMPLETED means "ECS finished and the running tasks
 * carry the release's digest"; the other end states say what is known instead.
 */
public enum DeploymentStatus {
    IN_PROGRESS,
    COMPLETED,
    /** ECS said COMPLETED, but no running task of it was seen: nothing to check the digest against. */
    COMPLETED_UNVERIFIED,
    /** ECS said COMPLETED, but a task ran another digest than the release's. */
    DIGEST_MISMATCH,
    /** ECS stopped it, as someone asked (StopServiceDeployment, ABORT): the service was left where the stop found it. */
    STOPPED,
    /** ECS stopped it because a later UpdateService (ours or anyone's) replaced it before it finished. */
    SUPERSEDED,
    FAILED,
    ROLLED_BACK,
    /** ECS never said it ended; the sweeper gave up on it. */
    TIMED_OUT,
    /** The service already ran the release: nothing was rolled. */
    UNCHANGED;

    public boolean isFinal() {
        return this != IN_PROGRESS;
    }

    /** The service runs the release (verified, or at least reported COMPLETED by ECS). */
    public boolean isSuccess() {
        return this == COMPLETED || this == COMPLETED_UNVERIFIED || this == UNCHANGED;
    }

    /** It ended, and the service does not run the release: what has a {@link FailureCause}. */
    public boolean isFailure() {
        return isFinal() && !isSuccess();
    }
}
