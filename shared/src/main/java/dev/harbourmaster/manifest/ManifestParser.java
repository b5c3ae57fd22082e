package dev.harbourmaster.manifest;

import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.TagPattern;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.support.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads harbourmaster.yml into a {@link Project}. Every problem is reported with its path in the
 * file; parsing never stops at the first one.
 */
public final class ManifestParser {

    /** Ids become parts of table keys and ECS names: keep them plain. */
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** ECR's own rule for repository names. */
    private static final Pattern REPOSITORY = Pattern.compile(
            "(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*");
    /** CreateService's rule for serviceName. */
    private static final Pattern ECS_SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,254}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
    private static final Set<String> PLACEHOLDERS = Set.of("project", "serviceSet", "service", "env");

    /**
     * An environment's region and roleArn (its account, the role's) as a manifest would read them: the
     * same checks, each problem named by its key ({@code roleArn: ...}).
     */
    public static Placement placement(String source, String region, String roleArn) throws ManifestException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        if (region != null) {
            values.put("region", region);
        }
        if (roleArn != null) {
            values.put("roleArn", roleArn);
        }
        Placement placement = PlacementReader.read(new YamlNode("", values, problems));
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems);
        }
        return placement;
    }

    public Project parse(Path file) throws ManifestException {
        return parse(file.toString(), read(file));
    }

    public Project parse(String source, String text) throws ManifestException {
        List<String> problems = new ArrayList<>();
        Project project = read(new YamlNode("", load(source, text), problems));
        if (!problems.isEmpty()) {
            throw new ManifestException(source, problems);
        }
        return project;
    }

    /**
     * The project id alone (project.id), whatever the rest of the manifest says: hm's default
     * project comes from it, and a mistake elsewhere in the file should not hide which project it is.
     */
    public String projectId(Path file) throws ManifestException {
        String source = file.toString();
        List<String> problems = new ArrayList<>();
        YamlNode project = new YamlNode("", load(source, read(file)), problems).get("project");
        if (project.isMissing()) {
            project.problem("missing");
        }
        String id = project.isMissing() ? null : id(project.get("id"));
        if (id == null) {
            throw new ManifestException(source, problems);
        }
        return id;
    }

    private static String read(Path file) throws ManifestException {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ManifestException(file.toString(), List.of("file not found; pass the manifest with -f PATH"));
        } catch (IOException e) {
            throw new ManifestException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    private static Object load(String source, String text) throws ManifestException {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new ManifestException(source, List.of("line " + (mark.getLine() + 1) + ", column "
                    + (mark.getColumn() + 1) + ": not valid YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new ManifestException(source, List.of("not valid YAML: " + e.getMessage()));
        }
    }

    private Project read(YamlNode root) {
        if (!root.requireMap(List.of("project", "releaseHash", "environments", "serviceSets"))) {
            return null;
        }
        YamlNode projectNode = root.get("project");
        String id = null;
        String name = null;
        if (projectNode.requireMap(List.of("id", "name"))) {
            id = id(projectNode.get("id"));
            name = projectNode.get("name").string(false);
        }
        ReleaseHashRule rule = releaseHashRule(root.get("releaseHash"));

        List<Environment> environments = new ArrayList<>();
        Set<String> environmentIds = new HashSet<>();
        Map<ClusterPlace, String> clusters = new HashMap<>();
        for (YamlNode node : root.get("environments").list(true)) {
            Environment environment = environment(node);
            if (environment != null && !environmentIds.add(environment.id())) {
                node.get("id").problem("duplicate environment id '" + environment.id() + "'");
            }
            if (environment != null && environment.cluster() != null) {
                ClusterPlace place = ClusterPlace.of(environment);
                String other = clusters.putIfAbsent(place, environment.id());
                if (other != null) {
                    node.get("cluster").problem(place.describe() + " is environment '" + other
                            + "' already: one ECS cluster cannot be two environments");
                }
            }
            environments.add(environment);
        }

        List<ServiceSet> serviceSets = new ArrayList<>();
        Set<String> setIds = new HashSet<>();
        Set<String> serviceIds = new HashSet<>();
        for (YamlNode setNode : root.get("serviceSets").list(true)) {
            if (!setNode.requireMap(List.of("id", "name", "services"))) {
                continue;
            }
            String setId = id(setNode.get("id"));
            if (setId != null && !setIds.add(setId)) {
                setNode.get("id").problem("duplicate service set id '" + setId + "'");
            }
            List<Service> services = new ArrayList<>();
            for (YamlNode serviceNode : setNode.get("services").list(true)) {
                Service service = service(serviceNode);
                if (service == null) {
                    continue;
                }
                if (!serviceIds.add(service.id())) {
                    serviceNode.get("id").problem("duplicate service id '" + service.id()
                            + "' (service ids are unique across the project)");
                }
                services.add(service);
            }
            serviceSets.add(new ServiceSet(setId, firstNonNull(setNode.get("name").string(false), setId), services));
        }
        checkNamedServices(root.get("environments"), environments, serviceIds);
        return new Project(id, firstNonNull(name, id), rule,
                environments.stream().filter(Objects::nonNull).toList(), serviceSets);
    }

    private ReleaseHashRule releaseHashRule(YamlNode node) {
        if (node.isMissing() || !node.requireMap(List.of("tagPatterns"))) {
            return ReleaseHashRule.DEFAULT;
        }
        List<String> patterns = new ArrayList<>();
        List<YamlNode> patternNodes = node.get("tagPatterns").list(true);
        if (patternNodes.size() > ReleaseHashRule.MAX_PATTERNS) {
            node.get("tagPatterns").problem(patternNodes.size() + " patterns; at most " + ReleaseHashRule.MAX_PATTERNS);
        }
        for (YamlNode patternNode : patternNodes) {
            String pattern = patternNode.string(true);
            if (pattern == null) {
                continue;
            }
            try {
                TagPattern.compile(pattern);
                patterns.add(pattern);
            } catch (IllegalArgumentException e) {
                patternNode.problem(e.getMessage());
            }
        }
        return patterns.isEmpty() ? ReleaseHashRule.DEFAULT : new ReleaseHashRule(patterns);
    }

    private Environment environment(YamlNode node) {
        if (!node.requireMap(List.of("id", "name", "cluster", "ecsServiceName", "ecsServiceNames", "autoDeploy", "approval",
                "account", "region", "roleArn", "taskDefinitionBase"))) {
            return null;
        }
        String id = id(node.get("id"));
        String name = node.get("name").string(false);
        String cluster = node.get("cluster").string(true);
        YamlNode namingNode = node.get("ecsServiceName");
        String naming = firstNonNull(namingNode.string(false), Environment.DEFAULT_ECS_SERVICE_NAME);
        Matcher placeholders = PLACEHOLDER.matcher(naming);
        while (placeholders.find()) {
            if (!PLACEHOLDERS.contains(placeholders.group(1))) {
                namingNode.problem("unknown placeholder {" + placeholders.group(1)
                        + "}; use {project}, {serviceSet}, {service} or {env}");
            }
        }
        if (!naming.contains("{service}")) {
            namingNode.problem("must contain {service}, or every service would share one ECS service name");
        }
        boolean autoDeploy = node.get("autoDeploy").bool(false);
        ApprovalRule approval = approval(node.get("approval"));
        Placement placement = PlacementReader.read(node);
        TaskDefinitionBase base = taskDefinitionBase(node.get("taskDefinitionBase"));
        return id == null ? null : new Environment(id, firstNonNull(name, id), cluster, naming, autoDeploy, approval, placement,
                base, ecsServiceNames(node.get("ecsServiceNames")));
    }

    /** environments[].ecsServiceNames: service id → ECS service name, each a name ECS accepts; which services, checked later. */
    private static Map<String, String> ecsServiceNames(YamlNode node) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, String> byName = new HashMap<>();
        for (String serviceId : node.keys()) {
            YamlNode nameNode = node.get(serviceId);
            String name = nameNode.string(true);
            if (name == null) {
                continue;
            }
            if (!ECS_SERVICE_NAME.matcher(name).matches()) {
                nameNode.problem("'" + name + "' is not an ECS service name (letters, digits, - and _, at most 255)");
            }
            String other = byName.putIfAbsent(name, serviceId);
            if (other != null) {
                nameNode.problem("names ECS service '" + name + "', as " + other + " does: each service has its own");
            }
            names.put(serviceId, name);
        }
        return names;
    }

    /** Each ecsServiceNames key must be a service of the manifest. */
    private static void checkNamedServices(YamlNode environmentsNode, List<Environment> environments, Set<String> serviceIds) {
        List<YamlNode> nodes = environmentsNode.list(false);
        for (int i = 0; i < nodes.size() && i < environments.size(); i++) {
            Environment environment = environments.get(i);
            if (environment == null) {
                continue;
            }
            for (String serviceId : environment.ecsServiceNames().keySet()) {
                if (!serviceIds.contains(serviceId)) {
                    nodes.get(i).get("ecsServiceNames").get(serviceId).problem("no service '" + serviceId
                            + "' in serviceSets" + Suggest.didYouMean(serviceId, serviceIds));
                }
            }
        }
    }

    /** environments[].taskDefinitionBase: {@code running} (the default) or {@code latest}. */
    private static TaskDefinitionBase taskDefinitionBase(YamlNode node) {
        String word = node.string(false);
        if (word == null) {
            return TaskDefinitionBase.RUNNING;
        }
        Optional<TaskDefinitionBase> base = TaskDefinitionBase.of(word);
        if (base.isEmpty()) {
            node.problem("'" + word + "' is not a task definition base; use running (copy the revision the service runs,"
                    + " the default) or latest (copy the family's newest ACTIVE revision)");
        }
        return base.orElse(TaskDefinitionBase.RUNNING);
    }

    /**
     * environments[].approval: absent, no gate; present, required unless it says {@code required: false}.
     * Required without approvers lets anyone approve (but the requester, unless allowSelfApproval).
     */
    private static ApprovalRule approval(YamlNode node) {
        if (node.isMissing() || !node.requireMap(List.of("required", "approvers", "allowSelfApproval"))) {
            return ApprovalRule.NONE;
        }
        boolean required = node.get("required").bool(true);
        List<ArnPattern> approvers = new ArrayList<>();
        for (YamlNode approver : node.get("approvers").list(false)) {
            String text = approver.string(true);
            if (text == null) {
                continue;
            }
            ArnPattern.problem(text).ifPresentOrElse(approver::problem, () -> approvers.add(new ArnPattern(text)));
        }
        return new ApprovalRule(required, approvers, node.get("allowSelfApproval").bool(false));
    }

    private Service service(YamlNode node) {
        if (!node.requireMap(List.of("id", "name", "repository", "containers"))) {
            return null;
        }
        String id = id(node.get("id"));
        String name = node.get("name").string(false);
        YamlNode repositoryNode = node.get("repository");
        YamlNode containersNode = node.get("containers");
        List<Container> containers = new ArrayList<>();
        if (!repositoryNode.isMissing() && !containersNode.isMissing()) {
            node.problem("has both 'repository' and 'containers'; use 'repository' for one container, 'containers' for several");
        } else if (!repositoryNode.isMissing()) {
            String repository = repository(repositoryNode);
            if (repository != null && id != null) {
                containers.add(new Container(id, repository));
            }
        } else if (containersNode.isMissing()) {
            node.problem("needs 'repository' (one container) or 'containers' (a list of name + repository)");
        } else {
            Set<String> names = new HashSet<>();
            for (YamlNode containerNode : containersNode.list(true)) {
                if (!containerNode.requireMap(List.of("name", "repository"))) {
                    continue;
                }
                String containerName = containerNode.get("name").string(true);
                String repository = repository(containerNode.get("repository"));
                if (containerName != null && !names.add(containerName)) {
                    containerNode.get("name").problem("duplicate container name '" + containerName + "'");
                }
                if (containerName != null && repository != null) {
                    containers.add(new Container(containerName, repository));
                }
            }
        }
        return id == null ? null : new Service(id, firstNonNull(name, id), containers);
    }

    private static String firstNonNull(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static String id(YamlNode node) {
        String id = node.string(true);
        if (id != null && !ID.matcher(id).matches()) {
            node.problem("'" + id + "' is not a valid id: use lower-case letters, digits, '-' and '_' (at most 63)");
            return null;
        }
        return id;
    }

    private static String repository(YamlNode node) {
        String repository = node.string(true);
        if (repository == null) {
            return null;
        }
        EcrRepository named = EcrRepository.of(repository);
        if (!named.inStacksRegistry() && !AwsRegions.exists(named.region())) {
            node.problem("'" + repository + "' names ECR registry region '" + named.region() + "', which is not an AWS region");
        } else if (named.name().length() < 2 || named.name().length() > 256 || !REPOSITORY.matcher(named.name()).matches()) {
            node.problem("'" + repository + "' is not a valid ECR repository name (lower-case, digits, '.', '_', '-', '/';"
                    + " in another account's registry, after its host: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/NAME)");
        }
        return repository;
    }
}
