package dev.harbourmaster.invoke;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads the emulator's table stream as Lambda's event source mapping would (DescribeStream,
 * GetShardIterator, GetRecords) and hands the records over as the {@link DynamodbEvent} Lambda
 * passes a handler. Used by the tests and by local mode.
 *
 * <p>It survives what a real stream does: shards close and are replaced by children (DynamoDB rolls
 * them about every four hours), whose records are read only once their parent is read to its end;
 * a shard the stream no longer lists is forgotten; an iterator that expired (after 15 minutes) or a
 * call that failed or never answered (the client's timeout) is replaced by a fresh iterator after
 * the last record handed over. A poll hands over everything it read or, when a call fails, nothing
 * and moves no position, so a failure loses no record and repeats none.
 */
public final class TableStream {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();
    private Consumer<String> notices = notice -> {};

    /** Where the read of one shard stands. */
    private static final class Cursor {
        /** The iterator to read on with; null: take a fresh one. */
        String iterator;
        /** The sequence number of the last record handed over; null: none yet. */
        BigInteger handedOver;
        /** Read to its end: the shard is closed and its children may be read. */
        boolean ended;
        /** Its first iterator came from LATEST: until a record is handed over, a fresh one comes from LATEST too. */
        boolean fromLatest;

        Cursor copy() {
            Cursor copy = new Cursor();
            copy.iterator = iterator;
            copy.handedOver = handedOver;
            copy.ended = ended;
            copy.fromLatest = fromLatest;
            return copy;
        }
    }

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
            for (Shard shard : shards()) {
                Cursor cursor = new Cursor();
                cursor.fromLatest = true;
                cursor.iterator = iterator(shard.shardId(), ShardIteratorType.LATEST, null);
                cursors.put(shard.shardId(), cursor);
            }
        } else if (start != ShardIteratorType.TRIM_HORIZON) {
            throw new IllegalArgumentException("start must be TRIM_HORIZON or LATEST, not " + start);
        }
    }

    public String streamArn() {
        return streamArn;
    }

    /** Told, in a sentence, when the reader had to recover: an expired iterator, records trimmed before they were read. */
    public TableStream onNotice(Consumer<String> listener) {
        notices = listener;
        return this;
    }

    /**
     * Every record written since the last poll (the first poll reads from the starting position),
     * each once: a record at or before one already handed over is a repeat, and a page of nothing
     * else ends the shard's read as an empty page does (moto once handed one record back forever).
     *
     * @throws SdkException when a call failed; nothing was handed over and the next poll reads
     *                      again from fresh iterators after the records handed over before
     */
    public DynamodbEvent poll() {
        List<Shard> shards = shards();
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        cursors.keySet().retainAll(listed);
        Map<String, Cursor> next = new LinkedHashMap<>();
        cursors.forEach((id, cursor) -> next.put(id, cursor.copy()));
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        try {
            Set<String> read = new HashSet<>();
            boolean progress = true;
            while (progress) {
                progress = false;
                for (Shard shard : shards) {
                    if (!read.contains(shard.shardId()) && parentEnded(shard, listed, next)) {
                        read.add(shard.shardId());
                        read(shard.shardId(), next.computeIfAbsent(shard.shardId(), id -> new Cursor()), records);
                        progress = true;
                    }
                }
            }
        } catch (SdkException failed) {
            cursors.values().stream().filter(c -> c.handedOver != null || !c.fromLatest).forEach(c -> c.iterator = null);
            throw failed;
        }
        cursors.clear();
        cursors.putAll(next);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    /** A child shard's records come after all of its parent's: it waits until the parent is read to its end or gone. */
    private static boolean parentEnded(Shard shard, Set<String> listed, Map<String, Cursor> cursors) {
        String parent = shard.parentShardId();
        return parent == null || !listed.contains(parent) || (cursors.containsKey(parent) && cursors.get(parent).ended);
    }

    private void read(String shardId, Cursor cursor, List<DynamodbEvent.DynamodbStreamRecord> records) {
        if (cursor.ended) {
            return;
        }
        String iterator = cursor.iterator != null ? cursor.iterator : fresh(shardId, cursor);
        boolean renewed = false;
        while (iterator != null) {
            GetRecordsResponse response;
            try {
                String current = iterator;
                response = streams.getRecords(b -> b.shardIterator(current));
            } catch (ExpiredIteratorException | TrimmedDataAccessException stale) {
                if (renewed) {
                    throw stale;
                }
                if (stale instanceof ExpiredIteratorException) {
                    notices.accept("shard " + shardId + ": its iterator expired; reading on from a fresh one"
                            + after(cursor));
                }
                iterator = fresh(shardId, cursor);
                renewed = true;
                continue;
            }
            int before = records.size();
            for (Record record : response.records()) {
                BigInteger sequence = new BigInteger(record.dynamodb().sequenceNumber());
                if (cursor.handedOver == null || sequence.compareTo(cursor.handedOver) > 0) {
                    records.add(LambdaStreamRecords.of(record, streamArn));
                    cursor.handedOver = sequence;
                }
            }
            iterator = response.nextShardIterator();
            cursor.iterator = iterator;
            cursor.ended = iterator == null;
            if (records.size() == before) {
                break;
            }
        }
    }

    /** A new iterator just after the last record handed over, or where the shard's read starts. */
    private String fresh(String shardId, Cursor cursor) {
        if (cursor.handedOver != null) {
            try {
                return iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, cursor.handedOver.toString());
            } catch (TrimmedDataAccessException trimmed) {
                notices.accept("shard " + shardId + ": records" + after(cursor) + " were trimmed from the stream"
                        + " (it keeps 24 hours) before they were read; reading on from the oldest it keeps");
                return iterator(shardId, ShardIteratorType.TRIM_HORIZON, null);
            }
        }
        return iterator(shardId, cursor.fromLatest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON, null);
    }

    private static String after(Cursor cursor) {
        return cursor.handedOver == null ? "" : " after sequence number " + cursor.handedOver;
    }

    private String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
        return streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    /** Every shard the stream lists now, page after page. */
    private List<Shard> shards() {
        List<Shard> shards = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            DescribeStreamResponse page = streams.describeStream(b -> b.streamArn(streamArn).exclusiveStartShardId(from));
            shards.addAll(page.streamDescription().shards());
            start = page.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        return shards;
    }
}
