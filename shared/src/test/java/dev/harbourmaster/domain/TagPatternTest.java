package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagPatternTest {

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
            "ref\\.([0-9a-f]{7,40})      # 40",
            "(a{10}){20}                 # 200",
            "a{10}b{20}                  # 20",
            "(?:x{2}|y{3}){4}            # 12",
            "((a{2}){3}b{7}){5}          # 35",
            "[{]{5}                      # 5",
            "[]{]{5}                     # 5",
            "[[:alpha:]]{6}              # 6",
            "\\x{41}{3}                  # 3",
            "\\Q{999}\\E                 # 1",
            "a{,5}                       # 1",
            "(a{3,}){4}                  # 12",
            "((a{1000}){1000}){1000}     # 1000000000",
    })
    void nestedCountsMultiplyAndSequentialOnesDoNot(String pattern, long expected) {
        assertThat(TagPattern.nestedRepeat(pattern)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"((a{1000}){1000}){1000}", "(?:(?:x{100}){100}){100}"})
    void aPatternThatWouldExpandPastMemoryIsRefusedBeforeCompiling(String pattern) {
        // RE2/J itself ran out of a 512 MB heap after 24 s compiling the first.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> TagPattern.compile(pattern))
                .hasMessageContaining("multiply to 1000000").hasMessageContaining("at most 1000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(?=ref)ref\\.(.*)           | not a valid regular expression (RE2 syntax: no lookaround, no backreferences): invalid or unsupported Perl syntax: `(?=`",
            "(a)\\1                      | not a valid regular expression (RE2 syntax: no lookaround, no backreferences): invalid escape sequence: `\\1`",
            "x{1001}                     | has counted repetitions ({n,m}) that multiply to 1001 when nested; at most 1000, as in RE2",
            "(?:.{0,10}){0,100}          | compiles to 2101 RE2 instructions; at most 2000: use fewer or smaller counted repetitions ({n,m})",
            "(a)(b)                      | has more than one capturing group; the hash is group 1, use (?:...) for the others",
    })
    void whatRe2CannotRunOrWouldRunSlowlyIsRefusedSayingWhy(String pattern, String problem) {
        assertThatThrownBy(() -> TagPattern.compile(pattern)).isInstanceOf(IllegalArgumentException.class).hasMessage(problem);
    }

    @org.junit.jupiter.api.Test
    void aPatternIsAtMostAHundredCharacters() {
        assertThat(TagPattern.compile("a".repeat(TagPattern.MAX_LENGTH)).matcher("a".repeat(100)).matches()).isTrue();
        assertThatThrownBy(() -> TagPattern.compile("a".repeat(TagPattern.MAX_LENGTH + 1)))
                .hasMessage("is 101 characters long; at most 100");
    }
}
