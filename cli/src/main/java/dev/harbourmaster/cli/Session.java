package dev.harbourmaster.cli;

import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeliveryRecords;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.DynamoDbVerifications;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.Verifications;
import dev.harbourmaster.support.AwsClients;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS clients of one hm run, made on first use (so --help and validation need no AWS). */
public class Session {

    private SdkHttpClient http;
    private DynamoDbClient dynamo;
    private EcsClient ecs;
    private Actor actor;

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = AwsClients.httpClient();
        }
        return http;
    }

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.dynamoDb(http());
        }
        return dynamo;
    }

    public synchronized EcsClient ecs() {
        if (ecs == null) {
            ecs = AwsClients.ecs(http());
        }
        return ecs;
    }

    /** The process environment (tests hand in their own). */
    public Map<String, String> environment() {
        return System.getenv();
    }

    /** The project of a command run without --project, as {@link DefaultProject} finds it from here. */
    public Optional<DefaultProject.Found> defaultProject() {
        return DefaultProject.find(environment(), Path.of(""));
    }

    /** Who runs hm: the caller's AWS identity (STS), shown as HM_ACTOR when set; with the CI run's address in CI. Asked once. */
    public synchronized Actor actor() {
        if (actor == null) {
            actor = Actor.of(environment(), this::callerArn);
        }
        return actor;
    }

    /** The caller's ARN, as STS GetCallerIdentity answers it (a call every identity may make). */
    protected String callerArn() {
        try (StsClient sts = StsClient.builder().httpClient(http()).build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    public Catalogue catalogue(String table) {
        return new DynamoDbCatalogue(dynamo(), table);
    }

    public BuildLedger ledger(String table) {
        return new DynamoDbBuildLedger(dynamo(), table);
    }

    public ReleaseSets releaseSets(String table) {
        return new DynamoDbReleaseSets(dynamo(), table);
    }

    public DeploymentRecords records(String table) {
        return new DynamoDbDeploymentRecords(dynamo(), table);
    }

    public DeploymentHistory history(String table) {
        return new DynamoDbDeploymentHistory(dynamo(), table);
    }

    public DeliveryRecords delivery(String table) {
        return new DynamoDbDeliveryRecords(dynamo(), table);
    }

    public Verifications verifications(String table) {
        return new DynamoDbVerifications(dynamo(), table);
    }

    public ContainerPlatform containers() {
        return new EcsContainerPlatform(ecs());
    }
}
