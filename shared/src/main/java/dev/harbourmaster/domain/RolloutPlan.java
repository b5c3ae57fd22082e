package dev.harbourmaster.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How ECS rolls a service out, as its deploymentConfiguration says when the deployer starts the
 * deployment: the strategy and what it waits for (bake times, linear steps, the canary, pause hooks).
 * A deployment's expected duration follows from it, so that a linear rollout's hour of step bake
 * time, or a blue/green's day of bake time, is not taken for a deployment that never ends.
 *
 * @param strategy          ROLLING, BLUE_GREEN, LINEAR or CANARY (ECS's deployment controller)
 * @param bakeTimeMinutes   after traffic is all on the new revision, before the old one goes (not ROLLING)
 * @param stepPercent       LINEAR: the share of traffic each step moves
 * @param stepBakeMinutes   LINEAR: the wait after each step
 * @param canaryPercent     CANARY: the share of traffic the canary takes first
 * @param canaryBakeMinutes CANARY: the wait before the rest moves
 * @param pauseHookMinutes  each pause hook's timeout (ECS waits for ContinueServiceDeployment up to it)
 * @param earlySuccessPercent ROLLING with early success criteria: ECS completes the deployment once this share
 *                          of the desired count is healthy, while the old revision's tasks may still run
 *                          (hm verify and the verdict look only at the deployment's own tasks); null: it
 *                          waits for every task, as it always did
 */
public record RolloutPlan(String strategy, int bakeTimeMinutes, Double stepPercent, int stepBakeMinutes,
                          Double canaryPercent, int canaryBakeMinutes, List<Integer> pauseHookMinutes,
                          Integer earlySuccessPercent) {

    public static final String ROLLING = "ROLLING";
    public static final String BLUE_GREEN = "BLUE_GREEN";
    public static final String LINEAR = "LINEAR";
    public static final String CANARY = "CANARY";
    /** ECS's default timeout of a pause hook: a day. */
    public static final int DEFAULT_PAUSE_HOOK_MINUTES = 1440;
    /** What a deployment recorded before plans were kept has: a rolling one. */
    public static final RolloutPlan ROLLING_PLAN = new RolloutPlan(ROLLING, 0, null, 0, null, 0, List.of());

    public RolloutPlan {
        strategy = strategy == null || strategy.isBlank() ? ROLLING : strategy;
        pauseHookMinutes = pauseHookMinutes == null ? List.of() : List.copyOf(pauseHookMinutes);
    }

    /** A plan without early success criteria. */
    public RolloutPlan(String strategy, int bakeTimeMinutes, Double stepPercent, int stepBakeMinutes, Double canaryPercent,
                       int canaryBakeMinutes, List<Integer> pauseHookMinutes) {
        this(strategy, bakeTimeMinutes, stepPercent, stepBakeMinutes, canaryPercent, canaryBakeMinutes, pauseHookMinutes, null);
    }

    /** How many traffic steps a linear rollout takes (10% a step: 10). */
    public int linearSteps() {
        return !LINEAR.equals(strategy) || stepPercent == null || stepPercent <= 0 ? 0 : (int) Math.ceil(100 / stepPercent);
    }

    /**
     * How long the deployment may take when nothing goes wrong: {@code rollout} (the time the stack
     * gives a rolling deployment to start and settle its tasks) plus every wait the strategy adds.
     * Pause hooks are not in it: how long one waits is decided while it waits ({@link #deadline}).
     */
    public Duration expected(Duration rollout) {
        long minutes = bakeTimeMinutes;
        if (LINEAR.equals(strategy)) {
            minutes += (long) linearSteps() * stepBakeMinutes;
        } else if (CANARY.equals(strategy)) {
            minutes += canaryBakeMinutes;
        }
        return ROLLING.equals(strategy) ? rollout : rollout.plusMinutes(minutes);
    }

    public boolean hasPauseHooks() {
        return !pauseHookMinutes.isEmpty();
    }

    /** "LINEAR 10% every 6 min, bake 10 min, 1 pause hook", "ROLLING, complete at 50% healthy": the plan in a line. */
    public String describe() {
        StringBuilder s = new StringBuilder(strategy);
        if (LINEAR.equals(strategy) && stepPercent != null) {
            s.append(' ').append(percent(stepPercent)).append(" every ").append(stepBakeMinutes).append(" min");
        } else if (CANARY.equals(strategy) && canaryPercent != null) {
            s.append(' ').append(percent(canaryPercent)).append(" for ").append(canaryBakeMinutes).append(" min");
        }
        if (!ROLLING.equals(strategy)) {
            s.append(", bake ").append(bakeTimeMinutes).append(" min");
        } else if (earlySuccessPercent != null) {
            s.append(", complete at ").append(earlySuccessPercent).append("% healthy");
        }
        if (hasPauseHooks()) {
            s.append(", ").append(pauseHookMinutes.size()).append(pauseHookMinutes.size() == 1 ? " pause hook" : " pause hooks");
        }
        return s.toString();
    }

    private static String percent(double value) {
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value)) + "%";
    }
}
