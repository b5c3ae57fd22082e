package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.ecr.EcrImageRegistry;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ImageRegistry;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The build-recorder's object graph, built here and nowhere else: for Lambda ({@link #forLambda}),
 * and from their own clients for local mode, the benchmarks, the drills and the tests ({@link #of}).
 * A test that stands in for one part swaps it with a {@code with} method before asking for the
 * {@link #pushRecorder()}.
 */
public record BuildRecorderWiring(BuildRecorderConfig config, Catalogue catalogue, BuildLedger ledger,
                                  ImageRegistry registry, Log log, Clock clock) {

    /** An ECR push of a repository no manifest names, parsed (never recorded) when priming. */
    static final String PRIMING_EVENT = """
            {"version":"0","id":"harbourmaster-priming","detail-type":"ECR Image Action","source":"aws.ecr",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"eu-west-1","resources":[],
             "detail":{"result":"SUCCESS","repository-name":"harbourmaster/priming","action-type":"PUSH","image-tag":"ref.0000000",
             "image-digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}}""";

    public static BuildRecorderWiring of(BuildRecorderConfig config, DynamoDbClient dynamo, EcrClient ecr) {
        return new BuildRecorderWiring(config, new DynamoDbCatalogue(dynamo, config.tableName()),
                new DynamoDbBuildLedger(dynamo, config.tableName()), new EcrImageRegistry(ecr), new Log("build-recorder"),
                Clock.systemUTC());
    }

    /** What Lambda runs: settings from the function's environment, clients from the default chains, primed for SnapStart. */
    static PushRecorder forLambda(Map<String, String> environment) {
        BuildRecorderConfig config = BuildRecorderConfig.fromEnvironment(environment);
        SdkHttpClient http = AwsClients.httpClient();
        DynamoDbClient dynamo = AwsClients.dynamoDb(http);
        EcrClient ecr = AwsClients.ecr(http);
        BuildRecorderWiring wiring = of(config, dynamo, ecr);
        new Priming().read(() -> new EcrImageActionParser().parse(PRIMING_EVENT))
                .read(() -> ReleaseHashRule.DEFAULT.hashOf("ref.0000000"))
                .read(() -> wiring.catalogue().feedsOf("harbourmaster/priming"))
                .dynamoDb(dynamo, config.tableName()).ecr(ecr).register();
        return wiring.pushRecorder();
    }

    public PushRecorder pushRecorder() {
        return new PushRecorder(new BuildRecording(catalogue, ledger, registry), config.served(), log, clock);
    }

    public BuildRecorderWiring withLog(Log replacement) {
        return new BuildRecorderWiring(config, catalogue, ledger, registry, replacement, clock);
    }

    public BuildRecorderWiring withLedger(BuildLedger replacement) {
        return new BuildRecorderWiring(config, catalogue, replacement, registry, log, clock);
    }
}
