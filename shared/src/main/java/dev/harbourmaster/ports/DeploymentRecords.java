package dev.harbourmaster.ports;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment-recorder's view of the table: deployments found by what ECS events carry, and
 * their outcomes written so that a deployment, its release set's outcome and the environment's
 * current-state row change together or not at all. Writes are conditional on the revisions read:
 * a writer that lost a race reads again and retries.
 */
public interface DeploymentRecords {

    /** What an ECS deployment id names in the table (access pattern 6). */
    sealed interface Known permits Ours, RollbackOf, OutOfBand {}

    /** A deployment Harbourmaster started. */
    record Ours(Deployment deployment) implements Known {}

    /** The circuit breaker's rollback of one of our deployments. */
    record RollbackOf(String releaseSetId, String serviceId) implements Known {}

    /** A deployment someone started outside Harbourmaster, as recorded so far. */
    record OutOfBand(Deployment deployment) implements Known {}

    /** A release set with its revision and all its deployments, read together. */
    record SetRecord(ReleaseSet set, long revision, List<Deployment> deployments) {
        public Optional<Deployment> deployment(String serviceId) {
            return deployments.stream().filter(d -> d.serviceId().equals(serviceId)).findFirst();
        }
    }

    /** A release set holding its environment, and since when. */
    record InFlight(String releaseSetId, String projectId, String environmentId, Instant since) {}

    /**
     * One change to record: a deployment ({@code before} as read, {@code after} as it should be),
     * and with it, when given, its release set's outcome (the set leaves IN_PROGRESS and frees the
     * environment, or a final set is corrected) and the service's current-state row.
     *
     * @param currentBefore the current-state row as read (null when there was none, or when the row is not to change)
     * @param currentAfter  the row to write (null: leave it)
     * @param rollbackAlias a rollback's ECS deployment id to index as this deployment's (or null)
     * @param absorbed      an out-of-band record that turned out to be this deployment's rollback: deleted (or null)
     */
    record Change(SetRecord set, Deployment before, Deployment after, ReleaseSetOutcome outcome,
                  CurrentState currentBefore, CurrentState currentAfter, String rollbackAlias, Deployment absorbed) {

        /**
         * Whether the set's revision is this change's condition (and moves with it): only for a
         * deployment that is final before or after, the only changes that can end the set or correct
         * its outcome. Two deployments ending at the same moment then cannot both miss the set's end,
         * nor both end it; evidence of deployments still in flight never conflicts with each other.
         */
        public boolean movesSet() {
            return outcome != null || before.status().isFinal() || after.status().isFinal();
        }
    }

    /**
     * Access pattern 6: what an ECS deployment id names in one account and region. One Query (GSI2).
     *
     * @param place the account and region the id was seen in, normalized ({@link Placement#normalized})
     */
    Optional<Known> byEcsDeployment(Placement place, String ecsDeploymentId);

    /** The newest Harbourmaster deployment of an ECS service in a place (normalized). One Query (GSI1). */
    Optional<Deployment> newestOfService(Placement place, String cluster, String ecsServiceName);

    /**
     * Whether a deployment of ours put exactly these images (container → image) on this ECS service
     * and it ran them ({@link dev.harbourmaster.domain.DeploymentStatus#isSuccess()}): where a rollback
     * may go back to. The service's deployments (GSI1), newest first, filtered to successes and paged
     * until one matches: one Query when the release is among the service's recent ones.
     */
    boolean ran(Placement place, String cluster, String ecsServiceName, Map<String, String> imagesByContainer);

    /** A release set, its revision and its deployments, in one consistent Query. */
    Optional<SetRecord> setRecord(String releaseSetId);

    /** The current-state row of one service, if any. One GetItem. */
    Optional<CurrentState> currentState(String projectId, String environmentId, String serviceId);

    /** @return false when a revision moved since the read: read again and retry */
    boolean record(Change change);

    /**
     * Evidence of a deployment in flight that leaves it in flight: the deployment alone, on the
     * condition that its revision is still {@code before}'s. Nothing else can change with it (see
     * {@link Change#movesSet()}), so it needs no read of the set. One PutItem.
     *
     * @return false when the deployment changed since {@code before} was read
     */
    boolean recordInFlight(Deployment before, Deployment after);

    /**
     * Writes an out-of-band deployment ({@code before} null when new) and, when {@code currentAfter}
     * is given, the service's current-state row with it.
     *
     * @return false when either changed since the read
     */
    boolean recordOutOfBand(Deployment before, Deployment after, CurrentState currentBefore, CurrentState currentAfter);

    /** Writes a current-state row alone (a service found already running its release). @return false when it changed since the read */
    boolean writeCurrentState(CurrentState before, CurrentState after);

    /** Release sets holding an environment, oldest first. One Query (GSI2), paged. */
    List<InFlight> inFlight();
}
