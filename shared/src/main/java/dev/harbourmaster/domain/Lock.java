package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;

/**
 * An environment closed to deploys: who closed it, why, and until when (no expiry: frozen). What
 * refuses a release set is the condition of the deployer's claim; {@link #inForceAt} is the same rule
 * for everything that shows or checks a lock before that.
 *
 * @param owner    who locked it, as they are shown (HM_ACTOR or their AWS identity, with the CI run)
 * @param ownerArn the AWS identity that locked it, as STS told hm; null for locks written before it was recorded
 * @param replaces whose lock in force this one replaced (hm lock --force), as it read: null when none
 */
public record Lock(String projectId, String environmentId, String owner, String reason, Instant lockedAt,
                   Instant expiresAt, String ownerArn, String replaces) {

    public Lock {
        owner = StoredText.text(owner);
        reason = StoredText.text(reason);
        replaces = StoredText.text(replaces);
    }

    /** A lock that replaced none. */
    public Lock(String projectId, String environmentId, String owner, String reason, Instant lockedAt, Instant expiresAt,
                String ownerArn) {
        this(projectId, environmentId, owner, reason, lockedAt, expiresAt, ownerArn, null);
    }

    /** A lock with no AWS identity recorded. */
    public Lock(String projectId, String environmentId, String owner, String reason, Instant lockedAt, Instant expiresAt) {
        this(projectId, environmentId, owner, reason, lockedAt, expiresAt, null);
    }

    /**
     * Whether the lock still closes the environment at {@code now}: frozen, or not expired yet. At the
     * instant it expires it still holds, as the claim's {@code expiresAt < :now} has it.
     */
    public boolean inForceAt(Instant now) {
        return expiresAt == null || !expiresAt.isBefore(now);
    }
}
