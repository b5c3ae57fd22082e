package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
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
 * In each other account and region the manifest's environments are in, what the spoke stack
 * (spoke/template.yaml) makes there: per ECS rule of the template on the default bus, a rule on
 * that account's default bus with the same pattern, narrowed to those environments' clusters,
 * whose target is the stack's default bus ({@link #forward}).
 */
final class EventPlumbing {

    static final String DEFAULT_BUS = "default";
    static final String DOMAIN_EVENTS_PATTERN = "{\"source\":[\"harbourmaster\"]}";
    /** How long a message a handler failed on stays invisible before it is delivered again. */
    static final int VISIBILITY_TIMEOUT_SECONDS = 5;

    /** A rule of the template and the queue standing in for its Lambda target. */
    record Route(TemplateWiring.RuleEvent event, String ruleName, String busName, String queueName, String queueUrl) {}

    /** A rule of a workload account forwarding one kind of ECS event to the stack's default bus. */
    record Forward(LocalClients.Place place, String ruleName, String pattern, String targetBusArn) {}

    private final LocalClients clients;
    private final Log log;
    private final List<Route> created = new ArrayList<>();
    private final List<Forward> forwards = new ArrayList<>();
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

    /**
     * A rule on the default bus of {@code place} (another account or region) with {@code pattern},
     * whose target is the event bus {@code targetBusArn}: EventBridge hands it each matching event
     * unchanged, its account and region still the workload's (scripts/moto_server.py, 8., makes moto
     * do so). Not modelled: the target's RoleArn and the receiving bus's policy (WorkloadAccountIds),
     * which the emulator checks neither; the spoke's dead-letter queue and retries.
     */
    Forward forward(LocalClients.Place place, TemplateWiring.RuleEvent event, String name, String pattern, String targetBusArn) {
        place.events().putRule(b -> b.name(name).eventBusName(DEFAULT_BUS).eventPattern(pattern).state("ENABLED")
                .description("hm local: the spoke's forwarding of " + event.functionId() + " " + event.eventName()
                        + " events to the stack's default bus"));
        place.events().putTargets(b -> b.rule(name).eventBusName(DEFAULT_BUS)
                .targets(Target.builder().id("hub").arn(targetBusArn).build()));
        Forward forward = new Forward(place, name, pattern, targetBusArn);
        forwards.add(forward);
        log.info("forwarding rule created").with("rule", name).with("account", place.account()).with("region", place.region())
                .with("pattern", pattern).with("target", targetBusArn).write();
        return forward;
    }

    /**
     * A template rule's pattern as the spoke narrows it (spoke/template.yaml): only events whose
     * resources are ECS ARNs (service/, task/, service-deployment/) of these clusters, written as the
     * spoke writes them, {"wildcard": "*:service/CLUSTER/*"}: a rule on one account's bus sees only
     * that account's and region's events, so the ARNs need no more. A pattern that filters resources
     * already is left as it is.
     */
    static String spokePattern(String pattern, List<String> clusters) {
        try {
            ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(pattern);
            if (tree.has("resources")) {
                return pattern;
            }
            ArrayNode wildcards = tree.putArray("resources");
            for (String cluster : clusters) {
                for (String kind : List.of("service", "task", "service-deployment")) {
                    wildcards.addObject().put("wildcard", "*:" + kind + "/" + cluster + "/*");
                }
            }
            return tree.toString();
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("a rule's pattern is not a JSON object: " + pattern, e);
        }
    }

    /** Whether a template rule's pattern asks for events of this source ({"source": [..., source, ...]}). */
    static boolean hasSource(String pattern, String source) {
        try {
            for (JsonNode s : Json.MAPPER.readTree(pattern).path("source")) {
                if (source.equals(s.asText())) {
                    return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
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
        for (Forward forward : forwards) {
            quietly(() -> forward.place().events().removeTargets(b -> b.rule(forward.ruleName()).eventBusName(DEFAULT_BUS).ids("hub")));
            quietly(() -> forward.place().events().deleteRule(b -> b.name(forward.ruleName()).eventBusName(DEFAULT_BUS)));
        }
        forwards.clear();
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
