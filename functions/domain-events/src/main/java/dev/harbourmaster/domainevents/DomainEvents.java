package dev.harbourmaster.domainevents;

import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.DomainEventBus;
import dev.harbourmaster.ports.DomainEventBus.Delivery;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells the world that a deployment or a release set finished: for each stream record in which one
 * reached a final status, an event on the bus ({@link FinishedEvents}: detail-type "Deployment
 * Finished" or "Release Set Finished"), then a log line and metrics ({@link Announcements}).
 *
 * <p>Delivery is at least once. The events of a batch are sent first; only then are the log lines
 * and metrics of the records whose events were accepted written, so a retried record is not counted
 * twice. A record whose read fails or whose event the bus did not accept is not done: it and every
 * record after it are reported as failed, and Lambda delivers them again. Events of later records
 * that the bus had already accepted are then sent a second time: consumers that must not act twice
 * can key on (releaseSet, service, outcome) or (releaseSet, outcome). A record that cannot be read
 * (keys only, malformed) is logged and skipped: retrying cannot mend it.
 *
 * <p>With CDEvents on ({@link CdEvents}), a record's CDEvent follows its own event in the same send
 * and under the same rule: the record is done only when all of its events were accepted, and a
 * CDEvent sent again has the same id.
 */
public final class DomainEvents {

    private final FinishedEvents finishedEvents;
    private final Optional<CdEvents> cdEvents;
    private final DomainEventBus bus;
    private final Log log;

    public DomainEvents(ReleaseSets releaseSets, DomainEventBus bus, EmbeddedMetrics metrics, Log log) {
        this(releaseSets, bus, metrics, log, Optional.empty());
    }

    /** @param cdEvents empty: CDEvents are off */
    DomainEvents(ReleaseSets releaseSets, DomainEventBus bus, EmbeddedMetrics metrics, Log log, Optional<CdEvents> cdEvents) {
        this.finishedEvents = new FinishedEvents(releaseSets, new Announcements(metrics, log), log);
        this.cdEvents = cdEvents;
        this.bus = bus;
        this.log = log;
    }

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
                publications.addAll(publications(i, change, sets));
            } catch (RuntimeException e) {
                log.error("stream record not published; Lambda will retry from this record")
                        .with("sequenceNumber", change.sequenceNumber()).with("error", String.valueOf(e)).write();
                notDone = i;
                break;
            }
        }
        Delivery delivery = bus.send(publications.stream().map(Publication::event).toList());
        if (delivery.firstNotAccepted() < publications.size()) {
            logNotAccepted(delivery, publications);
            notDone = Math.min(notDone, publications.get(delivery.firstNotAccepted()).index());
        }
        int done = notDone;
        // A record with several events whose later one was not accepted is sent again whole: announced then.
        List<Publication> accepted = publications.subList(0, delivery.firstNotAccepted()).stream()
                .filter(p -> p.index() < done).toList();
        for (Publication publication : accepted) {
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

    /** A record's events, its own first: all of them or, when a read fails, none (it throws). */
    private List<Publication> publications(int index, StreamChange change, Map<String, Optional<ReleaseSet>> sets) {
        List<Publication> ofRecord = new ArrayList<>(2);
        if (cdEvents.isEmpty() || !CdEvents.onlyCdEvents(change)) {
            finishedEvents.publication(index, change, sets).ifPresent(ofRecord::add);
        }
        cdEvents.flatMap(c -> c.publication(index, change, sets)).ifPresent(ofRecord::add);
        return ofRecord;
    }

    private void logNotAccepted(Delivery delivery, List<Publication> publications) {
        switch (delivery) {
            case DomainEventBus.Accepted accepted -> { }
            case DomainEventBus.CallFailed failed -> log.error("events not published; Lambda will retry from the first of their records")
                    .with("sequenceNumber", sequenceNumber(publications, failed.first()))
                    .with("events", failed.events())
                    .with("error", String.valueOf(failed.error())).write();
            case DomainEventBus.Refused refused -> refused.refusals().forEach(refusal -> log.error("event not accepted by EventBridge")
                    .with("sequenceNumber", sequenceNumber(publications, refusal.event()))
                    .with("errorCode", refusal.errorCode())
                    .with("errorMessage", refusal.errorMessage()).write());
            case DomainEventBus.Unnamed unnamed -> log.error("EventBridge reported failed entries without naming them; Lambda will retry from the first")
                    .with("sequenceNumber", sequenceNumber(publications, unnamed.first()))
                    .with("failedEntryCount", unnamed.failedCount()).write();
        }
    }

    private static String sequenceNumber(List<Publication> publications, int event) {
        return publications.get(event).change().sequenceNumber();
    }
}
