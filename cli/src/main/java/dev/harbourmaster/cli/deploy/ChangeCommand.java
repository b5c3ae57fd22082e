package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.GitLog;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Rights;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.documents.DeploymentDocument;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentRecords.SetRecord;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.Text;
import dev.harbourmaster.views.Waiting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What deploy, promote and rollback share: plan, print the plan, check the environment's gate,
 * confirm, write the release set, and follow it until it ends.
 *
 * <p>Exit codes: 0 the set SUCCEEDED (or, with --no-wait, was requested); 1 it FAILED, was PARTIAL
 * or REJECTED, the timeout passed, the environment is locked or busy, or the confirmation was
 * declined; 2 bad usage (including no terminal to confirm on without --yes); 3 nothing to change.
 */
abstract class ChangeCommand extends HmCommand {

    /** The exit code of a plan that changes nothing: not a failure, but not a deploy either. */
    static final int NOTHING_TO_CHANGE = 3;

    @Mixin
    ProjectOption project;

    @Option(names = {"-m", "--message"}, paramLabel = "WHY",
            description = "Why: the release set's description. Default: from the commits between what runs and what is deployed.")
    String message;

    @Option(names = {"-y", "--yes"}, description = "Do not ask to confirm (required when there is no terminal).")
    boolean yes;

    @Option(names = "--force", description = "Deploy a release that failed or was rolled back before (the plan says where and"
            + " why; without --force hm refuses it). A rollback only warns.")
    boolean force;

    @Option(names = "--no-wait", description = "Request the release set and exit; follow it later with hm show ID.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long to follow the release set before giving up on it (it goes on): 90s, 30m, 1h. Default: ${DEFAULT-VALUE}.")
    String timeout;

    @Option(names = "--poll-interval", paramLabel = "DURATION", defaultValue = "2s", hidden = true,
            description = "How often to read the release set while following it. Default: ${DEFAULT-VALUE}.")
    String pollInterval;

    private final Terminal terminal;
    private final Follower.Sleeper sleeper;

    ChangeCommand(Session session, Terminal terminal, Follower.Sleeper sleeper) {
        super(session);
        this.terminal = terminal;
        this.sleeper = sleeper;
    }

    /** Usage checks that need no AWS (exit 2). */
    void validate() {}

    abstract Plan plan(Planner planner, ProjectState state);

    /** The environment the change is to. */
    abstract String environmentId();

    /** What the plan will read whatever the project's state says, started before the state is read. */
    void readAhead(Planner planner, String projectId) {}

    @Override
    public final Integer call() {
        Duration followFor = Durations.parse("--timeout", timeout);
        Duration every = Durations.parse("--poll-interval", pollInterval);
        validate();

        Instant now = Instant.now();
        String projectId = project.id(); // a project not named is told before any AWS call
        session.prepareActorInBackground(); // who asks: known by the time the plan is read
        GitLog git = new GitLog(Path.of(""));
        Planner planner = new Planner(ledger(), git::between, now);
        readAhead(planner, projectId);
        ProjectState state = project.stateFor(common.table, environmentId());
        Plan planned = plan(planner, state);
        Plan plan = ConfigPreview.of(planned, () -> session.containers(planned.project().environment(planned.environmentId())
                .orElseThrow()));
        String description = message == null || message.isBlank() ? plan.defaultDescription() : message.strip();
        PlanView view = new PlanView(plan, session.delivery(common.table).knownBad(state, now), now);
        Output out = output();

        if (plan.nothingToChange()) {
            show(out, view, null, null);
            if (out.isJson()) {
                out.json(new ChangeDocument(view.json(null, null), null, false, true));
            }
            throw new CliException(view.nothingToChange(), NOTHING_TO_CHANGE);
        }
        ReleaseSets releaseSets = session.releaseSets(common.table);
        checkGate(releaseSets, state.gate(plan.environmentId()), plan, now);
        if (!view.knownBad().isEmpty() && plan.kind() != ReleaseSetKind.ROLLBACK && !force) {
            show(out, view, description, null);
            throw new CliException(view.knownBadRefusal());
        }
        Actor requestedBy = session.actor();
        show(out, view, description, requestedBy);
        Terminal.confirm(terminal, yes, view.question());

        Instant at = Instant.now();
        ReleaseSet set = new ReleaseSet(ReleaseSetIds.random(plan.project().id(), plan.environmentId(), at),
                plan.project().id(), plan.environmentId(), plan.serviceSetId(), plan.releases(), plan.kind(),
                requestedBy.name(), description, at, ReleaseSetStatus.REQUESTED, null, requestedBy.arn());
        if (!Rights.checked(() -> releaseSets.request(set), Rights.Act.DEPLOY, plan.project().id(), plan.environmentId(),
                requestedBy, common.table)) {
            throw new CliException("release set " + set.id() + " exists already (two requests in one millisecond?); run"
                    + " the command again");
        }
        out.say("Requested release set " + set.id() + " (" + Shell.command("hm", "show", set.id()) + ")");
        if (noWait) {
            if (out.isJson()) {
                out.json(result(view, description, requestedBy, set, null, false));
            }
            return 0;
        }

        out.say("Following it every " + Durations.format(every) + " for up to " + Durations.format(followFor)
                + " (Ctrl-C stops following, not the deploy):");
        Follower follower = new Follower(() -> session.records(common.table).setRecord(set.id()), Instant::now, sleeper,
                every, followFor, Waiting.UNCLAIMED_AFTER, NobodyListening.of(common.table, session.environment()),
                plan.releasesBefore(), line -> out.say("  " + line));
        // Ctrl-C ends hm, not the deploy: say where to follow it.
        PrintWriter err = spec.commandLine().getErr();
        Thread stopped = new Thread(() -> {
            err.println("hm: stopped following release set " + set.id() + "; it goes on without hm: "
                    + Shell.command("hm", "show", set.id()));
            err.flush();
        });
        Runtime.getRuntime().addShutdownHook(stopped);
        Follower.Outcome outcome;
        try {
            outcome = follower.follow(set.id());
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopped);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
        SetRecord last = outcome.last();
        if (out.isJson()) {
            out.json(result(view, description, requestedBy, set, last, outcome.timedOut()));
        }
        return ending(out, last, outcome);
    }

    private static void show(Output out, PlanView view, String description, Actor requestedBy) {
        if (out.isJson()) {
            return;
        }
        view.lines(description, requestedBy).forEach(out::say);
    }

    /** 0 on SUCCEEDED, and on AWAITING_APPROVAL (hm stops there and says how to approve it); otherwise the reasons per service, and one line (exit 1) saying how it ended and where to look. */
    private static int ending(Output out, SetRecord last, Follower.Outcome outcome) {
        ReleaseSet set = last.set();
        if (outcome.timedOut()) {
            throw new CliException("release set " + set.id() + " is still in flight after "
                    + Durations.format(outcome.elapsed()) + " (" + Follower.inFlight(last)
                    + "); it goes on without hm: follow it with " + Shell.command("hm", "show", set.id()));
        }
        if (set.status() == ReleaseSetStatus.AWAITING_APPROVAL) {
            out.say("Awaiting approval: run " + Shell.approveCommand(set.projectId(), set.environmentId(), set.id())
                    + " (an approver of " + set.environmentId() + "); nothing is rolled until then, and then the deployer"
                    + " rolls it: follow it with " + Shell.command("hm", "show", set.id()));
            return 0;
        }
        if (set.status() == ReleaseSetStatus.SUCCEEDED) {
            out.say("Done: " + set.status() + (set.statusReason() == null ? "" : " (" + set.statusReason() + ")"));
            return 0;
        }
        if (set.status() == ReleaseSetStatus.REJECTED) {
            throw new CliException("release set " + set.id() + " was REJECTED: " + set.statusReason());
        }
        // Each failure's cause was printed once, as it happened; this line names the services for the log's end.
        List<String> failures = Follower.failures(last);
        throw new CliException("release set " + set.id() + " ended " + set.status()
                + (failures.isEmpty() ? (set.statusReason() == null ? "" : ": " + set.statusReason())
                : ": " + String.join(", ", failures))
                + "; details: " + Shell.command("hm", "show", set.id()));
    }

    /**
     * Refuses, before writing, what the deployer would reject for the environment: a lock in force,
     * or another release set in flight, as the read of the project found them. (The deployer's claim
     * checks both again, in one transaction.)
     */
    private void checkGate(ReleaseSets releaseSets, ReleaseSets.Gate gate, Plan plan, Instant now) {
        String unlock = Shell.command("hm", "unlock", "--project", plan.project().id(), "--env", plan.environmentId());
        Optional<Lock> lock = gate.lock().filter(l -> l.inForceAt(now));
        if (lock.isPresent()) {
            Lock l = lock.get();
            String who = l.owner() == null ? "someone" : l.owner();
            String why = l.reason() == null ? "" : ": " + l.reason();
            throw new CliException(l.expiresAt() == null
                    ? plan.where() + " is locked by " + who + " with no expiry" + (l.lockedAt() == null ? ""
                    : " (since " + Times.format(l.lockedAt()) + ")") + why + "; deploy after " + who + " lifts it (" + unlock + ")"
                    : plan.where() + " is locked by " + who + " until " + Text.when(l.expiresAt(), now) + why
                    + "; deploy after it expires, or lift it (" + unlock + ")");
        }
        Optional<String> busy = gate.inFlightReleaseSetId()
                .filter(id -> gate.inFlightUntil() == null || gate.inFlightUntil().isAfter(now));
        if (busy.isPresent()) {
            String id = busy.get();
            String what = "";
            try {
                what = releaseSets.releaseSet(id).map(s -> " (requested by " + Text.by(s.requestedBy(), s.requestedByArn())
                        + (s.description() == null ? "" : ": " + Text.cut(s.description(), 60)) + ")").orElse("");
            } catch (MalformedReleaseSetException e) {
                // named by id only
            }
            throw new CliException("release set " + id + " is in flight in " + plan.where() + what
                    + "; one release set per environment at a time: wait for it to end (" + Shell.command("hm", "show", id)
                    + ") and run this again");
        }
    }

    /**
     * What hm deploy, promote and rollback print with --output json: the plan, and the release set
     * as hm last saw it (null when there was nothing to change).
     */
    record ChangeDocument(PlanView.PlanDocument plan, SetOutcome releaseSet, boolean timedOut, boolean nothingToChange) {}

    record SetOutcome(String id, String status, String statusReason, String requestedAt,
                      List<DeploymentDocument> deployments) {}

    private static ChangeDocument result(PlanView view, String description, Actor requestedBy, ReleaseSet set,
                                         SetRecord last, boolean timedOut) {
        ReleaseSet now = last == null ? set : last.set();
        return new ChangeDocument(view.json(description, requestedBy), new SetOutcome(now.id(), now.status().name(),
                now.statusReason(), Text.format(now.requestedAt()),
                last == null ? List.of() : last.deployments().stream().map(DeploymentDocument::of).toList()), timedOut, false);
    }

    /** A release set id as typed: ULIDs are case-insensitive, the table stores them upper-case. */
    static String releaseSetId(String option, String text) {
        String id = ReleaseSetIds.normalise(text);
        if (!ReleaseSetIds.isValid(id)) {
            throw new CliException(option + " '" + text + "' is not a release set id: take one from hm history", 2);
        }
        return id;
    }

    /** A release set by id, or a message that says how to find one. */
    ReleaseSet releaseSet(String id, String projectId) {
        try {
            return session.releaseSets(common.table).releaseSet(id).orElseThrow(() -> new CliException("release set "
                    + id + " not found; list them with " + Shell.command("hm", "history", "--project", projectId)));
        } catch (MalformedReleaseSetException e) {
            throw new CliException(e.getMessage() + "; it was not written by Harbourmaster: fix or delete the item");
        }
    }
}
