package dev.harbourmaster.documents;

/** A release set that waits in an environment (REQUESTED or QUEUED), and for what. */
public record WaitingDocument(String releaseSet, String status, String requestedAt, String requestedBy,
                              String requestedByArn, String description, String statusReason, String waitsFor,
                              boolean waitsForInFlight, int queuedAhead, String hint) {}
