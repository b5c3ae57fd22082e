package dev.harbourmaster.cli.environment;

import dev.harbourmaster.cli.CliException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value of {@code hm lock --for}: days, hours and minutes, e.g. 30m, 2h, 1d, 1d12h, 1h30m. */
final class LockDuration {

    static final Duration MAX = Duration.ofDays(366);

    private static final Pattern SPAN = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?");

    private LockDuration() {}

    static Duration parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SPAN.matcher(value);
        if (value.isEmpty() || !m.matches()) {
            throw new CliException("--for '" + text + "' is not understood: use minutes, hours or days such as 30m, 2h,"
                    + " 1d or 1d12h; leave --for out to lock until 'hm unlock'", 2);
        }
        Duration duration = Duration.ofDays(amount(m.group(1))).plusHours(amount(m.group(2))).plusMinutes(amount(m.group(3)));
        if (duration.isZero()) {
            throw new CliException("--for '" + text + "' locks for no time at all: give a duration such as 30m or 2h,"
                    + " or leave --for out to lock until 'hm unlock'", 2);
        }
        if (duration.compareTo(MAX) > 0) {
            throw new CliException("--for '" + text + "' is longer than 366 days: leave --for out to lock until"
                    + " 'hm unlock'", 2);
        }
        return duration;
    }

    /** "2h", "1d12h", "1h30m": the shortest text that parses back to the duration. */
    static String text(Duration duration) {
        long minutes = duration.toMinutes();
        StringBuilder text = new StringBuilder();
        if (minutes / 1440 > 0) {
            text.append(minutes / 1440).append('d');
        }
        if (minutes / 60 % 24 > 0) {
            text.append(minutes / 60 % 24).append('h');
        }
        if (minutes % 60 > 0 || text.isEmpty()) {
            text.append(minutes % 60).append('m');
        }
        return text.toString();
    }

    private static long amount(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
