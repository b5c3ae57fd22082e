package dev.harbourmaster.deployer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Lambda entry point for the table's stream (filtered by the template to release sets with status
 * REQUESTED). Each record names a release set by its keys; the set is read again, consistently,
 * so keys-only and repeated records are harmless. A record that fails is reported, with those after
 * it, as a batch item failure: Lambda retries from there and the records before it are done.
 *
 * <p>A CRaC resource: before a SnapStart snapshot it primes its clients and item mapping with reads only.
 */
public final class DeployerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse>, Resource {

    /** A release set id no set has (ids are ULIDs of their request time; this one is of 1970). */
    private static final String PRIMING_SET = "00000000000000000000000000";

    private final ReleaseSetDeployer deployer;
    private final Log log;
    private final Priming priming;

    public DeployerHandler() {
        this(DeployerConfig.fromEnvironment(System.getenv()), AwsClients.httpClient());
        Core.getGlobalContext().register(this);
    }

    private DeployerHandler(DeployerConfig config, SdkHttpClient http) {
        this(config, AwsClients.dynamoDb(http), AwsClients.ecs(http));
    }

    private DeployerHandler(DeployerConfig config, DynamoDbClient dynamo, EcsClient ecs) {
        this(new ReleaseSetDeployer(new DynamoDbCatalogue(dynamo, config.tableName()),
                        new DynamoDbBuildLedger(dynamo, config.tableName()), new DynamoDbReleaseSets(dynamo, config.tableName()),
                        new DynamoDbDeploymentRecords(dynamo, config.tableName()),
                        new EcsContainerPlatform(ecs), config.served(), Instant::now, config.rollConcurrency(),
                        config.holdFor()),
                new Log("deployer"),
                new Priming().read(() -> new DynamoDbReleaseSets(dynamo, config.tableName()).releaseSet(PRIMING_SET))
                        .read(() -> new DynamoDbReleaseSets(dynamo, config.tableName()).deployments(PRIMING_SET))
                        .ecs(ecs));
    }

    public DeployerHandler(ReleaseSetDeployer deployer, Log log) {
        this(deployer, log, Priming.none());
    }

    private DeployerHandler(ReleaseSetDeployer deployer, Log log, Priming priming) {
        this.deployer = deployer;
        this.log = log;
        this.priming = priming;
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
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        List<DynamodbEvent.DynamodbStreamRecord> records = event == null || event.getRecords() == null
                ? List.of() : event.getRecords();
        Set<String> handled = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            String releaseSetId = releaseSetIdOf(record);
            if (releaseSetId == null || !handled.add(releaseSetId)) {
                continue;
            }
            try {
                handle(releaseSetId, record);
            } catch (RuntimeException e) {
                log.error("release set not handled; Lambda will retry from this record")
                        .with("releaseSet", releaseSetId).with("sequenceNumber", sequenceNumberOf(record))
                        .with("error", String.valueOf(e)).write();
                for (int j = i; j < records.size(); j++) {
                    String sequence = sequenceNumberOf(records.get(j));
                    if (sequence != null) {
                        failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build());
                    }
                }
                break;
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }

    private void handle(String releaseSetId, DynamodbEvent.DynamodbStreamRecord record) {
        ReleaseSetDeployer.Result result = deployer.deploy(releaseSetId);
        Log.Line line = switch (result.outcome()) {
            case DEPLOYED -> log.info("release set deployed");
            case REJECTED -> log.warn("release set rejected");
            case QUEUED -> log.info("release set queued");
            case SKIPPED -> log.info("release set skipped");
        };
        // Who asked, as the set says (its key decides where it may deploy): "who deployed to prod" reads these.
        Map<String, AttributeValue> image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        line.with("releaseSet", releaseSetId)
                .with("project", text(image, "project"))
                .with("environment", text(image, "environment"))
                .with("requestedBy", text(image, "requestedBy"))
                .with("requestedByArn", text(image, "requestedByArn"))
                .with("eventName", record.getEventName())
                .with("status", result.status())
                .with("reason", result.reason())
                .with("deployments", result.deployments().stream()
                        .map(d -> Map.of("service", d.serviceId(), "status", d.status().name(),
                                "ecsDeploymentId", String.valueOf(d.ecsDeploymentId())))
                        .toList())
                .write();
    }

    /** The release set a record is about, or null (and a log line) when it is about something else or unreadable. */
    private String releaseSetIdOf(DynamodbEvent.DynamodbStreamRecord record) {
        StreamRecord stream = record == null ? null : record.getDynamodb();
        Map<String, AttributeValue> keys = stream == null ? null : stream.getKeys();
        String pk = keys == null || keys.get("PK") == null ? null : keys.get("PK").getS();
        String sk = keys == null || keys.get("SK") == null ? null : keys.get("SK").getS();
        if (pk == null || sk == null) {
            log.warn("stream record ignored: it has no PK/SK keys").with("sequenceNumber", sequenceNumberOf(record)).write();
            return null;
        }
        return DynamoDbReleaseSets.releaseSetIdOf(pk, sk).orElse(null);
    }

    private static String text(Map<String, AttributeValue> image, String name) {
        return image == null || image.get(name) == null ? null : image.get(name).getS();
    }

    private static String sequenceNumberOf(DynamodbEvent.DynamodbStreamRecord record) {
        return record == null || record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }
}
