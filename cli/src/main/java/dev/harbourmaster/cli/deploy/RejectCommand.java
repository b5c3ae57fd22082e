package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.OperatorAction;
import picocli.CommandLine.Command;

/** hm reject: ends a set held for approval, or rolls back a deployment that waits at a pause hook. */
@Command(name = "reject", footerHeading = Hm.EXAMPLES, footer = {
        "  hm reject --project catalogue --env prod -m \"error rate up\"",
        "  hm reject -e prod --services search 01JD8XK0000000000000000000"},
        description = {"Reject a release set held AWAITING_APPROVAL: it ends REJECTED with who and why, nothing rolled"
                + " (an approver, or who requested it, may).",
                "Otherwise roll back the deployments of the release set in flight that ECS holds at a pause hook"
                + " (ContinueServiceDeployment ROLLBACK); who rejected, why and when are kept on each deployment.",
                "Exit: 0 rejected; 1 nothing waits, you may not reject, or ECS refused; 2 bad usage."})
public final class RejectCommand extends HookAnswerCommand {

    public RejectCommand(Session session) {
        super(session);
    }

    @Override
    String action() {
        return OperatorAction.REJECT;
    }

    @Override
    String ecsAction() {
        return "ROLLBACK";
    }
}
