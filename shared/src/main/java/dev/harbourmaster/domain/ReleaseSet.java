package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.List;

/**
 * The releases of a service set (or chosen services) meant for one environment together, with
 * who asked, why, and how it went.
 */
public record ReleaseSet(String id, String projectId, String environmentId, String serviceSetId,
                         List<Release> releases, ReleaseSetKind kind, String requestedBy, String description,
                         Instant requestedAt, ReleaseSetStatus status, String statusReason) {

    public ReleaseSet {
        releases = List.copyOf(releases);
    }
}
