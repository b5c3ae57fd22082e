package dev.harbourmaster.domainevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda entry point for the table's stream, filtered by the template to deployments and release
 * sets whose new image has a final status, and (for CDEvents) builds first written and environment
 * items. Publishes each one that finished as an EventBridge event, a log line and metrics, and with
 * CDEvents on its CDEvent too ({@link DomainEvents}). Delivery is at least once: a record that could not
 * be published (a read or PutEvents failed, or EventBridge refused its entry) is reported, with
 * those after it, as a batch item failure, and Lambda delivers them again; an event already
 * accepted for one of those later records is then sent twice.
 */
public final class DomainEventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final DomainEvents domainEvents;

    public DomainEventsHandler() {
        this(DomainEventsWiring.forLambda(System.getenv()));
    }

    public DomainEventsHandler(DomainEvents domainEvents) {
        this.domainEvents = domainEvents;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamChange> changes = event == null || event.getRecords() == null
                ? List.of() : event.getRecords().stream().map(StreamChange::of).toList();
        int notDone = domainEvents.publish(changes);
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        for (StreamChange change : changes.subList(Math.min(notDone, changes.size()), changes.size())) {
            if (change.sequenceNumber() != null) {
                failures.add(StreamsEventResponse.BatchItemFailure.builder()
                        .withItemIdentifier(change.sequenceNumber()).build());
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}
