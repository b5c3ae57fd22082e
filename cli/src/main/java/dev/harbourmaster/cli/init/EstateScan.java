package dev.harbourmaster.cli.init;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.support.Suggest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.harbourmaster.domain.Placement;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ServiceField;

/**
 * What hm init reads of ECS: each cluster's services (ListServices, then DescribeServices with their
 * tags, 10 at a time) and the containers of each service's task definition (DescribeTaskDefinition,
 * once per revision). Read with the caller's credentials, in the caller's region.
 */
public final class EstateScan {

    static final int DESCRIBE_SERVICES_LIMIT = 10;

    /** One container of a task definition, as it names its image. */
    public record ContainerImage(String name, String image) {}

    /**
     * One ECS service as it runs now.
     *
     * @param status               ACTIVE, or DRAINING while it is being deleted
     * @param deploymentController ECS (the default), CODE_DEPLOY or EXTERNAL
     */
    public record EcsService(String name, String status, String deploymentController, Map<String, String> tags,
                             String taskDefinitionArn, List<ContainerImage> containers) {}

    /** One cluster and its services, in ECS's order. */
    public record Cluster(String name, List<EcsService> services) {}

    private final EcsClient ecs;
    private final Map<String, List<ContainerImage>> definitions = new HashMap<>();

    private final Placement place;

    /** @param place where {@code ecs} reads (what error messages name) */
    public EstateScan(EcsClient ecs, Placement place) {
        this.ecs = ecs;
        this.place = place;
    }

    /**
     * Every cluster named. A cluster ECS does not have, or one without services, is bad input: exit 1,
     * naming each and what to do (with the clusters ECS has, when one is close).
     */
    public List<Cluster> scan(List<String> clusterNames) {
        List<Cluster> clusters = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> empty = new ArrayList<>();
        for (String name : clusterNames) {
            List<String> arns;
            try {
                arns = ecs.listServicesPaginator(b -> b.cluster(name)).serviceArns().stream().toList();
            } catch (ClusterNotFoundException e) {
                missing.add(name);
                continue;
            }
            List<EcsService> services = describe(name, arns);
            if (services.stream().noneMatch(s -> "ACTIVE".equals(s.status()))) {
                empty.add(name);
            }
            clusters.add(new Cluster(name, services));
        }
        if (!missing.isEmpty()) {
            List<String> known = clusterNamesHere();
            String where = (place.isHome() ? "in this account and region" : "in " + place.describe())
                    + (System.getenv("AWS_ENDPOINT_URL") == null ? "" : " at " + System.getenv("AWS_ENDPOINT_URL"));
            throw new CliException("no ECS cluster " + String.join(", ", missing.stream().map(m -> "'" + m + "'"
                    + (Suggest.closest(m, known).isEmpty() ? "" : " (did you mean " + String.join(" or ",
                    Suggest.closest(m, known)) + "?)")).toList()) + " " + where + " (" + (known.isEmpty() ? "it has none"
                    : "it has " + String.join(", ", known)) + "): check the name, and the region (AWS_REGION or --region) and"
                    + " account (AWS_PROFILE or --role-arn) hm reads with");
        }
        if (!empty.isEmpty()) {
            throw new CliException("ECS cluster" + (empty.size() == 1 ? " " : "s ") + String.join(", ", empty)
                    + (empty.size() == 1 ? " has" : " have") + " no services: hm init writes a manifest from the services"
                    + " that run; create them first (Terraform, CDK, the console), or leave " + (empty.size() == 1 ? "that"
                    + " cluster" : "those clusters") + " out");
        }
        return clusters;
    }

    private List<EcsService> describe(String cluster, List<String> arns) {
        List<EcsService> services = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_SERVICES_LIMIT) {
            List<String> batch = arns.subList(from, Math.min(from + DESCRIBE_SERVICES_LIMIT, arns.size()));
            for (var s : ecs.describeServices(b -> b.cluster(cluster).services(batch).include(ServiceField.TAGS)).services()) {
                Map<String, String> tags = new LinkedHashMap<>();
                s.tags().forEach(t -> tags.put(t.key(), t.value()));
                services.add(new EcsService(s.serviceName(), s.status(), s.deploymentController() == null ? null
                        : s.deploymentController().typeAsString(), tags, s.taskDefinition(),
                        s.taskDefinition() == null ? List.of() : containersOf(s.taskDefinition())));
            }
        }
        return services;
    }

    private List<ContainerImage> containersOf(String taskDefinitionArn) {
        return definitions.computeIfAbsent(taskDefinitionArn, arn -> {
            List<ContainerImage> containers = new ArrayList<>();
            for (ContainerDefinition c : ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition()
                    .containerDefinitions()) {
                containers.add(new ContainerImage(c.name(), c.image()));
            }
            return containers;
        });
    }

    /** The names of the clusters ECS has here (ListClusters), to say which are close to one mistyped. */
    private List<String> clusterNamesHere() {
        try {
            return ecs.listClustersPaginator(b -> {}).clusterArns().stream()
                    .map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).sorted().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
