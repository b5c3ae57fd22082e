package dev.harbourmaster.domainevents;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.harbourmaster.invoke.LambdaImages;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One stream record as the publisher reads it: its keys and images in the SDK's attribute maps
 * (null when the record carries none).
 *
 * @param sequenceNumber      what Lambda's ReportBatchItemFailures names the record by
 * @param approximateCreation when DynamoDB wrote the change (null when the record does not say): the
 *                            same on every delivery of the record
 */
public record StreamChange(String sequenceNumber, String eventName, Map<String, AttributeValue> keys,
                           Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage,
                           Instant approximateCreation) {

    public StreamChange(String sequenceNumber, String eventName, Map<String, AttributeValue> keys,
                        Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        this(sequenceNumber, eventName, keys, oldImage, newImage, null);
    }

    public static StreamChange of(DynamodbEvent.DynamodbStreamRecord record) {
        StreamRecord stream = record == null ? null : record.getDynamodb();
        if (stream == null) {
            return new StreamChange(null, record == null ? null : record.getEventName(), null, null, null);
        }
        return new StreamChange(stream.getSequenceNumber(), record.getEventName(), LambdaImages.toSdk(stream.getKeys()),
                LambdaImages.toSdk(stream.getOldImage()), LambdaImages.toSdk(stream.getNewImage()),
                stream.getApproximateCreationDateTime() == null ? null : stream.getApproximateCreationDateTime().toInstant());
    }
}
