package dev.harbourmaster.ports;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Release sets, their deployments, and each environment's gate (lock and release set in flight).
 * Every write an event can repeat is conditional.
 */
public interface ReleaseSets {

    /** The gate of (project, environment): its lock and the release set in flight, if any. */
    record Gate(Optional<Lock> lock, Optional<String> inFlightReleaseSetId, Instant inFlightUntil) {

        /** Neither locked nor busy. */
        public static final Gate OPEN = new Gate(Optional.empty(), Optional.empty(), null);
    }

    enum Claim {
        /** The set is now IN_PROGRESS and holds the environment. */
        CLAIMED,
        /** The set was no longer REQUESTED: another delivery handled it. */
        NOT_REQUESTED,
        /** The environment is locked. */
        LOCKED,
        /** Another release set of this environment is in flight. */
        BUSY
    }

    /** Writes a new REQUESTED release set; false when one with this id exists (a repeated request). */
    boolean request(ReleaseSet set);

    /**
     * Access pattern 4: a release set by id. One GetItem.
     *
     * @throws MalformedReleaseSetException when the stored item cannot be read as a release set
     */
    Optional<ReleaseSet> releaseSet(String id);

    /** Access pattern 4: release sets of (project, environment), newest first. One Query. */
    List<ReleaseSet> releaseSets(String projectId, String environmentId, int limit);

    /** Access pattern 7: the deployments of a release set. One Query. */
    List<Deployment> deployments(String releaseSetId);

    /** Access pattern 8: the lock and the release set in flight of (project, environment). One BatchGetItem. */
    Gate gate(String projectId, String environmentId);

    /**
     * In one transaction: REQUESTED → IN_PROGRESS, the environment marked as held by this set until
     * {@code holdUntil} (unless another set holds it and its hold has not expired), and no active lock.
     */
    default Claim claim(ReleaseSet set, Instant now, Instant holdUntil) {
        return claim(set, now, holdUntil, List.of());
    }

    /** How many deployments {@link #claim(ReleaseSet, Instant, Instant, List)} claims with the set, at most. */
    int DEPLOYMENTS_CLAIMED_WITH_SET = 96;

    /**
     * The claim, and in the same transaction each of these deployments (at most
     * {@link #DEPLOYMENTS_CLAIMED_WITH_SET}, each as {@link #startDeployment} would write it): a
     * repeated delivery finds the set IN_PROGRESS and its services claimed, so none is rolled twice.
     */
    Claim claim(ReleaseSet set, Instant now, Instant holdUntil, List<Deployment> deployments);

    /**
     * Holds the environment for the set until {@code until}, when the set holds it still and until is later
     * than its hold: a linear rollout's hour of step bake time, or a pause hook's day, must not let the next
     * set take the environment from a deployment in flight. False when nothing changed.
     */
    boolean extendHold(String projectId, String environmentId, String releaseSetId, Instant until);

    /** REQUESTED → REJECTED with a reason; false when it was no longer REQUESTED. */
    boolean reject(String releaseSetId, String reason);

    /** REQUESTED → QUEUED behind the set in flight (with the reason); false when it was no longer REQUESTED. */
    boolean queue(ReleaseSet set, String reason);

    /**
     * REQUESTED → AWAITING_APPROVAL (with the reason, which says how to approve it): the environment
     * requires approval and nobody has given it. False when the set was no longer REQUESTED.
     */
    boolean awaitApproval(ReleaseSet set, String reason);

    /**
     * AWAITING_APPROVAL → REQUESTED with the approval kept on the set, in one conditional write: the
     * stream hands it to the deployer again. False when the set was no longer AWAITING_APPROVAL.
     */
    boolean approve(String releaseSetId, ApprovalDecision approval);

    /** AWAITING_APPROVAL → REJECTED with who rejected it and why, kept on the set; false when it was no longer AWAITING_APPROVAL. */
    boolean rejectAwaiting(String releaseSetId, ApprovalDecision rejection, String reason);

    /**
     * Starts the oldest QUEUED set of (project, environment), if any: QUEUED → REQUESTED, which hands
     * it to the deployer again. Harmless when another writer started it first.
     *
     * @return the id of the set started
     */
    Optional<String> startNextQueued(String projectId, String environmentId);

    /** Claims one service of a set: writes its deployment unless one exists (a repeated delivery). */
    boolean startDeployment(Deployment deployment);

    /** Replaces a deployment this deployer claimed, with what happened (started in ECS, failed, unchanged). */
    void updateDeployment(Deployment deployment);

    /**
     * {@link #updateDeployment} of each of a set's deployments, and the environment held for the set until
     * {@code holdUntil} as {@link #extendHold} does (null: not extended), in as few transactions as
     * DynamoDB takes. A write whose condition fails (another writer changed that item first) is left
     * out and the rest are written.
     */
    void updateDeployments(ReleaseSet set, List<Deployment> deployments, Instant holdUntil);

    /** IN_PROGRESS → a final status, and the environment released, in one transaction; false when not IN_PROGRESS. */
    boolean finish(ReleaseSet set, ReleaseSetStatus status, String reason);

    void lock(Lock lock);

    /** Lifts the lock of (project, environment), recording who lifted it (as shown, and their AWS identity) and when. */
    void unlock(String projectId, String environmentId, String by, String byArn, Instant at);
}
