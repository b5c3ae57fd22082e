package dev.harbourmaster.dynamodb;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.BuildLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

public final class DynamoDbBuildLedger implements BuildLedger {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbBuildLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean recordNewBuild(Build build, List<Release> releases, List<ReleaseSet> autoDeploys) {
        return transact(withReleases(TransactWriteItem.builder().put(putIfAbsent(LedgerItems.buildItem(build))).build(),
                releases, autoDeploys));
    }

    @Override
    public Optional<Build> build(String repository, String digest) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Attributes.key(Keys.repository(repository), Keys.build(digest)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerItems.build(item));
    }

    @Override
    public void addTag(String repository, String digest, String tag) {
        dynamo.updateItem(b -> b.tableName(table)
                .key(Attributes.key(Keys.repository(repository), Keys.build(digest)))
                .updateExpression("ADD tags :tag")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":tag", AttributeValue.fromSs(List.of(tag)))));
    }

    @Override
    public boolean release(Build build, String releaseHash, List<Release> releases, List<ReleaseSet> autoDeploys) {
        Update update = Update.builder().tableName(table)
                .key(Attributes.key(Keys.repository(build.repository()), Keys.build(build.digest())))
                .updateExpression("SET #state = :released, releaseHash = :hash")
                .conditionExpression("#state = :unreleased")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(
                        ":released", AttributeValue.fromS(BuildState.RELEASED.name()),
                        ":unreleased", AttributeValue.fromS(BuildState.UNRELEASED.name()),
                        ":hash", AttributeValue.fromS(releaseHash)))
                .build();
        return transact(withReleases(TransactWriteItem.builder().update(update).build(), releases, autoDeploys));
    }

    @Override
    public boolean adopt(Build build, List<Release> releases) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", AttributeValue.fromS((releases.isEmpty() ? BuildState.UNRELEASED : BuildState.RELEASED).name()));
        values.put(":unassigned", AttributeValue.fromS(BuildState.UNASSIGNED.name()));
        String set = "SET #state = :state";
        if (build.releaseHash() != null) {
            set += ", releaseHash = :hash";
            values.put(":hash", AttributeValue.fromS(build.releaseHash()));
        }
        Update update = Update.builder().tableName(table)
                .key(Attributes.key(Keys.repository(build.repository()), Keys.build(build.digest())))
                .updateExpression(set + " REMOVE GSI2PK, GSI2SK")
                .conditionExpression("#state = :unassigned")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values)
                .build();
        return transact(withReleases(TransactWriteItem.builder().update(update).build(), releases, List.of()));
    }

    @Override
    public List<Build> builds(String repository, int limit) {
        return dynamo.query(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.buildsOfRepository(repository))))
                        .scanIndexForward(false)
                        .limit(limit)
                        .build())
                .items().stream().map(LedgerItems::build).toList();
    }

    @Override
    public List<Build> unassignedBuilds(String repository) {
        List<Build> builds = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(Keys.GSI2)
                        .keyConditionExpression("GSI2PK = :pk AND begins_with(GSI2SK, :repository)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(Keys.UNASSIGNED),
                                ":repository", AttributeValue.fromS(LedgerItems.unassignedSortKey(repository))))
                        .build())
                .items().forEach(item -> builds.add(LedgerItems.build(item)));
        return builds;
    }

    @Override
    public Optional<Release> release(String projectId, String serviceId, Instant createdAt, String sourceDigest) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Attributes.key(Keys.service(projectId, serviceId), LedgerItems.releaseSortKey(createdAt, sourceDigest)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerItems.release(item));
    }

    @Override
    public Optional<Release> latestRelease(String projectId, String serviceId) {
        return releases(projectId, serviceId, 1).stream().findFirst();
    }

    @Override
    public List<Release> releases(String projectId, String serviceId, int limit) {
        return dynamo.query(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(Keys.service(projectId, serviceId)),
                                ":sk", AttributeValue.fromS(Keys.RELEASE_PREFIX)))
                        .scanIndexForward(false)
                        .limit(limit)
                        .build())
                .items().stream().map(LedgerItems::release).toList();
    }

    @Override
    public List<Release> releases(String projectId, int limit) {
        return dynamo.query(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.releasesOfProject(projectId))))
                        .scanIndexForward(false)
                        .limit(limit)
                        .build())
                .items().stream().map(LedgerItems::release).toList();
    }

    private Put putIfAbsent(Map<String, AttributeValue> item) {
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(PK)").build();
    }

    private List<TransactWriteItem> withReleases(TransactWriteItem first, List<Release> releases, List<ReleaseSet> sets) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(first);
        releases.forEach(r -> writes.add(TransactWriteItem.builder().put(putIfAbsent(LedgerItems.releaseItem(r))).build()));
        sets.forEach(s -> writes.add(TransactWriteItem.builder().put(putIfAbsent(ReleaseSetItems.releaseSetItem(s))).build()));
        return writes;
    }

    private boolean transact(List<TransactWriteItem> writes) {
        return Transactions.runUnlessDone(dynamo, writes);
    }
}
