package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where one lifecycle hook of a deployment stands, as ECS said it (an "ECS Hook State Change" event,
 * or the lifecycleHookDetails of DescribeServiceDeployments): a PAUSE hook waits AWAITING_ACTION for
 * ContinueServiceDeployment until {@code expiresAt}, then takes {@code timeoutAction}.
 *
 * @param status AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT
 * @param at     when ECS said so (null when it did not date it)
 */
public record HookState(String hookId, String hookType, String lifecycleStage, String status, Instant expiresAt,
                        String timeoutAction, Instant at) {

    public static final String AWAITING_ACTION = "AWAITING_ACTION";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String TIMED_OUT = "TIMED_OUT";

    /** An ended state over a waiting one, then the later, then by status; the same hook told differently: any fixed choice. */
    private static final Comparator<HookState> FURTHER_THEN_LATER = Comparator.comparingInt((HookState h) -> rank(h.status))
            .thenComparing(HookState::at, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(HookState::status, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(HookState::toString);

    public boolean awaitingAction() {
        return AWAITING_ACTION.equals(status);
    }

    /** The hook failed or ran out of time: what starts a rollback. */
    public boolean failed() {
        return FAILED.equals(status) || TIMED_OUT.equals(status);
    }

    /** The same hook seen twice, in either order: an ended state over a waiting one, then the later, then the fuller. */
    static HookState merge(HookState a, HookState b) {
        HookState winner = FURTHER_THEN_LATER.compare(a, b) >= 0 ? a : b;
        HookState other = winner == a ? b : a;
        return new HookState(winner.hookId, first(winner.hookType, other.hookType), first(winner.lifecycleStage, other.lifecycleStage),
                winner.status, first(winner.expiresAt, other.expiresAt), first(winner.timeoutAction, other.timeoutAction), winner.at);
    }

    private static int rank(String status) {
        return status == null ? -1 : switch (status) {
            case AWAITING_ACTION, "IN_PROGRESS" -> 0;
            default -> 1;
        };
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
