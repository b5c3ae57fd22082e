package dev.harbourmaster.cli.build;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.CommonOptions;
import dev.harbourmaster.cli.Output;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.support.Times;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "releases", description = "Releases (deployable builds) of a project's services, newest first.")
public final class ReleasesCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = {"-p", "--project"}, required = true, paramLabel = "PROJECT", description = "The project id.")
    String projectId;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only this service.")
    String serviceId;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", paramLabel = "N", description = "At most N releases. Default: ${DEFAULT-VALUE}.")
    int limit;

    private final Session session;

    public ReleasesCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new CliException("--limit must be at least 1", 2);
        }
        Project project = ProjectLookup.registered(session.catalogue(common.table), projectId);
        BuildLedger ledger = session.ledger(common.table);
        List<Release> releases = serviceId == null
                ? ledger.releases(project.id(), limit)
                : ledger.releases(project.id(), ProjectLookup.service(project, serviceId).id(), limit);
        new Output(common.output, spec.commandLine().getOut())
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
