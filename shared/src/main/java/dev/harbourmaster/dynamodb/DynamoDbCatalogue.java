package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.CatalogueChange;
import dev.harbourmaster.ports.CatalogueChange.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

public final class DynamoDbCatalogue implements Catalogue {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbCatalogue(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public List<RepositoryFeed> feedsOf(String repository) {
        return queryFeeds(repository, Keys.FEED_PREFIX).stream().map(CatalogueItems::feed).toList();
    }

    @Override
    public Optional<Project> project(String projectId) {
        return Optional.ofNullable(CatalogueItems.project(projectItems(projectId)));
    }

    @Override
    public List<CatalogueChange> plan(Project project) {
        return diff(project).changes();
    }

    @Override
    public List<CatalogueChange> apply(Project project, AppliedBy by) {
        Diff diff = diff(project);
        List<Map<String, AttributeValue>> puts = diff.puts();
        if (by != null && !diff.changes().isEmpty()) {
            Map<String, AttributeValue> projectItem = CatalogueItems.itemsOf(project).values().iterator().next();
            puts = new ArrayList<>(puts);
            if (!puts.contains(projectItem)) {
                puts.add(0, projectItem);
            }
            puts = puts.stream().map(item -> applied(item, by)).toList();
        }
        puts.forEach(item -> dynamo.putItem(b -> b.tableName(table).item(item)));
        diff.deletes().forEach(item -> dynamo.deleteItem(b -> b.tableName(table)
                .key(Attributes.key(string(item, Keys.PK), string(item, Keys.SK)))));
        return diff.changes();
    }

    /** Who applied the manifest, on an item it writes: not part of what the manifest says (the diff ignores it). */
    private static final List<String> APPLIED = List.of("appliedBy", "appliedByArn", "appliedAt");

    private static Map<String, AttributeValue> applied(Map<String, AttributeValue> item, AppliedBy by) {
        Map<String, AttributeValue> stamped = new LinkedHashMap<>(item);
        stamped.putAll(new Attributes.Item().put("appliedBy", by.name()).put("appliedByArn", by.arn())
                .put("appliedAt", by.at()).build());
        return stamped;
    }

    private static Map<String, AttributeValue> withoutApplied(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> plain = new LinkedHashMap<>(item);
        APPLIED.forEach(plain::remove);
        return plain;
    }

    private record Diff(List<CatalogueChange> changes, List<Map<String, AttributeValue>> puts,
                        List<Map<String, AttributeValue>> deletes) {}

    private Diff diff(Project project) {
        Map<String, Map<String, AttributeValue>> desired = CatalogueItems.itemsOf(project);
        Map<String, Map<String, AttributeValue>> current = storedItems(project);
        List<CatalogueChange> changes = new ArrayList<>();
        List<Map<String, AttributeValue>> puts = new ArrayList<>();
        List<Map<String, AttributeValue>> deletes = new ArrayList<>();
        desired.forEach((key, item) -> {
            Map<String, AttributeValue> stored = current.get(key);
            if (stored == null || !withoutApplied(stored).equals(item)) {
                changes.add(change(stored == null ? Action.ADD : Action.CHANGE, item));
                puts.add(item);
            }
        });
        current.forEach((key, item) -> {
            if (!desired.containsKey(key)) {
                changes.add(change(Action.REMOVE, item));
                deletes.add(item);
            }
        });
        return new Diff(changes, puts, deletes);
    }

    private static CatalogueChange change(Action action, Map<String, AttributeValue> item) {
        String description = CatalogueItems.describe(item);
        int space = description.indexOf(' ');
        return new CatalogueChange(action, description.substring(0, space), description.substring(space + 1));
    }

    /** The catalogue items stored now: the project's partition and its feed items in every repository it used or uses. */
    private Map<String, Map<String, AttributeValue>> storedItems(Project desired) {
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        List<Map<String, AttributeValue>> projectItems = projectItems(desired.id());
        Set<String> repositories = new LinkedHashSet<>(desired.repositories());
        Project stored = CatalogueItems.project(projectItems);
        if (stored != null) {
            stored.services().flatMap(s -> s.containers().stream()).map(Container::repository).forEach(repositories::add);
        }
        for (Map<String, AttributeValue> item : projectItems) {
            String type = string(item, Keys.TYPE);
            if (CatalogueItems.PROJECT.equals(type) || CatalogueItems.ENVIRONMENT.equals(type)
                    || CatalogueItems.SERVICE_SET.equals(type) || CatalogueItems.SERVICE.equals(type)) {
                items.put(CatalogueItems.keyOf(item), item);
            }
        }
        for (String repository : repositories) {
            for (Map<String, AttributeValue> item : queryFeeds(repository, Keys.feedsOfProject(desired.id()))) {
                items.put(CatalogueItems.keyOf(item), item);
            }
        }
        return items;
    }

    /**
     * The catalogue items of a project's partition. Its current-state rows ({@code CURRENT#…}) share
     * the partition and sort before {@code ENV#}, the first catalogue key, so the key condition skips them.
     */
    private List<Map<String, AttributeValue>> projectItems(String projectId) {
        return queryAll(QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND SK >= :first")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.project(projectId)),
                        ":first", AttributeValue.fromS(Keys.ENVIRONMENT_PREFIX)))
                .build());
    }

    private List<Map<String, AttributeValue>> queryFeeds(String repository, String skPrefix) {
        return queryAll(QueryRequest.builder().tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(Keys.repository(repository)),
                        ":sk", AttributeValue.fromS(skPrefix)))
                .build());
    }

    private List<Map<String, AttributeValue>> queryAll(QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(request).items().forEach(items::add);
        return items;
    }
}
