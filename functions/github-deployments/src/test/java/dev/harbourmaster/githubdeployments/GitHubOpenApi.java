package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's OpenAPI description of the operations we call (src/test/resources/github, README.txt
 * there says where from), as a checker of requests: the operation for a method and path, its path
 * and query parameters (known ones only, of their types, required ones present), and the JSON body
 * against the operation's request schema (networknt's OpenAPI 3.0 dialect: "nullable" counts).
 */
final class GitHubOpenApi {

    private static final JsonNode DOCUMENT = read();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    /** An operation the description has, with the values of its path parameters. */
    record Operation(String id, JsonNode node, Map<String, String> pathValues) {}

    private GitHubOpenApi() {}

    /** The operation of the description that {@code method} and {@code path} (no query) are; null when none is. */
    static Operation operation(String method, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = DOCUMENT.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> names = new ArrayList<>();
            Matcher braces = Pattern.compile("\\{([^}]+)}").matcher(entry.getKey());
            StringBuilder regex = new StringBuilder();
            int last = 0;
            while (braces.find()) {
                regex.append(Pattern.quote(entry.getKey().substring(last, braces.start()))).append("([^/]+)");
                names.add(braces.group(1));
                last = braces.end();
            }
            regex.append(Pattern.quote(entry.getKey().substring(last)));
            Matcher m = Pattern.compile(regex.toString()).matcher(path);
            JsonNode op = entry.getValue().path(method.toLowerCase());
            if (m.matches() && !op.isMissingNode()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
                }
                return new Operation(op.path("operationId").asText(), op, values);
            }
        }
        return null;
    }

    /** What is wrong with a request to {@code operation}: empty when the description allows it. */
    static List<String> problems(Operation operation, Map<String, String> query, JsonNode body) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : operation.node().path("parameters")) {
            JsonNode resolved = resolve(parameter);
            parameters.put(resolved.path("in").asText() + ":" + resolved.path("name").asText(), resolved);
        }
        parameters.forEach((key, parameter) -> {
            String name = parameter.path("name").asText();
            String value = key.startsWith("path:") ? operation.pathValues().get(name) : query.get(name);
            if (value == null) {
                if (parameter.path("required").asBoolean(false)) {
                    problems.add("required " + key + " is missing");
                }
                return;
            }
            problems.addAll(validate(parameter.path("schema"), scalar(parameter.path("schema"), value), key));
        });
        query.keySet().stream().filter(name -> !parameters.containsKey("query:" + name))
                .forEach(name -> problems.add("query parameter " + name + " is not one of " + operation.id() + "'s"));
        JsonNode requestBody = operation.node().path("requestBody");
        if (requestBody.isMissingNode()) {
            if (body != null) {
                problems.add(operation.id() + " takes no body");
            }
        } else if (body == null) {
            if (requestBody.path("required").asBoolean(false)) {
                problems.add(operation.id() + " needs a body");
            }
        } else {
            problems.addAll(validate(requestBody.path("content").path("application/json").path("schema"), body, "body"));
        }
        return problems;
    }

    private static List<String> validate(JsonNode schemaNode, JsonNode value, String where) {
        Schema schema = REGISTRY.getSchema(schemaNode);
        return schema.validate(value).stream().map(e -> where + ": " + e.getMessage()).toList();
    }

    /** A parameter's text as its schema's type (an integer that is not one stays text, and fails). */
    private static JsonNode scalar(JsonNode schema, String value) {
        if (schema.path("type").asText().equals("integer")) {
            try {
                return Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(value));
            } catch (NumberFormatException e) {
                return Json.MAPPER.getNodeFactory().textNode(value);
            }
        }
        return Json.MAPPER.getNodeFactory().textNode(value);
    }

    private static JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        return DOCUMENT.at(node.path("$ref").asText().substring(1));
    }

    private static JsonNode read() {
        try (InputStream in = GitHubOpenApi.class.getResourceAsStream("/github/deployments-openapi.json")) {
            if (in == null) {
                throw new AssertionError("src/test/resources/github/deployments-openapi.json is missing");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
