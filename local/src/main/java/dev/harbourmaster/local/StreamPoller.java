package dev.harbourmaster.local;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.harbourmaster.invoke.LocalContext;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.support.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * One function's subscription to the table's stream, as Lambda's event source mapping runs it: its
 * own position in the stream, the template's FilterCriteria (a record no filter matches is dropped,
 * as Lambda drops it), batches of at most BatchSize, and with ReportBatchItemFailures a retry from
 * the first failed record (after a short pause) up to MaximumRetryAttempts, then the batch is given
 * up (logged, as Lambda would send it to the failure destination).
 */
final class StreamPoller {

    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final TemplateWiring.StreamEvent event;
    private final LocalFunctions.StreamBatchHandler function;
    private final TableStream stream;
    private final LocalLog localLog;
    private final Log log;
    private final AtomicLong activity;
    private final BiConsumer<String, DynamodbEvent.DynamodbStreamRecord> delivered;
    private final Deque<DynamodbEvent.DynamodbStreamRecord> pending = new ArrayDeque<>();
    private int failedAttempts;
    private Instant retryAt = Instant.EPOCH;

    StreamPoller(TemplateWiring.StreamEvent event, LocalFunctions.StreamBatchHandler function, TableStream stream,
                 LocalLog localLog, AtomicLong activity, BiConsumer<String, DynamodbEvent.DynamodbStreamRecord> delivered) {
        this.event = event;
        this.function = function;
        this.stream = stream;
        this.localLog = localLog;
        this.log = localLog.log();
        this.activity = activity;
        this.delivered = delivered;
    }

    String functionId() {
        return event.functionId();
    }

    /** Reads what is new, and hands one batch to the function; true when it did anything. */
    synchronized boolean pollOnce() {
        List<DynamodbEvent.DynamodbStreamRecord> fresh = stream.poll().getRecords();
        for (DynamodbEvent.DynamodbStreamRecord record : fresh) {
            if (EventFilter.anyMatches(event.filters(), StreamRecordJson.of(record))) {
                pending.addLast(record);
            }
        }
        if (pending.isEmpty() || Instant.now().isBefore(retryAt)) {
            return false;
        }
        activity.incrementAndGet();
        List<DynamodbEvent.DynamodbStreamRecord> batch = new ArrayList<>();
        pending.stream().limit(Math.max(1, event.batchSize())).forEach(batch::add);
        DynamodbEvent lambdaEvent = new DynamodbEvent();
        lambdaEvent.setRecords(batch);
        if (failedAttempts == 0) {
            batch.forEach(r -> delivered.accept(event.functionId(), r));
        }
        int done;
        String error = null;
        try {
            StreamsEventResponse response = function.handler().handleRequest(lambdaEvent,
                    new LocalContext(event.functionId(), localLog.logs(), LocalMode.INVOCATION_TIMEOUT_MILLIS));
            done = firstFailed(batch, response);
        } catch (RuntimeException e) {
            done = 0;
            error = String.valueOf(e);
        }
        for (int i = 0; i < done; i++) {
            pending.removeFirst();
        }
        if (done == batch.size()) {
            failedAttempts = 0;
            return true;
        }
        failedAttempts++;
        if (event.maximumRetryAttempts() >= 0 && failedAttempts > event.maximumRetryAttempts()) {
            log.error("stream batch given up after its retries (Lambda would send it to the failure destination)")
                    .with("function", event.functionId()).with("records", batch.size() - done)
                    .with("error", error).write();
            for (int i = done; i < batch.size(); i++) {
                pending.removeFirst();
            }
            failedAttempts = 0;
        } else {
            log.info("stream batch failed from a record; retried from it").with("function", event.functionId())
                    .with("attempt", failedAttempts).with("error", error).write();
            retryAt = Instant.now().plus(RETRY_PAUSE);
        }
        return true;
    }

    /** How many records of the batch are done: all, or those before the first the function reported failed. */
    private static int firstFailed(List<DynamodbEvent.DynamodbStreamRecord> batch, StreamsEventResponse response) {
        if (response == null || response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty()) {
            return batch.size();
        }
        int first = batch.size();
        for (StreamsEventResponse.BatchItemFailure failure : response.getBatchItemFailures()) {
            for (int i = 0; i < batch.size(); i++) {
                String sequence = batch.get(i).getDynamodb() == null ? null : batch.get(i).getDynamodb().getSequenceNumber();
                if (sequence != null && sequence.equals(failure.getItemIdentifier())) {
                    first = Math.min(first, i);
                }
            }
        }
        // A failure that names no record of the batch: Lambda retries the whole batch.
        return first == batch.size() ? 0 : first;
    }

    synchronized int pending() {
        return pending.size();
    }
}
