package dev.harbourmaster.dashboard;

import dev.harbourmaster.views.Tone;
import java.util.Locale;

/**
 * Outcomes as a word with an icon and a colour class: the word and the icon say it without
 * colour; the colour only helps the eye.
 */
final class Badges {

    private Badges() {}

    /** The colour class and icon of a deployment's or a release set's status (any status word of ours). */
    static String[] look(String status) {
        Tone tone = Tone.of(status);
        String icon = switch (status == null ? "" : status) {
            case "UNCHANGED" -> "=";
            case "ROLLED_BACK" -> "↺";
            case "LOCKED" -> "⊘";
            default -> switch (tone) {
                case OK -> "✔";
                case BAD -> "✖";
                case WARN -> "⚠";
                case BUSY -> "◷";
                case NONE -> "–";
            };
        };
        return new String[] {tone.name().toLowerCase(Locale.ROOT), icon};
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
