package dev.harbourmaster.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** TransactWriteItems with the answers our callers need: which condition failed, if any. */
final class Transactions {

    static final String CONDITION_FAILED = "ConditionalCheckFailed";
    /** Two writers racing on one item cancel each other's transaction; the loser tries again. */
    private static final int CONFLICT_ATTEMPTS = 5;

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
