package dev.harbourmaster.documents;

import java.util.List;

/**
 * hm status and /api/p/PROJECT: a one-line summary, each environment's gate and what is ready to
 * promote into it, and per service what runs and how it last went.
 */
public record StatusDocument(String project, String summary, List<Environment> environments, List<ServiceState> services) {

    /** @param promotable what the environment before it runs that this one does not */
    public record Environment(String environment, LockDocument lock, InFlight inFlight, List<WaitingDocument> waiting,
                              List<Promotable> promotable) {}

    public record Promotable(String from, String service, String releaseHash) {}

    public record InFlight(String releaseSet, String holdUntil, boolean holdExpired) {}

    public record ServiceState(String environment, String service, boolean inManifest, String lastDeployment,
                               RunningDocument running, Last last, OutOfBand outOfBand, boolean changedOutside,
                               Verification verification) {}

    /** The newest deployment of the service, whatever its outcome; {@code cause}: why it failed, in a few words. */
    public record Last(String releaseSet, String releaseHash, String status, String cause, String reason, String at,
                       String requestedBy, String requestedByArn, String description) {}

    /** A change made outside Harbourmaster that ECS told of. */
    public record OutOfBand(String ecsDeploymentId, String state, String at, String reason) {}

    /** What the environment's last hm verify said of the service. */
    public record Verification(String status, String summary, String checkedAt, String checkedBy, String checkedByArn) {}
}
