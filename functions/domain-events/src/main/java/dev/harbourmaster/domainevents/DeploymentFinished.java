package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.support.StoredText;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The detail of a "Deployment Finished" event: what ran where, how it ended, who asked and why,
 * how long it took. Fields that are unknown are left out (not null). Times are ISO-8601 UTC with
 * milliseconds; reason and description are cut to {@link StoredText#TEXT} bytes (as stored).
 *
 * @param outcome         the deployment's final status
 * @param previousOutcome the status it had before (absent when the item was written final at once)
 * @param kind            DEPLOY, PROMOTE or ROLLBACK, from the release set (as are requestedBy and description)
 * @param leadTimeMs      for COMPLETED and COMPLETED_UNVERIFIED: from the release's creation (the push that
 *                        made it) to the end of the deployment; none for a rollback set
 * @param rolledBackTo    the ECS deployment the circuit breaker returned to, for ROLLED_BACK
 * @param requestedByArn  the AWS identity that requested the set, as STS told hm (absent: auto-deploy, or not recorded)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentFinished(String project, String environment, String service, String releaseSet,
                                 String releaseHash, List<Image> images, String ecsDeploymentId, String outcome,
                                 String previousOutcome, String reason, String requestedBy, String description,
                                 String kind, String startedAt, String endedAt, Long durationMs, Long leadTimeMs,
                                 String rolledBackTo, String requestedByArn) {

    public static final String DETAIL_TYPE = "Deployment Finished";

    /** One container's digest-pinned image. */
    public record Image(String container, String image, String digest) {}

    /** @param set the deployment's release set, when it could be read */
    static DeploymentFinished of(Deployment d, String previousOutcome, Optional<ReleaseSet> set) {
        return new DeploymentFinished(d.projectId(), d.environmentId(), d.serviceId(), d.releaseSetId(), d.releaseHash(),
                d.images().stream().map(i -> new Image(i.container(), i.image(), i.digest())).toList(),
                d.ecsDeploymentId(), d.status().name(), previousOutcome, StoredText.text(d.reason()),
                set.map(ReleaseSet::requestedBy).orElse(null), StoredText.text(set.map(ReleaseSet::description).orElse(null)),
                set.map(s -> s.kind().name()).orElse(null), time(d.startedAt()), time(d.endedAt()), d.durationMillis(),
                leadTime(d, set), d.evidence().rollback() == null ? null : d.evidence().rollback().toDeploymentId(),
                set.map(ReleaseSet::requestedByArn).orElse(null));
    }

    private static Long leadTime(Deployment d, Optional<ReleaseSet> set) {
        if (d.endedAt() == null
                || (d.status() != DeploymentStatus.COMPLETED && d.status() != DeploymentStatus.COMPLETED_UNVERIFIED)) {
            return null;
        }
        // A rollback redeploys an old release: the time since its push says nothing of delivery speed.
        return set.filter(s -> s.kind() != ReleaseSetKind.ROLLBACK).flatMap(s -> s.releases().stream().filter(r -> d.serviceId().equals(r.serviceId())).findFirst())
                .map(Release::createdAt)
                .map(created -> Math.max(0, d.endedAt().toEpochMilli() - created.toEpochMilli()))
                .orElse(null);
    }

    static String time(Instant instant) {
        return instant == null ? null : Times.format(instant);
    }

    boolean succeeded() {
        return DeploymentStatus.valueOf(outcome).isSuccess();
    }
}
