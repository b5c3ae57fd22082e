package dev.harbourmaster.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event pattern, as Lambda event filtering (FilterCriteria) and EventBridge rules write them,
 * matched the way AWS matches them, for the part of the language template.yaml uses:
 * <ul>
 *   <li>an object matches when every one of its fields matches the event's field of that name
 *       (fields the pattern does not name do not matter; a field the event lacks never matches);</li>
 *   <li>a list matches when the event's value equals one of its values (strings, numbers, booleans,
 *       null), or, for an event value that is itself a list, when any of its elements does;</li>
 *   <li>{@code {"prefix": "text"}} in such a list matches a string that starts with the text.</li>
 * </ul>
 * Any other operator (anything-but, numeric, exists, suffix, wildcard, …) is refused when the
 * pattern is read, naming it: local mode must never quietly deliver what AWS would not, or the
 * reverse. Add it here when the template starts to use it.
 */
public final class EventFilter {

    private final String source;
    private final JsonNode pattern;

    private EventFilter(String source, JsonNode pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** @param where what the pattern belongs to, for the message when it cannot be used */
    public static EventFilter parse(String where, String json) {
        JsonNode pattern;
        try {
            pattern = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": the pattern is not JSON: " + e.getOriginalMessage(), e);
        }
        return of(where, pattern);
    }

    /** @param where what the pattern belongs to, for the message when it cannot be used */
    public static EventFilter of(String where, Object pattern) {
        JsonNode node = pattern instanceof JsonNode json ? json : Json.MAPPER.valueToTree(pattern);
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException(where + ": a pattern must be a non-empty JSON object, not " + node);
        }
        check(where, node, "");
        return new EventFilter(where, node);
    }

    public String where() {
        return source;
    }

    /** The pattern as JSON text (as PutRule's EventPattern takes it). */
    public String json() {
        return pattern.toString();
    }

    public boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    /** True when any of the filters matches (Lambda's FilterCriteria: the filters are alternatives). */
    public static boolean anyMatches(List<EventFilter> filters, JsonNode event) {
        return filters.stream().anyMatch(f -> f.matches(event));
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode event) {
        if (event == null || !event.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode value = event.get(field.getKey());
            if (value == null || value.isMissingNode()) {
                return false;
            }
            boolean matched = field.getValue().isObject() ? matchesObject(field.getValue(), value)
                    : matchesList(field.getValue(), value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesList(JsonNode allowed, JsonNode value) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (matchesList(allowed, element)) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode candidate : allowed) {
            if (candidate.isObject()) {
                String prefix = candidate.get("prefix").asText();
                if (value.isTextual() && value.asText().startsWith(prefix)) {
                    return true;
                }
            } else if (sameValue(candidate, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameValue(JsonNode candidate, JsonNode value) {
        if (candidate.isNumber() && value.isNumber()) {
            return candidate.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (candidate.isNull()) {
            return value.isNull();
        }
        return candidate.getNodeType() == value.getNodeType() && candidate.asText().equals(value.asText());
    }

    private static void check(String where, JsonNode node, String path) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(where + ": " + at + " is an empty object");
                }
                check(where, value, at);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(where + ": " + at + " is an empty list, which matches nothing");
                }
                for (JsonNode element : value) {
                    checkValue(where, element, at);
                }
            } else {
                throw new IllegalArgumentException(where + ": " + at + " must be an object or a list of values, not "
                        + value);
            }
        }
    }

    private static void checkValue(String where, JsonNode element, String at) {
        if (element.isObject()) {
            List<String> operators = new ArrayList<>();
            element.fieldNames().forEachRemaining(operators::add);
            if (operators.size() == 1 && operators.get(0).equals("prefix") && element.get("prefix").isTextual()) {
                return;
            }
            throw new IllegalArgumentException(where + ": " + at + " uses " + operators + ", which local mode does not"
                    + " implement (it knows exact values and {\"prefix\": \"…\"}); add it to EventFilter");
        }
        if (element.isArray()) {
            throw new IllegalArgumentException(where + ": " + at + " holds a list inside a list");
        }
    }
}
