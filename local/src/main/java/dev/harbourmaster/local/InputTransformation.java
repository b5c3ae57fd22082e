package dev.harbourmaster.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EventBridge target's input transformer (InputPathsMap and InputTemplate), applied as the
 * EventBridge User Guide ("Amazon EventBridge input transformation") documents it:
 * <ul>
 *   <li>at most 100 variables, each a JSON path in dot notation with array indices ({@code $.detail.services[0].service});
 *       names may not start with "aws." (the predefined variables are {@code aws.events.rule-arn}, {@code
 *       aws.events.rule-name}, {@code aws.events.event.ingestion-time}, {@code aws.events.event} without the detail,
 *       {@code aws.events.event.json} with it);</li>
 *   <li>{@code <name>} outside a JSON string of the template is replaced by the value as JSON (a string with its
 *       quotes and escapes, as it is in the event);</li>
 *   <li>inside a string, by its text as it is: "EventBridge does not escape values extracted by Input Path", so a
 *       quote or a line break in it makes the result invalid JSON; an object or array loses its internal quotes;</li>
 *   <li>a path the event lacks creates no variable: its placeholder is replaced by nothing;</li>
 *   <li>{@code <text>} that names no variable is left as it is.</li>
 * </ul>
 * Not modelled: wildcards ({@code *}) in paths (refused here), the minifying of JSON output, what
 * EventBridge does with output that is not valid JSON (here: returned as it is, for the test to see).
 */
public final class InputTransformation {

    static final int MAX_VARIABLES = 100;
    private static final Pattern PATH = Pattern.compile("\\$(\\.[A-Za-z0-9_/-]+|\\[[0-9]+])*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Map<String, String> paths;
    private final String template;

    public InputTransformation(Map<String, String> inputPathsMap, String inputTemplate) {
        if (inputPathsMap.size() > MAX_VARIABLES) {
            throw new IllegalArgumentException("InputPathsMap has " + inputPathsMap.size() + " entries; EventBridge takes at most "
                    + MAX_VARIABLES);
        }
        inputPathsMap.forEach((name, path) -> {
            if (name.startsWith("aws.") || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("InputPathsMap: " + name + " cannot be a variable's name");
            }
            if (!PATH.matcher(path).matches()) {
                throw new IllegalArgumentException("InputPathsMap " + name + ": " + path
                        + " is not a JSON path of dot notation and array indices (wildcards are not modelled)");
            }
        });
        this.paths = Map.copyOf(inputPathsMap);
        this.template = inputTemplate;
    }

    /** The input the target receives for {@code event} from the rule {@code ruleName} ({@code ruleArn}). */
    public String render(JsonNode event, String ruleName, String ruleArn) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        paths.forEach((name, path) -> {
            JsonNode value = at(event, path);
            if (value != null) {
                variables.put(name, value);
            }
        });
        variables.put("aws.events.rule-name", Json.MAPPER.getNodeFactory().textNode(ruleName));
        variables.put("aws.events.rule-arn", Json.MAPPER.getNodeFactory().textNode(ruleArn));
        variables.put("aws.events.event.ingestion-time", event.path("time"));
        ObjectNode withoutDetail = event.deepCopy();
        withoutDetail.remove("detail");
        variables.put("aws.events.event", withoutDetail);
        variables.put("aws.events.event.json", event);

        String trimmed = template.strip();
        boolean json = trimmed.startsWith("{") || trimmed.startsWith("[") || trimmed.startsWith("\"");
        StringBuilder out = new StringBuilder();
        boolean inString = !json;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (json && c == '"') {
                inString = !inString;
            } else if (json && inString && c == '\\' && i + 1 < template.length()) {
                out.append(c).append(template.charAt(++i));
                continue;
            } else if (c == '<') {
                int end = template.indexOf('>', i + 1);
                String name = end < 0 ? "" : template.substring(i + 1, end);
                if (NAME.matcher(name).matches() && (paths.containsKey(name) || name.startsWith("aws.events."))) {
                    out.append(placed(variables.get(name), inString));
                    i = end;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String placed(JsonNode value, boolean inString) {
        if (value == null || value.isMissingNode()) {
            return "";
        }
        if (!inString) {
            return json(value);
        }
        if (value.isContainerNode()) {
            return json(value).replace("\"", "");
        }
        return value.isNull() ? "null" : value.asText();
    }

    private static String json(JsonNode value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value at a JSON path ($, .name, [index]); null when the event has none there. */
    static JsonNode at(JsonNode event, String path) {
        JsonNode node = event;
        int i = 1;
        while (node != null && i < path.length()) {
            if (path.charAt(i) == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                node = node.get(path.substring(i + 1, end));
                i = end;
            } else {
                int end = path.indexOf(']', i);
                node = node.get(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            }
        }
        return node;
    }
}
