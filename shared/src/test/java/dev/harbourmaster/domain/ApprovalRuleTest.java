package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalRuleTest {

    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/Developer/bob";
    private static final ReleaseSet SET = new ReleaseSet("shop/prod/01M7W7GQ404KJVZA5S5YPG0MWZ", "shop", "prod", null,
            List.of(), ReleaseSetKind.DEPLOY, "bob", "ship", Instant.parse("2026-11-20T10:00:00Z"),
            ReleaseSetStatus.AWAITING_APPROVAL, null, BOB);

    private static ApprovalRule rule(boolean self, String... approvers) {
        return new ApprovalRule(true, List.of(approvers).stream().map(ArnPattern::new).toList(), self);
    }

    @Test
    void patternsMatchWithStarAndQuestionMarkAndNothingElse() {
        ArnPattern leads = new ArnPattern("arn:aws:iam::123456789012:role/Lead?");

        assertThat(leads.matches("arn:aws:iam::123456789012:role/Leads")).isTrue();
        assertThat(leads.matches("arn:aws:iam::123456789012:role/Lead")).isFalse();
        assertThat(leads.matches("arn:aws:iam::123456789012:role/Leaders")).isFalse();
        assertThat(new ArnPattern("arn:aws:iam::123456789012:role/Lead*").matches("arn:aws:iam::123456789012:role/Lead.ers"))
                .isTrue();
        assertThat(new ArnPattern("arn:aws:iam::123456789012:user/a.b").matches("arn:aws:iam::123456789012:user/aXb"))
                .as("a dot is a dot, not a regex").isFalse();
        assertThat(leads.matches(null)).isFalse();
    }

    @Test
    void anAssumedRoleSessionMatchesAPatternOnTheRoleBehindIt() {
        String session = "arn:aws:sts::123456789012:assumed-role/Release/alice";

        assertThat(new ArnPattern("arn:aws:iam::123456789012:role/Release").matches(session)).isTrue();
        assertThat(new ArnPattern("arn:aws:sts::123456789012:assumed-role/Release/*").matches(session)).isTrue();
        assertThat(new ArnPattern("arn:aws:iam::123456789012:role/Developer").matches(session)).isFalse();
        assertThat(new ArnPattern("arn:aws:iam::999999999999:role/Release").matches(session)).as("another account").isFalse();
        assertThat(ArnPattern.roleBehind("arn:aws:iam::123456789012:user/alice")).isEmpty();
    }

    @Test
    void somethingThatIsNotAnIamArnIsNoPattern() {
        assertThat(ArnPattern.problem("arn:aws:iam::123456789012:role/Lead*")).isEmpty();
        assertThat(ArnPattern.problem("arn:aws:iam::*:role/Lead")).isEmpty();
        assertThat(ArnPattern.problem("*")).isPresent();
        assertThat(ArnPattern.problem("arn:aws:iam:eu-west-1:123456789012:role/x")).as("IAM has no region").isPresent();
        assertThat(ArnPattern.problem("arn:aws:ecs::123456789012:cluster/x")).isPresent();
        assertThatThrownBy(() -> new ArnPattern("alice")).hasMessageContaining("'alice' is not an IAM ARN");
    }

    @Test
    void anApproverMustMatchOneOfThePatternsWhenThereAreAny() {
        ApprovalRule leads = rule(false, "arn:aws:iam::123456789012:role/Lead*");

        assertThat(leads.refusal(SET, "alice", "arn:aws:sts::123456789012:assumed-role/LeadEngineer/alice")).isEmpty();
        assertThat(leads.refusal(SET, "carol", "arn:aws:iam::123456789012:user/carol")).get().asString()
                .startsWith("arn:aws:iam::123456789012:user/carol is not among the approvers of shop/prod"
                        + " (arn:aws:iam::123456789012:role/Lead*)");
        assertThat(rule(false).refusal(SET, "carol", "arn:aws:iam::123456789012:user/carol")).as("no patterns: anyone").isEmpty();
    }

    @Test
    void theRequesterMayNotApproveTheirOwnSetUnlessAllowed() {
        assertThat(rule(false).refusal(SET, "bob via CI", BOB)).as("the same AWS identity").get().asString()
                .contains("bob requested release set shop/prod/01M7W7GQ404KJVZA5S5YPG0MWZ and may not approve it too",
                        "does not allow self-approval");
        assertThat(rule(false).refusal(SET, "bob", "arn:aws:iam::123456789012:user/other")).as("the same name").isPresent();
        assertThat(rule(true).refusal(SET, "bob", BOB)).as("allowSelfApproval").isEmpty();
    }
}
