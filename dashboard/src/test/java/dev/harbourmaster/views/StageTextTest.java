package dev.harbourmaster.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a deployment in flight stands, in a line: for hm status, hm deploy's follow lines and the dashboard. */
class StageTextTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private final Deployment linear = Deployment.builder().images(List.of()).serviceDeploymentArn("arn:sd/1")
            .plan(new RolloutPlan("LINEAR", 10, 10.0, 6, null, 0, List.of(1440))).claimedAt(T0);

    @Test
    void aRollingDeploymentEcsSaysNothingOfHasNoStage() {
        assertThat(Text.stage(Deployment.builder().images(List.of()).claimedAt(T0))).isNull();
    }

    @Test
    void theStrategyAndTheStageEcsReports() {
        Deployment baking = linear.withEvidence(DeploymentEvidence.NONE.withServiceDeployment(new ServiceDeploymentReport("arn:sd/1",
                "IN_PROGRESS", null, "BAKE_TIME", T0, null, null, null, null, List.of(), null, null, null)));

        assertThat(Text.stage(linear)).isEqualTo("LINEAR 10% every 6 min, bake 10 min, 1 pause hook");
        assertThat(Text.stage(baking)).isEqualTo("LINEAR 10% every 6 min, bake 10 min, 1 pause hook, at BAKE_TIME");
    }

    @Test
    void aPauseHookThatWaitsSaysWhereAndUntilWhen() {
        Deployment waiting = linear.withEvidence(DeploymentEvidence.NONE.withHook(new HookState("ecs-pause-1", "PAUSE",
                "PRE_PRODUCTION_TRAFFIC_SHIFT", "AWAITING_ACTION", Instant.parse("2026-12-03T09:00:00Z"), "ROLLBACK", T0)));

        assertThat(Text.stage(waiting)).isEqualTo("awaiting approval at PRE_PRODUCTION_TRAFFIC_SHIFT, expires "
                + Text.format(Instant.parse("2026-12-03T09:00:00Z")));
        assertThat(Text.hook(waiting.evidence().hooks().get(0), null)).startsWith("PAUSE hook ecs-pause-1 at PRE_PRODUCTION_TRAFFIC_SHIFT"
                + " AWAITING_ACTION, expires ").endsWith("(then ROLLBACK)");
    }
}
