package dev.harbourmaster.recorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import software.amazon.awssdk.http.SdkHttpClient;

/** Lambda entry point for the sweeper's schedule; the scheduled event's content does not matter. */
public final class SweeperHandler implements RequestStreamHandler {

    private final Sweeper sweeper;
    private final Log log;

    public SweeperHandler() {
        this(defaultSweeper(RecorderConfig.fromEnvironment(System.getenv()), new Log("sweeper")), new Log("sweeper"));
    }

    public SweeperHandler(Sweeper sweeper, Log log) {
        this.sweeper = sweeper;
        this.log = log;
    }

    private static Sweeper defaultSweeper(RecorderConfig config, Log log) {
        SdkHttpClient http = AwsClients.httpClient();
        var dynamo = AwsClients.dynamoDb(http);
        var records = new DynamoDbDeploymentRecords(dynamo, config.tableName());
        var platform = new EcsContainerPlatform(AwsClients.ecs(http));
        var releaseSets = new DynamoDbReleaseSets(dynamo, config.tableName());
        var recorder = new DeploymentRecorder(records, releaseSets, platform, Instant::now, config.unknownGrace(), log);
        return new Sweeper(records, releaseSets, platform, recorder,
                Instant::now, config.deploymentTimeout(), log);
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
