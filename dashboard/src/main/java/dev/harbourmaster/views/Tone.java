package dev.harbourmaster.views;

/** How an outcome word reads at a glance, in the dashboard's badges and the terminal's colours alike. */
public enum Tone {
    /** Done: the service runs what was asked. */
    OK,
    /** Failed, refused or drifted. */
    BAD,
    /** In doubt: partly done, not verified, timed out, or locked. */
    WARN,
    /** Under way or waiting. */
    BUSY,
    /** Anything else. */
    NONE;

    /** The tone of a status word of ours (a deployment's, a release set's, a verdict's); null is NONE. */
    public static Tone of(String status) {
        if (status == null) {
            return NONE;
        }
        return switch (status) {
            case "COMPLETED", "SUCCEEDED", "UNCHANGED", "OK" -> OK;
            case "FAILED", "ROLLED_BACK", "DIGEST_MISMATCH", "REJECTED", "DRIFT" -> BAD;
            case "TIMED_OUT", "PARTIAL", "COMPLETED_UNVERIFIED", "UNVERIFIED", "LOCKED", "STOPPED", "SUPERSEDED" -> WARN;
            case "IN_PROGRESS", "REQUESTED", "QUEUED", "AWAITING_APPROVAL", "DEPLOYING" -> BUSY;
            default -> NONE;
        };
    }
}
