package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules local mode makes in a workload account, as its spoke stack would: one per template rule
 * on the default bus that takes ECS events, with that rule's pattern narrowed to the account's
 * clusters, as spoke/template.yaml narrows them (its own rules are checked by SpokeForwardingTest).
 * Matched by Event Ruler, as EventBridge matches, against the ECS fixtures of events/ (all of
 * cluster catalogue-staging).
 */
class SpokeRulesTest {

    private static final List<String> ECS_FIXTURES = List.of("ecs-deployment-completed.json", "ecs-deployment-failed.json",
            "ecs-deployment-rollback-in-progress.json", "ecs-task-running.json", "ecs-task-stopped.json",
            "ecs-service-action-task-start-impaired.json", "ecs-hook-awaiting-action.json");

    private static TemplateWiring wiring;

    @BeforeAll
    static void readTemplate() throws IOException {
        wiring = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml"));
    }

    private static List<TemplateWiring.RuleEvent> ecsRules() {
        return wiring.rules().stream().filter(r -> r.eventBus() == null
                && EventPlumbing.hasSource(r.pattern().json(), EcsEvents.SOURCE)).toList();
    }

    @Test
    void everyRuleOfTheDefaultBusThatTakesEcsEventsIsForwardedAndNoOther() {
        assertThat(ecsRules()).extracting(TemplateWiring.RuleEvent::eventName).containsExactlyInAnyOrder(
                "EcsDeploymentStateChange", "EcsTaskStateChange", "EcsServiceAction", "EcsHookStateChange");
    }

    @Test
    void anEventOfTheAccountsClustersIsForwardedExactlyWhereTheTemplatesRuleTakesIt() {
        int forwarded = 0;
        for (String fixture : ECS_FIXTURES) {
            JsonNode event = json(Fixtures.event(fixture));
            for (TemplateWiring.RuleEvent rule : ecsRules()) {
                EventFilter spoke = EventFilter.parse(rule.eventName(), EventPlumbing.spokePattern(rule.pattern().json(),
                        List.of("catalogue-prod", "catalogue-staging")));
                assertThat(spoke.matches(event)).as("%s by the spoke's %s", fixture, rule.eventName())
                        .isEqualTo(rule.pattern().matches(event));
                forwarded += spoke.matches(event) ? 1 : 0;
            }
        }
        assertThat(forwarded).as("each fixture by one rule").isEqualTo(ECS_FIXTURES.size());
    }

    @Test
    void theSameEventsOfOtherClustersAreNotEvenOfClustersNamedAlike() {
        for (String fixture : ECS_FIXTURES) {
            JsonNode event = json(Fixtures.event(fixture));
            for (TemplateWiring.RuleEvent rule : ecsRules()) {
                String others = EventPlumbing.spokePattern(rule.pattern().json(),
                        List.of("catalogue-prod", "catalogue-stag", "catalogue-staging-eu", "catalogue"));
                assertThat(EventFilter.parse("other clusters", others).matches(event)).as("%s, other clusters", fixture)
                        .isFalse();
            }
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
