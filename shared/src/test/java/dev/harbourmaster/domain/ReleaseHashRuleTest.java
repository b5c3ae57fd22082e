package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseHashRuleTest {

    @ParameterizedTest
    @CsvSource({
            "ref.3f9c2ab, 3f9c2ab",
            "3f9c2ab, 3f9c2ab",
            "ref.3f9c2ab0123456789abcdef0123456789abcdef, 3f9c2ab0123456789abcdef0123456789abcdef",
    })
    void defaultRuleReadsRefTagsAndBareShas(String tag, String hash) {
        assertThat(ReleaseHashRule.DEFAULT.hashOf(tag)).contains(hash);
    }

    @ParameterizedTest
    @CsvSource({"latest", "v1.4.0", "3f9c2a", "ref.3F9C2AB", "ref.3f9c2ab-dirty", "''"})
    void defaultRuleFindsNoHashInOtherTags(String tag) {
        assertThat(ReleaseHashRule.DEFAULT.hashOf(tag)).isEmpty();
    }

    @Test
    void configuredPatternsAreTriedInOrder() {
        ReleaseHashRule rule = new ReleaseHashRule(List.of("build-\\d+-g([0-9a-f]{7})", "sha-(.*)"));

        assertThat(rule.hashOf("build-42-gabcdef1")).contains("abcdef1");
        assertThat(rule.hashOf("sha-cafe")).contains("cafe");
        assertThat(rule.hashOf("ref.abcdef1")).isEmpty();
        assertThat(rule.hashOf(null)).isEmpty();
    }

    @Test
    void theReviewsBacktrackingPatternMatchesInLinearTime() {
        // With java.util.regex, a 28-character tag took 10 s and this 41-character one ran past Lambda's 30 s.
        ReleaseHashRule rule = new ReleaseHashRule(List.of("(.*a){20}"));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(rule.hashOf("a".repeat(40) + "-")).isEmpty();
            assertThat(rule.hashOf("a".repeat(ReleaseHashRule.MAX_TAG_LENGTH - 1) + "-")).isEmpty();
        });
    }

    @Test
    void aTagLongerThanEcrAllowsIsNotMatched() {
        ReleaseHashRule rule = new ReleaseHashRule(List.of("x*(abcdef1)"));
        String longest = "x".repeat(ReleaseHashRule.MAX_TAG_LENGTH - 7) + "abcdef1";

        assertThat(rule.hashOf(longest)).contains("abcdef1");
        assertThat(rule.hashOf("x" + longest)).isEmpty();
    }

    @Test
    void aCapturedHashThatIsNoGitRefIsNoHash() {
        ReleaseHashRule rule = new ReleaseHashRule(List.of("sha-(.*)", "(.*)-dirty"));

        assertThat(rule.hashOf("sha-$(touch${IFS}/tmp/owned)")).isEmpty();
        assertThat(rule.hashOf("sha-ref.4444444\u001b[2J")).isEmpty();
        assertThat(rule.hashOf("sha--rf")).isEmpty();
        assertThat(rule.hashOf("sha-release/2026.11")).contains("release/2026.11");
    }

    @Test
    void aStoredPatternThatRe2CannotRunMatchesNothingAndTheNextIsTried() {
        // Stored by an hm that took java.util.regex's syntax; hm project apply now refuses it.
        ReleaseHashRule rule = new ReleaseHashRule(List.of("(?=ref)ref\\.([0-9a-f]{7})", "((a{1000}){1000}){1000}",
                "ref\\.([0-9a-f]{7})"));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThat(rule.hashOf("ref.abcdef1")).contains("abcdef1"));
    }
}
