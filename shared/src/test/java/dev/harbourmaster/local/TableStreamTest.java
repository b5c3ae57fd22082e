package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class TableStreamTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-12-02T00:00:00.000";

    /** One shard whose records are read from an index; what each iterator returns is up to the test. */
    private static final class Shard implements DynamoDbStreamsClient {
        final List<Record> records = new ArrayList<>();
        /** Where the iterator after a page points: moto's gave the last record's position again when two shared a number. */
        boolean repeatsTheLastRecord;

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            return DescribeStreamResponse.builder().streamDescription(d -> d.streamArn(ARN)
                    .shards(s -> s.shardId("shard-1"))).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            return GetShardIteratorResponse.builder().shardIterator("0").build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            int from = Integer.parseInt(request.shardIterator());
            List<Record> page = records.subList(Math.min(from, records.size()), records.size());
            int next = page.isEmpty() ? from : records.size() - (repeatsTheLastRecord ? 1 : 0);
            return GetRecordsResponse.builder().records(List.copyOf(page)).nextShardIterator(String.valueOf(next)).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    private static final DynamoDbClient TABLE = new DynamoDbClient() {
        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            return DescribeTableResponse.builder().table(t -> t.tableName(request.tableName()).latestStreamArn(ARN)).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    };

    private static Record insert(String pk, String sequenceNumber) {
        return Record.builder().eventID(pk).eventName("INSERT").awsRegion("eu-west-1")
                .dynamodb(d -> d.keys(Map.of("PK", AttributeValue.fromS(pk))).sequenceNumber(sequenceNumber)
                        .streamViewType("NEW_AND_OLD_IMAGES"))
                .build();
    }

    private static List<String> keys(DynamodbEvent event) {
        return event.getRecords().stream().map(r -> r.getDynamodb().getKeys().get("PK").getS()).toList();
    }

    @Test
    void eachPollHandsOverWhatWasWrittenSinceTheLast() {
        Shard shard = new Shard();
        TableStream stream = new TableStream(TABLE, shard, "t");
        shard.records.add(insert("a", "100"));
        shard.records.add(insert("b", "101"));

        assertThat(keys(stream.poll())).containsExactly("a", "b");
        assertThat(keys(stream.poll())).isEmpty();
        shard.records.add(insert("c", "102"));
        assertThat(keys(stream.poll())).containsExactly("c");
    }

    @Test
    @Timeout(10)
    void aStreamThatHandsTheSameRecordBackForeverIsReadOnceAndLeft() {
        Shard shard = new Shard();
        shard.repeatsTheLastRecord = true;
        TableStream stream = new TableStream(TABLE, shard, "t");
        shard.records.add(insert("a", "11000000000174544230090"));
        shard.records.add(insert("b", "11000000000174544230091"));

        assertThat(keys(stream.poll())).containsExactly("a", "b");
        assertThat(keys(stream.poll())).as("b handed back again").isEmpty();
        shard.records.add(insert("c", "11000000000174544230092"));
        assertThat(keys(stream.poll())).containsExactly("c");
    }
}
