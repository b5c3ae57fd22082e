package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.support.Shell;
import java.util.Optional;

/**
 * The deployer's own look at the approval a set carries, before it rolls anything: hm approve checked
 * it, but anyone who may write the set's item could have written one, so it must pass the
 * environment's rule (approver pattern, self-approval) as the manifest says it now.
 */
final class ApprovalCheck {

    private ApprovalCheck() {}

    /** Why the approval on the set does not let it roll, for the set's REJECTED reason; empty when it does. */
    static Optional<String> refusal(ReleaseSet set, ApprovalRule rule) {
        ApprovalDecision approval = set.approval();
        String where = set.projectId() + "/" + set.environmentId();
        if (!approval.approved()) {
            return Optional.of("the set carries a decision '" + approval.decision() + "' but no approval, and " + where
                    + " requires approval; request a new release set");
        }
        return rule.refusal(set, approval.by(), approval.byArn()).map(why -> "the approval recorded on the set ("
                + approval.describe() + ") does not pass " + where + "'s approval rule: " + why
                + "; request a new release set and have it approved with hm approve");
    }

    /** "waits for approval in prod: hm approve --project catalogue --env prod catalogue/prod/01…". */
    static String waitsFor(ReleaseSet set) {
        return "waits for approval in " + set.environmentId() + ": " + Shell.approveCommand(set.projectId(), set.environmentId(), set.id());
    }
}
