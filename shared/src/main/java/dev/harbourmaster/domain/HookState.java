package dev.harbourmaster.domain;

import java.time.Instant;

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

    public boolean awaitingAction() {
        return AWAITING_ACTION.equals(status);
    }

    /** The hook failed or ran out of time: what starts a rollback. */
    public boolean failed() {
        return FAILED.equals(status) || TIMED_OUT.equals(status);
    }

    /** The same hook seen twice, in either order: an ended state over a waiting one, then the later, then the fuller. */
    static HookState merge(HookState a, HookState b) {
        int order = Integer.compare(rank(a.status), rank(b.status));
        if (order == 0) {
            order = compare(a.at, b.at);
        }
        if (order == 0) {
            order = compare(a.status, b.status);
        }
        if (order == 0) {
            order = a.toString().compareTo(b.toString());
        }
        HookState winner = order >= 0 ? a : b;
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

    private static <T extends Comparable<T>> int compare(T a, T b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
