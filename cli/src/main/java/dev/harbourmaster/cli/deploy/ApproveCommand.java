package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.OperatorAction;
import picocli.CommandLine.Command;

/** hm approve: releases a set held for approval, or lets a deployment that waits at a pause hook go on. */
@Command(name = "approve", footerHeading = Hm.EXAMPLES, footer = {
        "  hm approve --project catalogue --env prod -m \"canary looks good\"",
        "  hm approve -e prod catalogue/prod/01JD8XK0000000000000000000"},
        description = {"Approve a release set held AWAITING_APPROVAL (its environment's manifest says approval: required):"
                + " you must match one of the environment's approvers and, unless allowSelfApproval, not be who requested it;"
                + " who approved, their AWS identity, why and when are kept on the set, and the deployer rolls it.",
                "Otherwise let the deployments of the release set in flight that ECS holds at a pause hook go on"
                + " (ContinueServiceDeployment CONTINUE); who approved, why and when are kept on each deployment.",
                "Exit: 0 approved; 1 nothing waits, you may not approve, or ECS refused; 2 bad usage."})
public final class ApproveCommand extends HookAnswerCommand {

    public ApproveCommand(Session session) {
        super(session);
    }

    @Override
    String action() {
        return OperatorAction.APPROVE;
    }

    @Override
    String ecsAction() {
        return "CONTINUE";
    }
}
