package dev.harbourmaster.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

class TableStreamTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-12-02T00:00:00.000";

    /** One shard of {@link Stream}: its records from the oldest kept, and whether it is closed. */
    private static final class StreamShard {
        final String id;
        final String parent;
        final BigInteger firstSequence;
        final List<Record> records = new ArrayList<>();
        int trimmed;
        boolean closed;

        StreamShard(String id, String parent, long firstSequence) {
            this.id = id;
            this.parent = parent;
            this.firstSequence = BigInteger.valueOf(firstSequence);
        }

        StreamShard write(String pk) {
            records.add(insert(pk, firstSequence.add(BigInteger.valueOf(trimmed + records.size())).toString()));
            return this;
        }

        /** The stream no longer keeps the oldest {@code count} records (DynamoDB keeps 24 hours). */
        void trim(int count) {
            records.subList(0, count).clear();
            trimmed += count;
        }

        /** The position just after the record with this sequence number. */
        int after(String sequence) {
            return new BigInteger(sequence).subtract(firstSequence).intValueExact() + 1;
        }
    }

    /**
     * A stream as DynamoDB Streams behaves, in memory: shards with parents that close, iterators
     * ({@code shard:position:generation}) that expire, records trimmed, calls that fail, and
     * DescribeStream answered {@link #pageSize} shards at a time.
     */
    private static final class Stream implements DynamoDbStreamsClient {
        final List<StreamShard> shards = new ArrayList<>();
        final List<GetShardIteratorRequest> iteratorRequests = new ArrayList<>();
        int pageSize = 100;
        int generation;
        int oldestValidGeneration;
        /** The next GetRecords of this shard times out, as a call that never answers does at the client's timeout. */
        String failNextReadOf;
        /** moto once gave, after a page, the last record's position again when two records shared a number. */
        boolean repeatsTheLastRecord;

        StreamShard shard(String id, String parent, long firstSequence) {
            StreamShard shard = new StreamShard(id, parent, firstSequence);
            shards.add(shard);
            return shard;
        }

        StreamShard shard(String id) {
            return shards.stream().filter(s -> s.id.equals(id)).findFirst().orElseThrow();
        }

        void expireEveryIterator() {
            oldestValidGeneration = ++generation;
        }

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            int from = request.exclusiveStartShardId() == null ? 0
                    : shards.indexOf(shard(request.exclusiveStartShardId())) + 1;
            List<Shard> page = shards.subList(from, Math.min(shards.size(), from + pageSize)).stream()
                    .map(s -> Shard.builder().shardId(s.id).parentShardId(s.parent).build()).toList();
            String last = from + pageSize < shards.size() ? page.get(page.size() - 1).shardId() : null;
            return DescribeStreamResponse.builder().streamDescription(d -> d.streamArn(ARN).shards(page)
                    .lastEvaluatedShardId(last)).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            iteratorRequests.add(request);
            StreamShard shard = shard(request.shardId());
            int position = switch (request.shardIteratorType()) {
                case TRIM_HORIZON -> shard.trimmed;
                case LATEST -> shard.trimmed + shard.records.size();
                case AFTER_SEQUENCE_NUMBER -> shard.after(request.sequenceNumber());
                default -> throw new IllegalArgumentException(request.shardIteratorTypeAsString());
            };
            if (position < shard.trimmed) {
                throw TrimmedDataAccessException.builder().message("trimmed").build();
            }
            return GetShardIteratorResponse.builder().shardIterator(iterator(shard, position)).build();
        }

        private String iterator(StreamShard shard, int position) {
            return shard.id + ":" + position + ":" + generation;
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            String[] parts = request.shardIterator().split(":");
            if (parts[0].equals(failNextReadOf)) {
                failNextReadOf = null;
                throw ApiCallAttemptTimeoutException.create(10_000);
            }
            if (Integer.parseInt(parts[2]) < oldestValidGeneration) {
                throw ExpiredIteratorException.builder().message("Iterator expired").build();
            }
            StreamShard shard = shard(parts[0]);
            int position = Integer.parseInt(parts[1]);
            if (position < shard.trimmed) {
                throw TrimmedDataAccessException.builder().message("trimmed").build();
            }
            List<Record> page = List.copyOf(shard.records.subList(position - shard.trimmed, shard.records.size()));
            int next = page.isEmpty() ? position : position + page.size() - (repeatsTheLastRecord ? 1 : 0);
            boolean end = shard.closed && next == shard.trimmed + shard.records.size();
            return GetRecordsResponse.builder().records(page).nextShardIterator(end ? null : iterator(shard, next)).build();
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
        Stream stream = new Stream();
        StreamShard shard = stream.shard("shard-1", null, 100);
        TableStream reader = new TableStream(TABLE, stream, "t");
        shard.write("a").write("b");

        assertThat(keys(reader.poll())).containsExactly("a", "b");
        assertThat(keys(reader.poll())).isEmpty();
        shard.write("c");
        assertThat(keys(reader.poll())).containsExactly("c");
    }

    @Test
    void fromLatestOnlyWhatIsWrittenAfterwardsIsHandedOver() {
        Stream stream = new Stream();
        StreamShard shard = stream.shard("shard-1", null, 100).write("before");
        TableStream reader = new TableStream(TABLE, stream, "t", ShardIteratorType.LATEST);
        shard.write("after");

        assertThat(keys(reader.poll())).containsExactly("after");
    }

    @Test
    @Timeout(10)
    void aStreamThatHandsTheSameRecordBackForeverIsReadOnceAndLeft() {
        Stream stream = new Stream();
        stream.repeatsTheLastRecord = true;
        StreamShard shard = stream.shard("shard-1", null, 100);
        TableStream reader = new TableStream(TABLE, stream, "t");
        shard.write("a").write("b");

        assertThat(keys(reader.poll())).containsExactly("a", "b");
        assertThat(keys(reader.poll())).as("b handed back again").isEmpty();
        shard.write("c");
        assertThat(keys(reader.poll())).containsExactly("c");
    }

    @Test
    void aChildShardIsReadOnlyAfterItsParentIsReadToItsEnd() {
        Stream stream = new Stream();
        StreamShard parent = stream.shard("shard-1", null, 100).write("a");
        TableStream reader = new TableStream(TABLE, stream, "t");
        assertThat(keys(reader.poll())).containsExactly("a");

        // The roll: the parent takes its last write and closes; the child, listed first, takes the next.
        parent.write("b");
        parent.closed = true;
        StreamShard child = new StreamShard("shard-2", "shard-1", 200).write("c").write("d");
        stream.shards.add(0, child);

        assertThat(keys(reader.poll())).containsExactly("b", "c", "d");
        child.write("e");
        assertThat(keys(reader.poll())).containsExactly("e");
    }

    @Test
    void aChildWaitsWhileItsParentStillHasRecordsToRead() {
        Stream stream = new Stream();
        StreamShard parent = stream.shard("shard-1", null, 100).write("a");
        stream.shard("shard-2", "shard-1", 200).write("c");
        TableStream reader = new TableStream(TABLE, stream, "t");

        assertThat(keys(reader.poll())).as("the parent is open: the child waits").containsExactly("a");
        parent.write("b");
        parent.closed = true;
        assertThat(keys(reader.poll())).containsExactly("b", "c");
    }

    @Test
    void aShardTheStreamNoLongerListsIsForgottenAndItsChildRead() {
        Stream stream = new Stream();
        stream.shard("shard-1", null, 100).write("a");
        TableStream reader = new TableStream(TABLE, stream, "t");
        assertThat(keys(reader.poll())).containsExactly("a");

        stream.shards.clear();
        stream.shard("shard-2", "shard-1", 200).write("b");

        assertThat(keys(reader.poll())).containsExactly("b");
    }

    @Test
    void describeStreamIsReadPageAfterPage() {
        Stream stream = new Stream();
        stream.pageSize = 1;
        stream.shard("shard-1", null, 100).write("a");
        stream.shard("shard-2", null, 200).write("b");
        stream.shard("shard-3", null, 300).write("c");
        TableStream reader = new TableStream(TABLE, stream, "t");

        assertThat(keys(reader.poll())).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void anExpiredIteratorIsReplacedByOneAfterTheLastRecordHandedOver() {
        Stream stream = new Stream();
        StreamShard shard = stream.shard("shard-1", null, 100).write("a");
        List<String> notices = new ArrayList<>();
        TableStream reader = new TableStream(TABLE, stream, "t").onNotice(notices::add);
        assertThat(keys(reader.poll())).containsExactly("a");

        shard.write("b");
        stream.expireEveryIterator();

        assertThat(keys(reader.poll())).containsExactly("b");
        assertThat(stream.iteratorRequests).last().satisfies(r -> {
            assertThat(r.shardIteratorType()).isEqualTo(ShardIteratorType.AFTER_SEQUENCE_NUMBER);
            assertThat(r.sequenceNumber()).isEqualTo("100");
        });
        assertThat(notices).singleElement().asString().contains("shard-1", "expired", "after sequence number 100");
    }

    @Test
    void aCallThatFailsHandsOverNothingAndTheNextPollLosesNothingAndRepeatsNothing() {
        Stream stream = new Stream();
        StreamShard first = stream.shard("shard-1", null, 100).write("a");
        StreamShard second = stream.shard("shard-2", null, 200).write("b");
        TableStream reader = new TableStream(TABLE, stream, "t");
        assertThat(keys(reader.poll())).containsExactly("a", "b");

        first.write("c");
        second.write("d");
        stream.failNextReadOf = "shard-2";
        assertThatThrownBy(reader::poll).as("shard-1 was read, shard-2's read timed out")
                .isInstanceOf(ApiCallAttemptTimeoutException.class);
        int before = stream.iteratorRequests.size();

        assertThat(keys(reader.poll())).containsExactly("c", "d");
        assertThat(stream.iteratorRequests.subList(before, stream.iteratorRequests.size()))
                .as("fresh iterators after the last records handed over")
                .extracting(GetShardIteratorRequest::shardIteratorType, GetShardIteratorRequest::sequenceNumber)
                .containsExactly(tuple(ShardIteratorType.AFTER_SEQUENCE_NUMBER, "100"),
                        tuple(ShardIteratorType.AFTER_SEQUENCE_NUMBER, "200"));
        assertThat(keys(reader.poll())).isEmpty();
    }

    @Test
    void recordsTrimmedBeforeTheyWereReadAreSaidAndTheReadGoesOnFromTheOldestKept() {
        Stream stream = new Stream();
        StreamShard shard = stream.shard("shard-1", null, 100).write("a");
        List<String> notices = new ArrayList<>();
        TableStream reader = new TableStream(TABLE, stream, "t").onNotice(notices::add);
        assertThat(keys(reader.poll())).containsExactly("a");

        shard.write("b").write("c");
        shard.trim(2);
        stream.expireEveryIterator();

        assertThat(keys(reader.poll())).containsExactly("c");
        assertThat(notices).hasSize(2).last().asString().contains("trimmed", "after sequence number 100");
    }
}
