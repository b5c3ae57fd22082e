package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.List;

/** An "ECS Service Action" warning or error seen while a deployment was in flight: context for a person. */
public record ServiceNotice(String eventId, Instant at, String eventType, String eventName, List<String> reasons) {

    public ServiceNotice {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public String describe() {
        return eventType + " " + eventName + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
    }
}
