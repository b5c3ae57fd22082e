package dev.harbourmaster.testing;

import dev.harbourmaster.dynamodb.TableFromTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The AWS emulator (moto server) that `make test` starts, reached through AWS_ENDPOINT_URL like
 * production code reaches AWS. Without it, integration tests fail loudly: they never skip.
 * Every client counts the AWS operations it makes, so tests can hold access patterns to one request.
 */
public final class Emulator {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("emulator.started");

    private final List<String> calls = new CopyOnWriteArrayList<>();
    /** When each AWS call began and ended (System.nanoTime), from every thread, since the last reset. */
    private final List<long[]> waits = new CopyOnWriteArrayList<>();
    private final ExecutionInterceptor counter;
    private final DynamoDbClient dynamo;
    private final EcrClient ecr;
    private final EcsClient ecs;

    public Emulator() {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: integration tests need the moto server;"
                    + " run them with `make test` (or scripts/with-moto.sh ./mvnw verify)");
        }
        counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                attributes.putAttribute(STARTED, System.nanoTime());
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                waits.add(new long[] {attributes.getAttribute(STARTED), System.nanoTime()});
            }

            @Override
            public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
                Long started = attributes.getAttribute(STARTED);
                if (started != null) {
                    waits.add(new long[] {started, System.nanoTime()});
                }
            }
        };
        var http = UrlConnectionHttpClient.create();
        dynamo = DynamoDbClient.builder().httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        ecr = EcrClient.builder().httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        ecs = EcsClient.builder().httpClient(http)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
    }

    /** Counts the calls of a client built elsewhere into {@link #calls()}. */
    public ExecutionInterceptor counter() {
        return counter;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public EcrClient ecr() {
        return ecr;
    }

    public EcsClient ecs() {
        return ecs;
    }

    /** A new table, made from template.yaml, with a unique name so tests never share records. */
    public String newTable() {
        String name = "hm-test-" + UUID.randomUUID();
        try {
            TableFromTemplate.createIfMissing(dynamo, repositoryRoot().resolve("template.yaml"), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        resetCalls();
        return name;
    }

    /** The AWS operations made since the last {@link #resetCalls()}, e.g. "DynamoDb:Query". */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public void resetCalls() {
        calls.clear();
        waits.clear();
    }

    /**
     * How long, since the last {@link #resetCalls()}, some AWS call of these clients was under way
     * (calls made at the same time count once): what a benchmark takes off its wall time to tell
     * our code's own time from the emulator's.
     */
    public long nanosWaitingForAws() {
        List<long[]> sorted = new ArrayList<>(waits);
        sorted.sort(Comparator.comparingLong(w -> w[0]));
        long total = 0;
        long from = Long.MIN_VALUE;
        long to = Long.MIN_VALUE;
        for (long[] w : sorted) {
            if (w[0] > to) {
                total += to - from;
                from = w[0];
                to = w[1];
            } else {
                to = Math.max(to, w[1]);
            }
        }
        return total + (to - from);
    }

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
