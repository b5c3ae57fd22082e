package dev.harbourmaster.testing;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One fault on one DynamoDB call of a client of the emulator: the n-th call of an operation (say
 * the second TransactWriteItems) never arrives, or takes effect and loses its answer (a 500 or a
 * timeout past the SDK's retries, as a caller sees it), or waits while another writer gets in.
 * Every call is counted in the emulator's {@link Emulator#calls()} too.
 */
public final class DynamoDbFaults implements ExecutionInterceptor {

    private enum Fault { NEVER_ARRIVES, ANSWER_LOST, MEANWHILE }

    private static final ExecutionAttribute<Boolean> LOSE = new ExecutionAttribute<>("faults.lose");

    private final String operation;
    private final int occurrence;
    private final Fault fault;
    private final Runnable meanwhile;
    private final AtomicInteger seen = new AtomicInteger();

    private DynamoDbFaults(String operation, int occurrence, Fault fault, Runnable meanwhile) {
        this.operation = operation;
        this.occurrence = occurrence;
        this.fault = fault;
        this.meanwhile = meanwhile;
    }

    /** The {@code occurrence}-th call of {@code operation} (e.g. "TransactWriteItems") fails before it is sent. */
    public static DynamoDbFaults neverArrives(String operation, int occurrence) {
        return new DynamoDbFaults(operation, occurrence, Fault.NEVER_ARRIVES, null);
    }

    /** The {@code occurrence}-th call of {@code operation} takes effect, then fails. */
    public static DynamoDbFaults answerLost(String operation, int occurrence) {
        return new DynamoDbFaults(operation, occurrence, Fault.ANSWER_LOST, null);
    }

    /** Just before the {@code occurrence}-th call of {@code operation} is sent, {@code meanwhile} runs: a writer in between. */
    public static DynamoDbFaults meanwhile(String operation, int occurrence, Runnable meanwhile) {
        return new DynamoDbFaults(operation, occurrence, Fault.MEANWHILE, meanwhile);
    }

    /** A client of the emulator with this fault. */
    public DynamoDbClient client(Emulator emulator) {
        return DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(emulator.counter()).addExecutionInterceptor(this))
                .build();
    }

    /** Whether the fault has happened. */
    public boolean happened() {
        return seen.get() >= occurrence;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                || seen.incrementAndGet() != occurrence) {
            return;
        }
        switch (fault) {
            case NEVER_ARRIVES -> throw SdkClientException.create("injected: " + operation + " #" + occurrence + " never arrived");
            case MEANWHILE -> meanwhile.run();
            case ANSWER_LOST -> attributes.putAttribute(LOSE, true);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (Boolean.TRUE.equals(attributes.getAttribute(LOSE))) {
            throw SdkClientException.create("injected: " + operation + " #" + occurrence + " took effect, its answer was lost");
        }
    }
}
