package dev.harbourmaster.cli.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.cli.CliException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockDurationTest {

    @Test
    void minutesHoursDaysAndTheirCombinationsParse() {
        assertThat(LockDuration.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(LockDuration.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(LockDuration.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(LockDuration.parse("1d12h")).isEqualTo(Duration.ofHours(36));
        assertThat(LockDuration.parse(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(LockDuration.parse("2H")).isEqualTo(Duration.ofHours(2));
        assertThat(LockDuration.parse("366d")).isEqualTo(LockDuration.MAX);
    }

    @Test
    void anythingElseIsExit2SayingWhatIsAccepted() {
        for (String text : new String[] {"2 hours", "2", "h", "", "1.5h", "30m2h", "-2h", "2w"}) {
            assertThatThrownBy(() -> LockDuration.parse(text)).as(text).isInstanceOf(CliException.class)
                    .hasMessageContaining("is not understood: use minutes, hours or days such as 30m, 2h, 1d or 1d12h;"
                            + " leave --for out to lock until 'hm unlock'")
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
        }
        assertThatThrownBy(() -> LockDuration.parse("0m")).hasMessageContaining("locks for no time at all");
        assertThatThrownBy(() -> LockDuration.parse("367d")).hasMessageContaining("longer than 366 days");
    }

    @Test
    void textIsTheShortestFormThatParsesBack() {
        assertThat(LockDuration.text(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(LockDuration.text(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(LockDuration.text(Duration.ofHours(36))).isEqualTo("1d12h");
        assertThat(LockDuration.text(Duration.ofSeconds(20))).isEqualTo("0m");
        for (String text : new String[] {"45m", "3h", "2d", "1d1h1m"}) {
            assertThat(LockDuration.text(LockDuration.parse(text))).isEqualTo(text);
        }
    }
}
