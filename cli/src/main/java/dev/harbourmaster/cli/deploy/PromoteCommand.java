package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** hm promote: deploy to one environment exactly what runs in another (or the releases of one release set). */
@Command(name = "promote", footerHeading = Hm.EXAMPLES, footer = {
        "  hm promote --project catalogue --from staging --to prod --yes -m \"release 42\"",
        "  hm promote -p catalogue --from staging --to prod --no-wait -o json"},
        description = {
        "Deploy to --to exactly the releases that run in --from (or those of --release-set ID).",
        "Exit: 0 SUCCEEDED (or requested, with --no-wait); 1 FAILED, PARTIAL, REJECTED, timed out, locked or busy;"
                + " 2 bad usage; 3 nothing to change."})
public final class PromoteCommand extends ChangeCommand {

    @Option(names = "--from", paramLabel = "ENV", description = "The environment whose running releases are promoted.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "The environment to deploy them to.")
    String to;

    @Option(names = "--release-set", paramLabel = "ID", description = "Promote the releases of this release set instead.")
    String releaseSetId;

    public PromoteCommand(Session session) {
        this(session, Terminal.system(), Thread::sleep);
    }

    PromoteCommand(Session session, Terminal terminal, Follower.Sleeper sleeper) {
        super(session, terminal, sleeper);
    }

    @Override
    void validate() {
        if ((from == null) == (releaseSetId == null)) {
            throw new CliException("name what to promote: either --from ENV (what runs there) or --release-set ID", 2);
        }
        if (from != null && from.equals(to)) {
            throw new CliException("--from and --to name the same environment, '" + to + "'", 2);
        }
        if (releaseSetId != null) {
            releaseSetId = releaseSetId("--release-set", releaseSetId);
        }
    }

    @Override
    String environmentId() {
        return to;
    }

    @Override
    Plan plan(Planner planner, ProjectState state) {
        if (releaseSetId != null) {
            ProjectLookup.environment(state.project(), to);
            return planner.promoteSet(state, to, releaseSet(releaseSetId, project.id()));
        }
        ReleaseSets releaseSets = session.releaseSets(common.table);
        return planner.promote(state, from, to, id -> {
            try {
                return releaseSets.releaseSet(id);
            } catch (MalformedReleaseSetException e) {
                return Optional.<ReleaseSet>empty();
            }
        });
    }
}
