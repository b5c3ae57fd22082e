package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A finished deployment as the CDEvent of what now runs in the environment, or none:
 * <ul>
 *   <li>COMPLETED or COMPLETED_UNVERIFIED of a ROLLBACK set (hm rollback): service.rolledback, to the release it ran;</li>
 *   <li>COMPLETED or COMPLETED_UNVERIFIED otherwise: service.deployed when Harbourmaster has no earlier successful
 *       deployment of that ECS service (its first), else service.upgraded;</li>
 *   <li>ROLLED_BACK (ECS's circuit breaker returned to what ran before): service.rolledback, to the artifact of the
 *       last successful deployment when there is one;</li>
 *   <li>UNCHANGED (nothing was rolled), FAILED, TIMED_OUT, DIGEST_MISMATCH: none. CDEvents v0.5.1's service events
 *       say what runs; they have no outcome, so a failure told as one of them would say a release runs that does
 *       not, or may not. The failure is on the bus as "Deployment Finished".</li>
 * </ul>
 * The subject is the service in its environment ({@code <project>/<environment>/<service>}); its
 * artifactId the first container's image as a purl. customData is the "Deployment Finished" detail.
 */
final class ServiceCdEvents {

    /** The newest successful deployment of the same ECS service before one (DeploymentHistory#previousSuccess). */
    private final Function<Deployment, Optional<Deployment>> previousSuccess;
    private final String source;

    ServiceCdEvents(Function<Deployment, Optional<Deployment>> previousSuccess, String source) {
        this.previousSuccess = previousSuccess;
        this.source = source;
    }

    /** @param detail the deployment's "Deployment Finished" detail, sent as customData */
    Optional<CdEvent> of(Deployment d, Optional<ReleaseSet> set, DeploymentFinished detail, Instant recordedAt) {
        if (d.images().isEmpty()) {
            return Optional.empty();
        }
        boolean rollbackSet = set.map(s -> s.kind() == ReleaseSetKind.ROLLBACK).orElse(false);
        String attempted = artifactId(d);
        ObjectNode customData = Json.MAPPER.valueToTree(detail);
        String type;
        String artifactId = attempted;
        if (d.status() == DeploymentStatus.COMPLETED || d.status() == DeploymentStatus.COMPLETED_UNVERIFIED) {
            type = rollbackSet ? CdEvent.SERVICE_ROLLEDBACK
                    : previousSuccess.apply(d).isPresent() ? CdEvent.SERVICE_UPGRADED : CdEvent.SERVICE_DEPLOYED;
        } else if (d.status() == DeploymentStatus.ROLLED_BACK) {
            type = CdEvent.SERVICE_ROLLEDBACK;
            Optional<Deployment> before = previousSuccess.apply(d).filter(p -> !p.images().isEmpty());
            customData.put("attemptedArtifactId", attempted);
            if (before.isPresent()) {
                artifactId = artifactId(before.get());
                customData.put("rolledBackToReleaseSet", before.get().releaseSetId());
                customData.put("rolledBackToReleaseHash", before.get().releaseHash());
            } else {
                // What ran before was not deployed by Harbourmaster: its image is not known here.
                customData.put("rolledBackToArtifactUnknown", true);
            }
        } else {
            return Optional.empty();
        }
        Instant at = d.endedAt() != null ? d.endedAt() : recordedAt != null ? recordedAt : Instant.now();
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("id", environmentId(d.projectId(), d.environmentId()));
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("environment", environment);
        content.put("artifactId", artifactId);
        customData.set("images", Json.MAPPER.valueToTree(images(d.images())));
        return Optional.of(new CdEvent(
                new CdEvent.Context(CdEvent.SPEC_VERSION,
                        CdEventIds.id(source, type, "deployment/" + d.releaseSetId() + "/" + d.serviceId()),
                        source, type, Times.format(at)),
                new CdEvent.Subject(d.projectId() + "/" + d.environmentId() + "/" + d.serviceId(), content),
                customData));
    }

    /** An environment's subject id, the same in service and environment events. */
    static String environmentId(String projectId, String environmentId) {
        return projectId + "/" + environmentId;
    }

    private static String artifactId(Deployment d) {
        ReleaseImage first = d.images().getFirst();
        return OciPurl.ofImage(first.image(), first.digest());
    }

    private record Image(String container, String image, String digest, String artifactId) {}

    private static List<Image> images(List<ReleaseImage> images) {
        return images.stream().map(i -> new Image(i.container(), i.image(), i.digest(), OciPurl.ofImage(i.image(), i.digest())))
                .toList();
    }
}
