package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.Rights;
import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * hm approve or reject of a release set held AWAITING_APPROVAL: checks the caller against the
 * environment's approval rule, then keeps who decided, their AWS identity, why and when on the set,
 * in the same conditional write that makes it REQUESTED again (the stream hands it to the deployer,
 * which checks the approval once more) or ends it REJECTED.
 */
final class HeldSetDecision {

    /** hm approve|reject --output json of a held set. */
    record Decided(String project, String environment, String releaseSet, String decision, String by, String byArn,
                   String why, String at, String status) {}

    private final ReleaseSets releaseSets;
    private final String table;

    HeldSetDecision(ReleaseSets releaseSets, String table) {
        this.releaseSets = releaseSets;
        this.table = table;
    }

    int approve(Output out, Environment environment, ReleaseSet set, Actor who, String why) {
        environment.approval().refusal(set, who.name(), who.arn()).ifPresent(refusal -> {
            throw new CliException("not approved: " + refusal);
        });
        ApprovalDecision approval = ApprovalDecision.approved(who.name(), who.arn(), why, now());
        decided(set, who, Rights.checked(() -> releaseSets.approve(set.id(), approval), Rights.Act.DECIDE, set.projectId(),
                set.environmentId(), who, table));
        return said(out, set, approval, "REQUESTED", "Approved release set " + set.id() + " for " + set.environmentId()
                + " as " + Text.by(who.name(), who.arn()) + ": it is REQUESTED again and the deployer rolls it; follow it with "
                + Shell.command("hm", "show", set.id()));
    }

    /** Who may approve the set may reject it; so may who requested it, to withdraw it. */
    int reject(Output out, Environment environment, ReleaseSet set, Actor who, String why) {
        ApprovalRule rule = environment.approval();
        if (!rule.isApprover(who.arn()) && !ApprovalRule.requestedBy(set, who.name(), who.arn())) {
            throw new CliException("not rejected: " + who.arn() + " is neither among the approvers of " + set.projectId() + "/"
                    + set.environmentId() + " nor who requested release set " + set.id() + "; ask an approver, or "
                    + set.requestedBy() + ", to reject it");
        }
        ApprovalDecision rejection = ApprovalDecision.rejected(who.name(), who.arn(), why, now());
        decided(set, who, Rights.checked(() -> releaseSets.rejectAwaiting(set.id(), rejection, rejection.describe()),
                Rights.Act.DECIDE, set.projectId(), set.environmentId(), who, table));
        return said(out, set, rejection, "REJECTED", "Rejected release set " + set.id() + " for " + set.environmentId()
                + " as " + Text.by(who.name(), who.arn()) + ": it ends REJECTED and nothing is rolled");
    }

    private void decided(ReleaseSet set, Actor who, boolean written) {
        if (!written) {
            String now = releaseSets.releaseSet(set.id()).map(s -> s.status().name()).orElse("gone");
            throw new CliException("release set " + set.id() + " no longer awaits approval (it is " + now + " now: someone"
                    + " decided first?); see " + Shell.command("hm", "show", set.id()));
        }
    }

    private static int said(Output out, ReleaseSet set, ApprovalDecision decision, String status, String line) {
        if (out.isJson()) {
            out.json(new Decided(set.projectId(), set.environmentId(), set.id(), decision.decision(), decision.by(),
                    decision.byArn(), decision.why(), Text.format(decision.at()), status));
        } else {
            out.say(line + (decision.why() == null ? "" : " (" + decision.why() + ")"));
        }
        return 0;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
