package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.StreamImages;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.domainevents.EmbeddedMetrics.Unit;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Tells the world that a deployment or a release set finished: for each stream record in which one
 * reached a final status ({@link Transition}), an EventBridge event (source "harbourmaster",
 * detail-type "Deployment Finished" or "Release Set Finished"), one JSON log line ("deployment
 * finished", "release set finished") and Embedded Metric Format metrics.
 *
 * <p>Reads: a deployment's release set (kind, who, why, the release's creation for the lead time)
 * with one GetItem, once per set in a batch; a release set's deployments with one Query.
 *
 * <p>Delivery is at least once. The events of a batch are sent first, in PutEvents calls of at most
 * {@value #MAX_ENTRIES} entries (and under 256 KB); only then are the log lines and metrics of the
 * records whose events were accepted written, so a retried record is not counted twice. A record
 * whose read fails, whose entry EventBridge did not accept (FailedEntryCount &gt; 0) or whose call
 * threw is not done: it and every record after it are reported as failed, and Lambda delivers them
 * again. Events of later records that EventBridge had already accepted are then sent a second time:
 * consumers that must not act twice can key on (releaseSet, service, outcome) or (releaseSet, outcome).
 * A record that cannot be read (keys only, malformed) is logged and skipped: retrying cannot mend it.
 */
public final class DomainEvents {

    public static final String SOURCE = "harbourmaster";
    static final int MAX_ENTRIES = 10;
    /** "The total entry size must be less than 256KB" (one PutEvents call). */
    static final int MAX_REQUEST_BYTES = 256 * 1024 - 1;
    /** A detail above this loses the services' reasons, then the services (only a set of hundreds of services gets here). */
    static final int MAX_DETAIL_BYTES = 64 * 1024;

    private final ReleaseSets releaseSets;
    private final EventBridgeClient eventBridge;
    private final String eventBusName;
    private final EmbeddedMetrics metrics;
    private final Log log;

    public DomainEvents(ReleaseSets releaseSets, EventBridgeClient eventBridge, String eventBusName,
                        EmbeddedMetrics metrics, Log log) {
        this.releaseSets = releaseSets;
        this.eventBridge = eventBridge;
        this.eventBusName = eventBusName;
        this.metrics = metrics;
        this.log = log;
    }

    /** An event to send for the record at {@code index}, and what to write once it was accepted. */
    private record Publication(int index, StreamChange change, PutEventsRequestEntry entry, int size, Runnable announce) {}

    /**
     * Publishes what the changes finished, in order.
     *
     * @return the index of the first change that is not done (Lambda must deliver it and the rest
     *         again); {@code changes.size()} when all are done
     */
    public int publish(List<StreamChange> changes) {
        List<Publication> publications = new ArrayList<>();
        Map<String, Optional<ReleaseSet>> sets = new HashMap<>();
        int notDone = changes.size();
        for (int i = 0; i < changes.size(); i++) {
            StreamChange change = changes.get(i);
            try {
                publication(i, change, sets).ifPresent(publications::add);
            } catch (RuntimeException e) {
                log.error("stream record not published; Lambda will retry from this record")
                        .with("sequenceNumber", change.sequenceNumber()).with("error", String.valueOf(e)).write();
                notDone = i;
                break;
            }
        }
        notDone = Math.min(notDone, send(publications));
        for (Publication publication : publications) {
            if (publication.index() >= notDone) {
                break;
            }
            try {
                publication.announce().run();
            } catch (RuntimeException e) {
                // The event is out: failing the record now would only send it again.
                log.error("log line or metrics of a published record not written")
                        .with("sequenceNumber", publication.change().sequenceNumber())
                        .with("error", String.valueOf(e)).write();
            }
        }
        return notDone;
    }

    private Optional<Publication> publication(int index, StreamChange change, Map<String, Optional<ReleaseSet>> sets) {
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
        Optional<ReleaseSet> set = sets.get(d.releaseSetId());
        if (set == null) {
            set = readSet(d);
            sets.put(d.releaseSetId(), set);
        }
        DeploymentFinished detail = DeploymentFinished.of(d, finished.previousStatus(), set);
        String json = json(detail);
        return new Publication(index, change, entry(DeploymentFinished.DETAIL_TYPE, json, d.endedAt()),
                size(DeploymentFinished.DETAIL_TYPE, json, d.endedAt() != null), () -> announce(detail, d));
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

    private void announce(DeploymentFinished detail, Deployment d) {
        (detail.succeeded() ? log.info("deployment finished") : log.warn("deployment finished"))
                .with("project", detail.project())
                .with("environment", detail.environment())
                .with("service", detail.service())
                .with("releaseSet", detail.releaseSet())
                .with("releaseHash", detail.releaseHash())
                .with("ecsDeploymentId", detail.ecsDeploymentId())
                .with("outcome", detail.outcome())
                .with("previousOutcome", detail.previousOutcome())
                .with("reason", detail.reason())
                .with("requestedBy", detail.requestedBy())
                .with("requestedByArn", detail.requestedByArn())
                .with("description", detail.description())
                .with("kind", detail.kind())
                .with("startedAt", detail.startedAt())
                .with("endedAt", detail.endedAt())
                .with("durationMs", detail.durationMs())
                .with("leadTimeMs", detail.leadTimeMs())
                .write();
        if (isFinal(detail.previousOutcome(), DeploymentStatus.class)) {
            return; // a correction (FAILED, then ROLLED_BACK): announced again, but already counted
        }
        EmbeddedMetrics.Entry entry = metrics.entry()
                .dimension("Project", detail.project())
                .dimension("Environment", detail.environment())
                .dimension("Outcome", detail.outcome())
                .metric("Deployments", Unit.COUNT, 1, "Project", "Environment", "Outcome");
        // Only a deployment ECS rolled has a duration worth a percentile: UNCHANGED, or FAILED before
        // ECS answered, would pull it towards zero.
        if (detail.durationMs() != null && d.ecsDeploymentId() != null) {
            entry.metric("DeploymentDuration", Unit.MILLISECONDS, detail.durationMs(), "Project", "Environment");
        }
        if (detail.leadTimeMs() != null) {
            entry.metric("LeadTime", Unit.MILLISECONDS, detail.leadTimeMs(), "Project", "Environment");
        }
        entry.property("service", detail.service())
                .property("releaseSet", detail.releaseSet())
                .property("ecsDeploymentId", detail.ecsDeploymentId())
                .write();
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
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
            detail = detail.withoutServiceReasons();
            json = json(detail);
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
            log.warn("release set event too large with its services; sent without them")
                    .with("releaseSet", set.id()).with("services", detail.services().size()).write();
            json = json(new ReleaseSetFinished(detail.project(), detail.environment(), detail.serviceSet(),
                    detail.releaseSet(), detail.kind(), detail.outcome(), detail.previousOutcome(), detail.reason(),
                    detail.requestedBy(), detail.description(), detail.requestedAt(), null, detail.requestedByArn()));
        }
        ReleaseSetFinished announced = detail;
        return new Publication(index, change, entry(ReleaseSetFinished.DETAIL_TYPE, json, null),
                size(ReleaseSetFinished.DETAIL_TYPE, json, false), () -> announce(announced));
    }

    private void announce(ReleaseSetFinished detail) {
        (detail.succeeded() ? log.info("release set finished") : log.warn("release set finished"))
                .with("project", detail.project())
                .with("environment", detail.environment())
                .with("serviceSet", detail.serviceSet())
                .with("releaseSet", detail.releaseSet())
                .with("kind", detail.kind())
                .with("outcome", detail.outcome())
                .with("previousOutcome", detail.previousOutcome())
                .with("reason", detail.reason())
                .with("requestedBy", detail.requestedBy())
                .with("requestedByArn", detail.requestedByArn())
                .with("description", detail.description())
                .with("requestedAt", detail.requestedAt())
                .with("services", detail.serviceIds())
                .write();
        if (isFinal(detail.previousOutcome(), ReleaseSetStatus.class)) {
            return; // an outcome corrected by late evidence: announced again, but already counted
        }
        metrics.entry()
                .dimension("Project", detail.project())
                .dimension("Environment", detail.environment())
                .dimension("Outcome", detail.outcome())
                .metric("ReleaseSets", Unit.COUNT, 1, "Project", "Environment", "Outcome")
                .property("releaseSet", detail.releaseSet())
                .property("serviceSet", detail.serviceSet())
                .property("kind", detail.kind())
                .write();
    }

    /**
     * Sends the publications in order, in calls of at most {@value #MAX_ENTRIES} entries and
     * {@value #MAX_REQUEST_BYTES} bytes, and stops at the first that fails.
     *
     * @return the index of the record of the first entry not accepted; {@link Integer#MAX_VALUE} when all were
     */
    private int send(List<Publication> publications) {
        int from = 0;
        while (from < publications.size()) {
            int to = from;
            int bytes = 0;
            while (to < publications.size() && to - from < MAX_ENTRIES
                    && (to == from || bytes + publications.get(to).size() <= MAX_REQUEST_BYTES)) {
                bytes += publications.get(to).size();
                to++;
            }
            List<Publication> call = publications.subList(from, to);
            int failed = put(call);
            if (failed >= 0) {
                return call.get(failed).index();
            }
            from = to;
        }
        return Integer.MAX_VALUE;
    }

    /** @return the position in {@code call} of the first entry not accepted, or -1 */
    private int put(List<Publication> call) {
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(PutEventsRequest.builder()
                    .entries(call.stream().map(Publication::entry).toList()).build());
        } catch (RuntimeException e) {
            log.error("events not published; Lambda will retry from the first of their records")
                    .with("sequenceNumber", call.get(0).change().sequenceNumber())
                    .with("events", call.size())
                    .with("error", String.valueOf(e)).write();
            return 0;
        }
        Integer failedCount = response.failedEntryCount();
        if (failedCount == null || failedCount == 0) {
            return -1;
        }
        List<PutEventsResultEntry> results = response.entries();
        int first = results.size() == call.size() ? -1 : 0;
        for (int i = 0; i < results.size() && i < call.size(); i++) {
            PutEventsResultEntry result = results.get(i);
            if (result.errorCode() != null) {
                first = first < 0 ? i : first;
                log.error("event not accepted by EventBridge")
                        .with("sequenceNumber", call.get(i).change().sequenceNumber())
                        .with("errorCode", result.errorCode())
                        .with("errorMessage", result.errorMessage()).write();
            }
        }
        if (first < 0) {
            // FailedEntryCount says some failed, but no entry says which: retry them all.
            log.error("EventBridge reported failed entries without naming them; Lambda will retry from the first")
                    .with("sequenceNumber", call.get(0).change().sequenceNumber())
                    .with("failedEntryCount", failedCount).write();
            first = 0;
        }
        return first;
    }

    private PutEventsRequestEntry entry(String detailType, String detail, Instant time) {
        return PutEventsRequestEntry.builder()
                .eventBusName(eventBusName)
                .source(SOURCE)
                .detailType(detailType)
                .detail(detail)
                .time(time)
                .build();
    }

    /** EventBridge's entry size: Time counts 14 bytes; Source, DetailType and Detail their UTF-8 bytes. */
    private static int size(String detailType, String detail, boolean hasTime) {
        return (hasTime ? 14 : 0) + SOURCE.getBytes(StandardCharsets.UTF_8).length
                + detailType.getBytes(StandardCharsets.UTF_8).length + detail.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String json(Object detail) {
        try {
            return Json.MAPPER.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event detail could not be written", e);
        }
    }

    /** Whether a previous status was already final: then this change is a correction, not a new end. */
    private static <E extends Enum<E>> boolean isFinal(String previous, Class<E> type) {
        if (previous == null) {
            return false;
        }
        Enum<E> status = Enum.valueOf(type, previous);
        return status instanceof DeploymentStatus d ? d.isFinal() : ((ReleaseSetStatus) status).isFinal();
    }
}
