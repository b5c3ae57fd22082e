package dev.harbourmaster.domainevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * Lambda entry point for the table's stream, filtered by the template to deployments and release
 * sets whose new image has a final status. Publishes each one that finished as an EventBridge event,
 * a log line and metrics ({@link DomainEvents}). Delivery is at least once: a record that could not
 * be published (a read or PutEvents failed, or EventBridge refused its entry) is reported, with
 * those after it, as a batch item failure, and Lambda delivers them again; an event already
 * accepted for one of those later records is then sent twice.
 *
 * <p>A CRaC resource: before a SnapStart snapshot it primes its clients with reads only.
 */
public final class DomainEventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Resource {

    private final DomainEvents domainEvents;
    private final Priming priming;

    public DomainEventsHandler() {
        this(DomainEventsConfig.fromEnvironment(System.getenv()), AwsClients.httpClient());
        Core.getGlobalContext().register(this);
    }

    private DomainEventsHandler(DomainEventsConfig config, SdkHttpClient http) {
        this(config, AwsClients.dynamoDb(http), AwsClients.eventBridge(http));
    }

    private DomainEventsHandler(DomainEventsConfig config, DynamoDbClient dynamo, EventBridgeClient events) {
        this(new DomainEvents(new DynamoDbReleaseSets(dynamo, config.tableName()),
                        events, config.eventBusName(), new EmbeddedMetrics(config.metricsNamespace()),
                        new Log("domain-events")),
                // Reads only: the deployments of a set that does not exist, and the bus it publishes to.
                new Priming().read(() -> new DynamoDbReleaseSets(dynamo, config.tableName()).deployments("00000000000000000000000000"))
                        .read(() -> events.describeEventBus(b -> b.name(config.eventBusName()))));
    }

    public DomainEventsHandler(DomainEvents domainEvents) {
        this(domainEvents, Priming.none());
    }

    private DomainEventsHandler(DomainEvents domainEvents, Priming priming) {
        this.domainEvents = domainEvents;
        this.priming = priming;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reopen connections and refresh credentials themselves.
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
