package dev.harbourmaster.eventbridge;

import dev.harbourmaster.ports.DomainEventBus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Domain events as EventBridge events of source {@value #SOURCE} on one bus, sent with PutEvents
 * in calls of at most {@value #MAX_ENTRIES} entries and {@value #MAX_REQUEST_BYTES} bytes. A call
 * is not wholly accepted when it throws or when its FailedEntryCount is above 0.
 */
public final class EventBridgeDomainEventBus implements DomainEventBus {

    public static final String SOURCE = "harbourmaster";
    static final int MAX_ENTRIES = 10;
    /** "The total entry size must be less than 256KB" (one PutEvents call). */
    static final int MAX_REQUEST_BYTES = 256 * 1024 - 1;

    private final EventBridgeClient eventBridge;
    private final String busName;

    /** @param busName the bus's name or ARN */
    public EventBridgeDomainEventBus(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    @Override
    public Delivery send(List<Event> events) {
        int from = 0;
        while (from < events.size()) {
            int to = from;
            int bytes = 0;
            while (to < events.size() && to - from < MAX_ENTRIES
                    && (to == from || bytes + size(events.get(to)) <= MAX_REQUEST_BYTES)) {
                bytes += size(events.get(to));
                to++;
            }
            Delivery delivery = put(events.subList(from, to), from);
            if (!(delivery instanceof Accepted)) {
                return delivery;
            }
            from = to;
        }
        return new Accepted(events.size());
    }

    private Delivery put(List<Event> call, int first) {
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(PutEventsRequest.builder().entries(call.stream().map(this::entry).toList()).build());
        } catch (RuntimeException e) {
            return new CallFailed(first, call.size(), e);
        }
        Integer failedCount = response.failedEntryCount();
        if (failedCount == null || failedCount == 0) {
            return new Accepted(first + call.size());
        }
        List<PutEventsResultEntry> results = response.entries();
        List<Refusal> refusals = new ArrayList<>();
        for (int i = 0; i < results.size() && i < call.size(); i++) {
            if (results.get(i).errorCode() != null) {
                refusals.add(new Refusal(first + i, results.get(i).errorCode(), results.get(i).errorMessage()));
            }
        }
        boolean resultPerEntry = results.size() == call.size();
        if (refusals.isEmpty() && resultPerEntry) {
            return new Unnamed(first, failedCount);
        }
        // Results that do not line up with the entries cannot say which were accepted: none is known to be.
        return new Refused(resultPerEntry ? refusals.getFirst().event() : first, List.copyOf(refusals));
    }

    private PutEventsRequestEntry entry(Event event) {
        return PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(SOURCE)
                .detailType(event.detailType())
                .detail(event.detail())
                .time(event.time())
                .build();
    }

    /** EventBridge's entry size: Time counts 14 bytes; Source, DetailType and Detail their UTF-8 bytes. */
    static int size(Event event) {
        return (event.time() == null ? 0 : 14) + SOURCE.getBytes(StandardCharsets.UTF_8).length
                + event.detailType().getBytes(StandardCharsets.UTF_8).length
                + event.detail().getBytes(StandardCharsets.UTF_8).length;
    }
}
