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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Lambda entry point for the table's stream (filtered by the template to release sets with status
 * REQUESTED). Each record names a release set by its keys; the set is read again, consistently,
 * so keys-only and repeated records are harmless. A record that fails is reported, with those after
 * it, as a batch item failure: Lambda retries from there and the records before it are done.
 */
public final class DeployerHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final ReleaseSetDeployer deployer;
    private final Log log;

    public DeployerHandler() {
        this(defaultDeployer(DeployerConfig.fromEnvironment(System.getenv())), new Log("deployer"));
    }

    public DeployerHandler(ReleaseSetDeployer deployer, Log log) {
        this.deployer = deployer;
        this.log = log;
    }

    private static ReleaseSetDeployer defaultDeployer(DeployerConfig config) {
        SdkHttpClient http = AwsClients.httpClient();
        var dynamo = AwsClients.dynamoDb(http);
        return new ReleaseSetDeployer(new DynamoDbCatalogue(dynamo, config.tableName()),
                new DynamoDbBuildLedger(dynamo, config.tableName()), new DynamoDbReleaseSets(dynamo, config.tableName()),
                new DynamoDbDeploymentRecords(dynamo, config.tableName()),
                new EcsContainerPlatform(AwsClients.ecs(http)), Instant::now, config.rollConcurrency(), config.holdFor());
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
        line.with("releaseSet", releaseSetId)
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

    private static String sequenceNumberOf(DynamodbEvent.DynamodbStreamRecord record) {
        return record == null || record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }
}
