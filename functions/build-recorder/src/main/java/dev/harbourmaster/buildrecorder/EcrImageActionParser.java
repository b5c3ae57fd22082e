package dev.harbourmaster.buildrecorder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.ImageDigest;
import dev.harbourmaster.support.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an EventBridge "ECR Image Action" event. Anything that is not a successful push of a
 * well-formed image is not ours, and the result says why in words fit for a log line.
 */
public final class EcrImageActionParser {

    /** Either a push to record, or the reason the event is passed over. */
    public sealed interface Result permits Push, NotOurs {}

    public record Push(ImagePush push) implements Result {}

    public record NotOurs(String reason) implements Result {}

    public Result parse(String json) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new NotOurs("malformed JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            return new NotOurs("malformed event: not a JSON object");
        }
        String source = event.path("source").asText("");
        String detailType = event.path("detail-type").asText("");
        if (!"aws.ecr".equals(source) || !"ECR Image Action".equals(detailType)) {
            return new NotOurs("not an ECR Image Action event (source '" + source + "', detail-type '" + detailType + "')");
        }
        JsonNode detail = event.path("detail");
        String action = detail.path("action-type").asText("");
        String result = detail.path("result").asText("");
        if (!"PUSH".equals(action)) {
            return new NotOurs("action-type " + (action.isEmpty() ? "missing" : action) + ": only PUSH records a build");
        }
        if (!"SUCCESS".equals(result)) {
            return new NotOurs("push result " + (result.isEmpty() ? "missing" : result) + ": only SUCCESS records a build");
        }
        List<String> missing = new ArrayList<>();
        String repository = required(detail, "repository-name", "detail.repository-name", missing);
        String digest = required(detail, "image-digest", "detail.image-digest", missing);
        String account = required(event, "account", "account", missing);
        String region = required(event, "region", "region", missing);
        String time = required(event, "time", "time", missing);
        if (!missing.isEmpty()) {
            return new NotOurs("malformed event: missing " + String.join(", ", missing));
        }
        Optional<String> notADigest = ImageDigest.refusal(digest);
        if (notADigest.isPresent()) {
            return new NotOurs("malformed event: detail.image-digest " + notADigest.get());
        }
        Instant pushedAt;
        try {
            pushedAt = Instant.parse(time);
        } catch (DateTimeParseException e) {
            return new NotOurs("malformed event: time '" + time + "' is not an ISO-8601 instant");
        }
        String tag = detail.path("image-tag").asText("");
        return new Push(new ImagePush(event.path("id").asText(null), account, region, repository, digest,
                tag.isBlank() ? null : tag, pushedAt));
    }

    private static String required(JsonNode parent, String field, String path, List<String> missing) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            missing.add(path);
            return null;
        }
        return value.asText();
    }
}
