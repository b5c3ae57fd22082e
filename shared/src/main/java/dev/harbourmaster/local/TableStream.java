package dev.harbourmaster.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads the emulator's table stream as Lambda's event source mapping would (GetShardIterator,
 * GetRecords) and hands the records over as the {@link DynamodbEvent} Lambda passes a handler.
 * Used by the tests and by local mode.
 */
public final class TableStream {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, String> iterators = new HashMap<>();
    /** The sequence number of the last record handed over, by shard. */
    private final Map<String, BigInteger> lastRead = new HashMap<>();

    /** Reads from the start of the stream (TRIM_HORIZON). */
    public TableStream(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table) {
        this(dynamo, streams, table, ShardIteratorType.TRIM_HORIZON);
    }

    /**
     * @param start TRIM_HORIZON (everything the stream holds) or LATEST (only what is written from
     *              now on, in the shards that exist now; shards that appear later are read whole)
     */
    public TableStream(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table, ShardIteratorType start) {
        this.streams = streams;
        this.streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        if (streamArn == null) {
            throw new IllegalStateException("table " + table + " has no stream");
        }
        if (start == ShardIteratorType.LATEST) {
            for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
                iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(streamArn)
                        .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.LATEST)).shardIterator());
            }
        } else if (start != ShardIteratorType.TRIM_HORIZON) {
            throw new IllegalArgumentException("start must be TRIM_HORIZON or LATEST, not " + start);
        }
    }

    public String streamArn() {
        return streamArn;
    }

    /**
     * Every record written since the last poll (the first poll reads from the starting position),
     * each once: a record at or before one already handed over is a repeat, and a page of nothing
     * else ends the shard's read as an empty page does (moto once handed one record back forever).
     */
    public DynamodbEvent poll() {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            // A shard read to its end keeps a null iterator: it is not read again from its start.
            String iterator = iterators.containsKey(shard.shardId()) ? iterators.get(shard.shardId())
                    : streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(current));
                int before = records.size();
                for (Record record : response.records()) {
                    BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                    BigInteger last = lastRead.get(shard.shardId());
                    if (last == null || sequence.compareTo(last) > 0) {
                        records.add(lambdaRecord(record));
                        lastRead.put(shard.shardId(), sequence);
                    }
                }
                iterator = response.nextShardIterator();
                iterators.put(shard.shardId(), iterator);
                if (records.size() == before) {
                    break;
                }
            }
        }
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private DynamodbEvent.DynamodbStreamRecord lambdaRecord(Record record) {
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
            case L -> converted.setL(value.l().stream().map(TableStream::lambdaValue).toList());
            case M -> converted.setM(lambdaItem(value.m()));
            default -> throw new IllegalArgumentException("attribute type not used by Harbourmaster: " + value.type());
        }
        return converted;
    }
}
