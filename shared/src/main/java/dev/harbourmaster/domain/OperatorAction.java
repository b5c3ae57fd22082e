package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;

/**
 * What a person asked of a deployment in flight, through hm: to let it go on past a pause hook
 * (APPROVE), to roll it back there (REJECT), or to stop it (STOP, or STOP_ROLLBACK). Kept for good
 * on the deployment; ECS forgets who asked.
 *
 * @param hookId the pause hook an APPROVE or REJECT answered (null for a stop)
 * @param who    the STS identity or HM_ACTOR of who asked
 */
public record OperatorAction(String action, String hookId, String who, String why, Instant at) {

    public static final String APPROVE = "APPROVE";
    public static final String REJECT = "REJECT";
    public static final String STOP = "STOP";
    public static final String STOP_ROLLBACK = "STOP_ROLLBACK";

    public OperatorAction {
        who = StoredText.evidence(who);
        why = StoredText.evidence(why);
    }

    /** "rejected by alice@example.com (not today)". */
    public String describe() {
        String verb = switch (action) {
            case APPROVE -> "approved";
            case REJECT -> "rejected";
            case STOP -> "stopped";
            case STOP_ROLLBACK -> "stopped and rolled back";
            default -> action;
        };
        return verb + " by " + who + (why == null || why.isBlank() ? "" : " (" + why + ")");
    }

    /** The order actions are kept in: by time, then the rest, so that a merge in any order gives the same list. */
    String key() {
        return (at == null ? "" : at.toString()) + "|" + action + "|" + hookId + "|" + who;
    }
}
