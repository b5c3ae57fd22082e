package dev.harbourmaster.githubdeployments;

import dev.harbourmaster.domain.ReleaseSetStatus;
import java.util.Optional;

/**
 * A release set's status as the state of a GitHub deployment status. REQUESTED is already
 * in_progress: once asked, the deployer rolls the set within seconds or rejects it. QUEUED,
 * AWAITING_APPROVAL (no rollout yet) and UNKNOWN (imported history) have none.
 */
final class DeploymentStates {

    static final String IN_PROGRESS = "in_progress";
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String INACTIVE = "inactive";

    private DeploymentStates() {}

    static Optional<String> of(ReleaseSetStatus status) {
        if (status == null) {
            return Optional.empty();
        }
        return switch (status) {
            case REQUESTED, IN_PROGRESS -> Optional.of(IN_PROGRESS);
            case SUCCEEDED -> Optional.of(SUCCESS);
            case FAILED, PARTIAL, REJECTED -> Optional.of(FAILURE);
            case QUEUED, AWAITING_APPROVAL, UNKNOWN -> Optional.empty();
        };
    }

    /** The state a status written as text maps to; empty for text no status has (an old image without one). */
    static Optional<String> of(String status) {
        if (status == null) {
            return Optional.empty();
        }
        try {
            return of(ReleaseSetStatus.valueOf(status));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
