package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: 90s, 30m, 1h, 1h30m, 500ms. */
final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    private Durations() {}

    static Duration parse(String option, String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher part = PART.matcher(value);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < value.length() && part.find(at) && part.start() == at) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            at = part.end();
        }
        if (value.isEmpty() || at != value.length() || total.isZero()) {
            throw new CliException(option + " '" + text + "' is not a duration: use for example 90s, 30m, 1h or 1h30m", 2);
        }
        return total;
    }

    /** "30m", "1h30m", "45s", "500ms". */
    static String format(Duration duration) {
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
