package dev.harbourmaster.local;

import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.support.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The AWS side a manifest assumes, made on the emulator where missing: its ECR repositories, and
 * per environment the ECS cluster and, per service, a task definition (family = the ECS service
 * name; containers named as in the manifest, each on its repository's {@code :bootstrap} image,
 * 512 MiB) and the ECS service (one task) named by the environment's rule. What exists is left
 * as it is, so a second start keeps what ran. Each environment's cluster, task definitions and
 * services are made in its own account and region ({@link LocalClients.Place}); the repositories are
 * the stack's own (the images of every account's task definitions are pulled from them).
 */
final class ManifestWorld {

    static final String BOOTSTRAP_TAG = "bootstrap";
    static final int MEMORY_MIB = 512;

    private ManifestWorld() {}

    /**
     * @param uris   repository name → URI, as {@link #repositories} made them
     * @param places environment id → where its ECS is
     */
    static List<EcsSimulator.Watched> create(Map<String, LocalClients.Place> places, Project project,
                                             Map<String, String> uris, Log log) {
        List<EcsSimulator.Watched> watched = new ArrayList<>();
        for (Environment environment : project.environments()) {
            String cluster = environment.cluster();
            LocalClients.Place place = places.get(environment.id());
            EcsClient ecs = place.ecs();
            boolean exists = ecs.describeClusters(b -> b.clusters(cluster)).clusters().stream()
                    .anyMatch(c -> "ACTIVE".equals(c.status()));
            if (!exists) {
                ecs.createCluster(b -> b.clusterName(cluster));
                log.info("ECS cluster created").with("cluster", cluster).with("account", place.account())
                        .with("region", place.region()).write();
            }
            for (ServiceSet set : project.serviceSets()) {
                for (Service service : set.services()) {
                    String name = environment.ecsServiceNameOf(project.id(), set.id(), service.id());
                    watched.add(new EcsSimulator.Watched(project.id(), environment.id(), service.id(), place, cluster, name));
                    if (FailureSwitch.serviceArn(ecs, cluster, name).isPresent()) {
                        continue;
                    }
                    List<ContainerDefinition> containers = new ArrayList<>();
                    for (Container container : service.containers()) {
                        containers.add(ContainerDefinition.builder().name(container.name())
                                .image(uris.get(container.repository()) + ":" + BOOTSTRAP_TAG)
                                .memory(MEMORY_MIB).essential(true).build());
                    }
                    String taskDefinition = ecs.registerTaskDefinition(b -> b.family(name)
                            .containerDefinitions(containers)).taskDefinition().taskDefinitionArn();
                    ecs.createService(b -> b.cluster(cluster).serviceName(name).taskDefinition(taskDefinition)
                            .desiredCount(1));
                    log.info("ECS service created").with("cluster", cluster).with("ecsService", name)
                            .with("account", place.account()).with("taskDefinition", taskDefinition).write();
                }
            }
        }
        return watched;
    }

    /** Makes each repository the project uses (in the stack's own registry); returns repository name → URI. */
    static Map<String, String> repositories(LocalClients clients, Project project, Log log) {
        for (String repository : project.repositories()) {
            try {
                clients.ecr.createRepository(b -> b.repositoryName(repository));
                log.info("ECR repository created").with("repository", repository).write();
            } catch (RepositoryAlreadyExistsException alreadyThere) {
                // kept, with its images
            }
        }
        Map<String, String> uris = new LinkedHashMap<>();
        for (Repository repository : clients.ecr.describeRepositoriesPaginator(b -> b
                .repositoryNames(List.copyOf(project.repositories()))).repositories()) {
            uris.put(repository.repositoryName(), repository.repositoryUri());
        }
        return uris;
    }
}
