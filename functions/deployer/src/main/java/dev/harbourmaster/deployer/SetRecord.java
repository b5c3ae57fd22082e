package dev.harbourmaster.deployer;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.StreamImages;
import dev.harbourmaster.invoke.LambdaImages;
import java.util.List;
import java.util.Map;

/**
 * What the deployer reads of one table-stream record: the release set its keys name (null when
 * they name something else), the set as its new image holds it, and who asked, for the log line.
 *
 * @param keyed    whether the record had both PK and SK (a record without them is logged and skipped)
 * @param streamed the release set of the new image; null when the image is only keys, or cannot be read
 */
record SetRecord(boolean keyed, String releaseSetId, String sequenceNumber, String eventName, String project,
                 String environment, String requestedBy, String requestedByArn, ReleaseSet streamed) {

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
                text(image, "requestedByArn"), releaseSetOf(image));
    }

    /** The set's newest image in a batch (null where it was only keys): a set written twice is deployed once, as it was last. */
    static ReleaseSet newestImage(List<SetRecord> records, String releaseSetId) {
        ReleaseSet newest = null;
        for (SetRecord record : records) {
            if (releaseSetId.equals(record.releaseSetId())) {
                newest = record.streamed();
            }
        }
        return newest;
    }

    private static ReleaseSet releaseSetOf(Map<String, AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return null;
        }
        try {
            var item = LambdaImages.toSdk(image);
            return StreamImages.isReleaseSet(item) ? StreamImages.releaseSet(item) : null;
        } catch (IllegalArgumentException unreadable) {
            return null; // read again from the table, where a malformed set is rejected with the reason
        }
    }

    private static String text(Map<String, AttributeValue> values, String name) {
        return values == null || values.get(name) == null ? null : values.get(name).getS();
    }
}
