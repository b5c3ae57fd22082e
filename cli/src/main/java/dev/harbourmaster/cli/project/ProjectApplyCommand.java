package dev.harbourmaster.cli.project;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.manifest.ProjectRegistration;
import dev.harbourmaster.ports.CatalogueChange;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", footerHeading = Hm.EXAMPLES, footer = {
        "  hm project apply -f harbourmaster.yml --dry-run   # validate, write nothing",
        "  hm project apply -f harbourmaster.yml             # a rerun changes nothing"},
        description = "Validate a manifest, show what changes, and register it (idempotent).")
public final class ProjectApplyCommand extends HmCommand {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", defaultValue = "harbourmaster.yml",
            description = "The project manifest. Default: ${DEFAULT-VALUE}.")
    Path file;

    @Option(names = "--dry-run", description = "Validate and show the changes; write nothing.")
    boolean dryRun;

    public ProjectApplyCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        Project project;
        try {
            project = new ManifestParser().parse(file);
        } catch (ManifestException e) {
            throw new CliException(e.getMessage() + System.lineSeparator() + "Fix the manifest and run the command again.", 2);
        }
        // A repository written with the stack's own registry is the one build-recorder knows by its name alone.
        project = project.withRepositories(session.stackHome()::repositoryId);
        Output out = output();
        ProjectRegistration registration = new ProjectRegistration(catalogue(), ledger());
        if (dryRun) {
            List<CatalogueChange> changes = registration.plan(project);
            report(out, project, changes, List.of(), true);
            return 0;
        }
        Actor who = session.actor();
        ProjectRegistration.Result result = registration.apply(project, new Catalogue.AppliedBy(who.name(), who.arn(),
                Instant.now()));
        report(out, project, result.changes(), result.adoptions(), false);
        return 0;
    }

    private static void report(Output out, Project project, List<CatalogueChange> changes,
                               List<ProjectRegistration.Adoption> adoptions, boolean dryRun) {
        if (out.isJson()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("project", project.id());
            json.put("dryRun", dryRun);
            json.put("changes", changes.stream().map(c -> Map.of("action", c.action().name(), "kind", c.kind(), "id", c.id())).toList());
            json.put("adopted", adoptions.stream().map(a -> Map.of(
                    "repository", a.build().repository(), "digest", a.build().digest(),
                    "releases", a.releases().stream().map(r -> r.serviceId() + "@" + r.releaseHash()).toList())).toList());
            out.json(json);
            return;
        }
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
    }
}
