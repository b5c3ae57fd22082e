package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Rights;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.documents.LockDocument;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Opens a locked environment again: one Query for the project, one BatchGetItem for the gate (whose
 * lock it removes; nothing more when there is none), STS for who asks, and one UpdateItem that keeps
 * the lock's item with who lifted it (plus a GetItem, and a DeleteItem of a lock kept where locks were before).
 */
@Command(name = "unlock", footerHeading = Hm.EXAMPLES, footer = {
        "  hm unlock --project catalogue --env prod"},
        description = "Open a locked environment to deploys again.")
public final class UnlockCommand extends HmCommand {

    /** hm unlock --output json: the lock removed (null: there was none) and who removed it. */
    record Unlocked(String project, String environment, boolean unlocked, LockDocument removed, String unlockedBy,
                    String unlockedByArn) {}

    @Mixin
    ProjectOption project;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment to unlock.")
    String environmentId;

    public UnlockCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Project project = this.project.registered(common.table);
        Environment environment = ProjectLookup.environment(project, environmentId);
        ReleaseSets releaseSets = session.releaseSets(common.table);
        Lock lock = releaseSets.gate(project.id(), environment.id()).lock().orElse(null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Actor who = lock == null ? null : session.actor();
        if (lock != null) {
            Rights.checked(() -> releaseSets.unlock(project.id(), environment.id(), who.name(), who.arn(), now),
                    Rights.Act.UNLOCK, project.id(), environment.id(), who, common.table);
        }
        String where = project.id() + "/" + environment.id();
        Output out = output();
        if (out.isJson()) {
            out.json(new Unlocked(project.id(), environment.id(), lock != null, LockDocument.of(lock, now),
                    who == null ? null : who.name(), who == null ? null : who.arn()));
        } else if (lock == null) {
            out.say(where + " is not locked: nothing to unlock.");
        } else {
            out.say("Unlocked " + where + ": removed " + (lock.inForceAt(now) ? "the lock of " : "the expired lock of ")
                    + Text.lock(lock, now));
            out.say("Release sets for " + environment.id() + " are deployed again. Unlocked by " + Text.by(who.name(), who.arn())
                    + " (kept on the lock's record).");
        }
        return 0;
    }
}
