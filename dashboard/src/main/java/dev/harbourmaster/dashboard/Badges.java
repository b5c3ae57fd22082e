package dev.harbourmaster.dashboard;

/**
 * Outcomes as a word with an icon and a colour class: the word and the icon say it without
 * colour; the colour only helps the eye.
 */
final class Badges {

    private Badges() {}

    /** The colour class and icon of a deployment's or a release set's status (any status word of ours). */
    static String[] look(String status) {
        if (status == null) {
            return new String[] {"none", "–"};
        }
        return switch (status) {
            case "COMPLETED", "SUCCEEDED", "OK" -> new String[] {"ok", "✔"};
            case "UNCHANGED" -> new String[] {"ok", "="};
            case "FAILED", "DIGEST_MISMATCH", "REJECTED", "DRIFT" -> new String[] {"bad", "✖"};
            case "ROLLED_BACK" -> new String[] {"bad", "↺"};
            case "TIMED_OUT", "PARTIAL", "COMPLETED_UNVERIFIED", "UNVERIFIED" -> new String[] {"warn", "⚠"};
            case "IN_PROGRESS", "REQUESTED", "QUEUED", "DEPLOYING" -> new String[] {"busy", "◷"};
            case "LOCKED" -> new String[] {"warn", "⊘"};
            default -> new String[] {"none", "–"};
        };
    }

    static void badge(Html html, String status) {
        badge(html, status, status == null ? "never deployed" : status.replace('_', ' '));
    }

    static void badge(Html html, String status, String text) {
        String[] look = look(status);
        html.open("span", "class", "badge " + look[0]).element("span", look[1], "aria-hidden", "true")
                .text(" " + text).close("span");
    }
}
