package dev.harbourmaster.local;

import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.template.SamTemplate.Intrinsic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What template.yaml says about how the functions are fed, read from the template itself so that
 * local mode follows it: each function's handler and environment, its EventBridge rules (bus and
 * pattern), its table-stream subscriptions (FilterCriteria, batch size, starting position, retries)
 * and its schedules; and the stack's own event buses. Nothing here names a function or an event.
 */
public final class TemplateWiring {

    static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    static final String EVENT_BUS_TYPE = "AWS::Events::EventBus";
    static final String TABLE_TYPE = "AWS::DynamoDB::Table";

    /** A function: its handler class (the part of Handler before "::"), raw environment and events. */
    public record Function(String logicalId, String handlerClass, List<RuleEvent> rules, List<StreamEvent> streams,
                           List<ScheduleEvent> schedules, List<String> notFed) {}

    /**
     * An EventBridgeRule event: a rule on a bus (null: the default bus) whose target is the function.
     * Locally the target is a queue of the same name, {@code <prefix>-<LogicalId>-<EventName>}.
     */
    public record RuleEvent(String functionId, String eventName, Object eventBus, EventFilter pattern) {
        public String name(String prefix) {
            return prefix + "-" + functionId + "-" + eventName;
        }
    }

    /** A DynamoDB event: the function reads the table's stream, and gets only the records a filter matches. */
    public record StreamEvent(String functionId, String eventName, String tableLogicalId, List<EventFilter> filters,
                              int batchSize, String startingPosition, int maximumRetryAttempts,
                              boolean reportsBatchItemFailures) {}

    /** A Schedule event (its rate is CloudFormation's; local mode runs the function on its own timer). */
    public record ScheduleEvent(String functionId, String eventName, String schedule) {}

    private final SamTemplate template;
    private final List<Function> functions;

    private TemplateWiring(SamTemplate template, List<Function> functions) {
        this.template = template;
        this.functions = List.copyOf(functions);
    }

    /**
     * This wiring with an optional function too, when it exists for these parameters and resources
     * (its Condition holds); unchanged otherwise.
     */
    public TemplateWiring withOptionalFunction(String logicalId, Map<String, String> refs) {
        if (!template.isConditional(logicalId) || !exists(logicalId, refs) || function(logicalId).isPresent()) {
            return this;
        }
        List<Function> more = new ArrayList<>(functions);
        more.add(function(logicalId, template.rawProperties(logicalId)));
        return new TemplateWiring(template, more);
    }

    private TemplateWiring(SamTemplate template) {
        this.template = template;
        List<Function> read = new ArrayList<>();
        for (String id : template.resourcesOfType(FUNCTION_TYPE)) {
            // Functions under a condition are optional (the dashboard's, off by default; hm local up
            // serves the dashboard itself): the pipeline is the functions every stack has.
            if (!template.isConditional(id)) {
                read.add(function(id, template.rawProperties(id)));
            }
        }
        this.functions = List.copyOf(read);
    }

    public static TemplateWiring read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    public static TemplateWiring parse(String text) {
        return new TemplateWiring(SamTemplate.parse(text));
    }

    public List<Function> functions() {
        return functions;
    }

    public Optional<Function> function(String logicalId) {
        return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst();
    }

    public List<RuleEvent> rules() {
        return functions.stream().flatMap(f -> f.rules().stream()).toList();
    }

    public List<StreamEvent> streams() {
        return functions.stream().flatMap(f -> f.streams().stream()).toList();
    }

    public List<ScheduleEvent> schedules() {
        return functions.stream().flatMap(f -> f.schedules().stream()).toList();
    }

    /** The logical ids of the stack's own event buses (AWS::Events::EventBus). */
    public List<String> eventBuses() {
        return template.resourcesOfType(EVENT_BUS_TYPE);
    }

    /** The logical ids of the stack's tables. */
    public List<String> tables() {
        return template.resourcesOfType(TABLE_TYPE);
    }

    /** A function's environment as Lambda would set it: see {@link SamTemplate#functionEnvironment(String, Map)}. */
    public Map<String, String> environment(String functionId, Map<String, String> refs) {
        return template.functionEnvironment(functionId, refs);
    }

    /**
     * The rules whose target is an API destination (the notification webhook), as they exist when
     * the parameters and resources are as {@code refs} says (other parameters: their defaults).
     */
    List<WebhookRules.WebhookRule> webhookRules(Map<String, String> refs) {
        return WebhookRules.read(template, new TemplateValues(template, refs));
    }

    /** A rule's pattern and one target's input transformer, for these parameters (tests render the notifications with them). */
    EventFilter rulePattern(String ruleId, Map<String, String> refs) {
        return WebhookRules.pattern(new TemplateValues(template, refs), ruleId, template.rawProperties(ruleId));
    }

    InputTransformation inputTransformation(String ruleId, String targetId, Map<String, String> refs) {
        return WebhookRules.input(template, new TemplateValues(template, refs), ruleId, targetId);
    }

    /** Whether a resource exists for these parameters. */
    boolean exists(String logicalId, Map<String, String> refs) {
        return new TemplateValues(template, refs).exists(logicalId);
    }

    /** A value of the template, resolved as {@link #environment} resolves it. */
    public String resolve(Object value, Map<String, String> refs, String where) {
        return template.resolve(value, refs, where);
    }

    private static Function function(String id, Map<String, Object> properties) {
        String handler = String.valueOf(properties.get("Handler"));
        String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        List<RuleEvent> rules = new ArrayList<>();
        List<StreamEvent> streams = new ArrayList<>();
        List<ScheduleEvent> schedules = new ArrayList<>();
        List<String> notFed = new ArrayList<>();
        SamTemplate.map(properties, "Events").forEach((name, definition) -> {
            if (!(definition instanceof Map<?, ?>)) {
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) definition;
            Map<String, Object> eventProperties = SamTemplate.map(event, "Properties");
            String where = id + " event " + name;
            switch (String.valueOf(event.get("Type"))) {
                case "EventBridgeRule", "CloudWatchEvent" -> rules.add(new RuleEvent(id, name,
                        eventProperties.get("EventBusName"),
                        EventFilter.of(where + " Pattern", plain(eventProperties.get("Pattern"), where))));
                case "DynamoDB" -> streams.add(stream(id, name, where, eventProperties));
                case "Schedule", "ScheduleV2" -> schedules.add(new ScheduleEvent(id, name,
                        String.valueOf(eventProperties.getOrDefault("Schedule", eventProperties.get("ScheduleExpression")))));
                // Other event sources (API, SQS, ...) are not used by the template; local mode says so
                // at start, rather than pretend.
                default -> notFed.add(name + " (" + event.get("Type") + ")");
            }
        });
        return new Function(id, handlerClass, List.copyOf(rules), List.copyOf(streams), List.copyOf(schedules),
                List.copyOf(notFed));
    }

    private static StreamEvent stream(String id, String name, String where, Map<String, Object> properties) {
        Object streamArn = properties.get("Stream");
        String table = SamTemplate.intrinsic(streamArn)
                .filter(i -> i.function().equals("GetAtt"))
                .map(i -> String.valueOf(i.argument() instanceof List<?> l ? l.get(0) + "." + l.get(1) : i.argument()))
                .filter(target -> target.endsWith(".StreamArn"))
                .map(target -> target.substring(0, target.length() - ".StreamArn".length()))
                .orElseThrow(() -> new IllegalStateException("template.yaml: " + where
                        + " Stream must be !GetAtt <Table>.StreamArn for local mode to know which table it reads"));
        List<EventFilter> filters = new ArrayList<>();
        Object criteria = SamTemplate.map(properties, "FilterCriteria").get("Filters");
        if (criteria instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object pattern = list.get(i) instanceof Map<?, ?> m ? m.get("Pattern") : null;
                String at = where + " FilterCriteria.Filters[" + i + "]";
                filters.add(pattern instanceof String text ? EventFilter.parse(at, text) : EventFilter.of(at, plain(pattern, at)));
            }
        }
        Object responseTypes = properties.get("FunctionResponseTypes");
        return new StreamEvent(id, name, table, List.copyOf(filters), integer(properties, "BatchSize", 100),
                String.valueOf(properties.getOrDefault("StartingPosition", "LATEST")),
                integer(properties, "MaximumRetryAttempts", -1),
                responseTypes instanceof List<?> types && types.contains("ReportBatchItemFailures"));
    }

    private static int integer(Map<String, Object> properties, String name, int fallback) {
        Object value = properties.get(name);
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }

    /** A pattern must be plain data: an intrinsic function in it cannot be evaluated locally. */
    private static Object plain(Object value, String where) {
        if (SamTemplate.intrinsic(value).isPresent()) {
            throw new IllegalStateException("template.yaml: " + where + " uses an intrinsic function in its pattern,"
                    + " which local mode cannot evaluate");
        }
        if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> plain(v, where));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> plain(v, where));
        }
        return value;
    }
}
