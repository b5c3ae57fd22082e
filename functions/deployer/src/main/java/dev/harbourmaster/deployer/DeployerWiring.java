package dev.harbourmaster.deployer;

import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsPlatforms;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Priming;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * The deployer's object graph, built here and nowhere else: for Lambda ({@link #forLambda}), and
 * from their own clients for local mode, the benchmarks, the drills and the tests ({@link #of}). A
 * test that stands in for one port swaps it with a {@code with} method before asking for the
 * {@link #deployer()}.
 */
public record DeployerWiring(DeployerConfig config, Catalogue catalogue, BuildLedger ledger, ReleaseSets releaseSets,
                             DeploymentRecords records, ContainerPlatforms platforms, Supplier<Instant> clock) {

    /** A release set id no set has (ids are ULIDs of their request time; this one is of 1970). */
    private static final String PRIMING_SET = "00000000000000000000000000";
    /** What CloudTrail names the deployer's sessions in the accounts it assumes a role in. */
    private static final String SESSION_NAME = "harbourmaster-deployer";

    public static DeployerWiring of(DeployerConfig config, DynamoDbClient dynamo, EcsClient ecs) {
        String table = config.tableName();
        return new DeployerWiring(config, new DynamoDbCatalogue(dynamo, table), new DynamoDbBuildLedger(dynamo, table),
                new DynamoDbReleaseSets(dynamo, table), new DynamoDbDeploymentRecords(dynamo, table),
                new EcsPlatforms(ecs, AwsClients.httpClient(), SESSION_NAME), Instant::now);
    }

    /** What Lambda runs: settings from the function's environment, clients from the default chains, primed for SnapStart. */
    static ReleaseSetDeployer forLambda(Map<String, String> environment) {
        DeployerConfig config = DeployerConfig.fromEnvironment(environment);
        SdkHttpClient http = AwsClients.httpClient();
        DynamoDbClient dynamo = AwsClients.dynamoDb(http);
        EcsClient ecs = AwsClients.ecs(http);
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(dynamo, config.tableName());
        new Priming().read(() -> releaseSets.releaseSet(PRIMING_SET)).read(() -> releaseSets.deployments(PRIMING_SET))
                .ecs(ecs).register();
        return of(config, dynamo, ecs).deployer();
    }

    public ReleaseSetDeployer deployer() {
        return new ReleaseSetDeployer(catalogue, ledger, releaseSets, records, platforms, config.served(), clock,
                config.rollConcurrency(), config.holdFor());
    }

    public DeployerWiring withReleaseSets(ReleaseSets replacement) {
        return new DeployerWiring(config, catalogue, ledger, replacement, records, platforms, clock);
    }

    public DeployerWiring withRecords(DeploymentRecords replacement) {
        return new DeployerWiring(config, catalogue, ledger, releaseSets, replacement, platforms, clock);
    }

    /** One platform in place of every environment's. */
    public DeployerWiring withPlatform(ContainerPlatform replacement) {
        return new DeployerWiring(config, catalogue, ledger, releaseSets, records, ContainerPlatforms.only(replacement), clock);
    }

    public DeployerWiring withLedger(BuildLedger replacement) {
        return new DeployerWiring(config, catalogue, replacement, releaseSets, records, platforms, clock);
    }
}
