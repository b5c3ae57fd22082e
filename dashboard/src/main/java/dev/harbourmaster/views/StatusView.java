package dev.harbourmaster.views;


import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;
import static dev.harbourmaster.views.Text.format;
import static dev.harbourmaster.views.Text.shortHash;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.documents.LockDocument;
import dev.harbourmaster.documents.RunningDocument;
import dev.harbourmaster.documents.StatusDocument;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Shell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What hm status shows, from what it read: each environment's gate (lock, release set in flight),
 * the release sets that wait there, and the environment × service matrix. Pure, so its wording is
 * tested without AWS.
 */
public final class StatusView {

    public static final String NEVER_DEPLOYED = "never deployed";

    /** The outcome of a cell whose running release was adopted (hm project apply --adopt) and never deployed over. */
    public static final String ADOPTED = "ADOPTED";

    /** The sets that wait shown per environment, the newest: a stalled deployer can leave many (JSON has them all). */
    public static final int WAITING_SHOWN = 5;

    /** One cell of the matrix: a service in an environment, with its current-state row if it has one. */
    public record Cell(String environmentId, String serviceId, boolean inManifest, CurrentState row) {}

    private final ProjectState state;
    private final List<String> environments;
    private final Map<String, Gate> gates;
    private final Map<String, List<ReleaseSet>> waiting;
    private final Instant now;
    private Map<String, List<Deployment>> inFlight = Map.of();

    /**
     * @param gates   each shown environment's gate, in the order to show them
     * @param waiting the REQUESTED, QUEUED and AWAITING_APPROVAL sets read of each environment (absent: none)
     */
    public StatusView(ProjectState state, Map<String, Gate> gates, Map<String, List<ReleaseSet>> waiting, Instant now) {
        this.state = state;
        this.environments = List.copyOf(gates.keySet());
        this.gates = gates;
        this.waiting = waiting;
        this.now = now;
    }

    /** The deployments of each environment's set in flight (read apart), so their stages are shown. */
    public StatusView withInFlight(Map<String, List<Deployment>> deploymentsByEnvironment) {
        this.inFlight = Map.copyOf(deploymentsByEnvironment);
        return this;
    }

    /** The sets that wait in an environment, as hm status and the home page show them. */
    public List<Waiting> waiting(String environmentId) {
        return Waiting.of(waiting.getOrDefault(environmentId, List.of()), gates.getOrDefault(environmentId, Gate.OPEN), now);
    }

    /** The sets held for approval, of every environment in the manifest's order, oldest first in each. */
    public List<Waiting> awaitingApproval() {
        return environments.stream().flatMap(e -> waiting(e).stream()).filter(Waiting::awaitingApproval).toList();
    }

    /** Manifest order; rows of services no longer in the manifest (something still runs there) last. */
    public List<Cell> cells() {
        List<Cell> cells = new ArrayList<>();
        for (String environment : environments) {
            for (Service service : state.project().services().toList()) {
                cells.add(new Cell(environment, service.id(), true, state.row(environment, service.id()).orElse(null)));
            }
            state.rows().stream()
                    .filter(r -> environment.equals(r.environmentId()) && state.project().service(r.serviceId()).isEmpty())
                    .sorted(Comparator.comparing(CurrentState::serviceId))
                    .forEach(r -> cells.add(new Cell(environment, r.serviceId(), false, r)));
        }
        return cells;
    }

    /** A release that runs in the environment before this one (in the manifest's order) and not in this one. */
    public record Promotable(String from, String serviceId, String releaseHash) {}

    /**
     * What the environment before this one runs that this one does not: ready to promote. Empty for
     * the first environment.
     */
    public List<Promotable> promotable(String environment) {
        List<String> order = state.project().environments().stream().map(Environment::id).toList();
        int at = order.indexOf(environment);
        if (at <= 0) {
            return List.of();
        }
        String from = order.get(at - 1);
        List<Promotable> ready = new ArrayList<>();
        for (Service service : state.project().services().toList()) {
            CurrentState.Running source = state.row(from, service.id()).map(CurrentState::running).orElse(null);
            CurrentState.Running here = state.row(environment, service.id()).map(CurrentState::running).orElse(null);
            if (source != null && (here == null || !ReleaseImage.digestsByContainer(source.images())
                    .equals(ReleaseImage.digestsByContainer(here.images())))) {
                ready.add(new Promotable(from, service.id(), source.releaseHash()));
            }
        }
        return ready;
    }

    /** "ready to promote from staging: ingestor 8c8c8c8, search 7b7b7b7"; null when nothing is. */
    public String promotableLine(String environment) {
        List<Promotable> ready = promotable(environment);
        return ready.isEmpty() ? null : "ready to promote from " + ready.get(0).from() + ": " + String.join(", ",
                ready.stream().map(p -> p.serviceId() + " " + shortHash(p.releaseHash())).toList());
    }

    /** The hm promote command that takes what is ready into the environment; null when nothing is. */
    public String promoteCommand(String environment) {
        List<Promotable> ready = promotable(environment);
        return ready.isEmpty() ? null : Shell.command("hm", "promote", "--project", state.project().id(), "--from",
                ready.get(0).from(), "--to", environment);
    }

    /** "ready to promote from staging: ingestor 8c8c8c8, search 7b7b7b7 (hm promote …)"; null when none. */
    public String promotableText(String environment) {
        String line = promotableLine(environment);
        return line == null ? null : line + " (" + promoteCommand(environment) + ")";
    }

    /**
     * One line for the whole project, each environment's trouble first: "prod: 1 failed, 1 drifted ·
     * staging: locked by carol, 1 waiting"; an environment with none says how many services run.
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        for (String environment : environments) {
            Gate gate = gates.get(environment);
            List<String> trouble = new ArrayList<>();
            gate.lock().filter(l -> l.inForceAt(now)).ifPresent(l -> trouble.add((l.expiresAt() == null ? "frozen" : "locked")
                    + " by " + (l.owner() == null ? "?" : l.owner())));
            List<Cell> here = cells().stream().filter(c -> c.environmentId().equals(environment)).toList();
            long failed = here.stream().filter(c -> c.row() != null && c.row().last() != null && c.row().last().status() != null
                    && c.row().last().status().isFailure()).count();
            long drifted = here.stream().filter(c -> changedOutside(c.row())
                    || verdict(c).map(EnvironmentVerification.ServiceVerdict::drift).orElse(false)).count();
            if (failed > 0) {
                trouble.add(failed + " failed");
            }
            if (drifted > 0) {
                trouble.add(drifted + " drifted");
            }
            gate.inFlightReleaseSetId().ifPresent(id -> trouble.add("a set in flight"));
            List<Waiting> waits = waiting(environment);
            long awaitingApproval = waits.stream().filter(Waiting::awaitingApproval).count();
            if (awaitingApproval > 0) {
                trouble.add(awaitingApproval + " awaiting approval");
            }
            if (waits.size() > awaitingApproval) {
                trouble.add((waits.size() - awaitingApproval) + " waiting");
            }
            long running = here.stream().filter(c -> c.row() != null && c.row().running() != null).count();
            String fine = running == 0 ? "nothing deployed" : running + (running == 1 ? " service runs" : " services run");
            parts.add(environment + ": " + (trouble.isEmpty() ? fine : String.join(", ", trouble)));
        }
        return String.join(" · ", parts);
    }

    /** Per environment: its lock and the release set in flight, then a line per set that waits. */
    public List<String> gateLines() {
        List<String> lines = new ArrayList<>();
        for (String environment : environments) {
            Gate gate = gates.get(environment);
            List<String> parts = new ArrayList<>();
            gate.lock().ifPresent(lock -> parts.add(lockText(lock)));
            gate.inFlightReleaseSetId().ifPresent(id -> parts.add(inFlightText(id, gate.inFlightUntil())));
            inFlight.getOrDefault(environment, List.of()).stream().filter(d -> d.status() == DeploymentStatus.IN_PROGRESS)
                    .forEach(d -> parts.add(stageText(environment, d)));
            if (parts.isEmpty()) {
                parts.add("open, no release set in flight");
            }
            List<Waiting> waits = waiting(environment);
            if (waits.size() > WAITING_SHOWN) {
                parts.add(Waiting.older(waits.size() - WAITING_SHOWN) + ": "
                        + Shell.command("hm", "history", "--project", state.project().id(), "--env", environment));
            }
            waits.subList(Math.max(0, waits.size() - WAITING_SHOWN), waits.size()).forEach(w -> parts.add(w.line(now)));
            String ready = promotableText(environment);
            if (ready != null) {
                parts.add(ready);
            }
            parts.forEach(part -> lines.add(environment + ": " + part));
        }
        return lines;
    }

    private String lockText(Lock lock) {
        String who = "by " + Text.by(lock.owner(), lock.ownerArn())
                + (lock.lockedAt() == null ? "" : " since " + when(lock.lockedAt(), now));
        String why = (lock.reason() == null ? "" : ": " + lock.reason())
                + (lock.replaces() == null ? "" : " (it replaced the lock of " + lock.replaces() + ")");
        if (lock.expiresAt() == null) {
            return "FROZEN " + who + ", no expiry" + why;
        }
        if (!lock.inForceAt(now)) {
            return "lock " + who + " expired " + when(lock.expiresAt(), now) + ", no longer in force" + why;
        }
        return "LOCKED " + who + " until " + when(lock.expiresAt(), now) + why;
    }

    /** "id_minter IN_PROGRESS, awaiting approval at POST_TEST_TRAFFIC_SHIFT, expires …: hm approve --project …". */
    private String stageText(String environment, Deployment d) {
        String stage = Text.stage(d);
        return d.serviceId() + " " + d.status() + (stage == null ? "" : ", " + stage)
                + (d.evidence().hookAwaitingAction().isEmpty() ? ""
                : ": " + Shell.command("hm", "approve", "--project", state.project().id(), "--env", environment));
    }

    private String inFlightText(String releaseSetId, Instant holdUntil) {
        String text = "release set " + releaseSetId + " in flight";
        if (holdUntil == null) {
            return text;
        }
        return holdUntil.isAfter(now) ? text + ", holds the environment until " + when(holdUntil, now)
                : text + ", its hold expired " + when(holdUntil, now) + " (another set may take the environment)";
    }

    /** The matrix for a person: short hashes and digests, ages, cut descriptions. */
    public List<Map<String, Object>> tableRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Cell cell : cells()) {
            CurrentState row = cell.row();
            CurrentState.Running running = row == null ? null : row.running();
            CurrentState.LastDeployment last = row == null ? null : row.last();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("environment", cell.environmentId());
            out.put("service", cell.serviceId() + (cell.inManifest() ? "" : " (not in manifest)"));
            out.put("release", running == null ? null : shortHash(running.releaseHash()));
            out.put("digest", running == null ? null : Text.digests(running.images()));
            out.put("age", running == null ? null : age(running.since(), now));
            out.put("lastDeployment", outcome(row));
            out.put("by", last != null ? Text.by(last.requestedBy(), last.requestedByArn())
                    : running == null ? null : Text.by(running.requestedBy(), running.requestedByArn()));
            out.put("why", cut(last != null ? last.description() : running == null ? null : running.description(), Text.CELL));
            out.put("verified", verdict(cell).map(v -> v.status() + " " + age(verifiedAt(cell), now) + " ago").orElse(null));
            out.put("changedOutside", changedOutside(row) ? row.outOfBand().ecsDeploymentId()
                    + (row.outOfBand().at() == null ? "" : " " + age(row.outOfBand().at(), now) + " ago") : null);
            rows.add(out);
        }
        return rows;
    }

    /**
     * The outcome of the newest deployment: its status; with its release when that is not what
     * runs, and what runs instead ("ROLLED_BACK def5678 (runs abc1234)", "(runs adopted abc1234)").
     * {@link #ADOPTED} where what runs was adopted and nothing was deployed since.
     */
    public static String outcome(CurrentState row) {
        CurrentState.Running running = row == null ? null : row.running();
        CurrentState.LastDeployment last = row == null ? null : row.last();
        if (running == null && last == null) {
            return NEVER_DEPLOYED;
        }
        if (last == null) {
            return running.adopted() ? ADOPTED : running.status() == null ? "running" : running.status().name();
        }
        String status = last.status() == null ? "?" : last.status().name();
        if (running == null) {
            return status + " " + shortHash(last.releaseHash());
        }
        if (Objects.equals(running.releaseHash(), last.releaseHash())) {
            return status;
        }
        return status + " " + shortHash(last.releaseHash()) + " (runs " + (running.adopted() ? "adopted "
                + (running.releaseHash() == null ? "baseline" : shortHash(running.releaseHash()))
                : shortHash(running.releaseHash())) + ")";
    }

    /**
     * Someone changed the service outside Harbourmaster and no deployment of ours has replaced that
     * change since (the recorder clears it when one succeeds after it; older rows are checked here).
     */
    public static boolean changedOutside(CurrentState row) {
        if (row == null || row.outOfBand() == null) {
            return false;
        }
        Instant at = row.outOfBand().at();
        Instant running = row.running() == null ? null : row.running().since();
        return at == null || running == null || at.isAfter(running);
    }

    /** Everything, uncut: the gates and, per cell, the full current-state row. */
    public StatusDocument json() {
        List<StatusDocument.Environment> environmentList = new ArrayList<>();
        for (String environment : environments) {
            Gate gate = gates.get(environment);
            StatusDocument.InFlight inFlight = gate.inFlightReleaseSetId().map(id -> new StatusDocument.InFlight(id,
                    format(gate.inFlightUntil()), gate.inFlightUntil() != null && !gate.inFlightUntil().isAfter(now)))
                    .orElse(null);
            environmentList.add(new StatusDocument.Environment(environment, LockDocument.of(gate.lock().orElse(null), now),
                    inFlight, waiting(environment).stream().map(Waiting::json).toList(), promotable(environment).stream()
                    .map(p -> new StatusDocument.Promotable(p.from(), p.serviceId(), p.releaseHash())).toList()));
        }
        List<StatusDocument.ServiceState> services = new ArrayList<>();
        for (Cell cell : cells()) {
            CurrentState row = cell.row();
            services.add(new StatusDocument.ServiceState(cell.environmentId(), cell.serviceId(), cell.inManifest(),
                    outcome(row), row == null ? null : RunningDocument.of(row.running()),
                    row == null || row.last() == null ? null : last(row.last()),
                    row == null || row.outOfBand() == null ? null : outOfBand(row.outOfBand()), changedOutside(row),
                    verdict(cell).map(v -> verification(cell, v)).orElse(null)));
        }
        return new StatusDocument(state.project().id(), summary(), environmentList, services);
    }

    private StatusDocument.Verification verification(Cell cell, EnvironmentVerification.ServiceVerdict verdict) {
        Optional<EnvironmentVerification> verification = state.verification(cell.environmentId());
        return new StatusDocument.Verification(verdict.status(), verdict.summary(), format(verifiedAt(cell)),
                verification.map(EnvironmentVerification::checkedBy).orElse(null),
                verification.map(EnvironmentVerification::checkedByArn).orElse(null));
    }

    /** What the environment's last hm verify said of the cell's service, if it checked it. */
    private Optional<EnvironmentVerification.ServiceVerdict> verdict(Cell cell) {
        return state.verification(cell.environmentId()).flatMap(v -> v.service(cell.serviceId()));
    }

    private Instant verifiedAt(Cell cell) {
        return state.verification(cell.environmentId()).map(EnvironmentVerification::checkedAt).orElse(null);
    }

    private static StatusDocument.Last last(CurrentState.LastDeployment last) {
        return new StatusDocument.Last(last.releaseSetId(), last.releaseHash(), last.status() == null ? null
                : last.status().name(), last.cause(), last.reason(), format(last.at()), last.requestedBy(), last.requestedByArn(),
                last.description());
    }

    private static StatusDocument.OutOfBand outOfBand(CurrentState.OutOfBand outOfBand) {
        return new StatusDocument.OutOfBand(outOfBand.ecsDeploymentId(), outOfBand.state(), format(outOfBand.at()),
                outOfBand.reason());
    }
}
