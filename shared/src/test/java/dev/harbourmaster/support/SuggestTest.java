package dev.harbourmaster.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {

    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
    private static final List<String> KEYS = List.of("project", "releaseHash", "environments", "serviceSets");

    @Test
    void aTypoWithinTwoEditsIsSuggested() {
        assertThat(Suggest.closest("prd", ENVIRONMENTS)).containsExactly("prod");
        assertThat(Suggest.closest("stagign", ENVIRONMENTS)).as("a swap is one edit").containsExactly("staging");
        assertThat(Suggest.closest("enviroments", KEYS)).containsExactly("environments");
        assertThat(Suggest.closest("servicesets", KEYS)).as("case does not count").containsExactly("serviceSets");
    }

    @Test
    void aUniquePrefixIsSuggestedHoweverShort() {
        assertThat(Suggest.closest("stag", ENVIRONMENTS)).containsExactly("staging");
        assertThat(Suggest.closest("P", ENVIRONMENTS)).containsExactly("prod");
    }

    @Test
    void theSameIdButForCaseIsSuggested() {
        assertThat(Suggest.closest("Prod", ENVIRONMENTS)).containsExactly("prod");
        assertThat(Suggest.closest("pro", List.of("prod", "PRO"))).containsExactly("PRO");
    }

    @Test
    void nothingCloseSuggestsNothing() {
        assertThat(Suggest.closest("production-eu", ENVIRONMENTS)).isEmpty();
        assertThat(Suggest.closest("qa", ENVIRONMENTS)).isEmpty();
        assertThat(Suggest.closest("", ENVIRONMENTS)).isEmpty();
        assertThat(Suggest.closest(null, ENVIRONMENTS)).isEmpty();
        assertThat(Suggest.closest("prod", List.of())).isEmpty();
    }

    @Test
    void shortInputsAllowOneEditOnly() {
        assertThat(Suggest.closest("db", List.of("web", "api"))).as("two edits from web").isEmpty();
        assertThat(Suggest.closest("wbe", List.of("web", "api"))).containsExactly("web");
    }

    @Test
    void anAmbiguousPrefixFallsBackToDistanceAndEqualCandidatesAreAllNamed() {
        assertThat(Suggest.closest("api", List.of("api-gateway", "api-worker"))).isEmpty();
        assertThat(Suggest.closest("ap", List.of("app", "api"))).containsExactly("app", "api");
        assertThat(Suggest.didYouMean("ap", List.of("app", "api"))).isEqualTo("; did you mean app or api?");
    }

    @Test
    void theSuffixEndsAMessageOrIsEmpty() {
        assertThat(Suggest.didYouMean("prdo", ENVIRONMENTS)).isEqualTo("; did you mean prod?");
        assertThat(Suggest.didYouMean("nowhere", ENVIRONMENTS)).isEmpty();
    }

    @Test
    void distanceCountsInsertionsDeletionsSubstitutionsAndSwaps() {
        assertThat(Suggest.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggest.distance("", "abc")).isEqualTo(3);
        assertThat(Suggest.distance("abc", "abc")).isZero();
        assertThat(Suggest.distance("abcd", "abdc")).isEqualTo(1);
    }
}
