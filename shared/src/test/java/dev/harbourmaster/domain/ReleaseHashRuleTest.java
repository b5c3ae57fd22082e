package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

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
}
