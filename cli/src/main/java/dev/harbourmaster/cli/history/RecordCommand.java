package dev.harbourmaster.cli.history;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.ReleaseSets;

/** The commands that read the record of deployments: status, history, show. */
abstract class RecordCommand extends HmCommand {

    RecordCommand(Session session) {
        super(session);
    }

    DeploymentHistory history() {
        return session.history(common.table);
    }

    ReleaseSets releaseSets() {
        return session.releaseSets(common.table);
    }

    /** The message of ProjectLookup.registered, for commands that read the project another way. */
    static CliException notRegistered(String projectId) {
        return new CliException("project '" + projectId
                + "' is not registered: register it with 'hm project apply -f harbourmaster.yml'");
    }

    static Environment environment(Project project, String environmentId) {
        return project.environment(environmentId).orElseThrow(() -> new CliException("environment '" + environmentId
                + "' is not in project '" + project.id() + "'; its environments are: "
                + String.join(", ", project.environments().stream().map(Environment::id).toList())));
    }
}
