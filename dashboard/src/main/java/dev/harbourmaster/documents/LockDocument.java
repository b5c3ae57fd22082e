package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.Lock;
import java.time.Instant;

/** An environment's lock, as hm status, hm lock, hm unlock and /api show it; {@code replaces}: whose lock it took over. */
public record LockDocument(String owner, String ownerArn, String reason, String lockedAt, String expiresAt,
                           boolean inForce, String replaces) {

    /** The lock as it stands at {@code now}; null for no lock. */
    public static LockDocument of(Lock lock, Instant now) {
        if (lock == null) {
            return null;
        }
        return new LockDocument(lock.owner(), lock.ownerArn(), lock.reason(), format(lock.lockedAt()),
                format(lock.expiresAt()), lock.inForceAt(now), lock.replaces());
    }
}
