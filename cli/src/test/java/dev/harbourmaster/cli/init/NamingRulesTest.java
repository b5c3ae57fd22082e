package dev.harbourmaster.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Environment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ecsServiceName rule read back from service names: each shape, and what the manifest's rule then makes of the ids. */
class NamingRulesTest {

    @Test
    void serviceThenEnvironment() {
        NamingRules.Inference inference = NamingRules.infer("shop", "staging", List.of("api-staging", "worker-staging"));

        assertThat(inference.rule()).isEqualTo("{service}-{env}");
        assertThat(inference.serviceIds()).containsExactly(Map.entry("api-staging", "api"), Map.entry("worker-staging", "worker"));
        assertThat(inference.fitsAll()).isTrue();
        roundTrips("shop", "staging", inference);
    }

    @Test
    void projectServiceEnvironment() {
        NamingRules.Inference inference = NamingRules.infer("shop", "prod", List.of("shop-api-prod", "shop-web-prod", "shop-search-prod"));

        assertThat(inference.rule()).isEqualTo("{project}-{service}-{env}");
        assertThat(inference.serviceIds().values()).containsExactly("api", "web", "search");
        roundTrips("shop", "prod", inference);
    }

    @Test
    void aClusterOfOneServiceIsReadByTheUsualShapes() {
        assertThat(NamingRules.infer("shop", "prod", List.of("api-prod")).rule()).isEqualTo("{service}-{env}");
        assertThat(NamingRules.infer("shop", "prod", List.of("shop-api-prod")).rule()).isEqualTo("{project}-{service}-{env}");
        assertThat(NamingRules.infer("shop", "prod", List.of("prod-api")).rule()).isEqualTo("{env}-{service}");
        assertThat(NamingRules.infer("shop", "prod", List.of("shop-api")).rule()).isEqualTo("{project}-{service}");
    }

    @Test
    void environmentFirstAndUnderscores() {
        assertThat(NamingRules.infer("shop", "staging", List.of("staging-api", "staging-web")).rule()).isEqualTo("{env}-{service}");
        NamingRules.Inference underscores = NamingRules.infer("shop", "staging", List.of("api_staging", "web_staging"));
        assertThat(underscores.rule()).isEqualTo("{service}_{env}");
        assertThat(underscores.serviceIds().values()).containsExactly("api", "web");
    }

    @Test
    void sharedTextThatIsNoIdStaysLiteral() {
        NamingRules.Inference inference = NamingRules.infer("shop", "staging", List.of("billing-api-staging", "billing-web-staging"));

        assertThat(inference.rule()).isEqualTo("billing-{service}-{env}");
        assertThat(inference.serviceIds().values()).containsExactly("api", "web");
        roundTrips("shop", "staging", inference);
    }

    @Test
    void idsKeepTheirOwnDashes() {
        NamingRules.Inference inference = NamingRules.infer("shop", "staging", List.of("user-profile-staging", "api-staging"));

        assertThat(inference.rule()).isEqualTo("{service}-{env}");
        assertThat(inference.serviceIds().values()).containsExactly("user-profile", "api");
    }

    @Test
    void anEnvironmentIdWithADashIsOnePlaceholder() {
        NamingRules.Inference inference = NamingRules.infer("shop", "pre-prod", List.of("api-pre-prod", "web-pre-prod"));

        assertThat(inference.rule()).isEqualTo("{service}-{env}");
        roundTrips("shop", "pre-prod", inference);
    }

    @Test
    void aRuleMostServicesFollowLeavesTheOthersOut() {
        NamingRules.Inference inference = NamingRules.infer("shop", "staging", List.of("api-staging", "web-staging", "legacy"));

        assertThat(inference.rule()).isEqualTo("{service}-{env}");
        assertThat(inference.serviceIds().values()).containsExactly("api", "web");
        assertThat(inference.unfit()).containsExactly("legacy");
    }

    @Test
    void namesThatFollowNoRuleAreTheirOwnIds() {
        NamingRules.Inference inference = NamingRules.infer("shop", "prod", List.of("frontend", "payments-svc", "search"));

        assertThat(inference.rule()).isEqualTo(NamingRules.WHOLE_NAME);
        assertThat(inference.serviceIds().values()).containsExactly("frontend", "payments-svc", "search");
    }

    @Test
    void aNameThatCannotBeAnIdFitsNoRule() {
        NamingRules.Inference inference = NamingRules.infer("shop", "prod", List.of("api-prod", "web-prod", "Legacy.Search"));

        assertThat(inference.rule()).isEqualTo("{service}-{env}");
        assertThat(inference.unfit()).containsExactly("Legacy.Search");
        assertThat(NamingRules.infer("shop", "prod", List.of("Search")).unfit()).containsExactly("Search");
    }

    @Test
    void oneEnvironmentAgreesWithTheOthersOnIds() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put("staging", List.of("billing-api-staging", "billing-web-staging"));
        names.put("prod", List.of("billing-api-prod"));

        Map<String, NamingRules.Inference> rules = NamingRules.inferAll("shop", names);

        // Alone, prod's one name reads as {service}-{env} with id billing-api; staging says the id is api.
        assertThat(NamingRules.infer("shop", "prod", names.get("prod")).serviceIds()).containsValue("billing-api");
        assertThat(rules.get("prod").rule()).isEqualTo("billing-{service}-{env}");
        assertThat(rules.get("prod").serviceIds()).containsExactly(Map.entry("billing-api-prod", "api"));
        assertThat(rules.get("staging").rule()).isEqualTo("billing-{service}-{env}");
    }

    @Test
    void irregularNamesAcrossEnvironmentsStillShareIdsWhereTheyCan() {
        Map<String, List<String>> names = new LinkedHashMap<>();
        names.put("staging", List.of("api-staging", "worker-staging", "search-staging"));
        names.put("prod", List.of("api", "worker", "search-v2"));

        Map<String, NamingRules.Inference> rules = NamingRules.inferAll("shop", names);

        assertThat(rules.get("staging").rule()).isEqualTo("{service}-{env}");
        assertThat(rules.get("prod").rule()).isEqualTo("{service}");
        assertThat(rules.get("prod").serviceIds().values()).containsExactly("api", "worker", "search-v2");
    }

    @Test
    void commonTextIsCutAtASeparator() {
        assertThat(NamingRules.commonPrefix(List.of("shop-api-x", "shop-apx-y"))).isEqualTo("shop-");
        assertThat(NamingRules.commonSuffix(List.of("a-staging", "bb-staging"))).isEqualTo("-staging");
        assertThat(NamingRules.commonSuffix(List.of("a-staging", "b_xstaging"))).isEmpty();
        assertThat(NamingRules.placeholders("shop-prod-", "shop", "prod")).isEqualTo("{project}-{env}-");
        assertThat(NamingRules.placeholders("shopping-", "shop", "prod")).isEqualTo("shopping-");
    }

    /** What the manifest's rule makes of each id is the ECS name it was read from. */
    private static void roundTrips(String project, String env, NamingRules.Inference inference) {
        Environment environment = new Environment(env, env, "c", inference.rule(), false);
        inference.serviceIds().forEach((name, id) ->
                assertThat(environment.ecsServiceNameOf(project, "set", id)).isEqualTo(name));
    }
}
