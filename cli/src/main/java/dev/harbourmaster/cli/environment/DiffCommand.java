package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.GitLog;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.EnvironmentDiff;
import dev.harbourmaster.views.Output;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Two environments side by side: one Query for the project and every current-state row (access
 * pattern 5), then one Query per service of the manifest for its newest releases (pattern 3),
 * which serve both environments. The commit ranges come from git, when hm runs in the checkout.
 */
@Command(name = "diff", footerHeading = Hm.EXAMPLES, footer = {
        "  hm diff --project catalogue staging prod",
        "  hm diff -p catalogue staging prod -n 3 -o json"},
        description = "What differs between two environments: per service the release and digest each runs,"
        + " the commits between them, how their task definitions' configuration differs, and the releases not deployed yet.")
public final class DiffCommand extends HmCommand {

    static final int MAX_LIMIT = 100;

    @Mixin
    ProjectOption project;

    @Parameters(index = "0", paramLabel = "ENV_A", description = "An environment, e.g. staging.")
    String environmentA;

    @Parameters(index = "1", paramLabel = "ENV_B", description = "Another environment, e.g. prod.")
    String environmentB;

    @Option(names = {"-n", "--limit"}, defaultValue = "10", paramLabel = "N",
            description = "At most N releases not deployed, per service and environment. Default: ${DEFAULT-VALUE}.")
    int limit;

    public DiffCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        requirePositive(limit);
        if (limit > MAX_LIMIT) {
            throw new CliException("--limit must be at most " + MAX_LIMIT + "; '"
                    + Shell.command("hm", "releases", "--project", project.id()) + " --service S --limit N' lists more", 2);
        }
        if (environmentA.equals(environmentB)) {
            throw new CliException("name two different environments, e.g. '"
                    + Shell.command("hm", "diff", "--project", project.id()) + " staging prod'", 2);
        }
        ProjectState state = project.state(common.table);
        Environment a = ProjectLookup.environment(state.project(), environmentA);
        Environment b = ProjectLookup.environment(state.project(), environmentB);
        BuildLedger ledger = ledger();
        Map<String, List<Release>> releases = new LinkedHashMap<>();
        for (Service service : state.project().services().toList()) {
            releases.put(service.id(), ledger.releases(state.project().id(), service.id(), limit + 1));
        }
        GitLog git = new GitLog(Path.of(""));
        Instant now = Instant.now();
        EnvironmentDiff diff = EnvironmentDiff.of(state, a.id(), b.id(), releases, limit, git::between, now)
                .knowing(session.delivery(common.table).knownBad(state, now));

        Output out = output();
        if (out.isJson()) {
            out.json(diff.json());
            return 0;
        }
        out.say("Project " + state.project().id() + ": " + a.id() + " and " + b.id()
                + (diff.anyDifference() ? "" : ", running the same releases"));
        out.say("");
        out.rows(diff.serviceRows(), "The project has no services.");
        String configNote = diff.configNote();
        if (configNote != null) {
            out.say(configNote);
        }
        List<String> commits = diff.commitLines();
        if (!commits.isEmpty()) {
            out.say("");
            commits.forEach(out::say);
        }
        out.say("");
        out.say("Available, not deployed (newest first):");
        out.rows(diff.availableRows(), "None: " + a.id() + " and " + b.id() + " run the newest release of every service.");
        diff.availableNotes().forEach(out::say);
        return 0;
    }
}
