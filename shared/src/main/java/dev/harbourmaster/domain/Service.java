package dev.harbourmaster.domain;

import java.util.List;
import java.util.Optional;

/** A service: one ECS service per environment, fed by one or more ECR repositories. */
public record Service(String id, String name, List<Container> containers) {
    public Service {
        containers = List.copyOf(containers);
    }

    public Optional<Container> container(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
    }
}
