package dev.harbourmaster.domainevents;

import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.eventbridge.EventBridgeDomainEventBus;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DomainEventBus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The domain-events function's object graph, built here and nowhere else: for Lambda
 * ({@link #forLambda}), and from their own clients for local mode, the benchmarks and the tests
 * ({@link #of}), which may send its log lines and metrics elsewhere ({@link #withOutput}).
 */
public record DomainEventsWiring(DomainEventsConfig config, ReleaseSets releaseSets, DeploymentHistory history,
                                 DomainEventBus bus, EmbeddedMetrics metrics, Log log) {

    /** A release set id no set has (ids are ULIDs of their request time; this one is of 1970). */
    private static final String PRIMING_SET = "00000000000000000000000000";

    public static DomainEventsWiring of(DomainEventsConfig config, DynamoDbClient dynamo, EventBridgeClient eventBridge) {
        return new DomainEventsWiring(config, new DynamoDbReleaseSets(dynamo, config.tableName()),
                new DynamoDbDeploymentHistory(dynamo, config.tableName()),
                new EventBridgeDomainEventBus(eventBridge, config.eventBusName()),
                new EmbeddedMetrics(config.metricsNamespace()), new Log("domain-events"));
    }

    /** What Lambda runs: settings from the function's environment, clients from the default chains, primed for SnapStart. */
    static DomainEvents forLambda(Map<String, String> environment) {
        DomainEventsConfig config = DomainEventsConfig.fromEnvironment(environment);
        SdkHttpClient http = AwsClients.httpClient();
        DynamoDbClient dynamo = AwsClients.dynamoDb(http);
        EventBridgeClient eventBridge = AwsClients.eventBridge(http);
        DomainEventsWiring wiring = of(config, dynamo, eventBridge);
        // Reads only: the deployments of a set that does not exist, and the bus it publishes to.
        new Priming().read(() -> wiring.releaseSets().deployments(PRIMING_SET))
                .read(() -> eventBridge.describeEventBus(b -> b.name(config.eventBusName()))).register();
        return wiring.domainEvents();
    }

    public DomainEvents domainEvents() {
        return new DomainEvents(releaseSets, bus, metrics, log, config.cdEvents()
                ? Optional.of(new CdEvents(CdEvents.sourceOf(config.tableName()), history::previousSuccess, log))
                : Optional.empty());
    }

    public DomainEventsWiring withOutput(EmbeddedMetrics replacementMetrics, Log replacementLog) {
        return new DomainEventsWiring(config, releaseSets, history, bus, replacementMetrics, replacementLog);
    }

    public DomainEventsWiring withReleaseSets(ReleaseSets replacement) {
        return new DomainEventsWiring(config, replacement, history, bus, metrics, log);
    }

    public DomainEventsWiring withHistory(DeploymentHistory replacement) {
        return new DomainEventsWiring(config, releaseSets, replacement, bus, metrics, log);
    }
}
