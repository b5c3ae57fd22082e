package dev.harbourmaster.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.util.Map;

/**
 * A stream record as Lambda's event filtering sees it: the JSON of the record in the event Lambda
 * passes ({@code eventName}, {@code dynamodb.Keys/NewImage/OldImage} in DynamoDB's typed JSON, e.g.
 * {@code {"S": "ReleaseSet"}}), which FilterCriteria patterns are written against.
 */
final class StreamRecordJson {

    private StreamRecordJson() {}

    static ObjectNode of(DynamodbEvent.DynamodbStreamRecord record) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        putText(json, "eventID", record.getEventID());
        putText(json, "eventName", record.getEventName());
        putText(json, "eventVersion", record.getEventVersion());
        putText(json, "eventSource", record.getEventSource());
        putText(json, "awsRegion", record.getAwsRegion());
        putText(json, "eventSourceARN", record.getEventSourceARN());
        StreamRecord stream = record.getDynamodb();
        if (stream != null) {
            ObjectNode dynamodb = json.putObject("dynamodb");
            item(dynamodb, "Keys", stream.getKeys());
            item(dynamodb, "NewImage", stream.getNewImage());
            item(dynamodb, "OldImage", stream.getOldImage());
            putText(dynamodb, "SequenceNumber", stream.getSequenceNumber());
            putText(dynamodb, "StreamViewType", stream.getStreamViewType());
        }
        return json;
    }

    private static void putText(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }

    private static void item(ObjectNode parent, String name, Map<String, AttributeValue> item) {
        if (item != null) {
            ObjectNode node = parent.putObject(name);
            item.forEach((attribute, value) -> node.set(attribute, value(value)));
        }
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        if (value.getS() != null) {
            node.put("S", value.getS());
        } else if (value.getN() != null) {
            node.put("N", value.getN());
        } else if (value.getBOOL() != null) {
            node.put("BOOL", value.getBOOL());
        } else if (Boolean.TRUE.equals(value.getNULL())) {
            node.put("NULL", true);
        } else if (value.getSS() != null) {
            ArrayNode list = node.putArray("SS");
            value.getSS().forEach(list::add);
        } else if (value.getNS() != null) {
            ArrayNode list = node.putArray("NS");
            value.getNS().forEach(list::add);
        } else if (value.getL() != null) {
            ArrayNode list = node.putArray("L");
            value.getL().forEach(v -> list.add(value(v)));
        } else if (value.getM() != null) {
            ObjectNode map = node.putObject("M");
            value.getM().forEach((k, v) -> map.set(k, value(v)));
        } else if (value.getB() != null) {
            node.put("B", value.getB().array());
        }
        return node;
    }
}
