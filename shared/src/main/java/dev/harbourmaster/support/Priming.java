package dev.harbourmaster.support;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * SnapStart priming: before Lambda snapshots an initialised function, run the code paths of a first
 * event once (SDK clients' marshalling, signing, HTTP connections, our parsers and item mapping)
 * so that a restored function does not pay for loading and linking them. Reads only: a GetItem of
 * a key that never exists, describes of things that need not exist, our parsers on embedded
 * samples. Every failure is swallowed (a missing permission, a missing resource, no network):
 * priming must never stop a snapshot, and the call has done its work by reaching the client.
 *
 * <p>Each handler is an {@code org.crac.Resource}: its no-argument constructor (the one Lambda uses)
 * builds a Priming with the clients it made and registers the handler itself with CRaC's global
 * context (which may hold resources weakly; Lambda holds the handler), and its
 * {@code beforeCheckpoint} calls {@link #prime()}. On a JVM without CRaC, registering does nothing
 * and nothing is primed.
 */
public final class Priming {

    /** A key no item has: PK "PRIMING" is not a prefix Harbourmaster writes. */
    private static final String KEY = "PRIMING";

    private final List<Runnable> reads = new ArrayList<>();
    private int failures;

    /** Nothing to prime: the injecting constructors (tests, local mode) use this. */
    public static Priming none() {
        return new Priming();
    }

    public Priming dynamoDb(DynamoDbClient dynamo, String table) {
        return read(() -> dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(java.util.Map.of("PK", AttributeValue.fromS(KEY), "SK", AttributeValue.fromS(KEY)))));
    }

    public Priming ecs(EcsClient ecs) {
        return read(() -> ecs.describeServices(b -> b.cluster("harbourmaster-priming").services("harbourmaster-priming")));
    }

    public Priming ecr(EcrClient ecr) {
        return read(() -> ecr.describeImages(b -> b.repositoryName("harbourmaster-priming")
                .imageIds(i -> i.imageTag("harbourmaster-priming"))));
    }

    /** Any other read: a parser on an embedded sample, a Jackson round trip. */
    public Priming read(Runnable read) {
        reads.add(read);
        return this;
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
}
