package dev.harbourmaster.cli.build;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.HmCommand;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.ProjectOption;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.support.Times;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "builds", footerHeading = Hm.EXAMPLES, footer = {
        "  hm builds --project catalogue",
        "  hm builds -p catalogue --service id_minter -n 5",
        "  hm builds --repository platform/unlisted --output json"},
        description = "Images pushed to the repositories of a project (or service, or one repository),"
        + " newest first. Without --repository, the project's (--project, or the default project).")
public final class BuildsCommand extends HmCommand {

    @Mixin
    ProjectOption project;

    @Option(names = {"-s", "--service"}, paramLabel = "SERVICE", description = "Only the repositories of this service.")
    String serviceId;

    @Option(names = "--repository", paramLabel = "REPOSITORY",
            description = "One ECR repository, registered or not (its UNASSIGNED builds too).")
    String repository;

    @Option(names = {"-n", "--limit"}, defaultValue = "20", paramLabel = "N", description = "At most N builds. Default: ${DEFAULT-VALUE}.")
    int limit;

    public BuildsCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        if (project.isGiven() && repository != null) {
            throw new CliException("name either --project PROJECT (optionally with --service) or --repository REPOSITORY,"
                    + " not both", 2);
        }
        requirePositive(limit);
        Set<String> repositories = repositories();
        BuildLedger ledger = ledger();
        List<Build> builds = new ArrayList<>();
        for (String repo : repositories) {
            builds.addAll(ledger.builds(repo, limit));
        }
        builds.sort(Comparator.comparing(Build::pushedAt).reversed());
        List<Map<String, Object>> rows = builds.stream().limit(limit).map(BuildsCommand::row).toList();
        output().rows(rows, "No builds yet.");
        return 0;
    }

    private Set<String> repositories() {
        if (repository != null) {
            return Set.of(repository);
        }
        Project registered = project.registered(common.table);
        if (serviceId == null) {
            return registered.repositories();
        }
        Set<String> repositories = new LinkedHashSet<>();
        ProjectLookup.service(registered, serviceId).containers().stream().map(Container::repository).forEach(repositories::add);
        return repositories;
    }

    private static Map<String, Object> row(Build build) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pushedAt", Times.format(build.pushedAt()));
        row.put("repository", build.repository());
        row.put("digest", build.digest());
        row.put("tags", List.copyOf(build.tags()));
        row.put("releaseHash", build.releaseHash());
        row.put("state", build.state());
        row.put("source", build.metadata().source());
        return row;
    }
}
