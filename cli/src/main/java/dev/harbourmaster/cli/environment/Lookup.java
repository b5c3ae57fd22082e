package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;

/** Finds the project and environments a command names, or says how to name one that exists. */
final class Lookup {

    private Lookup() {}

    /** The project and its current-state rows: one Query (access pattern 5). */
    static ProjectState projectState(DeploymentHistory history, String projectId) {
        return history.projectState(projectId).orElseThrow(() -> new CliException("project '" + projectId
                + "' is not registered: register it with 'hm project apply -f harbourmaster.yml'"));
    }

    static Environment environment(Project project, String environmentId) {
        return project.environment(environmentId).orElseThrow(() -> new CliException("environment '" + environmentId
                + "' is not in project '" + project.id() + "'; its environments are: "
                + String.join(", ", project.environments().stream().map(Environment::id).toList())));
    }
}
