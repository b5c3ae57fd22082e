package dev.harbourmaster.cli.project;

import dev.harbourmaster.buildrecorder.BuildRecording;
import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.cli.init.EcrImages;
import dev.harbourmaster.documents.ImageDocument;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ecr.EcrImageRegistry;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.manifest.ProjectRegistration;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.CatalogueChange;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.Text;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What hm project apply does, and hm init --apply after it has written the manifest: validate it,
 * show the changes, write them (adopting unassigned builds), and, with adopt, record what runs as
 * each service's adopted baseline ({@link Baseline}).
 */
public final class ProjectApply {

    private final Session session;
    private final String table;

    public ProjectApply(Session session, String table) {
        this.session = session;
        this.table = table;
    }

    /**
     * Applies and prints what it did (the output is asked for once the manifest is read: an invalid one is
     * told before anything else); exit 1 (a {@link CliException} after the report) when a service runs
     * and could not be adopted.
     */
    public int run(Path file, boolean dryRun, boolean adopt, Supplier<Output> output) {
        Report report = apply(file, dryRun, adopt);
        Output out = output.get();
        if (out.isJson()) {
            out.json(report.json());
        } else {
            report.print(out);
        }
        report.failIfNotAdopted();
        return 0;
    }

    /** What an apply did (or, in a dry run, would do). */
    public record Report(Project project, List<CatalogueChange> changes, List<ProjectRegistration.Adoption> adoptions,
                         List<Baseline.Result> baseline, boolean dryRun) {

        /** As a person reads it. */
        public void print(Output out) {
            report(out, project, changes, adoptions, baseline, dryRun);
        }

        /** The document of --output json: docs/cli-json.md, hm project apply. */
        public Map<String, Object> json() {
            return ProjectApply.json(project, changes, adoptions, baseline, dryRun);
        }

        /** Exit 1, naming them, when a service runs and could not be adopted. */
        public void failIfNotAdopted() {
            List<String> notAdopted = baseline == null ? List.of() : baseline.stream()
                    .filter(r -> r.outcome() == Baseline.Outcome.NOT_ADOPTED)
                    .map(r -> r.environmentId() + "/" + r.serviceId()).toList();
            if (!notAdopted.isEmpty()) {
                throw new CliException(notAdopted.size() + " service" + (notAdopted.size() == 1 ? "" : "s") + " not adopted ("
                        + String.join(", ", notAdopted) + "): each says why above and what to do; a rerun adopts only"
                        + " what is not recorded yet");
            }
        }
    }

    public Report apply(Path file, boolean dryRun, boolean adopt) {
        Project project;
        try {
            project = new ManifestParser().parse(file);
        } catch (ManifestException e) {
            throw new CliException(e.getMessage() + System.lineSeparator() + "Fix the manifest and run the command again.", 2);
        }
        // A repository written with the stack's own registry is the one build-recorder knows by its name alone.
        project = project.withRepositories(session.stackHome()::repositoryId);
        Catalogue catalogue = session.catalogue(table);
        BuildLedger ledger = session.ledger(table);
        ProjectRegistration registration = new ProjectRegistration(catalogue, ledger);
        List<CatalogueChange> changes;
        List<ProjectRegistration.Adoption> adoptions;
        Actor who = null;
        if (dryRun) {
            changes = registration.plan(project);
            adoptions = List.of();
        } else {
            who = session.actor();
            ProjectRegistration.Result result = registration.apply(project, new Catalogue.AppliedBy(who.name(), who.arn(),
                    Instant.now()));
            changes = result.changes();
            adoptions = result.adoptions();
        }
        List<Baseline.Result> baseline = null;
        if (adopt) {
            if (who == null) {
                who = session.actor();
            }
            List<CurrentState> rows = session.history(table).projectState(project.id())
                    .map(DeploymentHistory.ProjectState::rows).orElse(List.of());
            EcrImageRegistry registry = new EcrImageRegistry(session.ecr());
            Baseline adoption = new Baseline(project, session::containers, session.records(table), ledger,
                    new BuildRecording(Baseline.noAutoDeploy(catalogue), ledger, registry), registry,
                    new EcrImages(session.ecr()), session.stackHome()::repositoryId, who, Instant.now());
            baseline = adoption.adopt(rows, dryRun);
        }
        return new Report(project, changes, adoptions, baseline, dryRun);
    }

    private static Map<String, Object> json(Project project, List<CatalogueChange> changes,
                                            List<ProjectRegistration.Adoption> adoptions, List<Baseline.Result> baseline,
                                            boolean dryRun) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("project", project.id());
        json.put("dryRun", dryRun);
        json.put("changes", changes.stream().map(c -> Map.of("action", c.action().name(), "kind", c.kind(), "id", c.id())).toList());
        json.put("adopted", adoptions.stream().map(a -> Map.of(
                "repository", a.build().repository(), "digest", a.build().digest(),
                "releases", a.releases().stream().map(r -> r.serviceId() + "@" + r.releaseHash()).toList())).toList());
        json.put("baseline", baseline == null ? null : baseline.stream().map(ProjectApply::baselineJson).toList());
        return json;
    }

    private static void report(Output out, Project project, List<CatalogueChange> changes,
                               List<ProjectRegistration.Adoption> adoptions, List<Baseline.Result> baseline, boolean dryRun) {
        if (changes.isEmpty()) {
            out.say("Project " + project.id() + ": no changes, the catalogue matches the manifest.");
        } else {
            out.say("Project " + project.id() + ": " + changes.size() + " change" + (changes.size() == 1 ? "" : "s")
                    + (dryRun ? " would be made (dry run, nothing written):" : ":"));
            changes.forEach(c -> out.say("  " + c));
        }
        for (ProjectRegistration.Adoption adoption : adoptions) {
            out.say("Adopted unassigned build " + adoption.build().repository() + "@" + adoption.build().digest()
                    + (adoption.releases().isEmpty() ? " (no release hash: no release)"
                    : " -> " + String.join(", ", adoption.releases().stream().map(r -> r.serviceId() + "@" + r.releaseHash()).toList())));
        }
        if (baseline != null) {
            baselineReport(out, baseline, dryRun);
        }
    }

    private static void baselineReport(Output out, List<Baseline.Result> baseline, boolean dryRun) {
        out.say("");
        out.say("Baseline" + (dryRun ? " (dry run, nothing written)" : "") + ": what ECS runs now, recorded as adopted"
                + " (not deployed by Harbourmaster; since = when adopted):");
        if (baseline.isEmpty()) {
            out.say("  the project has no environment × service to adopt.");
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Baseline.Result r : baseline) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("environment", r.environmentId());
            row.put("service", r.serviceId());
            row.put("outcome", r.outcome().name());
            CurrentState.Running running = r.running();
            row.put("release", running == null ? null : running.releaseHash() == null ? "(no hash)" : Text.shortHash(running.releaseHash()));
            row.put("digest", running == null ? null : Text.shortDigests(running.images()));
            row.put("taskDefinition", running == null || running.adoptedFrom() == null ? null : Baseline.revision(running.adoptedFrom()));
            rows.add(row);
        }
        out.table(rows);
        List<String> same = new ArrayList<>();
        for (Baseline.Result r : baseline) {
            if (r.outcome() == Baseline.Outcome.KEPT && r.reason() != null && r.reason().startsWith(Baseline.ADOPTED_ALREADY)) {
                same.add(r.environmentId() + "/" + r.serviceId());
            } else if (r.reason() != null && !r.reason().isEmpty()) {
                out.say("  " + r.environmentId() + "/" + r.serviceId() + " " + r.outcome() + ": " + Text.shortDigests(r.reason()));
            }
        }
        if (!same.isEmpty()) {
            out.say("  " + String.join(", ", same) + ": " + Baseline.ADOPTED_ALREADY + ", and ECS runs the same images");
        }
        Map<Baseline.Outcome, Long> counts = new LinkedHashMap<>();
        baseline.forEach(r -> counts.merge(r.outcome(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, n) -> parts.add(n + " " + outcome.name().toLowerCase().replace('_', ' ')));
        out.say(String.join(", ", parts) + "."
                + (counts.containsKey(Baseline.Outcome.ADOPTED) ? " hm status and the dashboard show them as ADOPTED;"
                + " hm verify --env ENV checks them against ECS." : ""));
    }

    private static Map<String, Object> baselineJson(Baseline.Result r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("environment", r.environmentId());
        j.put("service", r.serviceId());
        j.put("ecsService", r.ecsService());
        j.put("outcome", r.outcome().name());
        j.put("reason", r.reason() == null || r.reason().isEmpty() ? null : r.reason());
        CurrentState.Running running = r.running();
        j.put("releaseHash", running == null ? null : running.releaseHash());
        j.put("images", running == null ? null : running.images().stream().map(ImageDocument::of).toList());
        j.put("adoptedFrom", running == null ? null : running.adoptedFrom());
        j.put("since", running == null ? null : Text.format(running.since()));
        return j;
    }
}
