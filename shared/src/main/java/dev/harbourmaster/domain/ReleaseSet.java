package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.List;

/**
 * The releases of a service set (or of chosen services, when {@code serviceSetId} is null) meant
 * for one environment together, with who asked, why, and how it went.
 *
 * @param requestedBy    who asked, as they are shown: HM_ACTOR or their AWS identity, with the CI run's address
 * @param requestedByArn the AWS identity that asked, as STS told hm (GetCallerIdentity); null for sets
 *                       written before it was recorded, and for auto-deploy (a push, not a person)
 * @param approval       what hm approve or hm reject decided of the set while it was AWAITING_APPROVAL; null if nobody did
 */
public record ReleaseSet(String id, String projectId, String environmentId, String serviceSetId,
                         List<Release> releases, ReleaseSetKind kind, String requestedBy, String description,
                         Instant requestedAt, ReleaseSetStatus status, String statusReason, String requestedByArn,
                         ApprovalDecision approval) {

    /** Who requests the release sets of auto-deploy: a push, not a person. */
    public static final String AUTO_DEPLOY = "ecr-push";

    public ReleaseSet {
        releases = List.copyOf(releases);
        requestedBy = StoredText.text(requestedBy);
        description = StoredText.text(description);
        statusReason = StoredText.text(statusReason);
    }

    /** A set nobody has approved (or rejected) yet. */
    public ReleaseSet(String id, String projectId, String environmentId, String serviceSetId, List<Release> releases,
                      ReleaseSetKind kind, String requestedBy, String description, Instant requestedAt,
                      ReleaseSetStatus status, String statusReason, String requestedByArn) {
        this(id, projectId, environmentId, serviceSetId, releases, kind, requestedBy, description, requestedAt, status,
                statusReason, requestedByArn, null);
    }

    /** A set with no AWS identity recorded (auto-deploy, or written before it was). */
    public ReleaseSet(String id, String projectId, String environmentId, String serviceSetId, List<Release> releases,
                      ReleaseSetKind kind, String requestedBy, String description, Instant requestedAt,
                      ReleaseSetStatus status, String statusReason) {
        this(id, projectId, environmentId, serviceSetId, releases, kind, requestedBy, description, requestedAt, status,
                statusReason, null);
    }

    /**
     * Requested by a push (auto-deploy), not by a person: nobody waits to ask again, so such a set
     * waits its turn in a busy environment instead of being rejected.
     */
    public boolean isAutoDeploy() {
        return AUTO_DEPLOY.equals(requestedBy);
    }

    public List<String> serviceIds() {
        return releases.stream().map(Release::serviceId).toList();
    }

    /** The same set narrowed to some of its releases (the services still to roll). */
    public ReleaseSet withReleases(List<Release> some) {
        return new ReleaseSet(id, projectId, environmentId, serviceSetId, some, kind, requestedBy, description,
                requestedAt, status, statusReason, requestedByArn, approval);
    }

    public ReleaseSet withStatus(ReleaseSetStatus newStatus, String reason) {
        return new ReleaseSet(id, projectId, environmentId, serviceSetId, releases, kind, requestedBy, description,
                requestedAt, newStatus, reason, requestedByArn, approval);
    }

    public ReleaseSet withApproval(ApprovalDecision decision) {
        return new ReleaseSet(id, projectId, environmentId, serviceSetId, releases, kind, requestedBy, description,
                requestedAt, status, statusReason, requestedByArn, decision);
    }
}
