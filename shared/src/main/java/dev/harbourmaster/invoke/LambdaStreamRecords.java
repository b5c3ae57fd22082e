package dev.harbourmaster.invoke;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** A DynamoDB Streams record of the SDK as the {@link DynamodbEvent} record Lambda hands a function. */
final class LambdaStreamRecords {

    private LambdaStreamRecords() {}

    static DynamodbEvent.DynamodbStreamRecord of(Record record, String streamArn) {
        StreamRecord stream = new StreamRecord();
        stream.setKeys(lambdaItem(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            stream.setNewImage(lambdaItem(record.dynamodb().newImage()));
        }
        if (record.dynamodb().hasOldImage()) {
            stream.setOldImage(lambdaItem(record.dynamodb().oldImage()));
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

    private static Map<String, AttributeValue> lambdaItem(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
        Map<String, AttributeValue> converted = new HashMap<>();
        item.forEach((name, value) -> converted.put(name, lambdaValue(value)));
        return converted;
    }

    private static AttributeValue lambdaValue(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue converted = new AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(true);
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case L -> converted.setL(value.l().stream().map(LambdaStreamRecords::lambdaValue).toList());
            case M -> converted.setM(lambdaItem(value.m()));
            default -> throw new IllegalArgumentException("attribute type not used by Harbourmaster: " + value.type());
        }
        return converted;
    }
}
