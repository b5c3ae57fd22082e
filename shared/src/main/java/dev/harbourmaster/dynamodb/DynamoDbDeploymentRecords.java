package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;
import static dev.harbourmaster.dynamodb.DynamoDbReleaseSets.NEXT_REVISION;
import static dev.harbourmaster.dynamodb.DynamoDbReleaseSets.ONE;
import static dev.harbourmaster.dynamodb.DynamoDbReleaseSets.ZERO;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

public final class DynamoDbDeploymentRecords implements DeploymentRecords {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDeploymentRecords(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Known> byEcsDeployment(Placement place, String ecsDeploymentId) {
        // GSI2 holds one item per ECS deployment id and place: ours, a rollback alias, or an out-of-band record.
        for (Map<String, AttributeValue> item : dynamo.query(b -> b.tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("GSI2PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.ecsDeployment(ecsDeploymentId)))))
                .items()) {
            if (ReleaseSetItems.misplaced(item) || !ReleaseSetItems.placeOf(item).samePlace(place)) {
                continue;
            }
            switch (string(item, Keys.TYPE)) {
                case ReleaseSetItems.DEPLOYMENT -> {
                    return Optional.of(new Ours(ReleaseSetItems.deployment(item)));
                }
                case ReleaseSetItems.ROLLBACK_ALIAS -> {
                    return Optional.of(new RollbackOf(string(item, "releaseSet"), string(item, "service")));
                }
                case ReleaseSetItems.OUT_OF_BAND -> {
                    return Optional.of(new OutOfBand(ReleaseSetItems.deployment(item)));
                }
                default -> { }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Deployment> newestOfService(Placement place, String cluster, String ecsServiceName) {
        return dynamo.query(b -> b.tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.ecsService(place, cluster, ecsServiceName))))
                        .scanIndexForward(false).limit(1))
                .items().stream().filter(item -> !ReleaseSetItems.misplaced(item)).findFirst().map(ReleaseSetItems::deployment);
    }

    @Override
    public boolean ran(Placement place, String cluster, String ecsServiceName, Map<String, String> imagesByContainer) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(Keys.ecsService(place, cluster, ecsServiceName)));
        List<String> successes = new ArrayList<>();
        for (DeploymentStatus status : DeploymentStatus.values()) {
            if (status.isSuccess()) {
                successes.add(":" + status.name());
                values.put(":" + status.name(), AttributeValue.fromS(status.name()));
            }
        }
        return dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk")
                        .filterExpression("#status IN (" + String.join(", ", successes) + ")")
                        .projectionExpression("images")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(values)
                        .scanIndexForward(false).build())
                .items().stream()
                .map(item -> ReleaseImage.byContainer(Attributes.maps(item, "images", LedgerItems::image)))
                .anyMatch(imagesByContainer::equals);
    }

    /**
     * @throws MalformedReleaseSetException when an item of the set cannot be
     *     read (so it is not mistaken for an AWS error the same call may throw)
     */
    @Override
    public Optional<SetRecord> setRecord(String releaseSetId) {
        return setRecord(dynamo, table, releaseSetId);
    }

    /** The release set's partition (the set and its deployments) in one consistent Query. */
    static Optional<SetRecord> setRecord(DynamoDbClient dynamo, String table, String releaseSetId) {
        ReleaseSet set = null;
        long revision = 0;
        List<Deployment> deployments = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.releaseSet(releaseSetId))))
                .consistentRead(true).build()).items()) {
            try {
                if (Keys.RELEASE_SET_SK.equals(string(item, Keys.SK))) {
                    set = ReleaseSetItems.releaseSet(item);
                    revision = Attributes.number(item, "revision", 0);
                } else if (ReleaseSetItems.DEPLOYMENT.equals(string(item, Keys.TYPE))) {
                    deployments.add(ReleaseSetItems.deployment(item));
                }
            } catch (RuntimeException e) {
                throw new MalformedReleaseSetException(releaseSetId, string(item, Keys.SK) + ": " + e.getMessage(), e);
            }
        }
        return set == null ? Optional.empty() : Optional.of(new SetRecord(set, revision, deployments));
    }

    @Override
    public Optional<CurrentState> currentState(String projectId, String environmentId, String serviceId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(CurrentStateItems.key(projectId, environmentId, serviceId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(CurrentStateItems.currentState(item));
    }

    @Override
    public boolean record(Change change) {
        boolean freeEnvironment = change.outcome() != null && change.set().set().status() == ReleaseSetStatus.IN_PROGRESS;
        List<String> codes = Transactions.run(dynamo, writes(change, freeEnvironment));
        if (freeEnvironment && Transactions.failed(codes, FREE_ENVIRONMENT_INDEX)) {
            // Our hold had expired and another set holds the environment now: end ours without freeing it.
            codes = Transactions.run(dynamo, writes(change, false));
        }
        return codes.isEmpty();
    }

    @Override
    public boolean recordInFlight(Deployment before, Deployment after) {
        if (before.status().isFinal() || after.status().isFinal()) {
            throw new IllegalArgumentException("a deployment that is or becomes final changes with its set: use record");
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(ReleaseSetItems.deploymentItem(revised(after, before.revision())))
                    .conditionExpression("revision = :revision")
                    .expressionAttributeValues(Map.of(":revision", number(before.revision()))));
            return true;
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return false;
        }
    }

    /** Where {@link #writes} puts the in-flight marker's delete: after the deployment and the set. */
    private static final int FREE_ENVIRONMENT_INDEX = 2;

    private List<TransactWriteItem> writes(Change change, boolean freeEnvironment) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Deployment after = revised(change.after(), change.before().revision());
        writes.add(put(ReleaseSetItems.deploymentItem(after), change.before().revision()));
        if (change.movesSet()) {
            writes.add(TransactWriteItem.builder().update(setUpdate(change)).build());
        }
        if (freeEnvironment) {
            ReleaseSet set = change.set().set();
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(Attributes.key(Keys.project(set.projectId()), Keys.inFlight(set.environmentId())))
                    .conditionExpression("releaseSet = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(set.id())))
                    .build()).build());
        }
        if (change.currentAfter() != null) {
            writes.add(currentPut(change.currentBefore(), change.currentAfter()));
        }
        if (change.rollbackAlias() != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(ReleaseSetItems.rollbackAliasItem(change.rollbackAlias(), after)).build()).build());
        }
        if (change.absorbed() != null) {
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(ReleaseSetItems.outOfBandKey(change.absorbed()))
                    .conditionExpression("revision = :revision")
                    .expressionAttributeValues(Map.of(":revision", number(change.absorbed().revision())))
                    .build()).build());
        }
        return writes;
    }

    @Override
    public boolean recordOutOfBand(Deployment before, Deployment after, CurrentState currentBefore,
                                   CurrentState currentAfter) {
        long revision = before == null ? -1 : before.revision();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(put(ReleaseSetItems.outOfBandItem(revised(after, revision)), revision));
        if (currentAfter != null) {
            writes.add(currentPut(currentBefore, currentAfter));
        }
        return Transactions.run(dynamo, writes).isEmpty();
    }

    @Override
    public boolean writeCurrentState(CurrentState before, CurrentState after) {
        return Transactions.run(dynamo, List.of(currentPut(before, after))).isEmpty();
    }

    @Override
    public List<InFlight> inFlight() {
        List<InFlight> inFlight = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(Keys.GSI2)
                        .keyConditionExpression("GSI2PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.IN_FLIGHT_INDEX)))
                        .build())
                .items().forEach(item -> inFlight.add(new InFlight(string(item, "releaseSet"), string(item, "project"),
                        string(item, "environment"), Attributes.instant(item, "since"))));
        return inFlight;
    }

    /** The set item counts this change, and takes the outcome when there is one: fails if it moved since the read. */
    private Update setUpdate(Change change) {
        ReleaseSet set = change.set().set();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":read", number(change.set().revision()), ":zero", ZERO, ":one", ONE));
        String update = "SET " + NEXT_REVISION.substring(2);
        Map<String, String> names = new HashMap<>();
        if (change.outcome() != null) {
            update += ", #status = :status, statusReason = :reason";
            names.put("#status", "status");
            values.put(":status", AttributeValue.fromS(change.outcome().status().name()));
            values.put(":reason", AttributeValue.fromS(change.outcome().reason()));
        }
        Update.Builder builder = Update.builder().tableName(table)
                .key(Attributes.key(Keys.releaseSet(set.id()), Keys.RELEASE_SET_SK))
                .updateExpression(update)
                .conditionExpression(change.set().revision() == 0
                        ? "attribute_not_exists(revision) OR revision = :read" : "revision = :read")
                .expressionAttributeValues(values);
        return (names.isEmpty() ? builder : builder.expressionAttributeNames(names)).build();
    }

    private TransactWriteItem currentPut(CurrentState before, CurrentState after) {
        long read = before == null ? -1 : before.revision();
        CurrentState revised = new CurrentState(after.projectId(), after.environmentId(), after.serviceId(),
                after.running(), after.last(), after.outOfBand(), read + 1, after.bad());
        return put(CurrentStateItems.item(revised), read);
    }

    /** A put that succeeds only over the revision read ({@code -1}: only where nothing is). */
    private TransactWriteItem put(Map<String, AttributeValue> item, long readRevision) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (readRevision < 0) {
            put.conditionExpression("attribute_not_exists(PK)");
        } else {
            put.conditionExpression("revision = :revision").expressionAttributeValues(Map.of(":revision", number(readRevision)));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private static Deployment revised(Deployment d, long readRevision) {
        return d.withRevision(readRevision + 1);
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }
}
