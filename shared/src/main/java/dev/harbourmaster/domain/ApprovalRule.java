package dev.harbourmaster.domain;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An environment's own gate (environments[].approval in the manifest): with {@code required}, a
 * release set is held AWAITING_APPROVAL before anything is rolled, until someone allowed approves it
 * with hm approve.
 *
 * @param approvers         who may approve (ARN patterns); empty: anyone
 * @param allowSelfApproval whether who requested a set may approve it too
 */
public record ApprovalRule(boolean required, List<ArnPattern> approvers, boolean allowSelfApproval) {

    /** No gate: what an environment without approval in its manifest has. */
    public static final ApprovalRule NONE = new ApprovalRule(false, List.of(), false);

    public ApprovalRule {
        approvers = List.copyOf(approvers);
    }

    /**
     * Why this caller may not approve the set, naming the fix; empty when they may. Who requested the
     * set is the caller when their AWS identities are the same, or the names they go by.
     *
     * @param name what the caller goes by (HM_ACTOR, or their AWS identity)
     * @param arn  the caller's AWS identity, as STS told it
     */
    public Optional<String> refusal(ReleaseSet set, String name, String arn) {
        if (!isApprover(arn)) {
            return Optional.of((arn == null ? "an approver whose AWS identity is unknown" : arn) + " is not among the approvers of "
                    + set.projectId() + "/" + set.environmentId() + " (" + approvers.stream().map(ArnPattern::text)
                    .collect(Collectors.joining(", ")) + "): ask one of them to approve it, or add a pattern that matches"
                    + " to environments[].approval.approvers in harbourmaster.yml");
        }
        if (!allowSelfApproval && requestedBy(set, name, arn)) {
            return Optional.of(set.requestedBy() + " requested release set " + set.id() + " and may not approve it too: "
                    + set.projectId() + "/" + set.environmentId() + " does not allow self-approval"
                    + " (environments[].approval.allowSelfApproval); ask another approver");
        }
        return Optional.empty();
    }

    /** Whether the caller's AWS identity matches one of the approvers (any does, when none are named). */
    public boolean isApprover(String arn) {
        return approvers.isEmpty() || approvers.stream().anyMatch(p -> p.matches(arn));
    }

    /** Whether the caller is who requested the set: the same AWS identity, or the same name. */
    public static boolean requestedBy(ReleaseSet set, String name, String arn) {
        return arn != null && arn.equals(set.requestedByArn()) || name != null && name.equals(set.requestedBy());
    }

    /** "required; approvers arn:…, arn:…; self-approval allowed", as hm project show says it. */
    public String describe() {
        if (!required) {
            return "no";
        }
        return "required" + (approvers.isEmpty() ? " (anyone)" : "; approvers " + approvers.stream().map(ArnPattern::text)
                .collect(Collectors.joining(", "))) + (allowSelfApproval ? "; self-approval allowed" : "; not by the requester");
    }
}
