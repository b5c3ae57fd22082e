package dev.harbourmaster.domain;

import java.time.Instant;

/** An environment closed to deploys: who closed it, why, and until when (a freeze has a far expiry). */
public record Lock(String projectId, String environmentId, String owner, String reason, Instant lockedAt,
                   Instant expiresAt) {

    public boolean isActiveAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
