package dev.harbourmaster.cli.init;

import dev.harbourmaster.domain.Placement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The manifest hm init infers from what ECS runs, with what it inferred and what it could not: pure,
 * from the clusters as read ({@link EstateScan}), so every shape of estate is tested without AWS.
 *
 * <ul>
 *   <li>environments: one per cluster, its id given or read from the cluster names ({@link ClusterNames});</li>
 *   <li>{@code ecsServiceName}: inferred from the cluster's service names ({@link NamingRules}); a service
 *       whose name the rule cannot make is named apart in {@code ecsServiceNames} when it runs the containers of
 *       exactly one service found elsewhere, and left out, said so, otherwise;</li>
 *   <li>service sets: the value of the service's set tag where it has one, else one per cluster (the cluster's
 *       name without its environment's words, so {@code shop-staging} and {@code shop-prod} make one set);</li>
 *   <li>containers and repositories: the task definition's containers whose images are in a private ECR
 *       registry (a repository in the stack's own registry by its name, another account's or region's with
 *       its registry); other containers (sidecars from Docker Hub, public.ecr.aws, …) are left out and listed.</li>
 * </ul>
 */
public final class ManifestDraft {

    /**
     * An environment of the draft.
     *
     * @param serviceIds ECS service name → service id, for the services its rule names
     * @param named      service id → ECS service name, for those whose names follow no rule (ecsServiceNames)
     */
    public record Environment(String id, String cluster, String rule, Map<String, String> serviceIds, boolean idGuessed,
                              Map<String, String> named) {}

    /** One container: its name in the task definition, its repository as the manifest names it, and the image found. */
    public record Container(String name, String repository, String image) {}

    /** One service: its containers as the first environment that runs it has them. */
    public record Service(String id, List<Container> containers, String foundIn, Map<String, String> leftOutContainers) {

        /** One container named after the service: the manifest's short form, {@code repository:}. */
        public boolean single() {
            return containers.size() == 1 && containers.get(0).name().equals(id);
        }
    }

    /** A service set: where its id came from ({@code tag} or {@code cluster}) and its services. */
    public record ServiceSet(String id, String from, List<Service> services) {}

    /** Something left out of the manifest, and why: a whole ECS service (container null), or a container of one. */
    public record LeftOut(String environment, String ecsService, String container, String image, String reason) {}

    public record Draft(String projectId, String projectFrom, List<Environment> environments, List<ServiceSet> serviceSets,
                        List<LeftOut> leftOut, List<String> notes, String setTag) {

        public List<Service> services() {
            return serviceSets.stream().flatMap(s -> s.services().stream()).toList();
        }
    }

    private ManifestDraft() {}

    /**
     * @param clusters     as read, in the order given
     * @param given        --env-name values, in the clusters' order (may be fewer)
     * @param projectId    --project-id, or null to infer it
     * @param setTag       the tag whose value names a service's set
     * @param repositoryId an ECR repository URI as the manifest names it (the stack's own registry: its name alone)
     */
    public static Draft infer(List<EstateScan.Cluster> clusters, List<String> given, String projectId, String setTag,
                              UnaryOperator<String> repositoryId) {
        List<String> notes = new ArrayList<>();
        List<LeftOut> leftOut = new ArrayList<>();
        ClusterNames.Reading reading = ClusterNames.read(clusters.stream().map(EstateScan.Cluster::name).toList(), given);
        String project;
        String projectFrom;
        if (projectId != null) {
            project = projectId;
            projectFrom = "--project-id";
        } else if (reading.projectId() != null) {
            project = reading.projectId();
            projectFrom = "the words the cluster names share";
        } else {
            project = ClusterNames.id(clusters.get(0).name());
            projectFrom = "the first cluster's name (the cluster names share no word: choose one with --project-id)";
        }

        // The services Harbourmaster can roll, per environment: ACTIVE and deployed by ECS itself.
        Map<String, List<String>> namesByEnvironment = new LinkedHashMap<>();
        Map<String, EstateScan.Cluster> clusterOf = new LinkedHashMap<>();
        for (int i = 0; i < clusters.size(); i++) {
            EstateScan.Cluster cluster = clusters.get(i);
            String env = reading.environmentIds().get(i);
            clusterOf.put(env, cluster);
            List<String> names = new ArrayList<>();
            for (EstateScan.EcsService service : cluster.services()) {
                if (!"ACTIVE".equals(service.status())) {
                    leftOut.add(new LeftOut(env, service.name(), null, null, "it is " + service.status()
                            + " (being deleted)"));
                } else if (service.deploymentController() != null && !"ECS".equals(service.deploymentController())) {
                    leftOut.add(new LeftOut(env, service.name(), null, null, "its deployment controller is "
                            + service.deploymentController() + ": Harbourmaster rolls only services ECS deploys itself"));
                } else {
                    names.add(service.name());
                }
            }
            namesByEnvironment.put(env, names);
        }
        Map<String, NamingRules.Inference> rules = NamingRules.inferAll(project, namesByEnvironment);
        Map<String, NamingRules.Inference> unfitByEnvironment = new LinkedHashMap<>();

        List<Environment> environments = new ArrayList<>();
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, String> setOf = new LinkedHashMap<>();
        Map<String, String> setFrom = new LinkedHashMap<>();
        for (Map.Entry<String, NamingRules.Inference> entry : rules.entrySet()) {
            String env = entry.getKey();
            NamingRules.Inference inference = entry.getValue();
            EstateScan.Cluster cluster = clusterOf.get(env);
            boolean guessed = reading.guessed().contains(cluster.name());
            Map<String, String> kept = new LinkedHashMap<>();
            unfitByEnvironment.put(env, inference);
            for (Map.Entry<String, String> fit : inference.serviceIds().entrySet()) {
                EstateScan.EcsService ecs = cluster.services().stream().filter(s -> s.name().equals(fit.getKey()))
                        .findFirst().orElseThrow();
                String serviceId = fit.getValue();
                Map<String, String> sidecars = new LinkedHashMap<>();
                List<Container> containers = containersOf(env, ecs, repositoryId, sidecars, leftOut);
                if (containers.isEmpty()) {
                    leftOut.add(new LeftOut(env, ecs.name(), null, null, "none of its containers runs an ECR image"));
                    continue;
                }
                kept.put(fit.getKey(), serviceId);
                String set = setTag == null ? null : ecs.tags().get(setTag);
                String setId = set == null ? null : ClusterNames.id(set);
                if (set != null && !setId.equals(set)) {
                    notes.add("service " + serviceId + ": tag " + setTag + "=" + set + " is not a valid id; its set is '"
                            + setId + "'");
                }
                String from = set != null ? "tag" : "cluster";
                if (setId == null) {
                    setId = setOfCluster(cluster.name(), env, project);
                }
                Service known = services.get(serviceId);
                if (known == null) {
                    services.put(serviceId, new Service(serviceId, containers, env, sidecars));
                    setOf.put(serviceId, setId);
                    setFrom.put(serviceId, from);
                    continue;
                }
                if (!sameContainers(known.containers(), containers)) {
                    notes.add("service " + serviceId + ": " + env + " runs containers " + describe(containers) + ", "
                            + known.foundIn() + " " + describe(known.containers()) + "; the manifest has " + known.foundIn()
                            + "'s (a container the manifest does not name is left as ECS has it)");
                }
                if ("tag".equals(from) && !setId.equals(setOf.get(serviceId))) {
                    notes.add("service " + serviceId + ": its " + setTag + " tag says set '" + setId + "' in " + env
                            + " and '" + setOf.get(serviceId) + "' in " + known.foundIn() + "; it is in '"
                            + setOf.get(serviceId) + "'");
                }
            }
            environments.add(new Environment(env, cluster.name(), inference.rule(), kept, guessed, new LinkedHashMap<>()));
        }
        for (Environment environment : environments) {
            nameApart(environment, unfitByEnvironment.get(environment.id()), clusterOf.get(environment.id()), services,
                    repositoryId, leftOut);
        }

        Map<String, List<Service>> bySet = new LinkedHashMap<>();
        Map<String, String> fromOfSet = new LinkedHashMap<>();
        services.forEach((id, service) -> {
            String set = setOf.get(id);
            bySet.computeIfAbsent(set, s -> new ArrayList<>()).add(service);
            fromOfSet.merge(set, setFrom.get(id), (a, b) -> a.equals(b) ? a : "tag and cluster");
        });
        List<ServiceSet> sets = new ArrayList<>();
        bySet.forEach((id, list) -> sets.add(new ServiceSet(id, fromOfSet.get(id), list)));
        return new Draft(project, projectFrom, environments, sets, leftOut, notes, setTag);
    }

    /** The containers of an ECS service whose images are in ECR; the others are left out, and said so. */
    private static List<Container> containersOf(String env, EstateScan.EcsService ecs, UnaryOperator<String> repositoryId,
                                                Map<String, String> sidecars, List<LeftOut> leftOut) {
        List<Container> containers = new ArrayList<>();
        for (EstateScan.ContainerImage c : ecs.containers()) {
            Optional<ImageReference> image = ImageReference.of(c.image());
            if (image.isEmpty()) {
                sidecars.put(c.name(), c.image());
                leftOut.add(new LeftOut(env, ecs.name(), c.name(), c.image(), "its image is not in a private ECR"
                        + " registry: Harbourmaster deploys ECR images only, and leaves this container as the task"
                        + " definition has it"));
            } else {
                containers.add(new Container(c.name(), repositoryId.apply(image.get().repositoryUri()), c.image()));
            }
        }
        return containers;
    }

    /**
     * The ECS services of an environment whose names its rule cannot make: each one that runs the
     * containers (names and repositories) of exactly one service the environment has no ECS service
     * for yet is that service, named apart in {@code ecsServiceNames}; the others are left out, with why.
     */
    private static void nameApart(Environment environment, NamingRules.Inference inference, EstateScan.Cluster cluster,
                                  Map<String, Service> services, UnaryOperator<String> repositoryId, List<LeftOut> leftOut) {
        for (String unfit : inference.unfit()) {
            EstateScan.EcsService ecs = cluster.services().stream().filter(s -> s.name().equals(unfit)).findFirst().orElseThrow();
            List<LeftOut> sidecarsLeftOut = new ArrayList<>();
            List<Container> containers = containersOf(environment.id(), ecs, repositoryId, new LinkedHashMap<>(), sidecarsLeftOut);
            List<Service> matches = containers.isEmpty() ? List.of() : services.values().stream()
                    .filter(s -> sameContainers(s.containers(), containers)).toList();
            boolean placed = matches.size() == 1 && (environment.serviceIds().containsValue(matches.get(0).id())
                    || environment.named().containsKey(matches.get(0).id()));
            if (matches.size() == 1 && !placed) {
                environment.named().put(matches.get(0).id(), unfit);
                leftOut.addAll(sidecarsLeftOut);
                continue;
            }
            String why;
            if (matches.isEmpty()) {
                why = "it runs the containers of no service found elsewhere";
            } else if (placed) {
                why = "it runs the containers of " + matches.get(0).id() + ", which " + environment.id() + " has already";
            } else {
                why = "it runs the same containers as " + String.join(" and ", matches.stream().map(Service::id).toList())
                        + ": hm cannot tell which it is";
            }
            leftOut.add(new LeftOut(environment.id(), unfit, null, null, (NamingRules.ID.matcher(unfit).matches()
                    ? "its name does not follow " + inference.rule() + " (the rule " + inference.serviceIds().size()
                    + " of the cluster's " + (inference.serviceIds().size() + inference.unfit().size()) + " services follow)"
                    : "its name is not a valid service id (lower-case letters, digits, - and _, at most 63)"
                    + (NamingRules.WHOLE_NAME.equals(inference.rule()) ? "" : " and does not follow " + inference.rule()))
                    + ", and " + why + "; name it under environments[" + environment.id() + "].ecsServiceNames (service id:"
                    + " ECS service name), or keep it out of Harbourmaster"));
        }
    }

    /** The set of a service without a set tag: its cluster's name without the environment's words, else the project. */
    static String setOfCluster(String cluster, String environmentId, String projectId) {
        List<String> words = new ArrayList<>(ClusterNames.words(cluster));
        words.removeAll(ClusterNames.words(environmentId));
        words.removeAll(ClusterNames.ENVIRONMENT_WORDS);
        return words.isEmpty() ? projectId : ClusterNames.id(String.join("-", words));
    }

    private static boolean sameContainers(List<Container> a, List<Container> b) {
        Set<String> left = new LinkedHashSet<>();
        a.forEach(c -> left.add(c.name() + "=" + c.repository()));
        Set<String> right = new LinkedHashSet<>();
        b.forEach(c -> right.add(c.name() + "=" + c.repository()));
        return left.equals(right);
    }

    private static String describe(List<Container> containers) {
        return String.join(", ", containers.stream().map(c -> c.name() + " <- " + c.repository()).toList());
    }

    /** The draft as harbourmaster.yml, with comments that say what was inferred and what was left out. */
    public static String yaml(Draft draft, List<String> clusters, String date) {
        return yaml(draft, clusters, date, Placement.HOME);
    }

    /** As above, each environment placed where its cluster was read ({@code --role-arn}, {@code --region}). */
    public static String yaml(Draft draft, List<String> clusters, String date, Placement where) {
        StringBuilder y = new StringBuilder();
        y.append("# Written by hm init from the ECS clusters ").append(String.join(", ", clusters)).append(" (")
                .append(date).append(").\n");
        y.append("# Check it, then: hm project apply -f FILE --dry-run\n");
        y.append("#  and register it with what runs now as each service's baseline: hm project apply -f FILE --adopt\n");
        y.append("project:\n");
        y.append("  id: ").append(scalar(draft.projectId())).append("   # from ").append(draft.projectFrom()).append('\n');
        y.append("environments:\n");
        for (Environment e : draft.environments()) {
            y.append("  - id: ").append(scalar(e.id())).append(e.idGuessed() ? "   # the cluster's name: choose one with --env-name" : "").append('\n');
            y.append("    cluster: ").append(scalar(e.cluster())).append('\n');
            if (where.account() != null) {
                y.append("    account: \"").append(where.account()).append("\"   # the role's account\n");
            }
            if (where.region() != null) {
                y.append("    region: ").append(scalar(where.region())).append('\n');
            }
            if (where.roleArn() != null) {
                y.append("    roleArn: ").append(scalar(where.roleArn())).append("   # what hm init read the cluster with\n");
            }
            int fits = e.serviceIds().size();
            y.append("    ecsServiceName: ").append(scalar(e.rule())).append("   # ").append(fits).append(fits == 1 ? " service follows" : " services follow").append(" it\n");
            if (!e.named().isEmpty()) {
                y.append("    ecsServiceNames:   # these follow no rule: each runs the containers of the service it is named for\n");
                e.named().forEach((service, name) -> y.append("      ").append(scalar(service)).append(": ")
                        .append(scalar(name)).append('\n'));
            }
            for (LeftOut out : draft.leftOut()) {
                if (out.environment().equals(e.id()) && out.container() == null) {
                    y.append("    # left out: ECS service ").append(out.ecsService()).append(": ").append(out.reason()).append('\n');
                }
            }
        }
        y.append("serviceSets:\n");
        for (ServiceSet set : draft.serviceSets()) {
            y.append("  - id: ").append(scalar(set.id())).append("   # from ")
                    .append(set.from().equals("cluster") ? "the cluster" : set.from().equals("tag") ? "the services' "
                            + draft.setTag() + " tag" : "the " + draft.setTag() + " tag and the cluster").append('\n');
            y.append("    services:\n");
            for (Service s : set.services()) {
                y.append("      - id: ").append(scalar(s.id())).append('\n');
                if (s.single()) {
                    y.append("        repository: ").append(scalar(s.containers().get(0).repository())).append('\n');
                } else {
                    y.append("        containers:\n");
                    for (Container c : s.containers()) {
                        y.append("          - name: ").append(scalar(c.name())).append('\n');
                        y.append("            repository: ").append(scalar(c.repository())).append('\n');
                    }
                }
                s.leftOutContainers().forEach((name, image) -> y.append("        # left out: container ").append(name)
                        .append(" (").append(image).append("): not an ECR image\n"));
            }
        }
        return y.toString();
    }

    private static final Pattern PLAIN = Pattern.compile("[a-z][a-z0-9_./-]*");
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

    /** A YAML scalar: plain when it is plainly a string, else double-quoted with its escapes. */
    static String scalar(String value) {
        Objects.requireNonNull(value);
        if (PLAIN.matcher(value).matches() && !RESERVED.contains(value)) {
            return value;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
