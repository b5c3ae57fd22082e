package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

public final class DynamoDbReleaseSets implements ReleaseSets {

    private static final Map<String, String> STATUS = Map.of("#status", "status");
    /** Every write to a release set counts itself, so a writer can make its write conditional on what it read. */
    static final String NEXT_REVISION = ", revision = if_not_exists(revision, :zero) + :one";
    static final AttributeValue ONE = AttributeValue.fromN("1");
    static final AttributeValue ZERO = AttributeValue.fromN("0");

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbReleaseSets(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The release set a stream record's keys name, if they are a release set's keys. */
    public static Optional<String> releaseSetIdOf(String pk, String sk) {
        String prefix = Keys.releaseSet("");
        return pk != null && pk.startsWith(prefix) && Keys.RELEASE_SET_SK.equals(sk)
                ? Optional.of(pk.substring(prefix.length())) : Optional.empty();
    }

    @Override
    public boolean request(ReleaseSet set) {
        return putIfAbsent(ReleaseSetItems.releaseSetItem(set));
    }

    @Override
    public Optional<ReleaseSet> releaseSet(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Attributes.key(Keys.releaseSet(id), Keys.RELEASE_SET_SK)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReleaseSetItems.releaseSet(item));
        } catch (RuntimeException e) {
            throw new MalformedReleaseSetException(id, e.getMessage(), e);
        }
    }

    @Override
    public List<ReleaseSet> releaseSets(String projectId, String environmentId, int limit) {
        return dynamo.query(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.releaseSetsOf(projectId, environmentId))))
                        .scanIndexForward(false)
                        .limit(limit)
                        .build())
                .items().stream().map(ReleaseSetItems::releaseSet).toList();
    }

    @Override
    public List<Deployment> deployments(String releaseSetId) {
        List<Deployment> deployments = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(Keys.releaseSet(releaseSetId)),
                                ":sk", AttributeValue.fromS(Keys.DEPLOYMENT_PREFIX)))
                        .consistentRead(true)
                        .build())
                .items().forEach(item -> deployments.add(ReleaseSetItems.deployment(item)));
        return deployments;
    }

    /** The lock (and a lock kept where locks were before), and the in-flight item: one consistent BatchGetItem. */
    @Override
    public Gate gate(String projectId, String environmentId) {
        Map<String, AttributeValue> lockKey = ReleaseSetItems.lockKey(projectId, environmentId);
        Map<String, AttributeValue> legacyLockKey = ReleaseSetItems.legacyLockKey(projectId, environmentId);
        Map<String, AttributeValue> inFlightKey = Attributes.key(Keys.project(projectId), Keys.inFlight(environmentId));
        List<Map<String, AttributeValue>> items = batchGet(dynamo, table, List.of(lockKey, legacyLockKey, inFlightKey));
        return ReleaseSetItems.gate(found(items, lockKey), found(items, legacyLockKey), found(items, inFlightKey), Instant.now());
    }

    /** What one BatchGetItem takes (AWS's API reference). */
    private static final int BATCH_GET_KEYS = 100;

    /** Consistent reads of the items of {@code keys}: one request per 100 keys (more when DynamoDB leaves some unprocessed). */
    static List<Map<String, AttributeValue>> batchGet(DynamoDbClient dynamo, String table,
                                                      List<Map<String, AttributeValue>> keys) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_KEYS) {
            List<Map<String, AttributeValue>> chunk = keys.subList(from, Math.min(keys.size(), from + BATCH_GET_KEYS));
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
            while (!request.isEmpty()) {
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(ask));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return items;
    }

    static Map<String, AttributeValue> found(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> key) {
        return items.stream().filter(item -> key.equals(Attributes.key(string(item, Keys.PK), string(item, Keys.SK))))
                .findFirst().orElse(null);
    }

    @Override
    public Claim claim(ReleaseSet set, Instant now, Instant holdUntil, List<Deployment> deployments) {
        if (deployments.size() > DEPLOYMENTS_CLAIMED_WITH_SET) {
            throw new IllegalArgumentException("a claim takes at most " + DEPLOYMENTS_CLAIMED_WITH_SET + " deployments, not "
                    + deployments.size());
        }
        String partition = Keys.project(set.projectId());
        String nowText = Times.format(now);
        Update toInProgress = Update.builder().tableName(table)
                .key(Attributes.key(Keys.releaseSet(set.id()), Keys.RELEASE_SET_SK))
                .updateExpression("SET #status = :inProgress" + NEXT_REVISION)
                .conditionExpression("#status = :requested")
                .expressionAttributeNames(STATUS)
                .expressionAttributeValues(Map.of(
                        ":inProgress", AttributeValue.fromS(ReleaseSetStatus.IN_PROGRESS.name()),
                        ":requested", AttributeValue.fromS(ReleaseSetStatus.REQUESTED.name()),
                        ":zero", ZERO, ":one", ONE))
                .build();
        Put hold = Put.builder().tableName(table)
                .item(Attributes.item(partition, Keys.inFlight(set.environmentId()), ReleaseSetItems.IN_FLIGHT)
                        .put("project", set.projectId())
                        .put("environment", set.environmentId())
                        .put("releaseSet", set.id())
                        .put("since", now)
                        .put("holdUntil", holdUntil)
                        .put(Keys.GSI2PK, Keys.IN_FLIGHT_INDEX)
                        .put(Keys.GSI2SK, nowText + "#" + set.projectId() + "#" + set.environmentId())
                        .build())
                .conditionExpression("attribute_not_exists(PK) OR releaseSet = :id OR holdUntil < :now")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(set.id()), ":now", AttributeValue.fromS(nowText)))
                .build();
        ConditionCheck unlocked = ConditionCheck.builder().tableName(table)
                .key(ReleaseSetItems.lockKey(set.projectId(), set.environmentId()))
                .conditionExpression("attribute_not_exists(PK) OR expiresAt < :now OR attribute_exists(unlockedAt)")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(nowText)))
                .build();
        ConditionCheck noLegacyLock = ConditionCheck.builder().tableName(table)
                .key(ReleaseSetItems.legacyLockKey(set.projectId(), set.environmentId()))
                .conditionExpression("attribute_not_exists(PK) OR expiresAt < :now")
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(nowText)))
                .build();
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                TransactWriteItem.builder().update(toInProgress).build(),
                TransactWriteItem.builder().put(hold).build(),
                TransactWriteItem.builder().conditionCheck(unlocked).build(),
                TransactWriteItem.builder().conditionCheck(noLegacyLock).build()));
        deployments.forEach(d -> writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(ReleaseSetItems.deploymentItem(d)).conditionExpression("attribute_not_exists(PK)").build()).build()));
        if (!Transactions.fitInOne(writes)) {
            throw new IllegalArgumentException("the claim of release set " + set.id() + " with " + deployments.size()
                    + " deployments is larger than one transaction takes");
        }
        List<String> codes = Transactions.run(dynamo, writes);
        if (codes.isEmpty()) {
            return Claim.CLAIMED;
        }
        if (Transactions.failed(codes, 0)) {
            return Claim.NOT_REQUESTED;
        }
        if (Transactions.failed(codes, 2) || Transactions.failed(codes, 3)) {
            return Claim.LOCKED;
        }
        if (Transactions.failed(codes, 1)) {
            return Claim.BUSY;
        }
        // A deployment of a REQUESTED set exists only if the set was claimed, and IN_PROGRESS, before.
        return Claim.NOT_REQUESTED;
    }

    @Override
    public boolean extendHold(String projectId, String environmentId, String releaseSetId, Instant until) {
        try {
            dynamo.updateItem(request(holdExtension(projectId, environmentId, releaseSetId, until)));
            return true;
        } catch (ConditionalCheckFailedException heldOtherwise) {
            return false;
        }
    }

    private Update holdExtension(String projectId, String environmentId, String releaseSetId, Instant until) {
        return Update.builder().tableName(table)
                .key(Attributes.key(Keys.project(projectId), Keys.inFlight(environmentId)))
                .updateExpression("SET holdUntil = :until")
                .conditionExpression("releaseSet = :id AND holdUntil < :until")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(releaseSetId),
                        ":until", AttributeValue.fromS(Times.format(until))))
                .build();
    }

    @Override
    public boolean reject(String releaseSetId, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attributes.key(Keys.releaseSet(releaseSetId), Keys.RELEASE_SET_SK))
                    .updateExpression("SET #status = :rejected, statusReason = :reason" + NEXT_REVISION)
                    .conditionExpression("#status = :requested")
                    .expressionAttributeNames(STATUS)
                    .expressionAttributeValues(Map.of(
                            ":rejected", AttributeValue.fromS(ReleaseSetStatus.REJECTED.name()),
                            ":requested", AttributeValue.fromS(ReleaseSetStatus.REQUESTED.name()),
                            ":reason", AttributeValue.fromS(reason), ":zero", ZERO, ":one", ONE)));
            return true;
        } catch (ConditionalCheckFailedException notRequested) {
            return false;
        }
    }

    @Override
    public boolean queue(ReleaseSet set, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attributes.key(Keys.releaseSet(set.id()), Keys.RELEASE_SET_SK))
                    .updateExpression("SET #status = :queued, statusReason = :reason, GSI2PK = :queue, GSI2SK = :id"
                            + NEXT_REVISION)
                    .conditionExpression("#status = :requested")
                    .expressionAttributeNames(STATUS)
                    .expressionAttributeValues(Map.of(
                            ":queued", AttributeValue.fromS(ReleaseSetStatus.QUEUED.name()),
                            ":requested", AttributeValue.fromS(ReleaseSetStatus.REQUESTED.name()),
                            ":reason", AttributeValue.fromS(reason),
                            ":queue", AttributeValue.fromS(Keys.queueOf(set.projectId(), set.environmentId())),
                            ":id", AttributeValue.fromS(ReleaseSetIds.ulid(set.id())), ":zero", ZERO, ":one", ONE)));
            return true;
        } catch (ConditionalCheckFailedException notRequested) {
            return false;
        }
    }

    @Override
    public boolean awaitApproval(ReleaseSet set, String reason) {
        return changeStatus(set.id(), ReleaseSetStatus.REQUESTED, ReleaseSetStatus.AWAITING_APPROVAL,
                "statusReason = :reason", Map.of(":reason", AttributeValue.fromS(reason)), "");
    }

    /** The approval and REQUESTED in one write, the held reason removed: the deployer reads the set as it was requested, approved. */
    @Override
    public boolean approve(String releaseSetId, ApprovalDecision approval) {
        return changeStatus(releaseSetId, ReleaseSetStatus.AWAITING_APPROVAL, ReleaseSetStatus.REQUESTED,
                "approval = :approval", Map.of(":approval", AttributeValue.fromM(ReleaseSetItems.approvalMap(approval))),
                " REMOVE statusReason");
    }

    @Override
    public boolean rejectAwaiting(String releaseSetId, ApprovalDecision rejection, String reason) {
        return changeStatus(releaseSetId, ReleaseSetStatus.AWAITING_APPROVAL, ReleaseSetStatus.REJECTED,
                "approval = :approval, statusReason = :reason", Map.of(
                        ":approval", AttributeValue.fromM(ReleaseSetItems.approvalMap(rejection)),
                        ":reason", AttributeValue.fromS(reason)), "");
    }

    /** from → to, setting {@code set} too, on the condition that the set is {@code from}; false when it was not. */
    private boolean changeStatus(String releaseSetId, ReleaseSetStatus from, ReleaseSetStatus to, String set,
                                 Map<String, AttributeValue> values, String remove) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.putAll(Map.of(":from", AttributeValue.fromS(from.name()), ":to", AttributeValue.fromS(to.name()),
                ":zero", ZERO, ":one", ONE));
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attributes.key(Keys.releaseSet(releaseSetId), Keys.RELEASE_SET_SK))
                    .updateExpression("SET #status = :to, " + set + NEXT_REVISION + remove)
                    .conditionExpression("#status = :from")
                    .expressionAttributeNames(STATUS)
                    .expressionAttributeValues(all));
            return true;
        } catch (ConditionalCheckFailedException otherwise) {
            return false;
        }
    }

    @Override
    public Optional<String> startNextQueued(String projectId, String environmentId) {
        List<Map<String, AttributeValue>> next = dynamo.query(b -> b.tableName(table).indexName(Keys.GSI2)
                .keyConditionExpression("GSI2PK = :queue")
                .expressionAttributeValues(Map.of(":queue", AttributeValue.fromS(Keys.queueOf(projectId, environmentId))))
                .limit(1)).items();
        if (next.isEmpty()) {
            return Optional.empty();
        }
        String id = string(next.get(0), "id");
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Attributes.key(Keys.releaseSet(id), Keys.RELEASE_SET_SK))
                    .updateExpression("SET #status = :requested" + NEXT_REVISION + " REMOVE GSI2PK, GSI2SK, statusReason")
                    .conditionExpression("#status = :queued")
                    .expressionAttributeNames(STATUS)
                    .expressionAttributeValues(Map.of(
                            ":queued", AttributeValue.fromS(ReleaseSetStatus.QUEUED.name()),
                            ":requested", AttributeValue.fromS(ReleaseSetStatus.REQUESTED.name()),
                            ":zero", ZERO, ":one", ONE)));
            return Optional.of(id);
        } catch (ConditionalCheckFailedException startedByAnother) {
            return Optional.empty();
        }
    }

    /**
     * A lost answer (a 500 or a timeout after the write took effect) makes the SDK send the put
     * again, and the retry fails its condition on our own claim: the existing item, returned with
     * the failure, is then exactly the one we wrote (same claim time to the millisecond), and the
     * claim is ours. Another delivery's claim differs, at least in its time.
     */
    @Override
    public boolean startDeployment(Deployment deployment) {
        Map<String, AttributeValue> item = ReleaseSetItems.deploymentItem(deployment);
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return exists.hasItem() && item.equals(exists.item());
        }
    }

    /**
     * Writes only what the deployer learnt (the ECS deployment, or why nothing was rolled), so that
     * evidence the recorder may already have added is kept; only while the deployment is IN_PROGRESS
     * and not yet started in ECS.
     */
    @Override
    public void updateDeployment(Deployment deployment) {
        dynamo.updateItem(request(deploymentUpdate(deployment)));
    }

    @Override
    public void updateDeployments(ReleaseSet set, List<Deployment> deployments, Instant holdUntil) {
        List<TransactWriteItem> writes = new ArrayList<>();
        Map<TransactWriteItem, Long> sizes = new IdentityHashMap<>();
        for (Deployment deployment : deployments) {
            TransactWriteItem write = TransactWriteItem.builder().update(deploymentUpdate(deployment)).build();
            writes.add(write);
            // The item as it then is: the claim wrote it, and nobody adds to it before it has an ECS deployment.
            sizes.put(write, Transactions.sizeOf(ReleaseSetItems.deploymentItem(deployment)));
        }
        if (holdUntil != null) {
            writes.add(TransactWriteItem.builder().update(holdExtension(set.projectId(), set.environmentId(), set.id(),
                    holdUntil)).build());
        }
        Transactions.runInChunks(dynamo, writes, false, write -> sizes.getOrDefault(write, Transactions.sizeOf(write)));
    }

    /**
     * Writes only what the deployer learnt (the ECS deployment, or why nothing was rolled), so that
     * evidence the recorder may already have added is kept; only while the deployment is IN_PROGRESS
     * and not yet started in ECS.
     */
    private Update deploymentUpdate(Deployment deployment) {
        Map<String, AttributeValue> item = ReleaseSetItems.deploymentItem(deployment);
        List<String> set = new ArrayList<>();
        Map<String, String> names = new HashMap<>(STATUS);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":inProgress", AttributeValue.fromS(ReleaseSetStatus.IN_PROGRESS.name()), ":zero", ZERO, ":one", ONE));
        for (String name : List.of("ecsDeploymentId", "serviceDeploymentArn", "plan", "taskDefinition", "logs", "status", "reason",
                "endedAt", "config", Keys.GSI2PK, Keys.GSI2SK)) {
            if (item.containsKey(name)) {
                names.put("#" + name, name);
                values.put(":" + name, item.get(name));
                set.add("#" + name + " = :" + name);
            }
        }
        return Update.builder().tableName(table)
                .key(Attributes.key(Keys.releaseSet(deployment.releaseSetId()), Keys.DEPLOYMENT_PREFIX + deployment.serviceId()))
                .updateExpression("SET " + String.join(", ", set) + NEXT_REVISION)
                .conditionExpression("#status = :inProgress AND attribute_not_exists(ecsDeploymentId)")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    /** A transaction's update, sent on its own. */
    private static UpdateItemRequest request(Update update) {
        return UpdateItemRequest.builder().tableName(update.tableName()).key(update.key())
                .updateExpression(update.updateExpression()).conditionExpression(update.conditionExpression())
                .expressionAttributeNames(update.hasExpressionAttributeNames() ? update.expressionAttributeNames() : null)
                .expressionAttributeValues(update.hasExpressionAttributeValues() ? update.expressionAttributeValues() : null)
                .build();
    }

    @Override
    public boolean finish(ReleaseSet set, ReleaseSetStatus status, String reason) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":final", AttributeValue.fromS(status.name()),
                ":inProgress", AttributeValue.fromS(ReleaseSetStatus.IN_PROGRESS.name()),
                ":zero", ZERO, ":one", ONE));
        String update = "SET #status = :final" + NEXT_REVISION;
        if (reason != null) {
            update += ", statusReason = :reason";
            values.put(":reason", AttributeValue.fromS(reason));
        }
        TransactWriteItem toFinal = TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Attributes.key(Keys.releaseSet(set.id()), Keys.RELEASE_SET_SK))
                .updateExpression(update)
                .conditionExpression("#status = :inProgress")
                .expressionAttributeNames(STATUS)
                .expressionAttributeValues(values)
                .build()).build();
        TransactWriteItem release = TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                .key(Attributes.key(Keys.project(set.projectId()), Keys.inFlight(set.environmentId())))
                .conditionExpression("releaseSet = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(set.id())))
                .build()).build();
        List<String> codes = Transactions.run(dynamo, List.of(toFinal, release));
        if (codes.isEmpty()) {
            return true;
        }
        if (Transactions.failed(codes, 0)) {
            return false;
        }
        // Our hold expired and another set took the environment: finish without releasing it.
        return Transactions.run(dynamo, List.of(toFinal)).isEmpty();
    }

    @Override
    public void lock(Lock lock) {
        dynamo.putItem(b -> b.tableName(table).item(ReleaseSetItems.lockItem(lock)));
    }

    /** @return false when an item with this key exists: a repeated write */
    private boolean putIfAbsent(Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /**
     * Keeps the lock's item with who lifted it and when (a record of the unlock), and removes a lock
     * kept where locks were before, if there is one.
     */
    @Override
    public void unlock(String projectId, String environmentId, String by, String byArn, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", AttributeValue.fromS(Times.format(at))));
        String update = "SET unlockedAt = :at";
        if (by != null) {
            update += ", unlockedBy = :by";
            values.put(":by", AttributeValue.fromS(by));
        }
        if (byArn != null) {
            update += ", unlockedByArn = :arn";
            values.put(":arn", AttributeValue.fromS(byArn));
        }
        String expression = update;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(ReleaseSetItems.lockKey(projectId, environmentId))
                    .updateExpression(expression).conditionExpression("attribute_exists(PK) AND attribute_not_exists(unlockedAt)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException noLock) {
            // not locked here: perhaps where locks were kept before
        }
        Map<String, AttributeValue> legacy = ReleaseSetItems.legacyLockKey(projectId, environmentId);
        if (legacyLockExists(legacy)) {
            dynamo.deleteItem(b -> b.tableName(table).key(legacy));
        }
    }

    private boolean legacyLockExists(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }
}
