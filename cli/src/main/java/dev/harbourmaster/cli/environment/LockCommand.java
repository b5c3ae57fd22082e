package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
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
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Closes an environment to deploys: the deployer's claim refuses every release set for it while the
 * lock is in force. Someone else's lock in force is replaced only with --force, and the new lock
 * keeps whose it replaced. One Query for the project, one for the environment's gate (whose lock a
 * new one replaces, and what is in flight), one PutItem; plus STS for who asks.
 */
@Command(name = "lock", footerHeading = Hm.EXAMPLES, footer = {
        "  hm lock --project catalogue --env prod -m \"release freeze\" --for 2d",
        "  hm lock -p catalogue -e staging -m \"database migration\""},
        description = "Close an environment to deploys, with a reason, until unlocked or for a while (--for).")
public final class LockCommand extends HmCommand {

    /** hm lock --output json: the lock written, the one it replaced (null: none), and the set in flight it does not stop. */
    record Locked(String project, String environment, LockDocument lock, LockDocument replaced, String inFlight) {}

    @Mixin
    ProjectOption project;

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment to lock.")
    String environmentId;

    @Option(names = {"-m", "--message"}, paramLabel = "REASON",
            description = "Why (required): whoever is refused a deploy reads it.")
    String message;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "How long: 30m, 2h, 1d, 1d12h. Default: until 'hm unlock'.")
    String duration;

    @Option(names = "--force", description = "Replace a lock in force that someone else holds; the new lock records whose"
            + " it replaced.")
    boolean force;

    public LockCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        if (message == null || message.isBlank()) {
            throw new CliException("a lock needs a reason: add -m \"why\" (whoever is refused a deploy reads it)", 2);
        }
        Duration lockFor = duration == null ? null : LockDuration.parse(duration);
        Project project = this.project.registered(common.table);
        Environment environment = ProjectLookup.environment(project, environmentId);
        ReleaseSets releaseSets = session.releaseSets(common.table);
        ReleaseSets.Gate gate = releaseSets.gate(project.id(), environment.id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Actor who = session.actor();
        Lock replaced = gate.lock().orElse(null);
        Lock othersInForce = replaced != null && replaced.inForceAt(now) && !heldBy(replaced, who) ? replaced : null;
        if (othersInForce != null && !force) {
            throw new CliException(project.id() + "/" + environment.id() + " is locked by " + Text.lock(othersInForce, now)
                    + "; ask them to lift it (" + Shell.command("hm", "unlock", "--project", project.id(), "--env",
                    environment.id()) + "), or replace their lock with --force (yours then records whose it replaced)");
        }
        Lock lock = new Lock(project.id(), environment.id(), who.name(), message.strip(), now,
                lockFor == null ? null : now.plus(lockFor), who.arn(), othersInForce == null ? null : summary(othersInForce));
        Rights.checked(() -> releaseSets.lock(lock), Rights.Act.LOCK, project.id(), environment.id(), who, common.table);

        String inFlight = gate.inFlightReleaseSetId().orElse(null);
        Output out = output();
        if (out.isJson()) {
            out.json(new Locked(project.id(), environment.id(), LockDocument.of(lock, now), LockDocument.of(replaced, now),
                    inFlight));
        } else {
            lines(lock, replaced, inFlight, now).forEach(out::say);
        }
        return 0;
    }

    /**
     * The same person: the same AWS identity (where both have one) and the same name, without the CI
     * run it came from. Many people lock through one CI role, told apart by HM_ACTOR.
     */
    static boolean heldBy(Lock lock, Actor who) {
        boolean sameArn = lock.ownerArn() == null || who.arn() == null || lock.ownerArn().equals(who.arn());
        return sameArn && person(lock.owner()).equals(person(who.name()));
    }

    /** "alice via https://ci.example.com/runs/42" → "alice". */
    private static String person(String name) {
        String n = name == null ? "" : name;
        int via = n.indexOf(" via ");
        return via < 0 ? n : n.substring(0, via);
    }

    /** "carol (arn:…), until 2026-11-22T10:00:00.000Z: audit freeze": a replaced lock, kept on the new one. */
    static String summary(Lock lock) {
        return Text.by(lock.owner(), lock.ownerArn()) + (lock.expiresAt() == null ? ", no expiry"
                : ", until " + Text.format(lock.expiresAt())) + (lock.reason() == null ? "" : ": " + lock.reason());
    }

    /** What hm lock tells a person: the lock, the lock it replaced, and what it does not stop. */
    static List<String> lines(Lock lock, Lock replaced, String inFlight, Instant now) {
        String where = lock.projectId() + "/" + lock.environmentId();
        String unlock = "'" + Shell.command("hm", "unlock", "--project", lock.projectId(), "--env", lock.environmentId()) + "'";
        List<String> lines = new ArrayList<>();
        lines.add("Locked " + where + (lock.expiresAt() == null ? " until unlocked"
                : " for " + LockDuration.text(Duration.between(lock.lockedAt(), lock.expiresAt()))
                + ", until " + Text.format(lock.expiresAt())) + ", by " + Text.by(lock.owner(), lock.ownerArn()) + ": " + lock.reason());
        if (replaced != null) {
            lines.add("It replaces " + (replaced.inForceAt(now) ? "the lock of " : "the expired lock of ")
                    + Text.lock(replaced, now));
        }
        lines.add("Release sets for " + lock.environmentId() + " are refused " + (lock.expiresAt() == null ? "until "
                + unlock : "until then; " + unlock + " opens it earlier") + ".");
        if (inFlight != null) {
            lines.add("Release set " + inFlight + " is already in flight there: the lock does not stop it, only the"
                    + " sets after it.");
        }
        return lines;
    }
}
