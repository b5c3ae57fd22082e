package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Parallel;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The readers' view of the table. History pages by release-set id: each environment's sets are
 * one GSI1 partition sorted by the ULID of their id (so by time), queried below the last one shown and, for
 * "since", at or above the lowest ULID of that time; a service filter is a FilterExpression on the
 * sets' top-level {@code services} string set. DynamoDB applies Limit before the filter, so a
 * filtered environment is read in growing pages until enough sets match or it is exhausted.
 */
public final class DynamoDbDeploymentHistory implements DeploymentHistory {

    /** The most items one filtered Query is asked to read; pages of a selective filter double up to it. */
    static final int MAX_FILTERED_READ = 1000;

    /** Environments whose history is read at the same time. */
    private static final int READS_AT_ONCE = 4;

    /** How many earlier deployments of a service are read to find the last success before one. */
    private static final int PREVIOUS_READ = 20;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbDeploymentHistory(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<ProjectState> projectState(String projectId) {
        List<Map<String, AttributeValue>> items = projectItems(projectId);
        Project project = CatalogueItems.project(items);
        if (project == null) {
            return Optional.empty();
        }
        List<String> environments = project.environments().stream().map(Environment::id).toList();
        return Optional.of(state(projectId, project, items, environments, DynamoDbReleaseSets.batchGet(dynamo, table,
                environments.stream().map(e -> ReleaseSetItems.lockKey(projectId, e)).toList())));
    }

    @Override
    public Optional<ProjectState> projectStateFor(String projectId, String environmentId) {
        Parallel.Both<List<Map<String, AttributeValue>>, List<Map<String, AttributeValue>>> read = Parallel.both(
                () -> projectItems(projectId),
                () -> DynamoDbReleaseSets.batchGet(dynamo, table, List.of(ReleaseSetItems.lockKey(projectId, environmentId))),
                () -> new IllegalStateException("interrupted while reading project " + projectId));
        Project project = CatalogueItems.project(read.first());
        return project == null ? Optional.empty()
                : Optional.of(state(projectId, project, read.first(), List.of(environmentId), read.second()));
    }

    private List<Map<String, AttributeValue>> projectItems(String projectId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.project(projectId))))
                        .build())
                .items().forEach(items::add);
        return items;
    }

    /** The state from the project's items and the locks of {@code environments} (the gates of those only). */
    private static ProjectState state(String projectId, Project project, List<Map<String, AttributeValue>> items,
                                      List<String> environments, List<Map<String, AttributeValue>> locks) {
        List<CurrentState> rows = items.stream()
                .filter(CurrentStateItems::isCurrentState)
                .map(CurrentStateItems::currentState)
                .toList();
        Map<String, EnvironmentVerification> verifications = new HashMap<>();
        items.stream().filter(VerificationItems::isVerification).map(VerificationItems::verification)
                .forEach(v -> verifications.put(v.environmentId(), v));
        return new ProjectState(project, rows, gates(projectId, environments, items, locks), verifications);
    }

    /**
     * The gate of each environment: its lock (from the locks' own partitions, and from the project's,
     * where locks were kept before) and its in-flight item (among the project's items).
     */
    private static Map<String, Gate> gates(String projectId, List<String> environments, List<Map<String, AttributeValue>> items,
                                           List<Map<String, AttributeValue>> locks) {
        Instant now = Instant.now();
        Map<String, Gate> gates = new HashMap<>();
        for (String id : environments) {
            Gate gate = ReleaseSetItems.gate(DynamoDbReleaseSets.found(locks, ReleaseSetItems.lockKey(projectId, id)),
                    DynamoDbReleaseSets.found(items, ReleaseSetItems.legacyLockKey(projectId, id)),
                    DynamoDbReleaseSets.found(items, Attributes.key(Keys.project(projectId), Keys.inFlight(id))), now);
            if (!gate.equals(Gate.OPEN)) {
                gates.put(id, gate);
            }
        }
        return gates;
    }

    @Override
    public HistoryPage history(HistoryQuery query) {
        if (query.environmentId() != null) {
            return history(query, List.of(query.environmentId()));
        }
        List<String> environments = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder().tableName(table)
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :env)")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(Keys.project(query.projectId())),
                                ":env", AttributeValue.fromS(Keys.ENVIRONMENT_PREFIX)))
                        .build())
                .items().stream()
                .filter(item -> CatalogueItems.ENVIRONMENT.equals(string(item, Keys.TYPE)))
                .forEach(item -> environments.add(string(item, "id")));
        return history(query, environments);
    }

    @Override
    public HistoryPage history(HistoryQuery query, List<String> environmentIds) {
        List<String> environments = query.environmentId() != null ? List.of(query.environmentId())
                : List.copyOf(new LinkedHashSet<>(environmentIds));
        String upper = lowestOf(query.pageToken(), query.until() == null ? null : Ulid.lowest(query.until()));
        String lower = query.since() == null || query.since().isBefore(Instant.EPOCH) ? null : Ulid.lowest(query.since());
        if (upper != null && lower != null && lower.compareTo(upper) >= 0) {
            return new HistoryPage(List.of(), null);
        }
        // One more than the page from each environment: the merged newest `limit` are the page, and
        // anything beyond them says that a next page exists (no token that leads to an empty page).
        int wanted = query.limit() + 1;
        // Environments are independent partitions: asked together, a page takes one round trip, not one per environment.
        List<Callable<List<ReleaseSet>>> reads = new ArrayList<>();
        environments.forEach(environment -> reads.add(() -> newest(query, environment, lower, upper, wanted)));
        List<ReleaseSet> found = new ArrayList<>();
        Parallel.all(reads, READS_AT_ONCE, () -> new IllegalStateException("interrupted while reading the history"))
                .forEach(found::addAll);
        found.sort(Comparator.comparing((ReleaseSet s) -> ReleaseSetIds.ulid(s.id())).reversed());
        if (found.size() <= query.limit()) {
            return new HistoryPage(found, null);
        }
        List<ReleaseSet> page = found.subList(0, query.limit());
        return new HistoryPage(page, ReleaseSetIds.ulid(page.get(page.size() - 1).id()));
    }

    /** Up to {@code wanted} sets of one environment, newest first, within the bounds and the service filter. */
    private List<ReleaseSet> newest(HistoryQuery query, String environmentId, String lower, String upper, int wanted) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(Keys.releaseSetsOf(query.projectId(), environmentId)));
        String key = "GSI1PK = :pk";
        if (upper != null && lower != null) {
            // A key condition has one comparison on the sort key: BETWEEN is inclusive, so the set
            // named by the token comes back too (first, being the highest) and is dropped below.
            key += " AND GSI1SK BETWEEN :lower AND :upper";
            values.put(":lower", AttributeValue.fromS(lower));
            values.put(":upper", AttributeValue.fromS(upper));
        } else if (upper != null) {
            key += " AND GSI1SK < :upper";
            values.put(":upper", AttributeValue.fromS(upper));
        } else if (lower != null) {
            key += " AND GSI1SK >= :lower";
            values.put(":lower", AttributeValue.fromS(lower));
        }
        QueryRequest.Builder request = QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                .keyConditionExpression(key)
                .scanIndexForward(false);
        List<String> filters = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        if (query.serviceId() != null) {
            // Sets written before the top-level set existed have no `services`: read them and decide here.
            filters.add("(contains(#services, :service) OR attribute_not_exists(#services))");
            names.put("#services", "services");
            values.put(":service", AttributeValue.fromS(query.serviceId()));
        }
        if (query.status() != null) {
            filters.add("#status = :status");
            names.put("#status", "status");
            values.put(":status", AttributeValue.fromS(query.status().name()));
        }
        if (query.requestedBy() != null) {
            filters.add("(contains(requestedBy, :by) OR contains(requestedByArn, :by))");
            values.put(":by", AttributeValue.fromS(query.requestedBy()));
        }
        if (!filters.isEmpty()) {
            request.filterExpression(String.join(" AND ", filters));
        }
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        request.expressionAttributeValues(values);

        boolean inclusiveUpper = upper != null && lower != null;
        int read = wanted + (inclusiveUpper ? 1 : 0);
        List<ReleaseSet> sets = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = dynamo.query(request.limit(read).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (ReleaseSetItems.misplacedSet(item)) {
                    continue;
                }
                ReleaseSet set = releaseSetOf(item);
                if (ReleaseSetIds.ulid(set.id()).equals(upper) || !query.matches(set)
                        || !set.environmentId().equals(environmentId)) {
                    continue;
                }
                sets.add(set);
                if (sets.size() == wanted) {
                    return sets;
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            // Unfiltered, only a 1 MB page stops short: ask for the rest. Filtered, the last page
            // matched too few: read twice as many, so a selective filter takes few requests.
            read = !query.filtered() ? wanted - sets.size() : Math.min(MAX_FILTERED_READ, read * 2);
        } while (start != null);
        return sets;
    }

    @Override
    public Map<String, List<ReleaseSet>> waiting(String projectId, List<String> environmentIds) {
        List<String> environments = List.copyOf(new LinkedHashSet<>(environmentIds));
        List<Callable<List<ReleaseSet>>> reads = new ArrayList<>();
        environments.forEach(environment -> reads.add(() -> waitingIn(projectId, environment)));
        List<List<ReleaseSet>> found = Parallel.all(reads, READS_AT_ONCE,
                () -> new IllegalStateException("interrupted while reading the release sets that wait"));
        Map<String, List<ReleaseSet>> waiting = new LinkedHashMap<>();
        for (int i = 0; i < environments.size(); i++) {
            waiting.put(environments.get(i), found.get(i));
        }
        return waiting;
    }

    private List<ReleaseSet> waitingIn(String projectId, String environmentId) {
        List<ReleaseSet> sets = new ArrayList<>(dynamo.query(b -> b.tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk")
                        .filterExpression("#status IN (:requested, :queued, :awaiting)")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(Keys.releaseSetsOf(projectId, environmentId)),
                                ":requested", AttributeValue.fromS(ReleaseSetStatus.REQUESTED.name()),
                                ":queued", AttributeValue.fromS(ReleaseSetStatus.QUEUED.name()),
                                ":awaiting", AttributeValue.fromS(ReleaseSetStatus.AWAITING_APPROVAL.name())))
                        .scanIndexForward(false)
                        .limit(WAITING_LOOKBACK))
                .items().stream().filter(item -> !ReleaseSetItems.misplacedSet(item)).map(DynamoDbDeploymentHistory::releaseSetOf)
                .filter(set -> set.environmentId().equals(environmentId)).toList());
        Collections.reverse(sets);
        return sets;
    }

    @Override
    public Optional<Deployment> previousSuccess(Deployment deployment) {
        if (deployment.cluster() == null || deployment.ecsServiceName() == null || deployment.startedAt() == null) {
            return Optional.empty();
        }
        return dynamo.query(b -> b.tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk AND GSI1SK < :before")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(Keys.ecsService(deployment.placement(), deployment.cluster(), deployment.ecsServiceName())),
                                ":before", AttributeValue.fromS(Times.format(deployment.startedAt()) + "#" + deployment.releaseSetId())))
                        .scanIndexForward(false).limit(PREVIOUS_READ))
                .items().stream()
                .filter(item -> !ReleaseSetItems.misplaced(item))
                .map(ReleaseSetItems::deployment)
                .filter(Deployment::isSuccess)
                .findFirst();
    }

    /** The lower of two exclusive upper bounds (either may be absent). */
    private static String lowestOf(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public Optional<ReleaseSetDetail> releaseSet(String releaseSetId) {
        return DynamoDbDeploymentRecords.setRecord(dynamo, table, releaseSetId)
                .map(record -> new ReleaseSetDetail(record.set(), record.deployments()));
    }

    private static ReleaseSet releaseSetOf(Map<String, AttributeValue> item) {
        try {
            return ReleaseSetItems.releaseSet(item);
        } catch (RuntimeException e) {
            String id = string(item, "id") != null ? string(item, "id") : string(item, Keys.PK);
            throw new MalformedReleaseSetException(id, e.getMessage(), e);
        }
    }
}
