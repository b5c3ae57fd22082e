package dev.harbourmaster.lambdaruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items in DynamoDB's JSON ({"S": "…"}, {"M": {…}}), as stream records carry them, and back. */
final class DynamoJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamoJson() {}

    static ObjectNode json(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((name, value) -> node.set(name, json(value)));
        return node;
    }

    private static ObjectNode json(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(json(element)));
            }
            case M -> node.set("M", json(value.m()));
            default -> throw new IllegalArgumentException("not an attribute type of Harbourmaster's items: " + value.type());
        }
        return node;
    }

    static Map<String, AttributeValue> item(JsonNode json) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        json.properties().forEach(field -> item.put(field.getKey(), value(field.getValue())));
        return item;
    }

    private static AttributeValue value(JsonNode json) {
        Map.Entry<String, JsonNode> typed = json.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(v.asText());
            case "N" -> AttributeValue.fromN(v.asText());
            case "BOOL" -> AttributeValue.fromBool(v.asBoolean());
            case "NULL" -> AttributeValue.fromNul(true);
            case "SS" -> AttributeValue.fromSs(texts(v));
            case "NS" -> AttributeValue.fromNs(texts(v));
            case "L" -> {
                List<AttributeValue> list = new ArrayList<>();
                v.forEach(element -> list.add(value(element)));
                yield AttributeValue.fromL(list);
            }
            case "M" -> AttributeValue.fromM(item(v));
            default -> throw new IllegalArgumentException("not an attribute type of Harbourmaster's items: " + typed.getKey());
        };
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(element -> texts.add(element.asText()));
        return texts;
    }
}
