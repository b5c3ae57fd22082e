package dev.harbourmaster.local;

import dev.harbourmaster.template.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The template's rules whose target is an API destination (AWS::Events::Rule, target Arn !GetAtt of
 * an AWS::Events::ApiDestination), as they exist for some parameters: the bus, the pattern, the input
 * transformer, the HTTP method and the headers the destination's connection adds (an API key's).
 * Local mode posts what they would send to a URL it is given instead of the destination's endpoint.
 */
final class WebhookRules {

    static final String RULE_TYPE = "AWS::Events::Rule";
    static final String API_DESTINATION_TYPE = "AWS::Events::ApiDestination";

    /** One rule and target: where it listens, what it matches, what it sends. */
    record WebhookRule(String logicalId, String targetId, String eventBus, EventFilter pattern, InputTransformation input,
                       String httpMethod, Map<String, String> headers) {}

    private WebhookRules() {}

    static List<WebhookRule> read(SamTemplate template, TemplateValues values) {
        List<WebhookRule> rules = new ArrayList<>();
        for (String id : template.resourcesOfType(RULE_TYPE)) {
            if (!values.exists(id)) {
                continue;
            }
            Map<String, Object> properties = template.rawProperties(id);
            Object targets = properties.get("Targets");
            if (!(targets instanceof List<?> list)) {
                continue;
            }
            for (Object target : list) {
                if (target instanceof Map<?, ?> t) {
                    destination(template, t.get("Arn")).ifPresent(destination ->
                            rules.add(rule(template, values, id, properties, t, destination)));
                }
            }
        }
        return rules;
    }

    private static WebhookRule rule(SamTemplate template, TemplateValues values, String id, Map<String, Object> rule,
                                    Map<?, ?> target, String destination) {
        String where = id + " target " + target.get("Id");
        Map<String, Object> destinationProperties = template.rawProperties(destination);
        Map<String, String> headers = new LinkedHashMap<>();
        connection(template, destinationProperties.get("ConnectionArn")).ifPresent(connection -> {
            Map<String, Object> auth = SamTemplate.map(template.rawProperties(connection), "AuthParameters");
            Map<String, Object> apiKey = SamTemplate.map(auth, "ApiKeyAuthParameters");
            if (!apiKey.isEmpty()) {
                headers.put(values.text(apiKey.get("ApiKeyName"), connection + " ApiKeyName"),
                        values.text(apiKey.get("ApiKeyValue"), connection + " ApiKeyValue"));
            }
        });
        InputTransformation input = input(values, target, where);
        EventFilter pattern = pattern(values, id, rule);
        String bus = rule.get("EventBusName") == null ? null : values.text(rule.get("EventBusName"), id + " EventBusName");
        String method = String.valueOf(values.value(destinationProperties.getOrDefault("HttpMethod", "POST"), destination));
        return new WebhookRule(id, String.valueOf(target.get("Id")), bus, pattern, input, method, Map.copyOf(headers));
    }

    /** A rule's EventPattern, resolved for the parameters. */
    static EventFilter pattern(TemplateValues values, String id, Map<String, Object> rule) {
        return EventFilter.of(id + " EventPattern", values.value(rule.get("EventPattern"), id + " EventPattern"));
    }

    /** The input transformer of the target {@code targetId} of the rule {@code id}, resolved for the parameters. */
    static InputTransformation input(SamTemplate template, TemplateValues values, String id, String targetId) {
        Object targets = template.rawProperties(id).get("Targets");
        if (targets instanceof List<?> list) {
            for (Object target : list) {
                if (target instanceof Map<?, ?> t && targetId.equals(String.valueOf(t.get("Id")))) {
                    return input(values, t, id + " target " + targetId);
                }
            }
        }
        throw new IllegalArgumentException("template.yaml: " + id + " has no target " + targetId);
    }

    private static InputTransformation input(TemplateValues values, Map<?, ?> target, String where) {
        @SuppressWarnings("unchecked")
        Map<String, Object> transformer = target.get("InputTransformer") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        if (transformer == null) {
            throw new IllegalStateException("template.yaml: " + where + " has no InputTransformer: local mode would post the"
                    + " whole event, which no chat webhook reads");
        }
        Map<String, String> paths = new LinkedHashMap<>();
        Object resolvedPaths = values.value(transformer.get("InputPathsMap"), where + " InputPathsMap");
        if (resolvedPaths instanceof Map<?, ?> p) {
            p.forEach((k, v) -> paths.put(String.valueOf(k), String.valueOf(v)));
        }
        return new InputTransformation(paths, values.text(transformer.get("InputTemplate"), where + " InputTemplate"));
    }

    /** The API destination a target's Arn names (!GetAtt Destination.Arn), if it names one. */
    private static Optional<String> destination(SamTemplate template, Object arn) {
        return attributeOwner(arn).filter(owner -> template.resourceType(owner).filter(API_DESTINATION_TYPE::equals).isPresent());
    }

    private static Optional<String> connection(SamTemplate template, Object arn) {
        return attributeOwner(arn).filter(owner -> template.resourceType(owner).isPresent());
    }

    private static Optional<String> attributeOwner(Object value) {
        return SamTemplate.intrinsic(value).filter(i -> i.function().equals("GetAtt"))
                .map(i -> i.argument() instanceof List<?> l ? String.valueOf(l.get(0)) : String.valueOf(i.argument()).split("\\.")[0]);
    }
}
