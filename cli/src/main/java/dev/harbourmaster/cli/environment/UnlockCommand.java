package dev.harbourmaster.cli.environment;

import dev.harbourmaster.views.Words;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.ReleaseSets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Opens a locked environment again: one Query for the project, one for the gate (whose lock it
 * removes; nothing more when there is none), one DeleteItem.
 */
@Command(name = "unlock", description = "Open a locked environment to deploys again.")
public final class UnlockCommand extends HmCommand {

    @Option(names = {"-p", "--project"}, required = true, paramLabel = "PROJECT", description = "The project id.")
    String projectId;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment to unlock.")
    String environmentId;

    public UnlockCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Project project = ProjectLookup.registered(catalogue(), projectId);
        Environment environment = Lookup.environment(project, environmentId);
        ReleaseSets releaseSets = session.releaseSets(common.table);
        Lock lock = releaseSets.gate(project.id(), environment.id()).lock().orElse(null);
        if (lock != null) {
            releaseSets.unlock(project.id(), environment.id());
        }
        Instant now = Instant.now();
        String where = project.id() + "/" + environment.id();
        Output out = output();
        if (out.isJson()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("project", project.id());
            json.put("environment", environment.id());
            json.put("unlocked", lock != null);
            json.put("removed", Words.lockJson(lock, now));
            out.json(json);
        } else if (lock == null) {
            out.say(where + " is not locked: nothing to unlock.");
        } else {
            out.say("Unlocked " + where + ": removed " + (Words.inForce(lock, now) ? "the lock of " : "the expired lock of ")
                    + Words.lock(lock, now));
            out.say("Release sets for " + environment.id() + " are deployed again.");
        }
        return 0;
    }
}
