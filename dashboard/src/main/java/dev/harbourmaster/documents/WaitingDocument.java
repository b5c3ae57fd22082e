package dev.harbourmaster.documents;

/**
 * A release set that waits in an environment (REQUESTED, QUEUED or AWAITING_APPROVAL), and for what.
 *
 * @param approveCommand for a set AWAITING_APPROVAL, the hm approve command that releases it; null otherwise
 */
public record WaitingDocument(String releaseSet, String status, String requestedAt, String requestedBy,
                              String requestedByArn, String description, String statusReason, String waitsFor,
                              boolean waitsForInFlight, int queuedAhead, String hint, String approveCommand) {}
