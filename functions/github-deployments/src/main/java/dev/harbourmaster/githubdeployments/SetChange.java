package dev.harbourmaster.githubdeployments;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.harbourmaster.invoke.LambdaImages;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One stream record as this function reads it: the item's old and new images in the SDK's
 * attribute maps (null when the record carries none).
 *
 * @param sequenceNumber what Lambda's ReportBatchItemFailures names the record by
 */
record SetChange(String sequenceNumber, Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {

    static SetChange of(DynamodbEvent.DynamodbStreamRecord record) {
        StreamRecord stream = record == null ? null : record.getDynamodb();
        if (stream == null) {
            return new SetChange(null, null, null);
        }
        return new SetChange(stream.getSequenceNumber(), LambdaImages.toSdk(stream.getOldImage()),
                LambdaImages.toSdk(stream.getNewImage()));
    }
}
