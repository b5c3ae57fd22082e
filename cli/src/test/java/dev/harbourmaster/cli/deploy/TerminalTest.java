package dev.harbourmaster.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.cli.CliException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalTest {

    private static Terminal answering(String answer, List<String> asked) {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String question) {
                asked.add(question);
                return answer;
            }
        };
    }

    private static final Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String ask(String question) {
            throw new AssertionError("asked with no terminal");
        }
    };

    @Test
    void aTerminalIsAskedAndOnlyYesGoesOn() {
        List<String> asked = new ArrayList<>();
        assertThatCode(() -> Terminal.confirm(answering(" Y ", asked), false, "Deploy 2 services to prod?")).doesNotThrowAnyException();
        assertThatCode(() -> Terminal.confirm(answering("yes", asked), false, "Deploy?")).doesNotThrowAnyException();
        assertThat(asked).containsExactly("Deploy 2 services to prod? [y/N]", "Deploy? [y/N]");
        for (String no : new String[] {"", "n", "no", "maybe", null}) {
            assertThatThrownBy(() -> Terminal.confirm(answering(no, asked), false, "Deploy?"))
                    .isInstanceOf(CliException.class).hasMessage("not confirmed: nothing was requested")
                    .extracting(e -> ((CliException) e).exitCode()).isEqualTo(1);
        }
    }

    @Test
    void withNoTerminalYesIsRequiredAndThenNothingIsAsked() {
        assertThatThrownBy(() -> Terminal.confirm(NONE, false, "Deploy?"))
                .hasMessage("no terminal to confirm on: pass --yes")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(2);
        assertThatCode(() -> Terminal.confirm(NONE, true, "Deploy?")).doesNotThrowAnyException();
    }

    @Test
    void durationsAreReadAsPeopleTypeThem() {
        assertThat(Durations.parse("--timeout", "30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(Durations.parse("--timeout", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("--timeout", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("--poll-interval", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
        for (String bad : new String[] {"", "30", "soon", "0s", "5 m", "1d"}) {
            assertThatThrownBy(() -> Durations.parse("--timeout", bad)).as(bad)
                    .hasMessage("--timeout '" + bad + "' is not a duration: use for example 90s, 30m, 1h or 1h30m");
        }
    }
}
