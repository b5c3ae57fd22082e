package dev.harbourmaster.deployer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.harbourmaster.support.Log;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        this(DeployerWiring.forLambda(System.getenv()), new Log("deployer"));
    }

    public DeployerHandler(ReleaseSetDeployer deployer, Log log) {
        this.deployer = deployer;
        this.log = log;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<SetRecord> records = event == null || event.getRecords() == null
                ? List.of() : event.getRecords().stream().map(SetRecord::of).toList();
        Set<String> handled = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            SetRecord record = records.get(i);
            if (!record.keyed()) {
                log.warn("stream record ignored: it has no PK/SK keys").with("sequenceNumber", record.sequenceNumber()).write();
            }
            if (record.releaseSetId() == null || !handled.add(record.releaseSetId())) {
                continue;
            }
            try {
                logResult(record, deployer.deploy(record.releaseSetId()));
            } catch (RuntimeException e) {
                log.error("release set not handled; Lambda will retry from this record")
                        .with("releaseSet", record.releaseSetId()).with("sequenceNumber", record.sequenceNumber())
                        .with("error", String.valueOf(e)).write();
                return retryFrom(records.subList(i, records.size()));
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }

    private static StreamsEventResponse retryFrom(List<SetRecord> notDone) {
        return StreamsEventResponse.builder().withBatchItemFailures(notDone.stream()
                .filter(r -> r.sequenceNumber() != null)
                .map(r -> StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(r.sequenceNumber()).build())
                .toList()).build();
    }

    private void logResult(SetRecord record, ReleaseSetDeployer.Result result) {
        Log.Line line = switch (result.outcome()) {
            case DEPLOYED -> log.info("release set deployed");
            case REJECTED -> log.warn("release set rejected");
            case QUEUED -> log.info("release set queued");
            case AWAITING_APPROVAL -> log.info("release set awaits approval");
            case SKIPPED -> log.info("release set skipped");
        };
        // Who asked, as the set says (its key decides where it may deploy): "who deployed to prod" reads these.
        line.with("releaseSet", record.releaseSetId())
                .with("project", record.project()).with("environment", record.environment())
                .with("requestedBy", record.requestedBy()).with("requestedByArn", record.requestedByArn())
                .with("eventName", record.eventName())
                .with("status", result.status()).with("reason", result.reason())
                .with("deployments", result.deployments().stream()
                        .map(d -> Map.of("service", d.serviceId(), "status", d.status().name(),
                                "ecsDeploymentId", String.valueOf(d.ecsDeploymentId())))
                        .toList())
                .write();
    }
}
