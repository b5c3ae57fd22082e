package dev.harbourmaster.dynamodb;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.PendingRelease;
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
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
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
        // A new build's only tag is the push's.
        PendingRelease pending = new PendingRelease(build.pushedAt(), build.tags().stream().findFirst().orElse(null), true);
        return write(TransactWriteItem.builder().put(putIfAbsent(LedgerItems.buildItem(build))).build(),
                TransactWriteItem.builder().put(putIfAbsent(LedgerItems.buildItem(build.releasing(pending)))).build(),
                build, releases, autoDeploys);
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
    public boolean release(Build build, String tag, String releaseHash, List<Release> releases, List<ReleaseSet> autoDeploys) {
        PendingRelease pending = new PendingRelease(createdAtOf(releases), tag, true);
        return write(new StateChange(build, BuildState.UNRELEASED, BuildState.RELEASED)
                        .set("releaseHash", releaseHash).addTag(tag).write(),
                new StateChange(build, BuildState.UNRELEASED, BuildState.RELEASING)
                        .set("releaseHash", releaseHash).addTag(tag).set(LedgerItems.PENDING, pending).write(),
                build, releases, autoDeploys);
    }

    @Override
    public boolean adopt(Build build, List<Release> releases) {
        BuildState adopted = releases.isEmpty() ? BuildState.UNRELEASED : BuildState.RELEASED;
        // While RELEASING it stays in the index of unassigned builds, where the next apply finds it to finish.
        return write(new StateChange(build, BuildState.UNASSIGNED, adopted).set("releaseHash", build.releaseHash())
                        .remove(Keys.GSI2PK, Keys.GSI2SK).write(),
                new StateChange(build, BuildState.UNASSIGNED, BuildState.RELEASING).set("releaseHash", build.releaseHash())
                        .set(LedgerItems.PENDING, new PendingRelease(createdAtOf(releases), null, false)).write(),
                build, releases, List.of());
    }

    @Override
    public void finishRelease(Build build, List<Release> releases, List<ReleaseSet> autoDeploys) {
        List<TransactWriteItem> writes = new ArrayList<>(puts(releases, autoDeploys));
        writes.add(finished(build));
        Transactions.runInChunks(dynamo, writes, false);
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
    public List<Optional<Release>> recorded(List<Release> releases) {
        List<Map<String, AttributeValue>> keys = releases.stream()
                .filter(r -> r.createdAt() != null && r.sourceDigest() != null)
                .map(DynamoDbBuildLedger::keyOf).distinct().toList();
        List<Map<String, AttributeValue>> items = DynamoDbReleaseSets.batchGet(dynamo, table, keys);
        return releases.stream().map(r -> r.createdAt() == null || r.sourceDigest() == null ? Optional.<Release>empty()
                : Optional.ofNullable(DynamoDbReleaseSets.found(items, keyOf(r))).map(LedgerItems::release)).toList();
    }

    private static Map<String, AttributeValue> keyOf(Release release) {
        return Attributes.key(Keys.service(release.projectId(), release.serviceId()),
                LedgerItems.releaseSortKey(release.createdAt(), release.sourceDigest()));
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
        return newestReleases(projectId, limit).releases();
    }

    @Override
    public NewestReleases newestReleases(String projectId, int limit) {
        QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.releasesOfProject(projectId))))
                .scanIndexForward(false)
                .limit(limit)
                .build());
        return new NewestReleases(response.items().stream().map(LedgerItems::release).toList(),
                !response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty());
    }

    private Put putIfAbsent(Map<String, AttributeValue> item) {
        return Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(PK)").build();
    }

    /**
     * A build's change of state with its releases, then their release sets: in one transaction when
     * they fit (the build's write {@code settled}), else the build's write {@code releasing} first,
     * with as many as fit, then the rest in transactions of their own, and the build RELEASED last.
     *
     * @return false when the build's own condition failed: nothing was written
     */
    private boolean write(TransactWriteItem settled, TransactWriteItem releasing, Build build,
                          List<Release> releases, List<ReleaseSet> sets) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(settled);
        writes.addAll(puts(releases, sets));
        if (Transactions.fitInOne(writes)) {
            return Transactions.runUnlessDone(dynamo, writes);
        }
        writes.set(0, releasing);
        writes.add(finished(build));
        return Transactions.runInChunks(dynamo, writes, true);
    }

    private TransactWriteItem finished(Build build) {
        return new StateChange(build, BuildState.RELEASING, BuildState.RELEASED)
                .remove(LedgerItems.PENDING, Keys.GSI2PK, Keys.GSI2SK).write();
    }

    /** Releases first: a release set is written only once the releases it names are. */
    private List<TransactWriteItem> puts(List<Release> releases, List<ReleaseSet> sets) {
        List<TransactWriteItem> writes = new ArrayList<>();
        releases.forEach(r -> writes.add(TransactWriteItem.builder().put(putIfAbsent(LedgerItems.releaseItem(r))).build()));
        sets.forEach(s -> writes.add(TransactWriteItem.builder().put(putIfAbsent(ReleaseSetItems.releaseSetItem(s))).build()));
        return writes;
    }

    /** The releases of one build are made at one time, which is part of their keys. */
    private static Instant createdAtOf(List<Release> releases) {
        return releases.isEmpty() ? null : releases.get(0).createdAt();
    }

    /** An update of a build's state, on condition that it is still in the state it was read in. */
    private final class StateChange {

        private static final String STATE = "state";

        private final Build build;
        private final List<String> set = new ArrayList<>();
        private final List<String> remove = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private String add = "";

        StateChange(Build build, BuildState from, BuildState to) {
            this.build = build;
            values.put(":from", AttributeValue.fromS(from.name()));
            set(STATE, to.name());
        }

        StateChange set(String attribute, String value) {
            return value == null ? this : set(attribute, AttributeValue.fromS(value));
        }

        StateChange set(String attribute, PendingRelease pending) {
            return set(attribute, AttributeValue.fromM(LedgerItems.pendingMap(pending)));
        }

        private StateChange set(String attribute, AttributeValue value) {
            set.add(name(attribute) + " = :" + attribute);
            values.put(":" + attribute, value);
            return this;
        }

        StateChange addTag(String tag) {
            if (tag != null) {
                add = " ADD tags :tag";
                values.put(":tag", AttributeValue.fromSs(List.of(tag)));
            }
            return this;
        }

        StateChange remove(String... attributes) {
            List.of(attributes).forEach(attribute -> remove.add(name(attribute)));
            return this;
        }

        private String name(String attribute) {
            names.put("#" + attribute, attribute);
            return "#" + attribute;
        }

        TransactWriteItem write() {
            return TransactWriteItem.builder().update(Update.builder().tableName(table)
                    .key(Attributes.key(Keys.repository(build.repository()), Keys.build(build.digest())))
                    .updateExpression("SET " + String.join(", ", set) + add
                            + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove)))
                    .conditionExpression(name(STATE) + " = :from")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build()).build();
        }
    }
}
