package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** hm deploy: the newest (or a named) release of a project's services, to one environment, in one step. */
@Command(name = "deploy", footerHeading = Hm.EXAMPLES, footer = {
        "  hm deploy --project catalogue --env staging        # plan, confirm, follow",
        "  hm deploy -p catalogue -e staging -s id_minter -r 3f9c2ab -m \"batch minting\"",
        "  hm deploy -p catalogue -e prod --yes --no-wait -o json   # for scripts"},
        description = {
        "Deploy releases to an environment: plan, confirm, request the release set, follow it to its end.",
        "Exit: 0 SUCCEEDED (or requested, with --no-wait); 1 FAILED, PARTIAL, REJECTED, timed out, locked or busy;"
                + " 2 bad usage; 3 nothing to change."})
public final class DeployCommand extends ChangeCommand {

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment to deploy to.")
    String environmentId;

    @Option(names = {"-s", "--services"}, split = ",", paramLabel = "SERVICE",
            description = "Only these services (the rest keeps what runs). Default: every service that has a release.")
    List<String> services;

    @Option(names = {"-r", "--release"}, paramLabel = "latest|HASH", defaultValue = "latest",
            description = "The release: latest, or a release hash (or its beginning), as hm releases shows it. Default: ${DEFAULT-VALUE}.")
    String release;

    public DeployCommand(Session session) {
        this(session, Terminal.system(), Thread::sleep);
    }

    DeployCommand(Session session, Terminal terminal, Follower.Sleeper sleeper) {
        super(session, terminal, sleeper);
    }

    @Override
    void validate() {
        if (services != null) {
            services = services.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
            if (services.isEmpty()) {
                throw new CliException("--services needs at least one service id (a,b)", 2);
            }
        }
        if (release == null || release.isBlank()) {
            throw new CliException("--release needs 'latest' or a release hash", 2);
        }
    }

    @Override
    void readAhead(Planner planner, String projectId) {
        planner.readProjectReleasesAhead(projectId);
    }

    @Override
    String environmentId() {
        return environmentId;
    }

    @Override
    Plan plan(Planner planner, ProjectState state) {
        return planner.deploy(state, environmentId, services, release);
    }
}
