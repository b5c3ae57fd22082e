package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.StreamImages;
import dev.harbourmaster.ports.DomainEventBus.Event;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a stream record finished, as the event to send ({@link Transition}): a deployment's detail
 * with its release set's kind, who and why (one GetItem per set in a batch), or a release set's
 * detail with its deployments' outcomes (one Query). A read that fails throws (Lambda retries the
 * record); a set that cannot be read leaves those fields out, since retrying cannot mend it.
 */
final class FinishedEvents {

    /** A detail above this loses the services' reasons, then the services (only a set of hundreds of services gets here). */
    static final int MAX_DETAIL_BYTES = 64 * 1024;

    private final ReleaseSets releaseSets;
    private final Announcements announcements;
    private final Log log;

    FinishedEvents(ReleaseSets releaseSets, Announcements announcements, Log log) {
        this.releaseSets = releaseSets;
        this.announcements = announcements;
        this.log = log;
    }

    /**
     * @param sets the release sets read so far in this batch, by id (empty: not found or unreadable)
     * @return nothing when the record finished nothing (logged why)
     */
    Optional<Publication> publication(int index, StreamChange change, Map<String, Optional<ReleaseSet>> sets) {
        return switch (Transition.of(change)) {
            case Transition.Skip skip -> {
                (skip.malformed() ? log.warn("stream record skipped: its image cannot be read")
                        : log.info("stream record skipped"))
                        .with("why", skip.why())
                        .with("sequenceNumber", change.sequenceNumber())
                        .with("eventName", change.eventName())
                        .with("type", StreamImages.type(change.newImage()))
                        .with("key", StreamImages.describeKey(change.keys()))
                        .write();
                yield Optional.empty();
            }
            case Transition.DeploymentFinished finished -> Optional.of(deployment(index, change, finished, sets));
            case Transition.ReleaseSetFinished finished -> Optional.of(releaseSet(index, change, finished));
        };
    }

    private Publication deployment(int index, StreamChange change, Transition.DeploymentFinished finished,
                                   Map<String, Optional<ReleaseSet>> sets) {
        Deployment d = finished.deployment();
        Optional<ReleaseSet> set = sets.computeIfAbsent(d.releaseSetId(), id -> readSet(d));
        DeploymentFinished detail = DeploymentFinished.of(d, finished.previousStatus(), set);
        return new Publication(index, change, new Event(DeploymentFinished.DETAIL_TYPE, json(detail), d.endedAt()),
                () -> announcements.announce(detail, d));
    }

    private Optional<ReleaseSet> readSet(Deployment d) {
        try {
            Optional<ReleaseSet> set = releaseSets.releaseSet(d.releaseSetId());
            if (set.isEmpty()) {
                log.warn("release set of a finished deployment not found; its event has no kind, requestedBy, description or lead time")
                        .with("releaseSet", d.releaseSetId()).with("service", d.serviceId()).write();
            }
            return set;
        } catch (MalformedReleaseSetException e) {
            log.warn("release set of a finished deployment cannot be read; its event has no kind, requestedBy, description or lead time")
                    .with("releaseSet", d.releaseSetId()).with("service", d.serviceId())
                    .with("error", e.getMessage()).write();
            return Optional.empty();
        }
    }

    private Publication releaseSet(int index, StreamChange change, Transition.ReleaseSetFinished finished) {
        ReleaseSet set = finished.set();
        List<Deployment> deployments;
        try {
            deployments = releaseSets.deployments(set.id());
        } catch (SdkException e) {
            throw e;
        } catch (RuntimeException e) {
            // A deployment item that cannot be read: retrying would not mend it.
            log.warn("deployments of a finished release set cannot be read; its event has no service outcomes")
                    .with("releaseSet", set.id()).with("error", String.valueOf(e)).write();
            deployments = List.of();
        }
        ReleaseSetFinished detail = ReleaseSetFinished.of(set, finished.previousStatus(), deployments);
        String json = json(detail);
        if (tooLarge(json)) {
            detail = detail.withoutServiceReasons();
            json = json(detail);
        }
        if (tooLarge(json)) {
            log.warn("release set event too large with its services; sent without them")
                    .with("releaseSet", set.id()).with("services", detail.services().size()).write();
            json = json(detail.withoutServices());
        }
        ReleaseSetFinished announced = detail;
        return new Publication(index, change, new Event(ReleaseSetFinished.DETAIL_TYPE, json, null),
                () -> announcements.announce(announced));
    }

    private static boolean tooLarge(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES;
    }

    private static String json(Object detail) {
        try {
            return Json.MAPPER.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event detail could not be written", e);
        }
    }
}
