package dev.harbourmaster.cli;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.Catalogue;

/** Finds what a command names, or says how to make it exist. */
public final class ProjectLookup {

    private ProjectLookup() {}

    public static Project registered(Catalogue catalogue, String projectId) {
        return catalogue.project(projectId).orElseThrow(() -> new CliException("project '" + projectId
                + "' is not registered: register it with 'hm project apply -f harbourmaster.yml'"));
    }

    public static Service service(Project project, String serviceId) {
        return project.service(serviceId).orElseThrow(() -> new CliException("service '" + serviceId
                + "' is not in project '" + project.id() + "'; its services are: "
                + String.join(", ", project.services().map(Service::id).toList())));
    }
}
