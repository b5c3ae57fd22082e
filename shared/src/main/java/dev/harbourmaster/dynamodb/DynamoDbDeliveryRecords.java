package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.support.Parallel;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Reads a project's deployments in a window, and their release sets, for the delivery metrics.
 *
 * <p>Requests: one Query per (environment, service) of the manifest, on GSI1 {@code
 * ECSSERVICE#<cluster>#<ecsService>} with the sort key ({@code <startedAt>#<setId>}) between the
 * window's ends (more only past a 1 MB page), run four at a time; then one BatchGetItem per 100
 * release sets those deployments name (more only for unprocessed keys). For 2 environments × 4
 * services and 120 sets: 8 Queries and 2 BatchGetItems, whatever the number of deployments. Reading
 * each set's partition instead would take one Query per set; reading the environments' set
 * partitions (GSI1 {@code PROJECT#<p>#ENV#<e>#SETS}) would still leave the deployments to find and
 * miss a set requested before the window whose deployment started in it (a queued one).
 *
 * <p>The ECS service names come from the manifest as it is now: deployments of a service since
 * removed from it, or made under a cluster or naming rule since changed, are not read. Out-of-band
 * deployments are not Harbourmaster's (they are not on GSI1) and are not read either.
 *
 * <p>An item that cannot be mapped is not fatal: a deployment is returned with what could be read
 * and a null status (the metrics count it as ignored), a release set is left out (its deployments
 * count as "without release set").
 */
public final class DynamoDbDeliveryRecords implements DeliveryRecords {

    /** Queries in flight at once: a few, the Lambda or CLI has few cores and the table is on-demand. */
    static final int THREADS = 4;
    /** DynamoDB's limit of keys per BatchGetItem. */
    static final int BATCH = 100;
    private static final int BATCH_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    private final UnaryOperator<Placement> normalized;

    /** @param normalized an environment's placement as its deployments are keyed ({@link Placement#normalized}) */
    public DynamoDbDeliveryRecords(DynamoDbClient dynamo, String table, UnaryOperator<Placement> normalized) {
        this.dynamo = dynamo;
        this.table = table;
        this.normalized = normalized;
    }

    @Override
    public History read(Project project, Instant from, Instant to, BiPredicate<String, String> which) {
        Set<String> partitions = new LinkedHashSet<>();
        for (Environment environment : project.environments()) {
            Placement place = normalized.apply(environment.placement());
            for (ServiceSet serviceSet : project.serviceSets()) {
                serviceSet.services().stream().filter(service -> which.test(environment.id(), service.id()))
                        .forEach(service -> partitions.add(Keys.ecsService(place, environment.cluster(),
                                environment.ecsServiceNameOf(project.id(), serviceSet.id(), service.id()))));
            }
        }
        List<Callable<List<Deployment>>> queries = partitions.stream()
                .<Callable<List<Deployment>>>map(partition -> () -> deployments(partition, from, to))
                .toList();
        List<Deployment> deployments = new ArrayList<>();
        for (List<Deployment> some : Parallel.all(queries, THREADS, DynamoDbDeliveryRecords::interrupted)) {
            // An ECS service name could be shared with another project; one that lost its project is under ours: kept.
            some.stream().filter(d -> d.projectId() == null || project.id().equals(d.projectId())).forEach(deployments::add);
        }
        Set<String> setIds = new LinkedHashSet<>();
        deployments.forEach(d -> {
            if (d.releaseSetId() != null) {
                setIds.add(d.releaseSetId());
            }
        });
        List<String> ids = List.copyOf(setIds);
        List<Callable<List<ReleaseSet>>> batches = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            batches.add(() -> releaseSets(batch));
        }
        List<ReleaseSet> sets = new ArrayList<>();
        Parallel.all(batches, THREADS, DynamoDbDeliveryRecords::interrupted).forEach(sets::addAll);
        return new History(sets, deployments);
    }

    /** The deployments of one ECS service that started in {@code [from, to)} (to the millisecond, as stored). */
    private List<Deployment> deployments(String partition, Instant from, Instant to) {
        List<Deployment> deployments = new ArrayList<>();
        // "<startedAt>#<setId>" sorts after "<startedAt>": BETWEEN from AND to takes from and leaves to out.
        dynamo.queryPaginator(QueryRequest.builder().tableName(table).indexName(Keys.GSI1)
                        .keyConditionExpression("GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(partition),
                                ":from", AttributeValue.fromS(Times.format(from)),
                                ":to", AttributeValue.fromS(Times.format(to))))
                        .build())
                .items().forEach(item -> {
                    if (ReleaseSetItems.DEPLOYMENT.equals(string(item, Keys.TYPE))) {
                        deployments.add(deploymentOf(item));
                    }
                });
        return deployments;
    }

    private List<ReleaseSet> releaseSets(List<String> ids) {
        List<Map<String, AttributeValue>> keys = ids.stream()
                .map(id -> Attributes.key(Keys.releaseSet(id), Keys.RELEASE_SET_SK))
                .toList();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        List<ReleaseSet> sets = new ArrayList<>();
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt == BATCH_ATTEMPTS) {
                throw new IllegalStateException("DynamoDB left release sets unread after " + BATCH_ATTEMPTS + " attempts");
            }
            if (attempt > 0) {
                pause(attempt);
            }
            Map<String, KeysAndAttributes> asked = request;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(asked));
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                try {
                    sets.add(ReleaseSetItems.releaseSet(item));
                } catch (RuntimeException e) {
                    // A set we cannot read: its deployments count as "without release set".
                }
            }
            request = response.hasUnprocessedKeys() ? new LinkedHashMap<>(response.unprocessedKeys()) : Map.of();
        }
        return sets;
    }

    /** A deployment item, or what can be read of it with no status when it is malformed. */
    private static Deployment deploymentOf(Map<String, AttributeValue> item) {
        try {
            return ReleaseSetItems.deployment(item);
        } catch (RuntimeException e) {
            return Deployment.builder().releaseSetId(string(item, "releaseSet")).projectId(string(item, "project"))
                    .environmentId(string(item, "environment")).serviceId(string(item, "service"))
                    .cluster(string(item, "cluster")).ecsServiceName(string(item, "ecsService"))
                    .releaseHash(string(item, "releaseHash"))
                    .startedAt(instantOrNull(item, "startedAt")).endedAt(instantOrNull(item, "endedAt")).build();
        }
    }

    private static Instant instantOrNull(Map<String, AttributeValue> item, String name) {
        String text = string(item, name);
        try {
            return text == null ? null : Times.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(1000L, 25L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    private static RuntimeException interrupted() {
        return new IllegalStateException("interrupted while reading delivery records");
    }
}
