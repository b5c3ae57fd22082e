package dev.harbourmaster.recorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Lambda entry point for the sweeper's schedule; the scheduled event's content does not matter.
 * A CRaC resource: before a SnapStart snapshot it primes its clients with reads only.
 */
public final class SweeperHandler implements RequestStreamHandler, Resource {

    private final Sweeper sweeper;
    private final Log log;
    private final Priming priming;

    public SweeperHandler() {
        this(RecorderConfig.fromEnvironment(System.getenv()), AwsClients.httpClient());
        Core.getGlobalContext().register(this);
    }

    private SweeperHandler(RecorderConfig config, SdkHttpClient http) {
        this(config, AwsClients.dynamoDb(http), AwsClients.ecs(http), new Log("sweeper"));
    }

    private SweeperHandler(RecorderConfig config, DynamoDbClient dynamo, EcsClient ecs, Log log) {
        this(defaultSweeper(config, dynamo, ecs, log), log,
                // The sweeper's own first read (the sets in flight), and a report serialised as the answer is.
                new Priming().read(() -> new DynamoDbDeploymentRecords(dynamo, config.tableName()).inFlight())
                        .read(() -> serialise(new Sweeper.Report(0, 0, 0)))
                        .ecs(ecs));
    }

    public SweeperHandler(Sweeper sweeper, Log log) {
        this(sweeper, log, Priming.none());
    }

    private SweeperHandler(Sweeper sweeper, Log log, Priming priming) {
        this.sweeper = sweeper;
        this.log = log;
        this.priming = priming;
    }

    private static Sweeper defaultSweeper(RecorderConfig config, DynamoDbClient dynamo, EcsClient ecs, Log log) {
        var records = new DynamoDbDeploymentRecords(dynamo, config.tableName());
        var platform = new EcsContainerPlatform(ecs);
        var releaseSets = new DynamoDbReleaseSets(dynamo, config.tableName());
        var recorder = new DeploymentRecorder(records, releaseSets, platform, Instant::now, config.unknownGrace(),
                config.served(), log);
        return new Sweeper(records, releaseSets, platform, recorder,
                Instant::now, config.deploymentTimeout(), log);
    }

    private static byte[] serialise(Sweeper.Report report) {
        try {
            return Json.MAPPER.writeValueAsBytes(report);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reopen connections and refresh credentials themselves.
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        Sweeper.Report report = sweeper.sweep();
        log.info("sweep done").with("setsInFlight", report.setsLookedAt())
                .with("deploymentsClosed", report.deploymentsClosed()).with("setsEnded", report.setsEnded()).write();
        output.write(Json.MAPPER.writeValueAsBytes(report));
    }
}
