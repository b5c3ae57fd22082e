package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;

/**
 * What someone decided, with hm approve or hm reject, of a release set held AWAITING_APPROVAL: kept
 * on the set for good. The deployer checks an approval again against the environment's
 * {@link ApprovalRule} before it rolls anything.
 *
 * @param by    HM_ACTOR or the AWS identity of who decided, as hm shows people
 * @param byArn the AWS identity of who decided, as STS told hm
 */
public record ApprovalDecision(String decision, String by, String byArn, String why, Instant at) {

    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";

    public ApprovalDecision {
        by = StoredText.evidence(by);
        byArn = StoredText.evidence(byArn);
        why = StoredText.evidence(why);
    }

    public static ApprovalDecision approved(String by, String byArn, String why, Instant at) {
        return new ApprovalDecision(APPROVED, by, byArn, why, at);
    }

    public static ApprovalDecision rejected(String by, String byArn, String why, Instant at) {
        return new ApprovalDecision(REJECTED, by, byArn, why, at);
    }

    public boolean approved() {
        return APPROVED.equals(decision);
    }

    /** "approved by alice (arn:aws:sts::…): canary looks good". */
    public String describe() {
        return (approved() ? "approved" : "rejected") + " by " + by
                + (byArn == null || byArn.equals(by) ? "" : " (" + byArn + ")")
                + (why == null || why.isBlank() ? "" : ": " + why);
    }
}
