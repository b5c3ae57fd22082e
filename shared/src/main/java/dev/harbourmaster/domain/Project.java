package dev.harbourmaster.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** A product, described by one manifest (harbourmaster.yml). */
public record Project(String id, String name, ReleaseHashRule releaseHashRule,
                      List<Environment> environments, List<ServiceSet> serviceSets) {

    public Project {
        environments = List.copyOf(environments);
        serviceSets = List.copyOf(serviceSets);
    }

    public Stream<Service> services() {
        return serviceSets.stream().flatMap(set -> set.services().stream());
    }

    public Optional<Service> service(String serviceId) {
        return services().filter(s -> s.id().equals(serviceId)).findFirst();
    }

    public Optional<ServiceSet> serviceSetOf(String serviceId) {
        return serviceSets.stream()
                .filter(set -> set.services().stream().anyMatch(s -> s.id().equals(serviceId)))
                .findFirst();
    }

    public Optional<Environment> environment(String environmentId) {
        return environments.stream().filter(e -> e.id().equals(environmentId)).findFirst();
    }

    /** Every repository the project's services are fed by, in manifest order. */
    /** The same project with each container's repository renamed (the stack's own registry written out, to its name alone). */
    public Project withRepositories(UnaryOperator<String> rename) {
        return new Project(id, name, releaseHashRule, environments, serviceSets.stream()
                .map(set -> new ServiceSet(set.id(), set.name(), set.services().stream()
                        .map(s -> new Service(s.id(), s.name(), s.containers().stream()
                                .map(c -> new Container(c.name(), rename.apply(c.repository()))).toList()))
                        .toList()))
                .toList());
    }

    public Set<String> repositories() {
        Set<String> repositories = new LinkedHashSet<>();
        services().forEach(s -> s.containers().forEach(c -> repositories.add(c.repository())));
        return repositories;
    }

    /** Which (service, container) pairs a repository feeds. */
    public List<RepositoryFeed> feedsOf(String repository) {
        return serviceSets.stream()
                .flatMap(set -> set.services().stream()
                        .flatMap(service -> service.containers().stream()
                                .filter(c -> c.repository().equals(repository))
                                .map(c -> new RepositoryFeed(repository, id, set.id(), service, c.name(), releaseHashRule,
                                        autoDeployEnvironments()))))
                .toList();
    }

    public List<String> autoDeployEnvironments() {
        return environments.stream().filter(Environment::autoDeploy).map(Environment::id).toList();
    }

    public List<RepositoryFeed> feeds() {
        return repositories().stream().flatMap(r -> feedsOf(r).stream()).toList();
    }
}
