package dev.harbourmaster.views;


import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;
import static dev.harbourmaster.views.Text.format;
import static dev.harbourmaster.views.Text.shortHash;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Lock;
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

/**
 * What hm status shows, from what it read: each environment's gate (lock, release set in flight),
 * the release sets that wait there, and the environment × service matrix. Pure, so its wording is
 * tested without AWS.
 */
public final class StatusView {

    public static final String NEVER_DEPLOYED = "never deployed";

    /** The sets that wait shown per environment, the newest: a stalled deployer can leave many (JSON has them all). */
    public static final int WAITING_SHOWN = 5;

    /** One cell of the matrix: a service in an environment, with its current-state row if it has one. */
    public record Cell(String environmentId, String serviceId, boolean inManifest, CurrentState row) {}

    private final ProjectState state;
    private final List<String> environments;
    private final Map<String, Gate> gates;
    private final Map<String, List<ReleaseSet>> waiting;
    private final Instant now;

    /**
     * @param gates   each shown environment's gate, in the order to show them
     * @param waiting the REQUESTED and QUEUED sets read of each environment (absent: none)
     */
    public StatusView(ProjectState state, Map<String, Gate> gates, Map<String, List<ReleaseSet>> waiting, Instant now) {
        this.state = state;
        this.environments = List.copyOf(gates.keySet());
        this.gates = gates;
        this.waiting = waiting;
        this.now = now;
    }

    /** The sets that wait in an environment, as hm status and the home page show them. */
    public List<Waiting> waiting(String environmentId) {
        return Waiting.of(waiting.getOrDefault(environmentId, List.of()), gates.getOrDefault(environmentId, Gate.OPEN), now);
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

    /** Per environment: its lock and the release set in flight, then a line per set that waits. */
    public List<String> gateLines() {
        List<String> lines = new ArrayList<>();
        for (String environment : environments) {
            Gate gate = gates.get(environment);
            List<String> parts = new ArrayList<>();
            gate.lock().ifPresent(lock -> parts.add(lockText(lock)));
            gate.inFlightReleaseSetId().ifPresent(id -> parts.add(inFlightText(id, gate.inFlightUntil())));
            if (parts.isEmpty()) {
                parts.add("open, no release set in flight");
            }
            List<Waiting> waits = waiting(environment);
            if (waits.size() > WAITING_SHOWN) {
                parts.add(Waiting.older(waits.size() - WAITING_SHOWN) + ": "
                        + Shell.command("hm", "history", "--project", state.project().id(), "--env", environment));
            }
            waits.subList(Math.max(0, waits.size() - WAITING_SHOWN), waits.size()).forEach(w -> parts.add(w.line(now)));
            parts.forEach(part -> lines.add(environment + ": " + part));
        }
        return lines;
    }

    private String lockText(Lock lock) {
        String who = "by " + Words.by(lock.owner(), lock.ownerArn())
                + (lock.lockedAt() == null ? "" : " since " + when(lock.lockedAt(), now));
        String why = lock.reason() == null ? "" : ": " + lock.reason();
        if (lock.expiresAt() == null) {
            return "FROZEN " + who + ", no expiry" + why;
        }
        if (!lock.expiresAt().isAfter(now)) {
            return "lock " + who + " expired " + when(lock.expiresAt(), now) + ", no longer in force" + why;
        }
        return "LOCKED " + who + " until " + when(lock.expiresAt(), now) + why;
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
            out.put("by", last != null ? Words.by(last.requestedBy(), last.requestedByArn())
                    : running == null ? null : Words.by(running.requestedBy(), running.requestedByArn()));
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
     * runs, and what runs instead ("ROLLED_BACK def5678 (runs abc1234)").
     */
    public static String outcome(CurrentState row) {
        CurrentState.Running running = row == null ? null : row.running();
        CurrentState.LastDeployment last = row == null ? null : row.last();
        if (running == null && last == null) {
            return NEVER_DEPLOYED;
        }
        if (last == null) {
            return running.status() == null ? "running" : running.status().name();
        }
        String status = last.status() == null ? "?" : last.status().name();
        if (running == null) {
            return status + " " + shortHash(last.releaseHash());
        }
        if (Objects.equals(running.releaseHash(), last.releaseHash())) {
            return status;
        }
        return status + " " + shortHash(last.releaseHash()) + " (runs " + shortHash(running.releaseHash()) + ")";
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
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("project", state.project().id());
        List<Map<String, Object>> environmentList = new ArrayList<>();
        for (String environment : environments) {
            Gate gate = gates.get(environment);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("environment", environment);
            e.put("lock", gate.lock().map(lock -> Words.lockJson(lock, now)).orElse(null));
            e.put("inFlight", gate.inFlightReleaseSetId().map(id -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("releaseSet", id);
                f.put("holdUntil", format(gate.inFlightUntil()));
                f.put("holdExpired", gate.inFlightUntil() != null && !gate.inFlightUntil().isAfter(now));
                return f;
            }).orElse(null));
            e.put("waiting", waiting(environment).stream().map(Waiting::json).toList());
            environmentList.add(e);
        }
        json.put("environments", environmentList);
        List<Map<String, Object>> services = new ArrayList<>();
        for (Cell cell : cells()) {
            CurrentState row = cell.row();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("environment", cell.environmentId());
            s.put("service", cell.serviceId());
            s.put("inManifest", cell.inManifest());
            s.put("lastDeployment", outcome(row));
            s.put("running", row == null || row.running() == null ? null : runningJson(row.running()));
            s.put("last", row == null || row.last() == null ? null : lastJson(row.last()));
            s.put("outOfBand", row == null || row.outOfBand() == null ? null : outOfBandJson(row.outOfBand()));
            s.put("changedOutside", changedOutside(row));
            s.put("verification", verdict(cell).map(v -> {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("status", v.status());
                j.put("summary", v.summary());
                j.put("checkedAt", format(verifiedAt(cell)));
                j.put("checkedBy", state.verification(cell.environmentId()).map(EnvironmentVerification::checkedBy).orElse(null));
                j.put("checkedByArn", state.verification(cell.environmentId()).map(EnvironmentVerification::checkedByArn).orElse(null));
                return j;
            }).orElse(null));
            services.add(s);
        }
        json.put("services", services);
        return json;
    }

    /** What the environment's last hm verify said of the cell's service, if it checked it. */
    private java.util.Optional<EnvironmentVerification.ServiceVerdict> verdict(Cell cell) {
        return state.verification(cell.environmentId()).flatMap(v -> v.service(cell.serviceId()));
    }

    private Instant verifiedAt(Cell cell) {
        return state.verification(cell.environmentId()).map(EnvironmentVerification::checkedAt).orElse(null);
    }

    private static Map<String, Object> runningJson(CurrentState.Running running) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("releaseHash", running.releaseHash());
        r.put("images", running.images().stream().map(Words::imageJson).toList());
        r.put("releaseSet", running.releaseSetId());
        r.put("status", running.status() == null ? null : running.status().name());
        r.put("since", format(running.since()));
        r.put("requestedBy", running.requestedBy());
        r.put("requestedByArn", running.requestedByArn());
        r.put("description", running.description());
        r.put("ecsDeploymentId", running.ecsDeploymentId());
        return r;
    }

    private static Map<String, Object> lastJson(CurrentState.LastDeployment last) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("releaseSet", last.releaseSetId());
        l.put("releaseHash", last.releaseHash());
        l.put("status", last.status() == null ? null : last.status().name());
        l.put("reason", last.reason());
        l.put("at", format(last.at()));
        l.put("requestedBy", last.requestedBy());
        l.put("requestedByArn", last.requestedByArn());
        l.put("description", last.description());
        return l;
    }

    private static Map<String, Object> outOfBandJson(CurrentState.OutOfBand outOfBand) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ecsDeploymentId", outOfBand.ecsDeploymentId());
        o.put("state", outOfBand.state());
        o.put("at", format(outOfBand.at()));
        o.put("reason", outOfBand.reason());
        return o;
    }
}
