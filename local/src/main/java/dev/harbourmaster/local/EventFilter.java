package dev.harbourmaster.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * An event pattern, as EventBridge rules and Lambda event filtering (FilterCriteria) write them,
 * read and matched by Event Ruler, the pattern engine of EventBridge that AWS open-sourced (Lambda's
 * filters speak the same language). Its parser refuses what EventBridge would refuse, and it
 * matches as EventBridge does: every operator (prefix, suffix, anything-but, exists, numeric,
 * wildcard, $or, ...), values by their JSON type, and arrays in the event element by element
 * ({@code rulesForJSONEvent}: fields of one object inside an array must come from the same element).
 */
public final class EventFilter {

    private final String where;
    private final String json;
    private final Machine machine;

    private EventFilter(String where, String json, Machine machine) {
        this.where = where;
        this.json = json;
        this.machine = machine;
    }

    /** @param where what the pattern belongs to, for the message when Event Ruler refuses it */
    public static EventFilter parse(String where, String json) {
        Machine machine = Machine.builder().build();
        try {
            machine.addRule(where, json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " (at column " + e.getLocation().getColumnNr() + ")";
            throw refused(where, json, e.getOriginalMessage() + at, e);
        } catch (IOException | IllegalArgumentException e) {
            throw refused(where, json, e.getMessage(), e);
        }
        return new EventFilter(where, json, machine);
    }

    /** A pattern given as data (a template's YAML): parsed as its JSON. */
    public static EventFilter of(String where, Object pattern) {
        try {
            return parse(where, Json.MAPPER.writeValueAsString(pattern));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": the pattern cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static IllegalArgumentException refused(String where, String json, String why, Exception cause) {
        return new IllegalArgumentException(where + ": the pattern " + json + " is not one AWS accepts (Event Ruler: "
                + why + ")", cause);
    }

    public String where() {
        return where;
    }

    /** The pattern as JSON text (as PutRule's EventPattern takes it). */
    public String json() {
        return json;
    }

    /** Whether the event matches; an event that is not a JSON object (AWS sends none) matches nothing. */
    public boolean matches(JsonNode event) {
        return event != null && event.isObject() && !machine.rulesForJSONEvent(event).isEmpty();
    }

    /**
     * Lambda's FilterCriteria: the filters are alternatives, and a subscription without any gets
     * every record.
     */
    public static boolean anyMatches(List<EventFilter> filters, JsonNode event) {
        return filters.isEmpty() || filters.stream().anyMatch(f -> f.matches(event));
    }
}
