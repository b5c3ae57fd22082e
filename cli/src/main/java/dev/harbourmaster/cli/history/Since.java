package dev.harbourmaster.cli.history;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value of --since: a span back from now (30m, 24h, 7d) or an ISO date or time (UTC unless it says). */
final class Since {

    static final String ACCEPTED = "a span back from now (30m, 24h, 7d) or an ISO date or time"
            + " (2026-11-20, 2026-11-20T10:00, 2026-11-20T10:00:00Z; UTC unless an offset is given) "
            + HistoryQuery.RANGE;

    private static final Pattern SPAN = Pattern.compile("(\\d{1,6})([mhd])");

    private Since() {}

    static Instant parse(String text, Instant now) {
        Instant at = read(text.strip(), now);
        if (at == null || !HistoryQuery.inRange(at)) {
            throw new CliException("--since '" + text + "' is not understood: use " + ACCEPTED, 2);
        }
        return at;
    }

    private static Instant read(String value, Instant now) {
        Matcher span = SPAN.matcher(value);
        if (span.matches()) {
            long amount = Long.parseLong(span.group(1));
            return now.minus(switch (span.group(2)) {
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
