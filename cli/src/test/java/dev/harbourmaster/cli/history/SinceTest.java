package dev.harbourmaster.cli.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.cli.CliException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinceTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @Test
    void sinceTakesSpansAndIsoDatesAndTimes() {
        assertThat(Since.parse("30m", NOW)).isEqualTo(NOW.minusSeconds(1800));
        assertThat(Since.parse("24h", NOW)).isEqualTo(NOW.minusSeconds(86_400));
        assertThat(Since.parse("7d", NOW)).isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
        assertThat(Since.parse("2026-11-01", NOW)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(Since.parse("2026-11-01T09:30", NOW)).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(Since.parse("2026-11-01T09:30:00Z", NOW)).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
        assertThat(Since.parse("2026-11-01T10:30:00+01:00", NOW)).isEqualTo(Instant.parse("2026-11-01T09:30:00Z"));
    }

    @Test
    void aSinceNotUnderstoodIsAUsageErrorNamingTheForms() {
        for (String bad : new String[] {"yesterday", "7 days", "2w", "2026-13-01", "-3d", "+999999999-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z", "1969-12-31", "999999d"}) {
            assertThatThrownBy(() -> Since.parse(bad, NOW)).as(bad)
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("--since '" + bad + "' is not understood")
                    .hasMessageContaining("30m, 24h, 7d").hasMessageContaining("2026-11-20")
                    .hasMessageEndingWith("from 1970-01-01 to 9999-12-31")
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
        }
    }
}
