package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.template.SamTemplate.Intrinsic;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of spoke/template.yaml that forward a workload account's ECS events (and ECR pushes) to
 * the hub's default bus, matched by Event Ruler as EventBridge matches them, against the fixtures
 * of events/: an event of a cluster named in ClusterNames is forwarded exactly when one of the hub's
 * own rules (template.yaml, as {@link TemplateRoutingTest} reads them) would take it, by the spoke
 * rule of the same name ({@code Forward<Event>}); the same events of any other cluster are not; an
 * ECR push goes through the ECR rule only. The patterns are read as CloudFormation would make them
 * from the template's {@code !Sub} and {@code !Join} of ClusterNames.
 */
class SpokeForwardingTest {

    /** The cluster of every ECS fixture in events/. */
    private static final String FIXTURES_CLUSTER = "catalogue-staging";
    private static final String ECR_RULE = "ForwardEcrPush";
    /** EventBridge's default quota for one event pattern (adjustable to 4096), in characters. */
    private static final int PATTERN_QUOTA = 2048;

    private static SamTemplate spoke;
    private static TemplateWiring hub;

    @BeforeAll
    static void readTemplates() throws IOException {
        spoke = SamTemplate.read(Emulator.repositoryRoot().resolve("spoke/template.yaml"));
        hub = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml"));
    }

    /** The fixtures that are EventBridge events (a source, no stream Records). */
    static Stream<String> eventBridgeFixtures() throws IOException {
        try (Stream<Path> files = Files.list(Emulator.repositoryRoot().resolve("events"))) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted()
                    .filter(name -> {
                        JsonNode event = json(name);
                        return event != null && event.has("source") && !event.has("Records");
                    }).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventBridgeFixtures")
    void anEventOfANamedClusterIsForwardedWhereverTheHubWouldTakeIt(String fixture) {
        JsonNode event = json(fixture);
        assertThat(forwardedBy(rules(List.of(FIXTURES_CLUSTER)), event)).as("spoke rules that forward %s", fixture)
                .isEqualTo(hubRoutes(event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventBridgeFixtures")
    void theSameEventOfAnotherClusterIsNotForwarded(String fixture) {
        Map<String, EventFilter> rules = rules(List.of(FIXTURES_CLUSTER));
        Set<String> expected = hubRoutes(json(fixture)).contains(ECR_RULE) ? Set.of(ECR_RULE) : Set.of();
        for (String other : List.of("catalogue-prod", "catalogue-staging-eu", "catalogue", "staging")) {
            assertThat(forwardedBy(rules, onCluster(fixture, other))).as("%s moved to cluster %s, with ClusterNames %s",
                    fixture, other, FIXTURES_CLUSTER).isEqualTo(expected);
        }
        assertThat(forwardedBy(rules, namedLikeTheClusterElsewhere(fixture)))
                .as("%s of a service named %s in cluster other", fixture, FIXTURES_CLUSTER).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventBridgeFixtures")
    void everyClusterOfTheListIsForwarded(String fixture) {
        Map<String, EventFilter> rules = rules(List.of("catalogue-prod", FIXTURES_CLUSTER, "search_prod"));
        for (String cluster : List.of("catalogue-prod", FIXTURES_CLUSTER, "search_prod")) {
            JsonNode event = onCluster(fixture, cluster);
            assertThat(forwardedBy(rules, event)).as("%s on cluster %s", fixture, cluster).isEqualTo(hubRoutes(event));
        }
        assertThat(forwardedBy(rules, onCluster(fixture, "search-prod")))
                .as("%s on search-prod, not search_prod", fixture).isSubsetOf(Set.of(ECR_RULE));
    }

    @Test
    void theFixturesReachEveryForwardingRule() throws IOException {
        Map<String, EventFilter> rules = rules(List.of(FIXTURES_CLUSTER));
        Set<String> reached = new TreeSet<>();
        eventBridgeFixtures().forEach(f -> reached.addAll(forwardedBy(rules, json(f))));
        assertThat(reached).isEqualTo(rules.keySet());
    }

    @Test
    void anEcrPushIsForwardedByTheEcrRuleOnlyAndNothingElseIs() throws IOException {
        Map<String, EventFilter> rules = rules(List.of(FIXTURES_CLUSTER));
        assertThat(forwardedBy(rules, json("ecr-push-success.json"))).containsExactly(ECR_RULE);
        assertThat(forwardedBy(rules, json("ecr-push-failure.json"))).isEmpty();
        assertThat(forwardedBy(rules, json("ecr-delete.json"))).isEmpty();
        assertThat(forwardedBy(rules, json("ecr-image-scan.json"))).isEmpty();
        eventBridgeFixtures().filter(f -> !"aws.ecr".equals(json(f).path("source").asText()))
                .forEach(f -> assertThat(rules.get(ECR_RULE).matches(json(f))).as(f).isFalse());
    }

    @Test
    void theEcrRuleExistsOnlyWhenForwardEcrPushesIsTrue() {
        assertThat(spoke.isConditional(ECR_RULE)).isTrue();
        assertThat(spoke.parameterDefault("ForwardEcrPushes")).contains("false");
        spoke.resourcesOfType("AWS::Events::Rule").stream().filter(id -> !id.equals(ECR_RULE))
                .forEach(id -> assertThat(spoke.isConditional(id)).as(id).isFalse());
    }

    /** A fifth kind of ECS event the hub starts to read is forwarded by the spoke too, or this fails. */
    @Test
    void everyRuleOfTheHubOnItsDefaultBusHasAForwardingRule() {
        Set<String> hubRules = new TreeSet<>();
        hub.rules().stream().filter(r -> r.eventBus() == null).forEach(r -> hubRules.add("Forward" + r.eventName()));
        assertThat(new TreeSet<>(spoke.resourcesOfType("AWS::Events::Rule"))).isEqualTo(hubRules);
    }

    /**
     * Each rule sends to the hub's default bus, with the forwarding role, retries and the dead-letter
     * queue, whose policy lets every rule write to it.
     */
    @Test
    void everyRuleSendsToTheHubsDefaultBusAndDeadLettersToTheQueue() {
        Map<String, Object> refs = parameters(List.of(FIXTURES_CLUSTER));
        List<String> rules = spoke.resourcesOfType("AWS::Events::Rule");
        for (String rule : rules) {
            List<?> targets = (List<?>) spoke.rawProperties(rule).get("Targets");
            assertThat(targets).as(rule).hasSize(1);
            Map<?, ?> target = (Map<?, ?>) targets.get(0);
            assertThat(resolve(target.get("Arn"), refs)).as(rule)
                    .isEqualTo("arn:aws:events:eu-west-1:111122223333:event-bus/default");
            assertThat(target.get("RoleArn")).as(rule).isEqualTo(new Intrinsic("GetAtt", "ForwardRole.Arn"));
            assertThat(target.get("DeadLetterConfig")).as(rule)
                    .isEqualTo(Map.of("Arn", new Intrinsic("GetAtt", "ForwardDeadLetterQueue.Arn")));
            assertThat(target.get("RetryPolicy")).as(rule).isNotNull();
        }
        Map<?, ?> statement = (Map<?, ?>) ((List<?>) SamTemplate.map(spoke.rawProperties("ForwardDeadLetterQueuePolicy"),
                "PolicyDocument").get("Statement")).get(0);
        String sources = String.valueOf(((Map<?, ?>) ((Map<?, ?>) statement.get("Condition")).get("ArnEquals"))
                .get("aws:SourceArn"));
        rules.forEach(rule -> assertThat(sources).as("the queue policy's aws:SourceArn").contains(rule + ".Arn"));
    }

    /** What the template's comment says: 25 clusters of 20 characters fit EventBridge's default pattern size. */
    @Test
    void twentyFiveClustersOfTwentyCharactersFitTheDefaultPatternSize() {
        List<String> clusters = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            clusters.add("team-%02d-cluster-prod".formatted(i));
        }
        assertThat(clusters).allSatisfy(c -> assertThat(c).hasSize(20));
        Map<String, Object> refs = parameters(clusters);
        Map<String, EventFilter> rules = rules(clusters);
        rules.forEach((rule, filter) -> assertThat(filter.json().length()).as(rule).isLessThanOrEqualTo(PATTERN_QUOTA));
        // The template's own text (CloudFormation sends it as written, spaces and all), not Jackson's.
        spoke.resourcesOfType("AWS::Events::Rule").forEach(rule -> {
            Object pattern = resolve(spoke.rawProperties(rule).get("EventPattern"), refs);
            if (pattern instanceof String text) {
                assertThat(text.length()).as(rule).isLessThanOrEqualTo(PATTERN_QUOTA);
            }
        });
        assertThat(forwardedBy(rules, onCluster("ecs-hook-awaiting-action.json", clusters.get(24))))
                .containsExactly("ForwardEcsHookStateChange");
    }

    /** The spoke's rules whose patterns match the event. */
    private static Set<String> forwardedBy(Map<String, EventFilter> rules, JsonNode event) {
        Set<String> matched = new TreeSet<>();
        rules.forEach((id, filter) -> {
            if (filter.matches(event)) {
                matched.add(id);
            }
        });
        return matched;
    }

    /** The hub's rules on its default bus that take the event, each as the spoke's rule of the same name. */
    private static Set<String> hubRoutes(JsonNode event) {
        Set<String> routes = new TreeSet<>();
        hub.rules().stream().filter(r -> r.eventBus() == null && r.pattern().matches(event))
                .forEach(r -> routes.add("Forward" + r.eventName()));
        return routes;
    }

    /** Every rule of the spoke (the ECR rule too, as with ForwardEcrPushes=true), with ClusterNames=clusters. */
    private static Map<String, EventFilter> rules(List<String> clusters) {
        Map<String, Object> refs = parameters(clusters);
        Map<String, EventFilter> rules = new LinkedHashMap<>();
        for (String id : spoke.resourcesOfType("AWS::Events::Rule")) {
            Object pattern = resolve(spoke.rawProperties(id).get("EventPattern"), refs);
            rules.put(id, pattern instanceof String text ? EventFilter.parse(id, text) : EventFilter.of(id, pattern));
        }
        return rules;
    }

    private static Map<String, Object> parameters(List<String> clusters) {
        return Map.of("ClusterNames", clusters, "HubAccountId", "111122223333", "HubRegion", "eu-west-1",
                "HubStackName", "harbourmaster", "AWS::Partition", "aws", "AWS::Region", "eu-west-1",
                "AWS::AccountId", "123456789012");
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    /** A value of the template as CloudFormation makes it: Ref, Sub (with or without its map) and Join. */
    private static Object resolve(Object value, Map<String, Object> refs) {
        var intrinsic = SamTemplate.intrinsic(value);
        if (intrinsic.isEmpty()) {
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> resolved = new LinkedHashMap<>();
                map.forEach((k, v) -> resolved.put(String.valueOf(k), resolve(v, refs)));
                return resolved;
            }
            if (value instanceof List<?> list) {
                return list.stream().map(v -> resolve(v, refs)).toList();
            }
            return value;
        }
        Intrinsic function = intrinsic.get();
        Object argument = function.argument();
        switch (function.function()) {
            case "Ref" -> {
                String name = String.valueOf(argument);
                assertThat(refs).as("a value for !Ref %s", name).containsKey(name);
                return refs.get(name);
            }
            case "Join" -> {
                List<?> args = (List<?>) argument;
                List<String> parts = new ArrayList<>();
                for (Object part : (List<?>) resolve(args.get(1), refs)) {
                    parts.add(String.valueOf(part));
                }
                return String.join(String.valueOf(args.get(0)), parts);
            }
            case "Sub" -> {
                String text;
                Map<String, Object> variables = new LinkedHashMap<>(refs);
                if (argument instanceof List<?> args) {
                    text = String.valueOf(args.get(0));
                    ((Map<?, ?>) args.get(1)).forEach((k, v) -> variables.put(String.valueOf(k), resolve(v, refs)));
                } else {
                    text = String.valueOf(argument);
                }
                Matcher m = VARIABLE.matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    assertThat(variables).as("a value for ${%s}", m.group(1)).containsKey(m.group(1));
                    m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(variables.get(m.group(1)))));
                }
                return m.appendTail(out).toString();
            }
            default -> throw new AssertionError("!" + function.function() + " is not resolved by this test: " + value);
        }
    }

    /**
     * The fixture with its cluster renamed wherever an ARN names it (service/, task/,
     * service-deployment/, container-instance/ and cluster/ ARNs), as the same event of that cluster.
     */
    private static JsonNode onCluster(String fixture, String cluster) {
        String text = Fixtures.event(fixture)
                .replace("/" + FIXTURES_CLUSTER + "/", "/" + cluster + "/")
                .replace(":cluster/" + FIXTURES_CLUSTER + "\"", ":cluster/" + cluster + "\"");
        return Delivered.json(text);
    }

    private static final Pattern IN_FIXTURES_CLUSTER = Pattern.compile(
            ":(service|task|service-deployment)/" + FIXTURES_CLUSTER + "/[^/\"]+");

    /**
     * The fixture moved to a cluster "other" whose service (or task) is named as the fixtures'
     * cluster: service/other/catalogue-staging, service-deployment/other/catalogue-staging/ID,
     * task/other/catalogue-staging, cluster/other.
     */
    private static JsonNode namedLikeTheClusterElsewhere(String fixture) {
        String text = IN_FIXTURES_CLUSTER.matcher(Fixtures.event(fixture))
                .replaceAll(":$1/other/" + FIXTURES_CLUSTER)
                .replace(":cluster/" + FIXTURES_CLUSTER + "\"", ":cluster/other\"");
        return Delivered.json(text);
    }

    private static JsonNode json(String fixture) {
        try {
            return Delivered.json(Fixtures.event(fixture));
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
