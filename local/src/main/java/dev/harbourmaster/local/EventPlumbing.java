package dev.harbourmaster.local;

import dev.harbourmaster.support.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * The EventBridge side of the template on the emulator: for every EventBridgeRule event, the rule
 * (its bus, its pattern) with an SQS queue as target where AWS would have the function; the
 * stack's own bus, with a rule that copies everything Harbourmaster publishes to a queue a person
 * can read. Rules and queues are made again at each start (queues emptied) and removed at close.
 */
final class EventPlumbing {

    static final String DEFAULT_BUS = "default";
    static final String DOMAIN_EVENTS_PATTERN = "{\"source\":[\"harbourmaster\"]}";
    /** How long a message a handler failed on stays invisible before it is delivered again. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 5;

    /** A rule of the template and the queue standing in for its Lambda target. */
    record Route(TemplateWiring.RuleEvent event, String ruleName, String busName, String queueName, String queueUrl) {}

    private final LocalClients clients;
    private final Log log;
    private final List<Route> created = new ArrayList<>();
    private final List<String> busesCreated = new ArrayList<>();

    EventPlumbing(LocalClients clients, Log log) {
        this.clients = clients;
        this.log = log;
    }

    /** The stack's bus, made under its local name if missing. */
    void createBus(String name) {
        try {
            clients.events.createEventBus(b -> b.name(name));
            busesCreated.add(name);
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // made by an earlier run against the same emulator
        }
    }

    /** The rule of one EventBridgeRule event, targeting a queue of the same name. */
    Route route(TemplateWiring.RuleEvent event, String name, String busName) {
        return route(event, name, busName, event.pattern().json());
    }

    /** A rule on {@code busName} with {@code pattern}, targeting a queue named {@code name}. */
    Route route(TemplateWiring.RuleEvent event, String name, String busName, String pattern) {
        String queueUrl = queue(name);
        String queueArn = clients.sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.events.putRule(b -> b.name(name).eventBusName(busName).eventPattern(pattern).state("ENABLED")
                .description("hm local: stands in for " + (event == null ? "a reader of the bus"
                        : event.functionId() + " " + event.eventName())));
        clients.events.putTargets(b -> b.rule(name).eventBusName(busName)
                .targets(Target.builder().id("queue").arn(queueArn).build()));
        Route route = new Route(event, name, busName, name, queueUrl);
        created.add(route);
        log.info("rule created").with("rule", name).with("eventBus", busName).with("pattern", pattern)
                .with("queue", queueUrl).write();
        return route;
    }

    private String queue(String name) {
        Map<QueueAttributeName, String> attributes = Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                String.valueOf(VISIBILITY_TIMEOUT_SECONDS));
        String url;
        try {
            url = clients.sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
        } catch (QueueNameExistsException differentAttributes) {
            url = clients.sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
            String existing = url;
            clients.sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
        }
        // What an earlier run left is not for this one (its table, clusters and images may differ).
        String queueUrl = url;
        clients.sqs.purgeQueue(b -> b.queueUrl(queueUrl));
        return url;
    }

    /** Removes the rules and queues this run made (and the buses it made), leaving the emulator as it found it. */
    void removeAll() {
        for (Route route : created) {
            quietly(() -> clients.events.removeTargets(b -> b.rule(route.ruleName()).eventBusName(route.busName()).ids("queue")));
            quietly(() -> clients.events.deleteRule(b -> b.name(route.ruleName()).eventBusName(route.busName())));
            quietly(() -> clients.sqs.deleteQueue(b -> b.queueUrl(route.queueUrl())));
        }
        for (String bus : busesCreated) {
            quietly(() -> clients.events.deleteEventBus(b -> b.name(bus)));
        }
        created.clear();
        busesCreated.clear();
    }

    private static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException ignored) {
            // best effort: the emulator may be gone already
        }
    }
}
