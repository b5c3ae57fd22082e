package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.Placement;

import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsPlatforms;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The object graph of the module's two functions, DeploymentRecorderFunction ({@link #ecsEvents()})
 * and SweeperFunction ({@link #sweeper()}), built here and nowhere else: for Lambda
 * ({@link #forEcsEvents}, {@link #forSweeper}), and from their own clients for local mode, the
 * benchmarks, the drills and the tests ({@link #of}). A test that stands in for one part swaps it
 * with a {@code with} method first.
 */
public record RecorderWiring(RecorderConfig config, DeploymentRecords records, ReleaseSets releaseSets,
                             ContainerPlatforms platforms, Supplier<Instant> clock, Log log) {

    /** An ECS deployment event of a deployment no one recorded, parsed (never recorded) when priming. */
    static final String PRIMING_EVENT = """
            {"version":"0","id":"harbourmaster-priming","detail-type":"ECS Deployment State Change","source":"aws.ecs",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"eu-west-1",
             "resources":["arn:aws:ecs:eu-west-1:123456789012:service/harbourmaster-priming/harbourmaster-priming"],
             "detail":{"eventType":"INFO","eventName":"SERVICE_DEPLOYMENT_COMPLETED","deploymentId":"ecs-svc/0000000000000000000",
             "updatedAt":"2026-01-01T00:00:00Z","reason":"priming"}}""";

    /** Logs as the deployment-recorder; the sweeper's callers give it its own {@link #withLog log}. */
    public static RecorderWiring of(RecorderConfig config, DynamoDbClient dynamo, EcsClient ecs) {
        return new RecorderWiring(config, new DynamoDbDeploymentRecords(dynamo, config.tableName()),
                new DynamoDbReleaseSets(dynamo, config.tableName()),
                new EcsPlatforms(ecs, AwsClients.httpClient(), "harbourmaster-deployment-recorder"), Instant::now,
                new Log("deployment-recorder"));
    }

    /** DeploymentRecorderFunction as Lambda runs it: primed with its parser, item mapping and ECS reads. */
    static EcsEventRecorder forEcsEvents(Map<String, String> environment) {
        Clients clients = Clients.forLambda();
        RecorderWiring wiring = of(RecorderConfig.fromEnvironment(environment), clients.dynamo(), clients.ecs());
        new Priming().read(() -> new EcsEventParser().parse(PRIMING_EVENT))
                .read(() -> wiring.records().byEcsDeployment(Placement.HOME, "ecs-svc/0000000000000000000"))
                .ecs(clients.ecs()).register();
        return wiring.ecsEvents();
    }

    /** SweeperFunction as Lambda runs it: primed with its first read (the sets in flight) and its answer's serialisation. */
    static Sweeper forSweeper(Map<String, String> environment) {
        Clients clients = Clients.forLambda();
        RecorderWiring wiring = of(RecorderConfig.fromEnvironment(environment), clients.dynamo(), clients.ecs())
                .withLog(new Log("sweeper"));
        new Priming().read(() -> wiring.records().inFlight())
                .read(() -> serialise(new Sweeper.Report(0, 0, 0)))
                .ecs(clients.ecs()).register();
        return wiring.sweeper();
    }

    public DeploymentRecorder recorder() {
        return new DeploymentRecorder(records, releaseSets, platforms, clock, config.unknownGrace(), config.served(), log);
    }

    public EcsEventRecorder ecsEvents() {
        return new EcsEventRecorder(recorder(), log);
    }

    public Sweeper sweeper() {
        return new Sweeper(records, releaseSets, platforms, recorder(), clock, config.deploymentTimeout(), log);
    }

    public RecorderWiring withLog(Log replacement) {
        return new RecorderWiring(config, records, releaseSets, platforms, clock, replacement);
    }

    public RecorderWiring withClock(Supplier<Instant> replacement) {
        return new RecorderWiring(config, records, releaseSets, platforms, replacement, log);
    }

    public RecorderWiring withRecords(DeploymentRecords replacement) {
        return new RecorderWiring(config, replacement, releaseSets, platforms, clock, log);
    }

    public RecorderWiring withReleaseSets(ReleaseSets replacement) {
        return new RecorderWiring(config, records, replacement, platforms, clock, log);
    }

    /** One platform in place of every deployment's. */
    public RecorderWiring withPlatform(ContainerPlatform replacement) {
        return new RecorderWiring(config, records, releaseSets, ContainerPlatforms.only(replacement), clock, log);
    }

    private record Clients(DynamoDbClient dynamo, EcsClient ecs) {
        static Clients forLambda() {
            SdkHttpClient http = AwsClients.httpClient();
            return new Clients(AwsClients.dynamoDb(http), AwsClients.ecs(http));
        }
    }

    private static byte[] serialise(Sweeper.Report report) {
        try {
            return Json.MAPPER.writeValueAsBytes(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
