package dev.harbourmaster.cli.importing;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.support.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One project of a {@code .wellcome_project} as a harbourmaster.yml: what maps, written out; what the
 * file cannot say (the ECS cluster: weco-deploy found services by their tags in every cluster), as a
 * placeholder that parses and that a person must fill in; what does not map, listed with the reason.
 * The text has no date in it, so importing the same file again gives the same manifest.
 */
final class WecoManifest {

    /** What must be filled in or checked (fillIn), or was not mapped (notMapped): where, and why. */
    record Note(String what, String why) {
        @Override
        public String toString() {
            return what + ": " + why;
        }
    }

    /** One container of a service, as the manifest names it, and the weco-deploy image repository that feeds it. */
    record Feed(String serviceId, String container, String repository, String wecoImage) {}

    /**
     * @param environments weco-deploy's environment id → the manifest's
     * @param feeds        weco-deploy's image repository id → the containers it feeds (none: left out)
     */
    record Mapping(String projectId, String serviceSetId, String text, List<Note> fillIn, List<Note> notMapped,
                   Map<String, String> environments, Map<String, List<Feed>> feeds) {}

    static final String CLUSTER_PLACEHOLDER = "FILL-IN-cluster-of-";
    static final String DEFAULT_NAMING = "{service}-{env}";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    /** As the manifest accepts roles: arn:PARTITION:iam::ACCOUNT:role/NAME or role/PATH/NAME. */
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):iam::([0-9]{12}):role/(?:[\\x21-\\x2E\\x30-\\x7E]+/)*[A-Za-z0-9+=,.@_-]{1,64}");
    /** Any ARN's account, to say which one a role that the manifest cannot take was in. */
    private static final Pattern ANY_ARN_ACCOUNT = Pattern.compile("arn:[^:]*:[^:]*:[^:]*:([0-9]+):.*");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");

    private WecoManifest() {}

    static Mapping map(WecoConfig.Project weco, String sourceName) {
        List<Note> fillIn = new ArrayList<>();
        List<Note> notMapped = new ArrayList<>();
        String projectId = id(weco.id(), "project", notMapped);
        if (projectId == null) {
            throw new CliException("project id '" + weco.id() + "' has no letter or digit to make a Harbourmaster id of;"
                    + " rename it in " + sourceName, 2);
        }
        String region = weco.region() != null ? weco.region() : WecoConfig.DEFAULT_REGION;
        if (weco.region() == null) {
            fillIn.add(new Note("environments[].region", "the file names no aws_region_name, so weco-deploy's default "
                    + WecoConfig.DEFAULT_REGION + "; check it is where the clusters are"));
        }
        String roleArn = null;
        String account = null;
        if (weco.roleArn() == null) {
            notMapped.add(new Note("role_arn", "missing: the environments get no roleArn (the functions' own role"
                    + " reaches ECS), and no account"));
        } else {
            Matcher role = ROLE_ARN.matcher(weco.roleArn());
            if (role.matches()) {
                roleArn = weco.roleArn();
                account = role.group(2);
                fillIn.add(new Note("environments[].roleArn", "weco-deploy's role_arn, which people and CI assumed;"
                        + " Harbourmaster's functions assume it now, so its trust policy must let them (docs/multi-account.md,"
                        + " \"The workload role\"), or leave roleArn out if the clusters are in the stack's own account"));
            } else {
                notMapped.add(new Note("role_arn", "'" + weco.roleArn() + "' is not an IAM role ARN the manifest accepts"
                        + " (arn:aws:iam::<12 digits>:role/NAME): the environments get no roleArn"));
                Matcher any = ANY_ARN_ACCOUNT.matcher(weco.roleArn());
                account = any.matches() && ACCOUNT.matcher(any.group(1)).matches() ? any.group(1) : null;
            }
        }
        if (weco.accountId() != null) {
            if (!ACCOUNT.matcher(weco.accountId()).matches()) {
                notMapped.add(new Note("account_id", "'" + weco.accountId() + "' is not 12 digits"));
            } else if (account == null) {
                account = weco.accountId();
            } else if (!account.equals(weco.accountId())) {
                notMapped.add(new Note("account_id", weco.accountId() + " is not the account of role_arn (" + account
                        + "): weco-deploy warned of that and used the role's, and so does the manifest"));
            }
        }

        Map<String, String> environments = new LinkedHashMap<>();
        for (WecoConfig.Environment env : weco.environments()) {
            String id = id(env.id(), "environments[" + env.id() + "].id", notMapped);
            if (id == null) {
                notMapped.add(new Note("environments[" + env.id() + "]", "its id has no letter or digit: left out"));
                continue;
            }
            if (environments.containsValue(id)) {
                throw new CliException("environments '" + env.id() + "' and another both become '" + id + "' in"
                        + " Harbourmaster (ids are lower-case letters, digits, '-' and '_'); rename one in " + sourceName, 2);
            }
            environments.put(env.id(), id);
            fillIn.add(new Note("environments[" + id + "].cluster", "weco-deploy names no cluster: it looked for services"
                    + " tagged deployment:env=" + env.id() + " in every cluster of the account; write the cluster they run in"
                    + " (aws ecs list-clusters)"));
        }
        if (weco.environments().isEmpty()) {
            notMapped.add(new Note("environments", "none in " + sourceName + ": the manifest has none either, so nothing can"
                    + " be deployed until you add one"));
        }

        Map<String, List<Feed>> feeds = new LinkedHashMap<>();
        Map<String, List<Feed>> services = new LinkedHashMap<>();
        Map<String, String> serviceSources = new LinkedHashMap<>();
        for (WecoConfig.ImageRepository repo : weco.imageRepositories()) {
            if (repo.services().isEmpty()) {
                notMapped.add(new Note("image_repositories[" + repo.id() + "]", "feeds no service in " + sourceName
                        + " (weco-deploy only moved its env.* tags): Harbourmaster deploys ECS services, so it is left out"));
                feeds.put(repo.id(), List.of());
                continue;
            }
            String repository = repository(weco, repo, region, account, fillIn, notMapped);
            List<Feed> fed = new ArrayList<>();
            for (String wecoService : repo.services()) {
                String serviceId = id(wecoService, "image_repositories[" + repo.id() + "].services[" + wecoService + "]",
                        notMapped);
                if (serviceId == null) {
                    notMapped.add(new Note("image_repositories[" + repo.id() + "].services[" + wecoService + "]",
                            "its id has no letter or digit: left out"));
                    continue;
                }
                String other = serviceSources.putIfAbsent(serviceId, wecoService);
                if (other != null && !other.equals(wecoService)) {
                    throw new CliException("services '" + other + "' and '" + wecoService + "' both become '" + serviceId
                            + "' in Harbourmaster (ids are lower-case letters, digits, '-' and '_'); rename one in "
                            + sourceName, 2);
                }
                Feed feed = new Feed(serviceId, null, repository, repo.id());
                services.computeIfAbsent(serviceId, s -> new ArrayList<>()).add(feed);
                fed.add(feed);
            }
            feeds.put(repo.id(), fed);
        }
        // A service fed by one repository has one container, named after the service; by several, one per repository.
        Map<String, List<Feed>> named = new LinkedHashMap<>();
        services.forEach((serviceId, list) -> named.put(serviceId, list.stream().map(f -> new Feed(f.serviceId(),
                list.size() == 1 ? serviceId : f.wecoImage(), f.repository(), f.wecoImage())).toList()));
        Map<String, List<Feed>> namedFeeds = new LinkedHashMap<>();
        feeds.forEach((image, list) -> namedFeeds.put(image, list.stream().map(f -> named.get(f.serviceId()).stream()
                .filter(n -> n.wecoImage().equals(image)).findFirst().orElseThrow()).toList()));
        if (!named.isEmpty()) {
            fillIn.add(new Note("serviceSets[].services[]", "a service fed by one repository has one container, named after"
                    + " the service; one fed by several has a container per repository, named after the repository: check"
                    + " each name against its task definition's container names (weco-deploy never needed them)"));
            fillIn.add(new Note("environments[].ecsServiceName", "weco-deploy found each ECS service by its tags"
                    + " (deployment:service, deployment:env); Harbourmaster names it by this rule, " + DEFAULT_NAMING
                    + " unless you write another: check it against the services' names"));
        } else {
            notMapped.add(new Note("image_repositories", "no repository feeds a service: the manifest has no services"));
        }
        notMapped.add(new Note("env.<environment> tags", "weco-deploy deployed by moving the floating ECR tag env.<id> and"
                + " forcing a new ECS deployment of services whose task definitions ran :env.<id>; Harbourmaster registers a"
                + " task definition revision pinned to the image digest instead, and moves no tag"));
        weco.unknownKeys().forEach(k -> notMapped.add(new Note(k, "not a key weco-deploy read: left out")));

        String serviceSetId = projectId;
        String text = text(weco, sourceName, projectId, serviceSetId, region, account, roleArn, environments, named);
        return new Mapping(projectId, serviceSetId, text, List.copyOf(fillIn), List.copyOf(notMapped), environments,
                namedFeeds);
    }

    /**
     * The repository as the manifest names it: in its registry's host, from the repository's own account and
     * region (weco-deploy 5.0 to 5.6.24 let a repository override them) or else the project's (weco-deploy
     * pushed to and tagged in the role's account). hm project apply writes one in the stack's own registry as
     * its name alone, so the host is right wherever the stack is.
     */
    private static String repository(WecoConfig.Project weco, WecoConfig.ImageRepository repo, String region,
                                      String account, List<Note> fillIn, List<Note> notMapped) {
        String namespace = repo.namespace() != null ? repo.namespace()
                : weco.namespace() != null ? weco.namespace() : WecoConfig.DEFAULT_NAMESPACE;
        String name = namespace + "/" + repo.id();
        String repoAccount = account;
        if (repo.accountId() != null && ACCOUNT.matcher(repo.accountId()).matches()) {
            repoAccount = repo.accountId();
        } else if (repo.roleArn() != null) {
            Matcher role = ROLE_ARN.matcher(repo.roleArn());
            if (role.matches()) {
                repoAccount = role.group(2);
            }
        }
        if (repo.roleArn() != null) {
            notMapped.add(new Note("image_repositories[" + repo.id() + "].role_arn", "a repository's own role: the manifest"
                    + " takes only its account, for the registry; Harbourmaster sees pushes to another account's registry"
                    + " through a spoke stack there (docs/multi-account.md, \"Images from another account\")"));
        }
        String repoRegion = repo.region() != null ? repo.region() : region;
        if (repoAccount == null) {
            fillIn.add(new Note("repository " + name, "no account is known for its registry (no usable role_arn or"
                    + " account_id): written as a repository of the stack's own registry; write"
                    + " ACCOUNT.dkr.ecr.REGION.amazonaws.com/" + name + " if it is elsewhere"));
            return name;
        }
        return new EcrRepository(repoAccount, repoRegion.toLowerCase(Locale.ROOT), name).id();
    }

    private static String text(WecoConfig.Project weco, String sourceName, String projectId, String serviceSetId,
                               String region, String account, String roleArn, Map<String, String> environments,
                               Map<String, List<Feed>> services) {
        StringBuilder y = new StringBuilder();
        y.append("# harbourmaster.yml for weco-deploy's project '").append(oneLine(weco.id())).append("', written by\n")
                .append("#   hm import weco --config ").append(oneLine(sourceName)).append("\n")
                .append("# Fill in every FILL-IN placeholder and check every line marked CHECK, then\n")
                .append("#   hm project apply -f harbourmaster.yml --dry-run\n")
                .append("# (hm import weco printed what it could not map, and why.)\n")
                .append("project:\n")
                .append("  id: ").append(projectId).append('\n')
                .append("  name: ").append(scalar(weco.name() != null ? weco.name() : weco.id())).append('\n');
        y.append("# releaseHash is left out: weco-deploy tagged images ref.<git sha>, which the default rule reads.\n");
        y.append("\nenvironments:");
        if (environments.isEmpty()) {
            y.append(" []\n");
        } else {
            y.append('\n');
        }
        for (WecoConfig.Environment env : weco.environments()) {
            String id = environments.get(env.id());
            if (id == null) {
                continue;
            }
            y.append("  - id: ").append(id).append('\n');
            if (env.name() != null) {
                y.append("    name: ").append(scalar(env.name())).append('\n');
            }
            y.append("    # FILL IN: the ECS cluster. weco-deploy found services tagged deployment:env=")
                    .append(oneLine(env.id())).append(" in every cluster.\n")
                    .append("    cluster: ").append(CLUSTER_PLACEHOLDER).append(id).append('\n')
                    .append("    # CHECK: the ECS service names (weco-deploy matched the tag deployment:service=<service id>).\n")
                    .append("    ecsServiceName: ").append(scalar(DEFAULT_NAMING)).append('\n');
            if (account != null) {
                y.append("    account: ").append(quoted(account)).append('\n');
            }
            y.append("    region: ").append(scalar(region)).append('\n');
            if (roleArn != null) {
                y.append("    # CHECK: weco-deploy's role_arn; Harbourmaster's functions must be allowed to assume it.\n")
                        .append("    roleArn: ").append(scalar(roleArn)).append('\n');
            }
        }
        y.append("\n# weco-deploy deployed a project's images together: one service set.\n");
        y.append("serviceSets:");
        if (services.isEmpty()) {
            y.append(" []\n");
            return y.toString();
        }
        y.append('\n')
                .append("  - id: ").append(serviceSetId).append('\n')
                .append("    name: ").append(scalar(weco.name() != null ? weco.name() : weco.id())).append('\n')
                .append("    services:\n");
        services.forEach((serviceId, containers) -> {
            y.append("      - id: ").append(serviceId).append('\n');
            if (containers.size() == 1) {
                y.append("        repository: ").append(scalar(containers.get(0).repository()))
                        .append("   # CHECK: one container, named ").append(serviceId).append('\n');
            } else {
                y.append("        containers:   # CHECK: named after the repositories; use the task definition's names\n");
                for (Feed feed : containers) {
                    y.append("          - name: ").append(scalar(feed.container())).append('\n')
                            .append("            repository: ").append(scalar(feed.repository())).append('\n');
                }
            }
        });
        return y.toString();
    }

    /**
     * A Harbourmaster id from weco-deploy's: lower case, anything but letters, digits, '-' and '_' as '-',
     * at most 63 characters; null when nothing is left. A change is listed, with where.
     */
    static String id(String weco, String where, List<Note> notMapped) {
        String id = weco.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-").replaceFirst("^[_-]+", "");
        if (id.length() > 63) {
            id = id.substring(0, 63);
        }
        if (id.isEmpty() || !ID.matcher(id).matches()) {
            return null;
        }
        if (!id.equals(weco)) {
            notMapped.add(new Note(where, "'" + weco + "' is not a Harbourmaster id (lower-case letters, digits, '-', '_'):"
                    + " written as '" + id + "'"));
        }
        return id;
    }

    /** A value plain when YAML reads it back as the same string, else double-quoted (JSON's escapes are YAML's). */
    private static String scalar(String value) {
        boolean plain = PLAIN.matcher(value).matches() && !value.matches("(?i)true|false|yes|no|on|off|null|y|n|~")
                && !value.matches("[-+]?[0-9][0-9_.:eE+-]*");
        return plain ? value : quoted(value);
    }

    private static String quoted(String value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}]", " ");
    }
}
