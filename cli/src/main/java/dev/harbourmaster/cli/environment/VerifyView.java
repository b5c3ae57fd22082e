package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.environment.Verification.Difference;
import dev.harbourmaster.cli.environment.Verification.Result;
import dev.harbourmaster.cli.environment.Verification.Status;
import dev.harbourmaster.documents.ImageDocument;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.Text;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What hm verify shows of its verdicts: a table, the differences and notes, and the JSON. */
final class VerifyView {

    private final String projectId;
    private final Environment environment;
    private final List<Result> results;
    private final List<String> notChecked;
    private final String inFlight;
    private final Instant now;

    VerifyView(String projectId, Environment environment, List<Result> results, List<String> notChecked, String inFlight,
               Instant now) {
        this.projectId = projectId;
        this.environment = environment;
        this.results = List.copyOf(results);
        this.notChecked = List.copyOf(notChecked);
        this.inFlight = inFlight;
        this.now = now;
    }

    private List<String> named(Status status) {
        return results.stream().filter(r -> r.status() == status).map(Result::serviceId).toList();
    }

    /** Why the exit is 1, as the one line hm prints on stderr; empty when everything verified with no drift. */
    Optional<String> problem() {
        String where = projectId + "/" + environment.id();
        List<String> drifted = named(Status.DRIFT);
        List<String> unverified = named(Status.UNVERIFIED);
        if (!drifted.isEmpty()) {
            return Optional.of("drift in " + where + ": " + String.join(", ", drifted) + (unverified.isEmpty() ? ""
                    : " (and not verified: " + String.join(", ", unverified) + ")") + "; ECS does not run what Harbourmaster"
                    + " recorded: find out who changed it, then deploy the release that should run through Harbourmaster"
                    + " (hm deploy) so that ECS and the record agree again");
        }
        if (!unverified.isEmpty()) {
            return Optional.of("could not verify " + where + ": " + String.join(", ", unverified) + " (ECS did not answer;"
                    + " the notes say why): fix the access or try again, then run hm verify again");
        }
        return Optional.empty();
    }

    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Verify " + projectId + "/" + environment.id() + ": ECS cluster " + environment.cluster() + ", "
                + results.size() + " service" + (results.size() == 1 ? "" : "s")
                + (inFlight == null ? "" : "; release set " + inFlight + " is in flight"));
        lines.add("");
        if (results.isEmpty()) {
            lines.add("The project has no services.");
            return lines;
        }
        StringWriter table = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(table)).table(tableRows());
        lines.addAll(table.toString().lines().toList());
        List<String> details = new ArrayList<>();
        List<String> noDigest = new ArrayList<>();
        List<String> adoptedByTag = new ArrayList<>();
        for (Result r : results) {
            List<String> notes = r.notes().stream().filter(n -> !n.startsWith(Verification.NO_DIGEST)
                    && !n.startsWith(Verification.ADOPTED_BY_TAG)).toList();
            if (r.notes().stream().anyMatch(n -> n.startsWith(Verification.NO_DIGEST))) {
                noDigest.add(r.serviceId());
            }
            if (r.notes().stream().anyMatch(n -> n.startsWith(Verification.ADOPTED_BY_TAG))) {
                adoptedByTag.add(r.serviceId());
            }
            if (r.differences().isEmpty() && notes.isEmpty()) {
                continue;
            }
            details.add(r.serviceId() + " (" + r.ecsService() + "): " + r.status());
            r.differences().forEach(d -> details.add("  - " + Text.shortDigests(d.message())));
            notes.forEach(n -> details.add("  note: " + Text.shortDigests(n)));
        }
        if (!noDigest.isEmpty()) {
            // The same note for many services (always, on the emulator): once, naming them.
            details.add("Note: " + Verification.NO_DIGEST + " for " + String.join(", ", noDigest) + " (ECS listed no"
                    + " running task with one): the task definition decides; this is not drift by itself.");
        }
        if (!adoptedByTag.isEmpty()) {
            details.add("Note: " + String.join(", ", adoptedByTag) + (adoptedByTag.size() == 1 ? " runs" : " run")
                    + " the task definition " + (adoptedByTag.size() == 1 ? "revision" : "revisions") + " adopted (hm project"
                    + " apply --adopt), whose images are named by tag: the record pins the digests found then, and"
                    + " running tasks are held to them; the first deployment pins them by digest.");
        }
        notChecked.forEach(s -> details.add(s + ": not checked: it has a current-state row here but is no longer in the"
                + " manifest"));
        if (!details.isEmpty()) {
            lines.add("");
            lines.addAll(details);
        }
        lines.add("");
        lines.add(summary());
        return lines;
    }

    String summary() {
        List<String> drifted = named(Status.DRIFT);
        List<String> unverified = named(Status.UNVERIFIED);
        List<String> deploying = named(Status.DEPLOYING);
        long ok = results.stream().filter(r -> r.status() == Status.OK).count();
        if (!drifted.isEmpty()) {
            return "DRIFT in " + drifted.size() + " of " + results.size() + " services: " + String.join(", ", drifted) + ".";
        }
        if (!unverified.isEmpty()) {
            return "NOT VERIFIED: " + String.join(", ", unverified) + "; no drift in the others.";
        }
        return "OK: ECS runs what the record says (" + ok + " OK" + (deploying.isEmpty() ? ""
                : ", " + deploying.size() + " deploying") + (results.size() - ok - deploying.size() > 0
                ? ", " + (results.size() - ok - deploying.size()) + " deployed nowhere" : "") + ").";
    }

    List<Map<String, Object>> tableRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : results) {
            CurrentState.Running running = r.row() == null ? null : r.row().running();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", r.serviceId());
            row.put("ecsService", r.ecsService());
            row.put("status", r.status().name());
            row.put("release", running == null ? null : running.adopted()
                    ? (running.releaseHash() == null ? "" : Text.shortHash(running.releaseHash()) + " ") + "(adopted)"
                    : Text.shortHash(running.releaseHash()));
            row.put("recordedDigest", running == null ? null : Text.digests(running.images()));
            row.put("taskDefinition", r.observed().taskDefinition() == null ? null
                    : Verification.revision(r.observed().taskDefinition().arn()));
            row.put("tasks", tasksText(r));
            rows.add(row);
        }
        return rows;
    }

    private static String tasksText(Result r) {
        if (r.observed().service() == null || r.observed().tasks() == null) {
            return null;
        }
        List<TaskEvidence> tasks = r.runningTasks();
        long withDigest = tasks.stream().filter(t -> t.containers().stream().anyMatch(c -> c.imageDigest() != null)).count();
        boolean taskDrift = r.differences().stream().anyMatch(d -> d.kind() == Verification.Kind.TASK_DIGEST);
        return tasks.size() + " running" + (tasks.isEmpty() ? "" : withDigest == 0 ? ", no digest"
                : taskDrift ? ", other digests" : ", digests match");
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("project", projectId);
        json.put("environment", environment.id());
        json.put("cluster", environment.cluster());
        json.put("drift", results.stream().anyMatch(Result::drift));
        json.put("verified", results.stream().noneMatch(r -> r.status() == Status.UNVERIFIED));
        json.put("inFlight", inFlight);
        json.put("checkedAt", Text.format(now));
        json.put("services", results.stream().map(VerifyView::resultJson).toList());
        json.put("notChecked", notChecked);
        return json;
    }

    private static Map<String, Object> resultJson(Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("service", r.serviceId());
        j.put("ecsService", r.ecsService());
        j.put("status", r.status().name());
        CurrentState.Running running = r.row() == null ? null : r.row().running();
        if (running == null) {
            j.put("recorded", null);
        } else {
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("releaseHash", running.releaseHash());
            recorded.put("images", running.images().stream().map(ImageDocument::of).toList());
            recorded.put("releaseSet", running.releaseSetId());
            recorded.put("since", Text.format(running.since()));
            recorded.put("ecsDeploymentId", running.ecsDeploymentId());
            recorded.put("adoptedFrom", running.adoptedFrom());
            j.put("recorded", recorded);
        }
        CurrentState.OutOfBand outOfBand = r.row() == null ? null : r.row().outOfBand();
        if (outOfBand == null) {
            j.put("outOfBand", null);
        } else {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("ecsDeploymentId", outOfBand.ecsDeploymentId());
            o.put("state", outOfBand.state());
            o.put("at", Text.format(outOfBand.at()));
            o.put("reason", outOfBand.reason());
            j.put("outOfBand", o);
        }
        Verification.Observed observed = r.observed();
        if (observed.service() == null) {
            j.put("ecs", null);
        } else {
            Map<String, Object> ecs = new LinkedHashMap<>();
            ecs.put("cluster", observed.cluster());
            ecs.put("serviceArn", observed.service().serviceArn());
            ecs.put("taskDefinition", observed.service().taskDefinitionArn());
            ecs.put("images", observed.taskDefinition() == null ? null : observed.taskDefinition().imagesByContainer());
            ecs.put("primaryDeployment", observed.service().primaryDeploymentId());
            ecs.put("runningTasks", observed.tasks() == null ? null : r.runningTasks().stream().map(VerifyView::taskJson).toList());
            ecs.put("problem", observed.problem());
            j.put("ecs", ecs);
        }
        j.put("differences", r.differences().stream().map(VerifyView::differenceJson).toList());
        j.put("notes", r.notes());
        return j;
    }

    private static Map<String, Object> taskJson(TaskEvidence task) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("taskArn", task.taskArn());
        t.put("lastStatus", task.lastStatus());
        t.put("taskDefinition", task.taskDefinitionArn());
        t.put("containers", task.containers().stream().map(c -> {
            Map<String, Object> container = new LinkedHashMap<>();
            container.put("name", c.name());
            container.put("imageDigest", c.imageDigest());
            return container;
        }).toList());
        return t;
    }

    private static Map<String, Object> differenceJson(Difference d) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("kind", d.kind().name());
        j.put("container", d.container());
        j.put("recorded", d.recorded());
        j.put("actual", d.actual());
        j.put("message", d.message());
        return j;
    }
}
