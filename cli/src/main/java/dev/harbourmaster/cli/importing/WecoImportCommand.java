package dev.harbourmaster.cli.importing;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.views.Output;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * hm import weco: a weco-deploy project ({@code .wellcome_project}) as a harbourmaster.yml, and, with
 * --weco-table, its deploy history as release sets of kind IMPORTED. Reads weco-deploy's table with a
 * Scan (paged), and writes each set with a conditional put, so a second import writes nothing.
 */
@Command(name = "weco", footerHeading = Hm.EXAMPLES, footer = {
        "  hm import weco --config .wellcome_project --dry-run",
        "  hm import weco --weco-project catalogue_api --manifest harbourmaster.yml",
        "  hm import weco --weco-table wellcome-releases-catalogue --history-only"},
        description = {"From weco-deploy: its project file (.wellcome_project) as a harbourmaster.yml, and with"
                + " --weco-table its deployments as release sets of kind IMPORTED (who, why and when as weco-deploy"
                + " recorded them; outcome UNKNOWN). Never deployed; a second import writes nothing.",
                "weco-deploy names no ECS cluster (it found services by their tags): the manifest has a FILL-IN"
                        + " placeholder for each, which parses, and the import lists everything it could not map."})
public final class WecoImportCommand extends HmCommand {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = ".wellcome_project",
            description = "weco-deploy's project file. Default: ${DEFAULT-VALUE}.")
    Path config;

    // Not -p/--project: that is a Harbourmaster project, with its defaults (HM_PROJECT, .harbourmaster), everywhere.
    @Option(names = "--weco-project", paramLabel = "ID",
            description = "The project of the file to import (weco-deploy's --project-id), which becomes the Harbourmaster"
                    + " project of that id; needed when the file has several.")
    String wecoProject;

    @Option(names = "--manifest", paramLabel = "FILE", defaultValue = "harbourmaster.yml",
            description = "Where to write the manifest. Default: ${DEFAULT-VALUE}. An existing file that differs is"
                    + " left alone unless --force.")
    Path manifest;

    @Option(names = "--force", description = "Overwrite the manifest file when it exists and differs.")
    boolean force;

    @Option(names = "--weco-table", paramLabel = "NAME",
            description = "weco-deploy's DynamoDB table to import the history of (weco-deploy named it"
                    + " wellcome-releases-<project id>), read in AWS_REGION with your credentials. Without it, no history.")
    String wecoTable;

    @Option(names = "--history-only", description = "Import the history only; write no manifest (you have one).")
    boolean historyOnly;

    @Option(names = "--dry-run", description = "Write nothing: print the manifest and the release sets it would write.")
    boolean dryRun;

    /** How many sets a dry run lists in a table (--output json lists every one). */
    static final int LISTED = 20;

    public WecoImportCommand(Session session) {
        super(session);
    }

    /** What happened to the manifest file. */
    enum ManifestAction { WRITTEN, OVERWRITTEN, UNCHANGED, WOULD_WRITE, WOULD_OVERWRITE, NOT_WRITTEN }

    /** What happened to one release set. */
    enum SetAction { WRITTEN, ALREADY_IMPORTED, WOULD_WRITE }

    record ManifestDocument(String path, ManifestAction action, String text) {}

    record SetDocument(String id, String environment, String requestedAt, String requestedBy, String description,
                       List<String> services, SetAction action) {}

    record HistoryDocument(String table, int pages, int items, int releases, int deployments, int otherProjects,
                           int written, int alreadyImported, List<SetDocument> releaseSets, List<WecoManifest.Note> skipped) {}

    record ImportDocument(String project, String wecoProject, String config, boolean dryRun, ManifestDocument manifest,
                          List<WecoManifest.Note> fillIn, List<WecoManifest.Note> notMapped, HistoryDocument history) {}

    @Override
    public Integer call() {
        if (historyOnly && wecoTable == null) {
            throw new CliException("--history-only imports the history of weco-deploy's table: name it with --weco-table"
                    + " NAME (weco-deploy's was wellcome-releases-<project id>)", 2);
        }
        WecoConfig file = WecoConfig.read(config);
        WecoConfig.Project weco = file.project(wecoProject);
        WecoManifest.Mapping mapping = WecoManifest.map(weco, config.toString());
        try {
            new ManifestParser().parse(manifest.toString(), mapping.text());
        } catch (ManifestException e) {
            throw new CliException(e.getMessage() + System.lineSeparator() + "The manifest made from " + config
                    + " would not parse, so it was not written: fix what it names in " + config + " (or write "
                    + manifest + " by hand from hm import weco --dry-run)", 2);
        }
        ManifestAction action = manifestAction(mapping.text());

        if (action == ManifestAction.WRITTEN || action == ManifestAction.OVERWRITTEN) {
            write(mapping.text());
        }
        HistoryDocument history = wecoTable == null ? null : history(weco, mapping);

        ImportDocument document = new ImportDocument(mapping.projectId(), weco.id(), config.toString(), dryRun,
                new ManifestDocument(manifest.toString(), action, mapping.text()), mapping.fillIn(), mapping.notMapped(),
                history);
        report(output(), document, weco);
        return 0;
    }

    /** What becomes of the manifest file; refuses (exit 1, nothing written) to replace one that differs without --force. */
    private ManifestAction manifestAction(String text) {
        if (historyOnly) {
            return ManifestAction.NOT_WRITTEN;
        }
        if (!Files.exists(manifest)) {
            return dryRun ? ManifestAction.WOULD_WRITE : ManifestAction.WRITTEN;
        }
        String existing;
        try {
            existing = Files.readString(manifest);
        } catch (IOException e) {
            throw new CliException(manifest + " exists and cannot be read (" + e.getMessage() + "): write the manifest"
                    + " elsewhere with --manifest FILE");
        }
        if (existing.equals(text)) {
            return ManifestAction.UNCHANGED;
        }
        if (!force) {
            throw new CliException(manifest + " exists and is not what this import makes (edited since, or another"
                    + " project's): nothing was written; pass --force to overwrite it, --manifest FILE to write another,"
                    + " or --history-only to keep it and import the history alone");
        }
        return dryRun ? ManifestAction.WOULD_OVERWRITE : ManifestAction.OVERWRITTEN;
    }

    /** Written whole or not at all: to a file beside it, then moved over it. */
    private void write(String text) {
        try {
            Path absolute = manifest.toAbsolutePath();
            // Beside it (so the move is atomic), created as any file is (umask), not private as a temp file would be.
            Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException("cannot write " + manifest + ": " + e.getMessage() + "; write it elsewhere with --manifest FILE");
        }
    }

    private HistoryDocument history(WecoConfig.Project weco, WecoManifest.Mapping mapping) {
        Optional<dev.harbourmaster.domain.Project> registered = catalogue().project(mapping.projectId());
        List<String> environments = registered.map(p -> p.environments().stream().map(Environment::id).toList())
                .orElseGet(() -> List.copyOf(mapping.environments().values()));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int pages = 0;
        try {
            for (ScanResponse page : session.dynamo().scanPaginator(b -> b.tableName(wecoTable))) {
                pages++;
                items.addAll(page.items());
            }
        } catch (ResourceNotFoundException e) {
            throw new CliException("weco-deploy's table '" + wecoTable + "' not found in this account and region: weco-deploy"
                    + " named it wellcome-releases-" + weco.id() + " and kept it in " + (weco.region() == null
                    ? WecoConfig.DEFAULT_REGION + " (its default)" : weco.region() + " (" + weco.regionFrom() + ")")
                    + (weco.roleArn() == null ? "" : ", in the account of " + weco.roleArn())
                    + "; run with AWS_REGION and AWS_PROFILE for that account, and --weco-table NAME");
        }
        WecoHistory.Result result = new WecoHistory(weco.id(), mapping, environments).sets(items);
        List<WecoManifest.Note> skipped = new ArrayList<>(result.skipped());
        if (registered.isEmpty() && !result.sets().isEmpty()) {
            skipped.add(new WecoManifest.Note("project " + mapping.projectId(), "not registered yet: hm history shows its"
                    + " sets once it is (hm project apply -f " + manifest + ")"));
        }
        ReleaseSets releaseSets = session.releaseSets(common.table);
        List<SetDocument> sets = new ArrayList<>();
        int written = 0;
        int already = 0;
        for (ReleaseSet set : result.sets()) {
            SetAction action;
            if (dryRun) {
                action = exists(releaseSets, set.id()) ? SetAction.ALREADY_IMPORTED : SetAction.WOULD_WRITE;
            } else {
                action = releaseSets.request(set) ? SetAction.WRITTEN : SetAction.ALREADY_IMPORTED;
            }
            if (action == SetAction.ALREADY_IMPORTED) {
                already++;
            } else if (action == SetAction.WRITTEN) {
                written++;
            }
            sets.add(new SetDocument(set.id(), set.environmentId(), Times.format(set.requestedAt()), set.requestedBy(),
                    set.description(), set.serviceIds(), action));
        }
        return new HistoryDocument(wecoTable, pages, items.size(), result.releases(), result.deployments(),
                result.otherProjects(), written, already, sets, skipped);
    }

    private static boolean exists(ReleaseSets releaseSets, String id) {
        try {
            return releaseSets.releaseSet(id).isPresent();
        } catch (MalformedReleaseSetException e) {
            return true; // something is there: the import would not write over it
        }
    }

    private void report(Output out, ImportDocument d, WecoConfig.Project weco) {
        if (out.isJson()) {
            out.json(d);
            return;
        }
        long services = weco.imageRepositories().stream().flatMap(r -> r.services().stream()).distinct().count();
        out.say("weco-deploy project " + weco.id() + " (" + config + "): " + count(weco.environments().size(), "environment")
                + ", " + count(weco.imageRepositories().size(), "image repository", "image repositories") + ", "
                + count((int) services, "service") + (d.project().equals(weco.id()) ? "" : "; Harbourmaster project " + d.project()));
        ManifestDocument m = d.manifest();
        out.say("Manifest " + m.path() + ": " + switch (m.action()) {
            case WRITTEN -> "written";
            case OVERWRITTEN -> "overwritten (--force)";
            case UNCHANGED -> "unchanged, already what this import makes";
            case WOULD_WRITE -> "would be written (dry run, nothing written):";
            case WOULD_OVERWRITE -> "would be overwritten (dry run, nothing written):";
            case NOT_WRITTEN -> "not written (--history-only)";
        });
        if (m.action() == ManifestAction.WOULD_WRITE || m.action() == ManifestAction.WOULD_OVERWRITE) {
            out.say("");
            m.text().lines().forEach(line -> out.say("    " + line));
            out.say("");
        }
        if (m.action() != ManifestAction.NOT_WRITTEN) {
            out.say("Fill in or check before hm project apply:");
            d.fillIn().forEach(n -> out.say("  " + n));
        }
        out.say("Not mapped:");
        d.notMapped().forEach(n -> out.say("  " + n));
        HistoryDocument h = d.history();
        if (h != null) {
            out.say("History from " + h.table() + ": " + count(h.releases(), "release") + " with "
                    + count(h.deployments(), "deployment") + " (" + count(h.items(), "item") + " in " + count(h.pages(), "page")
                    + (h.otherProjects() == 0 ? "" : "; " + h.otherProjects() + " of other projects left alone") + ")");
            if (d.dryRun()) {
                long would = h.releaseSets().stream().filter(s -> s.action() == SetAction.WOULD_WRITE).count();
                out.say("  " + count(h.releaseSets().size(), "release set") + " of kind IMPORTED: " + would
                        + " would be written (dry run, nothing written), " + h.alreadyImported() + " already imported");
                h.releaseSets().stream().filter(s -> s.action() == SetAction.WOULD_WRITE).limit(LISTED)
                        .forEach(s -> out.say("    " + s.requestedAt() + "  " + s.environment() + "  " + s.requestedBy()
                                + "  " + (s.description() == null ? "-" : s.description()) + "  ("
                                + String.join(", ", s.services()) + ")"));
                if (would > LISTED) {
                    out.say("    … and " + (would - LISTED) + " more (--output json lists every one)");
                }
            } else {
                out.say("  " + count(h.releaseSets().size(), "release set") + " of kind IMPORTED: " + h.written()
                        + " written, " + h.alreadyImported() + " already imported");
            }
            if (!h.skipped().isEmpty()) {
                out.say("  Left out:");
                h.skipped().forEach(n -> out.say("    " + n));
            }
        }
        List<String> next = new ArrayList<>();
        if (d.dryRun()) {
            next.add("run it again without --dry-run to write " + (h == null ? "it" : "them"));
        }
        if (m.action() != ManifestAction.NOT_WRITTEN) {
            next.add("fill in the FILL-IN placeholders of " + m.path() + ", then "
                    + Shell.command("hm", "project", "apply", "-f", m.path()));
        }
        next.add(h == null ? "import the history with --weco-table wellcome-releases-" + weco.id()
                : "see it with " + Shell.command("hm", "history", "--project", d.project()));
        out.say("Next: " + String.join("; ", next));
    }

    private static String count(int n, String one) {
        return count(n, one, one + "s");
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
