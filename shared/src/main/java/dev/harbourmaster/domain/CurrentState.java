package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.List;

/**
 * What one service runs in one environment, by the record (access pattern 5): the release that
 * the last successful deployment put there, the last deployment whatever its outcome, and the
 * last change made outside Harbourmaster, if any. Each part may be null (never deployed, never
 * changed outside). {@code revision} counts its writes: the condition of the next one.
 *
 * <p>{@code bad} is what went wrong with releases here lately ({@link BadReleases}): null in rows
 * written before it was kept.
 */
public record CurrentState(String projectId, String environmentId, String serviceId, Running running,
                           LastDeployment last, OutOfBand outOfBand, long revision, BadReleases bad) {

    /** A row that has seen every deployment here: a new one, or one a test makes. */
    public CurrentState(String projectId, String environmentId, String serviceId, Running running, LastDeployment last,
                        OutOfBand outOfBand, long revision) {
        this(projectId, environmentId, serviceId, running, last, outOfBand, revision, BadReleases.NONE);
    }

    /** This row with another {@code bad}. */
    public CurrentState withBad(BadReleases bad) {
        return new CurrentState(projectId, environmentId, serviceId, running, last, outOfBand, revision, bad);
    }

    /**
     * What went wrong with releases of this service here, kept on its row so that a plan reads it with
     * the project, in the same Query ({@link KnownBadReleases#of(List, Instant)}): the newest
     * {@value #KEPT} outcomes, and the last change a rollback would undo.
     *
     * @param since      since when the row holds all of them: {@link Instant#EPOCH} for a row that has seen
     *                   every deployment here; the first end recorded after an upgrade for an older row; and
     *                   once more than {@value #KEPT} went wrong, the newest it let go
     * @param outcomes   newest first
     * @param lastChange the newest deployment here of a set that was not a rollback and changed something;
     *                   null when there is none
     */
    public record BadReleases(Instant since, List<BadOutcome> outcomes, LastChange lastChange) {

        /** How many outcomes a row keeps: a plan shows three, a 30-day window rarely holds more. */
        public static final int KEPT = 10;

        public static final BadReleases NONE = new BadReleases(Instant.EPOCH, List.of(), null);

        public BadReleases {
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        }
    }

    /**
     * One thing that went wrong with a release here ({@link KnownBadReleases.Outcome}).
     *
     * @param releaseSetId the set whose deployment failed, or the rollback set that undid the release
     */
    public record BadOutcome(String releaseSetId, String releaseHash, DeploymentStatus status, Instant at, String why,
                             boolean undoneByRollbackSet) {

        public BadOutcome {
            why = StoredText.evidence(why);
        }
    }

    /** A deployment that changed what runs here, by a set that was not a rollback: what a later rollback undoes. */
    public record LastChange(String releaseSetId, String releaseHash, boolean succeeded) {}

    /**
     * The release running since a successful deployment: who put it there (as shown, and the AWS
     * identity: null in rows written before it was recorded) and why.
     *
     * <p>Or, when {@code adoptedFrom} is set, what ECS ran when the project was adopted
     * ({@code hm project apply --adopt}): a baseline recorded by whoever adopted it, not a deployment
     * Harbourmaster made. It has no release set and no status; {@code since} is when it was adopted,
     * {@code releaseHash} may be null (no build of it gave one), and {@code adoptedFrom} is the task
     * definition revision ECS ran then, whose images may be named by tag.
     *
     * <p>{@code config} is the fingerprint of the revision that runs (what {@code hm diff} compares
     * between environments): null in rows written before it was kept, and where ECS did not say.
     */
    public record Running(String releaseHash, List<ReleaseImage> images, String releaseSetId, DeploymentStatus status,
                          Instant since, String requestedBy, String description, String ecsDeploymentId,
                          String requestedByArn, String adoptedFrom, ConfigFingerprint config) {
        public Running {
            images = images == null ? List.of() : List.copyOf(images);
        }

        public Running(String releaseHash, List<ReleaseImage> images, String releaseSetId, DeploymentStatus status,
                       Instant since, String requestedBy, String description, String ecsDeploymentId,
                       String requestedByArn, String adoptedFrom) {
            this(releaseHash, images, releaseSetId, status, since, requestedBy, description, ecsDeploymentId,
                    requestedByArn, adoptedFrom, null);
        }

        public Running(String releaseHash, List<ReleaseImage> images, String releaseSetId, DeploymentStatus status,
                       Instant since, String requestedBy, String description, String ecsDeploymentId,
                       String requestedByArn) {
            this(releaseHash, images, releaseSetId, status, since, requestedBy, description, ecsDeploymentId,
                    requestedByArn, null);
        }

        public Running(String releaseHash, List<ReleaseImage> images, String releaseSetId, DeploymentStatus status,
                       Instant since, String requestedBy, String description, String ecsDeploymentId) {
            this(releaseHash, images, releaseSetId, status, since, requestedBy, description, ecsDeploymentId, null);
        }

        /** What ran when the project was adopted, recorded as found: not put there by a deployment of Harbourmaster's. */
        public static Running adopted(String releaseHash, List<ReleaseImage> images, Instant adoptedAt, String adoptedBy,
                                      String adoptedByArn, String description, String ecsDeploymentId,
                                      String taskDefinitionArn, ConfigFingerprint config) {
            return new Running(releaseHash, images, null, null, adoptedAt, adoptedBy, description, ecsDeploymentId,
                    adoptedByArn, java.util.Objects.requireNonNull(taskDefinitionArn, "taskDefinitionArn"), config);
        }

        /** Recorded by adoption (what ran before Harbourmaster), not by a deployment. */
        public boolean adopted() {
            return adoptedFrom != null;
        }
    }

    /**
     * The newest deployment of the service here, whatever its outcome: {@code at} it ended, started
     * by the deployer at {@code startedAt} (what orders deployments: the sets of one environment start
     * one after another; null in rows written before it was kept).
     *
     * @param cause the {@link FailureCause} of a deployment that failed (null for a success, and in rows
     *              written before it was kept: the reason has it)
     */
    public record LastDeployment(String releaseSetId, String releaseHash, DeploymentStatus status, String reason,
                                 Instant at, String requestedBy, String description, Instant startedAt,
                                 String requestedByArn, String cause) {

        public LastDeployment(String releaseSetId, String releaseHash, DeploymentStatus status, String reason,
                              Instant at, String requestedBy, String description, Instant startedAt,
                              String requestedByArn) {
            this(releaseSetId, releaseHash, status, reason, at, requestedBy, description, startedAt, requestedByArn, null);
        }

        public LastDeployment(String releaseSetId, String releaseHash, DeploymentStatus status, String reason,
                              Instant at, String requestedBy, String description, Instant startedAt) {
            this(releaseSetId, releaseHash, status, reason, at, requestedBy, description, startedAt, null);
        }
    }

    /** A deployment ECS reported that Harbourmaster did not start (console, Terraform, another tool). */
    public record OutOfBand(String ecsDeploymentId, String state, Instant at, String reason) {

        public OutOfBand {
            reason = StoredText.text(reason);
        }
    }
}
