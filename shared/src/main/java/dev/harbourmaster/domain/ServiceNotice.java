package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.List;

/** An "ECS Service Action" warning or error seen while a deployment was in flight: context for a person. */
public record ServiceNotice(String eventId, Instant at, String eventType, String eventName, List<String> reasons) {

    public static final int MAX_REASONS = 10;

    public ServiceNotice {
        reasons = reasons == null ? List.of() : reasons.stream().limit(MAX_REASONS).map(StoredText::evidence).toList();
    }

    public String describe() {
        return eventType + " " + eventName + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
    }
}
