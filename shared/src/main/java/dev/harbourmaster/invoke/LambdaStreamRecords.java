package dev.harbourmaster.invoke;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** A DynamoDB Streams record of the SDK as the {@link DynamodbEvent} record Lambda hands a function. */
final class LambdaStreamRecords {

    private LambdaStreamRecords() {}

    static DynamodbEvent.DynamodbStreamRecord of(Record record, String streamArn) {
        StreamRecord stream = new StreamRecord();
        stream.setKeys(LambdaImages.toLambda(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            stream.setNewImage(LambdaImages.toLambda(record.dynamodb().newImage()));
        }
        if (record.dynamodb().hasOldImage()) {
            stream.setOldImage(LambdaImages.toLambda(record.dynamodb().oldImage()));
        }
        stream.setSequenceNumber(record.dynamodb().sequenceNumber());
        stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType
                .fromValue(record.dynamodb().streamViewTypeAsString()));
        DynamodbEvent.DynamodbStreamRecord lambda = new DynamodbEvent.DynamodbStreamRecord();
        lambda.setEventID(record.eventID());
        lambda.setEventName(record.eventNameAsString());
        lambda.setEventSource("aws:dynamodb");
        lambda.setEventSourceARN(streamArn);
        lambda.setAwsRegion(record.awsRegion());
        lambda.setDynamodb(stream);
        return lambda;
    }
}
