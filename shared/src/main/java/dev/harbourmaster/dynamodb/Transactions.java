package dev.harbourmaster.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems with the answers our callers need: which condition failed, if any. */
final class Transactions {

    static final String CONDITION_FAILED = "ConditionalCheckFailed";
    /** Two writers racing on one item cancel each other's transaction; the loser tries again. */
    private static final int CONFLICT_ATTEMPTS = 5;
    /** What one TransactWriteItems takes: 100 writes, 4 MB of items (AWS's API reference). */
    static final int MAX_WRITES = 100;
    static final long MAX_BYTES = 4L * 1024 * 1024;
    /** An update's item is not in the request: count it as large as an item can be. */
    private static final long MAX_ITEM_BYTES = 400L * 1024;

    private Transactions() {}

    /**
     * @return the cancellation code of each write, in order ("None" for those that were fine), or
     *         an empty list when the transaction committed
     */
    static List<String> run(DynamoDbClient dynamo, List<TransactWriteItem> writes) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return List.of();
            } catch (TransactionCanceledException e) {
                List<String> codes = e.hasCancellationReasons()
                        ? e.cancellationReasons().stream().map(CancellationReason::code).toList()
                        : List.of();
                if (codes.contains("TransactionConflict") && attempt < CONFLICT_ATTEMPTS) {
                    sleepBeforeRetry(attempt);
                    continue;
                }
                if (codes.contains(CONDITION_FAILED)) {
                    return codes;
                }
                throw e;
            }
        }
    }

    /** Runs a transaction whose first write's condition makes it idempotent: false when that condition failed. */
    static boolean runUnlessDone(DynamoDbClient dynamo, List<TransactWriteItem> writes) {
        List<String> codes = run(dynamo, writes);
        if (codes.isEmpty()) {
            return true;
        }
        if (CONDITION_FAILED.equals(codes.get(0))) {
            return false;
        }
        throw new IllegalStateException("transaction cancelled by a condition other than its first: " + codes);
    }

    /**
     * Runs writes that each take effect once, in order, in as few transactions as DynamoDB takes.
     * A write whose condition fails took effect before (an earlier delivery, or a racing one, made
     * it): its transaction runs again without it. When {@code firstDecides} and the first write's
     * condition fails, nothing is written and the answer is false: that write says whether the rest
     * are ours to make. A failure between transactions leaves the earlier ones written, for a second
     * run of the same writes to complete.
     */
    static boolean runInChunks(DynamoDbClient dynamo, List<TransactWriteItem> writes, boolean firstDecides) {
        return runInChunks(dynamo, writes, firstDecides, Transactions::sizeOf);
    }

    /** @param size the size of the item each write leaves, where the caller knows it better than {@link #sizeOf} */
    static boolean runInChunks(DynamoDbClient dynamo, List<TransactWriteItem> writes, boolean firstDecides,
                               ToLongFunction<TransactWriteItem> size) {
        boolean decided = !firstDecides;
        for (List<TransactWriteItem> chunk : chunks(writes, size)) {
            List<TransactWriteItem> left = chunk;
            while (!left.isEmpty()) {
                List<String> codes = run(dynamo, left);
                if (codes.isEmpty()) {
                    break;
                }
                if (!decided && failed(codes, 0)) {
                    return false;
                }
                List<TransactWriteItem> tried = left;
                left = IntStream.range(0, tried.size()).filter(i -> !failed(codes, i)).mapToObj(tried::get).toList();
            }
            decided = true;
        }
        return true;
    }

    /** The writes, in order, cut into transactions of at most {@value #MAX_WRITES} writes and {@link #MAX_BYTES}. */
    static List<List<TransactWriteItem>> chunks(List<TransactWriteItem> writes) {
        return chunks(writes, Transactions::sizeOf);
    }

    private static List<List<TransactWriteItem>> chunks(List<TransactWriteItem> writes, ToLongFunction<TransactWriteItem> sizes) {
        List<List<TransactWriteItem>> chunks = new ArrayList<>();
        List<TransactWriteItem> chunk = new ArrayList<>();
        long bytes = 0;
        for (TransactWriteItem write : writes) {
            long size = sizes.applyAsLong(write);
            if (!chunk.isEmpty() && (chunk.size() == MAX_WRITES || bytes + size > MAX_BYTES)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(write);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    static boolean fitInOne(List<TransactWriteItem> writes) {
        return chunks(writes).size() <= 1;
    }

    /** An item's size as DynamoDB counts it (names and values), rounded up where it is not exact. */
    static long sizeOf(TransactWriteItem write) {
        return write.put() == null ? MAX_ITEM_BYTES : sizeOf(write.put().item());
    }

    static long sizeOf(Map<String, AttributeValue> attributes) {
        return attributes.entrySet().stream().mapToLong(e -> bytes(e.getKey()) + sizeOf(e.getValue())).sum();
    }

    private static long sizeOf(AttributeValue value) {
        return switch (value.type()) {
            case S -> bytes(value.s());
            case SS -> value.ss().stream().mapToLong(Transactions::bytes).sum();
            case M -> 3 + value.m().size() + sizeOf(value.m());
            case L -> 3 + value.l().stream().mapToLong(v -> 1 + sizeOf(v)).sum();
            case B -> value.b().asByteArray().length;
            case BS -> value.bs().stream().mapToLong(b -> b.asByteArray().length).sum();
            case N -> 21;
            case NS -> 21L * value.ns().size();
            case BOOL, NUL, UNKNOWN_TO_SDK_VERSION -> 1;
        };
    }

    private static long bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static boolean failed(List<String> codes, int index) {
        return codes.size() > index && CONDITION_FAILED.equals(codes.get(index));
    }

    private static void sleepBeforeRetry(int attempt) {
        try {
            Thread.sleep(20L * attempt * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting transaction", interrupted);
        }
    }
}
