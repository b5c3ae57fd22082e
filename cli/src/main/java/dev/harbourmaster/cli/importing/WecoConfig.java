package dev.harbourmaster.cli.importing;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.support.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * weco-deploy's project file, {@code .wellcome_project}, as weco-deploy read it: a YAML mapping of
 * project ids to their configuration (its {@code models.Project}, {@code project.py}):
 *
 * <pre>
 * catalogue_api:                       # the project id (weco-deploy's --project-id)
 *   name: Catalogue API
 *   role_arn: arn:aws:iam::760097843905:role/platform-ci   # assumed for ECR, ECS and its table
 *   aws_region_name: eu-west-1         # default eu-west-1; older files: region_name
 *   account_id: '760097843905'         # older files only (removed in 5.6.25: always the role's)
 *   environments:                      # id (matched to the ECS tag deployment:env), name
 *     - {id: stage, name: Staging}
 *   image_repositories:                # id: the ECR repository uk.ac.wellcome/ID
 *     - id: search
 *       services: [{id: search-api}]   # matched to the ECS tag deployment:service
 *       # older files: namespace, account_id, region_name, role_arn per repository
 * </pre>
 *
 * Read here with its own key names and defaults, so that the mapping to harbourmaster.yml can say
 * what it took from where. Keys weco-deploy never read are kept as {@code unknownKeys}.
 */
record WecoConfig(Path source, Map<String, Project> projects) {

    /** weco-deploy's ECR namespace: every repository was {@code uk.ac.wellcome/<image id>}. */
    static final String DEFAULT_NAMESPACE = "uk.ac.wellcome";
    /** weco-deploy's region when the file names none. */
    static final String DEFAULT_REGION = "eu-west-1";

    private static final Set<String> PROJECT_KEYS = Set.of("name", "role_arn", "aws_region_name", "region_name",
            "account_id", "namespace", "environments", "image_repositories");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("id", "name");
    private static final Set<String> REPOSITORY_KEYS = Set.of("id", "services", "namespace", "account_id", "region_name",
            "role_arn");

    record Environment(String id, String name) {}

    /**
     * One ECR repository and the services (their {@code deployment:service} tags) that run its image.
     * {@code namespace}, {@code accountId}, {@code region} and {@code roleArn} are the per-repository
     * overrides of weco-deploy 5.0 to 5.6.24, null when the file has none.
     */
    record ImageRepository(String id, List<String> services, String namespace, String accountId, String region,
                           String roleArn) {}

    /**
     * @param region     aws_region_name, else region_name, else null (weco-deploy then used eu-west-1)
     * @param regionFrom the key it came from, null when none
     * @param unknownKeys keys weco-deploy did not read, by their path ({@code environments[prod].colour})
     */
    record Project(String id, String name, String roleArn, String region, String regionFrom, String accountId,
                   String namespace, List<Environment> environments, List<ImageRepository> imageRepositories,
                   List<String> unknownKeys) {}

    /** Reads the file; every problem (its path in the file, and the fix) is told at once, exit 2. */
    static WecoConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliException(file + ": file not found; pass weco-deploy's project file with --config PATH"
                    + " (weco-deploy read .wellcome_project from the repository's root)", 2);
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage(), 2);
        }
        return parse(file, text);
    }

    static WecoConfig parse(Path file, String text) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            throw new CliException(file + ": line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1)
                    + ": not valid YAML: " + e.getProblem() + "; fix the file (weco-deploy could not have read it either)", 2);
        } catch (YAMLException e) {
            throw new CliException(file + ": not valid YAML: " + e.getMessage(), 2);
        }
        if (!(root instanceof Map<?, ?> top) || top.isEmpty()) {
            throw new CliException(file + ": not a weco-deploy project file: its top level must map each project id to"
                    + " its configuration (name, role_arn, environments, image_repositories)", 2);
        }
        List<String> problems = new ArrayList<>();
        Map<String, Project> projects = new LinkedHashMap<>();
        top.forEach((key, value) -> {
            String id = String.valueOf(key);
            Project project = project(id, value, problems);
            if (project != null) {
                projects.put(id, project);
            }
        });
        if (!problems.isEmpty()) {
            throw new CliException(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems)
                    + System.lineSeparator() + "Fix " + file + " and run the command again.", 2);
        }
        return new WecoConfig(file, projects);
    }

    /** The project named, or the only one; exit 2 naming the projects when it is unknown or not said. */
    Project project(String id) {
        if (id == null) {
            if (projects.size() == 1) {
                return projects.values().iterator().next();
            }
            throw new CliException(source + " has " + projects.size() + " projects (" + String.join(", ", projects.keySet())
                    + "): choose one with --weco-project ID", 2);
        }
        Project project = projects.get(id);
        if (project == null) {
            throw new CliException("project '" + id + "' is not in " + source + "; its projects are "
                    + String.join(", ", projects.keySet()) + Suggest.didYouMean(id, projects.keySet())
                    + " (pass one with --weco-project ID)", 2);
        }
        return project;
    }

    private static Project project(String id, Object value, List<String> problems) {
        if (!(value instanceof Map<?, ?> config)) {
            problems.add(id + ": a project's configuration must be a mapping (name, role_arn, environments,"
                    + " image_repositories), not " + describe(value));
            return null;
        }
        List<String> unknownKeys = new ArrayList<>(unknown(config, PROJECT_KEYS));
        List<Environment> environments = new ArrayList<>();
        Set<String> environmentIds = new HashSet<>();
        int i = 0;
        for (Map<?, ?> env : maps(config.get("environments"), id + ".environments", problems)) {
            String path = id + ".environments[" + i++ + "]";
            String envId = string(env.get("id"), path + ".id", true, problems);
            if (envId != null && !environmentIds.add(envId)) {
                problems.add(path + ".id: duplicate environment id '" + envId + "' (weco-deploy refused it too)");
            }
            unknown(env, ENVIRONMENT_KEYS).forEach(k -> unknownKeys.add("environments[" + envId + "]." + k));
            if (envId != null) {
                environments.add(new Environment(envId, string(env.get("name"), path + ".name", false, problems)));
            }
        }
        List<ImageRepository> repositories = new ArrayList<>();
        Set<String> repositoryIds = new HashSet<>();
        i = 0;
        for (Map<?, ?> repo : maps(config.get("image_repositories"), id + ".image_repositories", problems)) {
            String path = id + ".image_repositories[" + i++ + "]";
            String repoId = string(repo.get("id"), path + ".id", true, problems);
            if (repoId != null && !repositoryIds.add(repoId)) {
                problems.add(path + ".id: duplicate image repository id '" + repoId + "' (weco-deploy refused it too)");
            }
            List<String> services = new ArrayList<>();
            int j = 0;
            for (Map<?, ?> service : maps(repo.get("services"), path + ".services", problems)) {
                String servicePath = path + ".services[" + j++ + "]";
                String serviceId = string(service.get("id"), servicePath + ".id", true, problems);
                if (serviceId != null && services.contains(serviceId)) {
                    problems.add(servicePath + ".id: duplicate service id '" + serviceId + "' (weco-deploy refused it too)");
                } else if (serviceId != null) {
                    services.add(serviceId);
                }
            }
            if (repoId != null) {
                repositories.add(new ImageRepository(repoId, services,
                        string(repo.get("namespace"), path + ".namespace", false, problems),
                        string(repo.get("account_id"), path + ".account_id", false, problems),
                        string(repo.get("region_name"), path + ".region_name", false, problems),
                        string(repo.get("role_arn"), path + ".role_arn", false, problems)));
                unknown(repo, REPOSITORY_KEYS).forEach(k -> unknownKeys.add("image_repositories[" + repoId + "]." + k));
            }
        }
        String awsRegion = string(config.get("aws_region_name"), id + ".aws_region_name", false, problems);
        String regionName = string(config.get("region_name"), id + ".region_name", false, problems);
        String region = awsRegion != null ? awsRegion : regionName;
        return new Project(id, string(config.get("name"), id + ".name", false, problems),
                string(config.get("role_arn"), id + ".role_arn", false, problems), region,
                awsRegion != null ? "aws_region_name" : regionName != null ? "region_name" : null,
                string(config.get("account_id"), id + ".account_id", false, problems),
                string(config.get("namespace"), id + ".namespace", false, problems),
                environments, repositories, unknownKeys);
    }

    /** A list of mappings (weco-deploy's lists of {id: …}); absent is empty, as weco-deploy's default. */
    private static List<Map<?, ?>> maps(Object value, String path, List<String> problems) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problems.add(path + ": must be a list of mappings (- id: …), not " + describe(value));
            return List.of();
        }
        List<Map<?, ?>> maps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> map) {
                maps.add(map);
            } else {
                problems.add(path + "[" + i + "]: must be a mapping (id: …), not " + describe(list.get(i)));
            }
        }
        return maps;
    }

    /** A scalar as text (YAML may read an account id or an id as a number); null when absent. */
    private static String string(Object value, String path, boolean required, List<String> problems) {
        if (value == null) {
            if (required) {
                problems.add(path + ": missing");
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add(path + ": must be a single value, not " + describe(value));
            return null;
        }
        String text = String.valueOf(value).strip();
        if (text.isEmpty() && required) {
            problems.add(path + ": empty");
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    private static List<String> unknown(Map<?, ?> map, Set<String> known) {
        return map.keySet().stream().map(String::valueOf).filter(k -> !known.contains(k)).sorted().toList();
    }

    private static String describe(Object value) {
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "'" + value + "'";
    }
}
