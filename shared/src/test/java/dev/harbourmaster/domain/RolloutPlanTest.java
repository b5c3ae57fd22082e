package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutPlanTest {

    private static final Duration ROLLOUT = Duration.ofHours(1);

    @Test
    void aRollingDeploymentGetsTheStacksRolloutTime() {
        assertThat(RolloutPlan.ROLLING_PLAN.expected(ROLLOUT)).isEqualTo(ROLLOUT);
        assertThat(RolloutPlan.ROLLING_PLAN.describe()).isEqualTo("ROLLING");
    }

    @Test
    void aLinearDeploymentWaitsAfterEveryStepAndBakesAtTheEnd() {
        // ECS's defaults for linear: 10% a step, 6 minutes after each: an hour of step bake time.
        RolloutPlan linear = new RolloutPlan("LINEAR", 10, 10.0, 6, null, 0, List.of());

        assertThat(linear.linearSteps()).isEqualTo(10);
        assertThat(linear.expected(ROLLOUT)).isEqualTo(ROLLOUT.plusMinutes(60 + 10));
        assertThat(linear.describe()).isEqualTo("LINEAR 10% every 6 min, bake 10 min");
        assertThat(new RolloutPlan("LINEAR", 0, 33.3, 5, null, 0, List.of()).linearSteps()).as("a last, smaller step").isEqualTo(4);
    }

    @Test
    void aCanaryWaitsOnceAndBlueGreenBakes() {
        assertThat(new RolloutPlan("CANARY", 5, null, 0, 5.0, 15, List.of()).expected(ROLLOUT)).isEqualTo(ROLLOUT.plusMinutes(20));
        assertThat(new RolloutPlan("BLUE_GREEN", 1440, null, 0, null, 0, List.of(1440)).expected(ROLLOUT))
                .as("a day of bake time; the pause hook's wait is decided while it waits").isEqualTo(ROLLOUT.plusMinutes(1440));
        assertThat(new RolloutPlan("BLUE_GREEN", 1440, null, 0, null, 0, List.of(1440)).describe())
                .isEqualTo("BLUE_GREEN, bake 1440 min, 1 pause hook");
    }

    @Test
    void aDeploymentWaitingAtAPauseHookIsNotOverdueBeforeTheHookExpires() {
        java.time.Instant start = java.time.Instant.parse("2026-12-03T10:00:00Z");
        Deployment linear = Deployment.builder().images(List.of()).plan(new RolloutPlan("LINEAR", 10, 10.0, 6, null, 0, List.of(1440)))
                .claimedAt(start);

        assertThat(linear.deadline(ROLLOUT)).as("the hook not reached yet: its whole timeout")
                .isEqualTo(start.plus(ROLLOUT).plusSeconds(60 * (70 + 1440)));
        java.time.Instant expires = start.plusSeconds(3 * 3600);
        Deployment waiting = linear.toBuilder().evidence(DeploymentEvidence.NONE.withHook(new HookState("h", "PAUSE",
                "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", expires, "ROLLBACK", start.plusSeconds(600)))).build();
        assertThat(waiting.deadline(ROLLOUT)).isEqualTo(expires.plus(linear.plan().expected(ROLLOUT)));
        Deployment approved = waiting.toBuilder().evidence(waiting.evidence().withHook(new HookState("h", "PAUSE", null, "SUCCEEDED",
                null, null, start.plusSeconds(900)))).build();
        assertThat(approved.deadline(ROLLOUT)).as("approved early: the rest of the plan from then")
                .isEqualTo(start.plusSeconds(900).plus(linear.plan().expected(ROLLOUT)));
    }
}
