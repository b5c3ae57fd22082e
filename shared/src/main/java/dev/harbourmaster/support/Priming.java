package dev.harbourmaster.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, run the code paths of a first
 * event once (SDK clients' marshalling, signing, HTTP connections, our parsers and item mapping)
 * so that a restored function does not pay for loading and linking them. Reads only: a GetItem of
 * a key that never exists (of the function's own table, which its role may read), our parsers on
 * embedded samples, and ECR and ECS calls that are built, marshalled and signed but never sent
 * ({@link #unsent()}). Those name resources that need not exist and that the role need not be
 * granted (the stack's cluster and repository patterns may not match them): sent, they were
 * refused with AccessDenied at every snapshot, a denial CloudTrail records and security alarms
 * watch for, so they stop in the SDK just before the HTTP client. Every failure is swallowed (no
 * network, a missing resource): priming must never stop a snapshot.
 *
 * <p>A Priming is itself the {@code org.crac.Resource}: each function's wiring says what to prime
 * and, on the path Lambda takes (the handler's no-argument constructor), {@link #register()}s it;
 * CRaC then calls {@link #beforeCheckpoint} before the snapshot. On a JVM without CRaC,
 * registering does nothing and nothing is primed. Handlers built for tests and local mode register
 * nothing.
 */
public final class Priming implements Resource {

    /** A key no item has: PK "PRIMING" is not a prefix Harbourmaster writes. */
    private static final String KEY = "PRIMING";
    /** The cluster, service, task, task definition and repository the unsent calls name. */
    private static final String NAME = "harbourmaster-priming";

    /** CRaC's global context may hold its resources weakly: this holds every registered one for it. */
    private static final List<Priming> REGISTERED = new CopyOnWriteArrayList<>();

    private final List<Runnable> reads = new ArrayList<>();
    private int failures;

    /** Registers this priming with CRaC, to run before a SnapStart snapshot is taken. */
    public Priming register() {
        REGISTERED.add(this);
        Core.getGlobalContext().register(this);
        return this;
    }

    /** Every priming registered in this JVM, first to last: what the next checkpoint runs. */
    public static List<Priming> registered() {
        return List.copyOf(REGISTERED);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reopen connections and refresh credentials themselves.
    }

    public Priming dynamoDb(DynamoDbClient dynamo, String table) {
        return read(() -> dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS(KEY), "SK", AttributeValue.fromS(KEY)))));
    }

    /** EcsContainerPlatform's reading calls, built and signed but not sent. */
    public Priming ecs(EcsClient ecs) {
        return unsentRead(() -> ecs.describeServices(b -> b.cluster(NAME).services(NAME).overrideConfiguration(unsent())))
                .unsentRead(() -> ecs.listTasks(b -> b.cluster(NAME).serviceName(NAME).overrideConfiguration(unsent())))
                .unsentRead(() -> ecs.describeTasks(b -> b.cluster(NAME).tasks(NAME).overrideConfiguration(unsent())))
                .unsentRead(() -> ecs.describeTaskDefinition(b -> b.taskDefinition(NAME).overrideConfiguration(unsent())));
    }

    /** build-recorder's one ECR call, BatchGetImage, built and signed but not sent. */
    public Priming ecr(EcrClient ecr) {
        return unsentRead(() -> ecr.batchGetImage(b -> b.repositoryName(NAME).imageIds(i -> i.imageTag(NAME))
                .overrideConfiguration(unsent())));
    }

    /** Any other read: a parser on an embedded sample, a Jackson round trip. */
    public Priming read(Runnable read) {
        reads.add(read);
        return this;
    }

    private Priming unsentRead(Runnable call) {
        return read(() -> {
            try {
                call.run();
            } catch (NotSent expected) {
                return;
            }
            throw new IllegalStateException("a priming call was sent");
        });
    }

    /** Runs every read once; returns how many failed (they are expected: see the class comment). */
    public int prime() {
        failures = 0;
        for (Runnable read : reads) {
            try {
                read.run();
            } catch (RuntimeException e) {
                failures++;
            }
        }
        return failures;
    }

    /**
     * A request's configuration that stops it once signed, before the HTTP client sees it: the SDK
     * has resolved the endpoint and credentials, marshalled and signed it (the work a first call
     * pays for), and AWS never hears of it. Not retried: NotSent is no SDK exception.
     */
    static AwsRequestOverrideConfiguration unsent() {
        return AwsRequestOverrideConfiguration.builder()
                .addPlugin(client -> client.overrideConfiguration(client.overrideConfiguration().toBuilder()
                        .addExecutionInterceptor(STOP_BEFORE_SENDING).build()))
                .build();
    }

    private static final ExecutionInterceptor STOP_BEFORE_SENDING = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            throw new NotSent();
        }
    };

    private static final class NotSent extends RuntimeException {
        NotSent() {
            super("priming call stopped before sending", null, false, false);
        }
    }
}
