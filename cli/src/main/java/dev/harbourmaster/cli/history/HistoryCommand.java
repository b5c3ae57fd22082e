package dev.harbourmaster.cli.history;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.HistoryView;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Release sets newest first, paged by the id of the last set shown: one Query for the project
 * (to check the names), then per environment one Query of its release sets, more when a service
 * filter skips many.
 */
@Command(name = "history", footerHeading = Hm.EXAMPLES, footer = {
        "  hm history --project catalogue",
        "  hm history -p catalogue --env prod --service ingestor --since 7d",
        "  hm history -p catalogue -n 50 --output json"},
        description = "Release sets of a project, newest first, filtered by environment, service and time.")
public final class HistoryCommand extends RecordCommand {

    static final int MAX_LIMIT = 1000;

    @Mixin
    ProjectOption project;

    @Option(names = {"-e", "--env"}, paramLabel = "ENV", description = "Only this environment (default: all of the project's).")
    String environmentId;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only release sets that release this service.")
    String serviceId;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only sets requested since then: 30m, 24h, 7d, or an ISO date or time (UTC unless it says).")
    String since;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", paramLabel = "N",
            description = "At most N release sets per page. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--page", paramLabel = "TOKEN", description = "The next page: the token the previous page printed.")
    String page;

    public HistoryCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        requirePositive(limit);
        if (limit > MAX_LIMIT) {
            throw new CliException("--limit must be at most " + MAX_LIMIT + "; page with --page for more", 2);
        }
        Instant now = Instant.now();
        Instant sinceTime = since == null ? null : Since.parse(since, now);
        String token = pageToken(page);

        Project project = this.project.registered(common.table);
        List<String> environments = environmentId == null
                ? project.environments().stream().map(Environment::id).toList()
                : List.of(ProjectLookup.environment(project, environmentId).id());
        if (serviceId != null) {
            ProjectLookup.service(project, serviceId);
        }
        HistoryQuery query = new HistoryQuery(project.id(), environmentId, serviceId, sinceTime, limit, token);
        HistoryPage result;
        try {
            result = history().history(query, environments);
        } catch (MalformedReleaseSetException e) {
            throw new CliException(e.getMessage() + "; it was not written by Harbourmaster: fix or delete the item");
        }

        Output out = output();
        HistoryView view = new HistoryView(result, now);
        if (out.isJson()) {
            out.json(view.json());
            return 0;
        }
        out.rows(view.tableRows(), result.nextPageToken() == null && token != null
                ? "No more release sets." : "No release sets" + (filtered() ? " match." : " yet."));
        if (result.nextPageToken() != null) {
            out.say("");
            out.say("Next page: " + nextCommand(sinceTime, result.nextPageToken()));
        }
        return 0;
    }

    private boolean filtered() {
        return environmentId != null || serviceId != null || since != null;
    }

    /** The command for the next page: the same filters, --since as the time it meant now (so pages stay put). */
    private String nextCommand(Instant sinceTime, String token) {
        List<String> words = new ArrayList<>(List.of("hm", "history", "--project", project.id()));
        if (environmentId != null) {
            words.addAll(List.of("--env", environmentId));
        }
        if (serviceId != null) {
            words.addAll(List.of("--service", serviceId));
        }
        if (sinceTime != null) {
            words.addAll(List.of("--since", Times.format(sinceTime)));
        }
        if (limit != 20) {
            words.addAll(List.of("--limit", Integer.toString(limit)));
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--table")) {
            words.addAll(List.of("--table", common.table));
        }
        words.addAll(List.of("--page", token));
        return Shell.command(words);
    }

    /** A page token is a release-set id (a ULID); ULIDs are case-insensitive. */
    static String pageToken(String page) {
        if (page == null) {
            return null;
        }
        String token = page.strip().toUpperCase(Locale.ROOT);
        if (!Ulid.isValid(token)) {
            throw new CliException("--page '" + page + "' is not a page token: pass the one the previous page printed"
                    + " (after 'Next page:', or nextPage in --output json)", 2);
        }
        return token;
    }
}
