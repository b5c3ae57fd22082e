package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** A PutEvents entry as EventBridge delivers it to a rule's target: the envelope, with the detail as JSON. */
final class Delivered {

    private Delivered() {}

    static ObjectNode event(PutEventsRequestEntry entry) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", entry.detailType());
        event.put("source", entry.source());
        event.put("account", "123456789012");
        event.put("time", (entry.time() == null ? Instant.now() : entry.time()).truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", "eu-west-1");
        entry.resources().forEach(event.putArray("resources")::add);
        try {
            event.set("detail", Json.MAPPER.readTree(entry.detail()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
