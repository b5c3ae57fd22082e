package dev.harbourmaster.domain;

import java.time.Instant;

/**
 * An environment closed to deploys: who closed it, why, and until when (no expiry: frozen). Whether
 * it is still in force is decided where it counts, in the condition of the deployer's claim.
 */
public record Lock(String projectId, String environmentId, String owner, String reason, Instant lockedAt,
                   Instant expiresAt) {}
