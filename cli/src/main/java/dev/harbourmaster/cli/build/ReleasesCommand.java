package dev.harbourmaster.cli.build;

import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.support.Times;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "releases", footerHeading = Hm.EXAMPLES, footer = {
        "  hm releases --project catalogue",
        "  hm releases -p catalogue -s id_minter -n 5 -o json"},
        description = "Releases (deployable builds) of a project's services, newest first.")
public final class ReleasesCommand extends HmCommand {

    @Mixin
    ProjectOption project;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only this service.")
    String serviceId;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", paramLabel = "N", description = "At most N releases. Default: ${DEFAULT-VALUE}.")
    int limit;

    public ReleasesCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        requirePositive(limit);
        Project project = this.project.registered(common.table);
        BuildLedger ledger = ledger();
        List<Release> releases = serviceId == null
                ? ledger.releases(project.id(), limit)
                : ledger.releases(project.id(), ProjectLookup.service(project, serviceId).id(), limit);
        output()
                .rows(releases.stream().map(ReleasesCommand::row).toList(), "No releases yet.");
        return 0;
    }

    private static Map<String, Object> row(Release release) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("createdAt", Times.format(release.createdAt()));
        row.put("service", release.serviceId());
        row.put("releaseHash", release.releaseHash());
        row.put("images", release.images().stream().map(i -> i.container() + "=" + i.image()).toList());
        row.put("description", release.description());
        return row;
    }
}
