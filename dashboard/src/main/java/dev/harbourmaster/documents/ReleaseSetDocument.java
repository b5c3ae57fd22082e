package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import java.util.List;
import java.util.function.Function;

/**
 * A release set, uncut: in hm history and /api with each release named ({@link #summary}), in hm show
 * and /api/sets with each release whole ({@link #whole}).
 *
 * @param <R>      what each release says: {@link Named} or {@link Whole}
 * @param approval what hm approve or reject decided of the set while it was held AWAITING_APPROVAL; null if nobody did
 */
public record ReleaseSetDocument<R>(String id, String project, String environment, String serviceSet, String kind,
                                    String status, String statusReason, String requestedBy, String requestedByArn,
                                    String requestedAt, String description, List<String> services, List<R> releases,
                                    Approval approval) {

    /** Who decided (as shown, and their AWS identity), why and when. */
    public record Approval(String decision, String by, String byArn, String why, String at) {

        static Approval of(ApprovalDecision decision) {
            return decision == null ? null : new Approval(decision.decision(), decision.by(), decision.byArn(), decision.why(),
                    format(decision.at()));
        }
    }

    /** A release by its service and hash (hm show has its images). */
    public record Named(String service, String releaseHash) {}

    public record Whole(String service, String serviceSet, String releaseHash, List<ImageDocument> images,
                        String description, String createdAt) {}

    public static ReleaseSetDocument<Named> summary(ReleaseSet set) {
        return of(set, r -> new Named(r.serviceId(), r.releaseHash()));
    }

    public static ReleaseSetDocument<Whole> whole(ReleaseSet set) {
        return of(set, r -> new Whole(r.serviceId(), r.serviceSetId(), r.releaseHash(), ImageDocument.all(r.images()),
                r.description(), format(r.createdAt())));
    }

    private static <R> ReleaseSetDocument<R> of(ReleaseSet set, Function<Release, R> release) {
        return new ReleaseSetDocument<>(set.id(), set.projectId(), set.environmentId(), set.serviceSetId(), set.kind().name(),
                set.status().name(), set.statusReason(), set.requestedBy(), set.requestedByArn(), format(set.requestedAt()),
                set.description(), set.serviceIds(), set.releases().stream().map(release).toList(),
                Approval.of(set.approval()));
    }
}
