package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.item;
import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A project as items: one per project, environment, service set and service under the project's
 * partition, plus one feed item per (repository, service, container) under the repository's.
 */
final class CatalogueItems {

    static final String PROJECT = "Project";
    static final String ENVIRONMENT = "Environment";
    static final String SERVICE_SET = "ServiceSet";
    static final String SERVICE = "Service";
    static final String FEED = "RepositoryFeed";
    private static final String POSITION = "position";

    private CatalogueItems() {}

    /** Every item of the project, keyed "PK|SK", in a stable order. */
    static Map<String, Map<String, AttributeValue>> itemsOf(Project project) {
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        String pk = Keys.project(project.id());
        add(items, item(pk, Keys.PROJECT_SK, PROJECT)
                .put("id", project.id())
                .put("name", project.name())
                .putStrings("tagPatterns", project.releaseHashRule().tagPatterns())
                .build());
        for (int i = 0; i < project.environments().size(); i++) {
            Environment environment = project.environments().get(i);
            add(items, item(pk, Keys.ENVIRONMENT_PREFIX + environment.id(), ENVIRONMENT)
                    .put("id", environment.id())
                    .put("name", environment.name())
                    .put("cluster", environment.cluster())
                    .put("ecsServiceName", environment.ecsServiceName())
                    .put("autoDeploy", environment.autoDeploy())
                    .putMap("approval", approvalMap(environment.approval()))
                    .put("account", environment.placement().account())
                    .put("region", environment.placement().region())
                    .put("roleArn", environment.placement().roleArn())
                    // Left out for the default, so that environments written before compare equal and keep their items.
                    .put("taskDefinitionBase", environment.taskDefinitionBase() == TaskDefinitionBase.RUNNING ? null
                            : environment.taskDefinitionBase().word())
                    .putMap("ecsServiceNames", environment.ecsServiceNames().isEmpty() ? null
                            : Attributes.stringValues(environment.ecsServiceNames()))
                    .put(POSITION, i)
                    .build());
        }
        int servicePosition = 0;
        for (int i = 0; i < project.serviceSets().size(); i++) {
            ServiceSet set = project.serviceSets().get(i);
            add(items, item(pk, Keys.SERVICE_SET_PREFIX + set.id(), SERVICE_SET)
                    .put("id", set.id())
                    .put("name", set.name())
                    .put(POSITION, i)
                    .build());
            for (Service service : set.services()) {
                add(items, item(pk, Keys.SERVICE_PREFIX + service.id(), SERVICE)
                        .put("id", service.id())
                        .put("name", service.name())
                        .put("serviceSet", set.id())
                        .putMaps("containers", service.containers(), CatalogueItems::containerMap)
                        .put(POSITION, servicePosition++)
                        .build());
            }
        }
        for (RepositoryFeed feed : project.feeds()) {
            add(items, feedItem(feed));
        }
        return items;
    }

    static String keyOf(Map<String, AttributeValue> item) {
        return string(item, Keys.PK) + "|" + string(item, Keys.SK);
    }

    /** "Service api", "RepositoryFeed catalogue/api → api/app": how a change is shown to a person. */
    static String describe(Map<String, AttributeValue> item) {
        String type = string(item, Keys.TYPE);
        if (FEED.equals(type)) {
            return type + " " + string(item, "repository") + " -> " + string(item, "service") + "/" + string(item, "container");
        }
        return type + " " + string(item, "id");
    }

    private static void add(Map<String, Map<String, AttributeValue>> items, Map<String, AttributeValue> item) {
        items.put(keyOf(item), item);
    }

    private static Map<String, AttributeValue> feedItem(RepositoryFeed feed) {
        return item(Keys.repository(feed.repository()), Keys.feed(feed.projectId(), feed.service().id(), feed.container()), FEED)
                .put("repository", feed.repository())
                .put("project", feed.projectId())
                .put("serviceSet", feed.serviceSetId())
                .put("service", feed.service().id())
                .put("serviceName", feed.service().name())
                .put("container", feed.container())
                .putMaps("containers", feed.service().containers(), CatalogueItems::containerMap)
                .putStrings("tagPatterns", feed.releaseHashRule().tagPatterns())
                .putStrings("autoDeploy", feed.autoDeployEnvironments())
                .build();
    }

    static RepositoryFeed feed(Map<String, AttributeValue> item) {
        Service service = new Service(string(item, "service"), string(item, "serviceName"),
                Attributes.maps(item, "containers", CatalogueItems::container));
        return new RepositoryFeed(string(item, "repository"), string(item, "project"), string(item, "serviceSet"),
                service, string(item, "container"), new ReleaseHashRule(Attributes.strings(item, "tagPatterns")),
                Attributes.strings(item, "autoDeploy"));
    }

    /** Rebuilds a project from the items of its partition (one Query). */
    static Project project(List<Map<String, AttributeValue>> items) {
        Map<String, AttributeValue> projectItem = null;
        List<Map<String, AttributeValue>> environments = new ArrayList<>();
        List<Map<String, AttributeValue>> sets = new ArrayList<>();
        List<Map<String, AttributeValue>> services = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            switch (String.valueOf(string(item, Keys.TYPE))) {
                case PROJECT -> projectItem = item;
                case ENVIRONMENT -> environments.add(item);
                case SERVICE_SET -> sets.add(item);
                case SERVICE -> services.add(item);
                default -> { /* other kinds of item live in the project's partition too */ }
            }
        }
        if (projectItem == null) {
            return null;
        }
        Comparator<Map<String, AttributeValue>> byPosition = Comparator.comparingLong(i -> Attributes.number(i, POSITION, 0));
        environments.sort(byPosition);
        sets.sort(byPosition);
        services.sort(byPosition);
        List<ServiceSet> serviceSets = sets.stream().map(set -> new ServiceSet(string(set, "id"), string(set, "name"),
                services.stream()
                        .filter(s -> string(set, "id").equals(string(s, "serviceSet")))
                        .map(s -> new Service(string(s, "id"), string(s, "name"),
                                Attributes.maps(s, "containers", CatalogueItems::container)))
                        .toList())).toList();
        return new Project(string(projectItem, "id"), string(projectItem, "name"),
                new ReleaseHashRule(Attributes.strings(projectItem, "tagPatterns")),
                environments.stream().map(CatalogueItems::environment).toList(),
                serviceSets);
    }

    static boolean isEnvironment(Map<String, AttributeValue> item) {
        return ENVIRONMENT.equals(string(item, Keys.TYPE));
    }

    /** An environment item's environment (its project is the item's partition). */
    static Environment environment(Map<String, AttributeValue> e) {
        return new Environment(string(e, "id"), string(e, "name"), string(e, "cluster"),
                string(e, "ecsServiceName"), Attributes.bool(e, "autoDeploy", false),
                approval(e), placement(e),
                TaskDefinitionBase.of(string(e, "taskDefinitionBase")).orElse(TaskDefinitionBase.RUNNING),
                Attributes.stringMap(e, "ecsServiceNames"));
    }

    /** The project whose partition an item is in, or null when the item is not in a project's. */
    static String projectOf(Map<String, AttributeValue> item) {
        String pk = string(item, Keys.PK);
        String prefix = Keys.project("");
        return pk != null && pk.startsWith(prefix) && pk.length() > prefix.length() ? pk.substring(prefix.length()) : null;
    }

    /** An environment's approval rule; none (no gate) is left out, so that environments without one keep their items. */
    private static Map<String, AttributeValue> approvalMap(ApprovalRule rule) {
        if (rule.equals(ApprovalRule.NONE)) {
            return null;
        }
        return new Attributes.Item().put("required", rule.required())
                .putStrings("approvers", rule.approvers().stream().map(ArnPattern::text).toList())
                .put("allowSelfApproval", rule.allowSelfApproval()).build();
    }

    private static ApprovalRule approval(Map<String, AttributeValue> environment) {
        ApprovalRule rule = Attributes.map(environment, "approval", m -> new ApprovalRule(Attributes.bool(m, "required", true),
                Attributes.strings(m, "approvers").stream().map(ArnPattern::new).toList(),
                Attributes.bool(m, "allowSelfApproval", false)));
        return rule == null ? ApprovalRule.NONE : rule;
    }

    /** Where the environment lives; the parts left out (and items written before there were any) are the stack's own. */
    private static Placement placement(Map<String, AttributeValue> environment) {
        return new Placement(string(environment, "account"), string(environment, "region"), string(environment, "roleArn"));
    }

    private static Map<String, AttributeValue> containerMap(Container container) {
        return new Attributes.Item().put("name", container.name()).put("repository", container.repository()).build();
    }

    private static Container container(Map<String, AttributeValue> map) {
        return new Container(string(map, "name"), string(map, "repository"));
    }
}
