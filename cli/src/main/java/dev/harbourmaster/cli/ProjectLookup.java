package dev.harbourmaster.cli;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.support.Suggest;
import java.util.List;

/** Finds the environment or service a command names in its project, or names those that exist. */
public final class ProjectLookup {

    private ProjectLookup() {}

    public static Environment environment(Project project, String environmentId) {
        return project.environment(environmentId).orElseThrow(() -> {
            List<String> ids = project.environments().stream().map(Environment::id).toList();
            return new CliException("environment '" + environmentId + "' is not in project '" + project.id()
                    + "'; its environments are: " + String.join(", ", ids) + Suggest.didYouMean(environmentId, ids));
        });
    }

    public static Service service(Project project, String serviceId) {
        return project.service(serviceId).orElseThrow(() -> {
            List<String> ids = project.services().map(Service::id).toList();
            return new CliException("service '" + serviceId + "' is not in project '" + project.id()
                    + "'; its services are: " + String.join(", ", ids) + Suggest.didYouMean(serviceId, ids));
        });
    }
}
