package dev.harbourmaster.deployer;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import java.util.Map;

/**
 * What the deployer reads of one table-stream record: the release set its keys name (null when
 * they name something else), and who asked, as the new image says, for the log line.
 *
 * @param keyed whether the record had both PK and SK (a record without them is logged and skipped)
 */
record SetRecord(boolean keyed, String releaseSetId, String sequenceNumber, String eventName, String project,
                 String environment, String requestedBy, String requestedByArn) {

    static SetRecord of(DynamodbEvent.DynamodbStreamRecord record) {
        StreamRecord stream = record == null ? null : record.getDynamodb();
        Map<String, AttributeValue> keys = stream == null ? null : stream.getKeys();
        Map<String, AttributeValue> image = stream == null ? null : stream.getNewImage();
        String pk = text(keys, "PK");
        String sk = text(keys, "SK");
        boolean keyed = pk != null && sk != null;
        return new SetRecord(keyed, keyed ? DynamoDbReleaseSets.releaseSetIdOf(pk, sk).orElse(null) : null,
                stream == null ? null : stream.getSequenceNumber(), record == null ? null : record.getEventName(),
                text(image, "project"), text(image, "environment"), text(image, "requestedBy"),
                text(image, "requestedByArn"));
    }

    private static String text(Map<String, AttributeValue> values, String name) {
        return values == null || values.get(name) == null ? null : values.get(name).getS();
    }
}
