package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** hm rollback: back to the last good releases, as a ROLLBACK (the one kind the deployer lets go back in time). */
@Command(name = "rollback", footerHeading = Hm.EXAMPLES, footer = {
        "  hm rollback --project catalogue --env prod   # back to the last good releases",
        "  hm rollback -e prod --to catalogue/prod/01JD8XK0000000000000000000"},
        description = {
        "Undo the newest release set that ran in an environment: its services go back to their releases in the last"
                + " SUCCEEDED set before it (or to the releases of --to ID), as kind ROLLBACK.",
        "Exit: 0 SUCCEEDED (or requested, with --no-wait); 1 FAILED, PARTIAL, REJECTED, timed out, locked, busy or"
                + " no earlier SUCCEEDED set; 2 bad usage; 3 nothing to change."})
public final class RollbackCommand extends ChangeCommand {

    @Option(names = {"-e", "--env"}, required = true, paramLabel = "ENV", description = "The environment to roll back.")
    String environmentId;

    @Option(names = "--to", paramLabel = "ID", description = "Redeploy the releases of this release set (from hm history).")
    String toId;

    public RollbackCommand(Session session) {
        this(session, Terminal.system(), Thread::sleep);
    }

    RollbackCommand(Session session, Terminal terminal, Follower.Sleeper sleeper) {
        super(session, terminal, sleeper);
    }

    @Override
    void validate() {
        if (toId != null) {
            toId = releaseSetId("--to", toId);
        }
    }

    @Override
    String environmentId() {
        return environmentId;
    }

    @Override
    Plan plan(Planner planner, ProjectState state) {
        if (toId != null) {
            ProjectLookup.environment(state.project(), environmentId);
            return planner.rollbackTo(state, environmentId, releaseSet(toId, project.id()));
        }
        try {
            return planner.rollback(state, environmentId, session.history(common.table));
        } catch (MalformedReleaseSetException e) {
            throw new CliException(e.getMessage() + "; it was not written by Harbourmaster: fix or delete the item");
        }
    }
}
