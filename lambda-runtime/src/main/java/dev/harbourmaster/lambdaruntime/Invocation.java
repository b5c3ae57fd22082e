package dev.harbourmaster.lambdaruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * What one invocation answered. RIE answers a function's error with HTTP 200 and the runtime's
 * error document ({@code errorType}, {@code errorMessage}, {@code stackTrace}), as Lambda's Invoke
 * API does with its X-Amz-Function-Error header: read {@link #errorType()}, never the status alone.
 */
public record Invocation(int httpStatus, String body, Duration took) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON, or a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? JSON.missingNode() : node;
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    /** The function's error, when the runtime reported one: its {@code errorType}. */
    public Optional<String> errorType() {
        JsonNode json = json();
        return json.isObject() && json.has("errorType") && json.has("errorMessage")
                ? Optional.of(json.get("errorType").asText()) : Optional.empty();
    }

    /** True when the function answered: HTTP 200 and no function error. */
    public boolean succeeded() {
        return httpStatus == 200 && errorType().isEmpty();
    }
}
