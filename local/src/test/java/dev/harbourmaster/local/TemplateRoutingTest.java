package dev.harbourmaster.local;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where each fixture in events/ goes by template.yaml: every EventBridge rule pattern and stream
 * filter of the template, as local mode reads them (TemplateWiring), matched by Event Ruler as AWS
 * matches them, against every fixture, must give exactly the routes of {@link #ROUTES}. A new
 * fixture without a row fails, naming it; so does a pattern change that sends a fixture somewhere
 * else, or nowhere.
 */
class TemplateRoutingTest {

    /** A function's event in the template: an EventBridge rule, a stream subscription or a schedule. */
    record Route(String function, String event) {
        @Override
        public String toString() {
            return function + " " + event;
        }
    }

    private static final Route ECR_PUSH = new Route("BuildRecorderFunction", "EcrPush");
    private static final Route DEPLOYMENT_STATE = new Route("DeploymentRecorderFunction", "EcsDeploymentStateChange");
    private static final Route TASK_STATE = new Route("DeploymentRecorderFunction", "EcsTaskStateChange");
    private static final Route SERVICE_ACTION = new Route("DeploymentRecorderFunction", "EcsServiceAction");
    private static final Route HOOK_STATE = new Route("DeploymentRecorderFunction", "EcsHookStateChange");
    private static final Route REQUESTED_SETS = new Route("DeployerFunction", "ReleaseSetRequested");
    private static final Route FINISHED = new Route("DomainEventsFunction", "Finished");
    private static final Route SWEEP = new Route("SweeperFunction", "Sweep");
    private static final Set<Route> NOWHERE = Set.of();

    /**
     * Every fixture and the routes meant for it; for a stream payload, the routes of each of its
     * records. The handlers, not the patterns, refuse events of another account or region, forged or
     * missing fields: those still reach their function.
     */
    private static final Map<String, Set<Route>> ROUTES = Map.ofEntries(
            entry("ecr-push-success.json", Set.of(ECR_PUSH)),
            entry("ecr-push-second-tag.json", Set.of(ECR_PUSH)),
            entry("ecr-push-no-release-hash.json", Set.of(ECR_PUSH)),
            entry("ecr-push-unknown-repository.json", Set.of(ECR_PUSH)),
            entry("ecr-push-year-9999.json", Set.of(ECR_PUSH)),
            entry("ecr-push-malformed.json", Set.of(ECR_PUSH)),
            entry("ecr-push-forged-account.json", Set.of(ECR_PUSH)),
            entry("ecr-push-other-account.json", Set.of(ECR_PUSH)),
            entry("ecr-push-other-region.json", Set.of(ECR_PUSH)),
            entry("ecr-push-failure.json", NOWHERE),
            entry("ecr-delete.json", NOWHERE),
            entry("ecr-image-scan.json", NOWHERE),
            entry("ecs-deployment-in-progress.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-completed.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-failed.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-rollback-in-progress.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-rollback-completed.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-unknown-deployment.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-missing-fields.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-other-account.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-other-region.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-dated-1970.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-deployment-failed-other-service.json", Set.of(DEPLOYMENT_STATE)),
            entry("ecs-task-running.json", Set.of(TASK_STATE)),
            entry("ecs-task-running-other-digest.json", Set.of(TASK_STATE)),
            entry("ecs-task-stopped.json", Set.of(TASK_STATE)),
            entry("ecs-task-stopped-exit-code-over-int32.json", Set.of(TASK_STATE)),
            entry("ecs-task-pending.json", NOWHERE),
            entry("ecs-service-action-task-start-impaired.json", Set.of(SERVICE_ACTION)),
            entry("ecs-service-action-placement-failure.json", Set.of(SERVICE_ACTION)),
            entry("ecs-service-action-steady-state.json", NOWHERE),
            entry("ecs-unknown-event.json", NOWHERE),
            entry("ecs-hook-awaiting-action.json", Set.of(HOOK_STATE)),
            entry("dynamodb-stream-release-set-requested.json", Set.of(REQUESTED_SETS)),
            entry("dynamodb-stream-duplicate.json", Set.of(REQUESTED_SETS)),
            entry("dynamodb-stream-locked-environment.json", Set.of(REQUESTED_SETS)),
            entry("dynamodb-stream-malformed.json", Set.of(REQUESTED_SETS)),
            entry("dynamodb-stream-keys-only-insert.json", NOWHERE),
            entry("dynamodb-stream-release-set-in-progress.json", NOWHERE),
            entry("dynamodb-stream-remove-in-flight.json", NOWHERE),
            entry("ecr-push-malformed-digest.json", Set.of(ECR_PUSH)),
            entry("ecs-task-running-malformed-digest.json", Set.of(TASK_STATE)),
            // Requests of the dashboard's function URL and HTTP API: those reach it by address, no pattern.
            entry("function-url-get-home.json", NOWHERE),
            entry("http-api-get-status.json", NOWHERE),
            entry("schedule-sweeper.json", Set.of(SWEEP)));

    /** Truncated JSON, kept for the handlers' refusals: no AWS service sends such a thing, so it goes nowhere. */
    private static final Set<String> NOT_JSON = Set.of("ecr-push-truncated.json", "ecs-event-malformed.json");

    /** Routes of the template that no fixture reaches, and what checks their patterns instead. */
    private static final Map<Route, String> WITHOUT_FIXTURE = Map.of(FINISHED,
            "no fixture holds a finished deployment or release set; EventFilterTest matches the filters against records it builds");

    private static TemplateWiring wiring;

    @BeforeAll
    static void readTemplate() throws IOException {
        wiring = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml"));
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(Emulator.repositoryRoot().resolve("events"))) {
            return files.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void eachFixtureReachesExactlyTheRoutesMeantForIt(String fixture) {
        String text = Fixtures.event(fixture);
        if (NOT_JSON.contains(fixture)) {
            assertThat(json(text)).as("%s is listed as not JSON but reads as JSON: give it a row in ROUTES", fixture)
                    .isNull();
            return;
        }
        assertThat(ROUTES).as("events/%s has no row in ROUTES: write the routes meant for it", fixture)
                .containsKey(fixture);
        JsonNode event = json(text);
        assertThat(event).as("events/%s is not JSON", fixture).isNotNull();

        List<String> wrong = new ArrayList<>();
        if (event.has("Records")) {
            JsonNode records = event.get("Records");
            for (int i = 0; i < records.size(); i++) {
                compare(fixture + " Records[" + i + "]", ROUTES.get(fixture), streamRoutes(records.get(i)), wrong);
            }
        } else {
            compare(fixture, ROUTES.get(fixture), eventBridgeRoutes(event), wrong);
        }
        assertThat(wrong).withFailMessage("routed otherwise than ROUTES says:%n  %s", String.join("\n  ", wrong)).isEmpty();
    }

    @Test
    void everyRowIsAFixtureAndEveryRouteOfTheTemplateIsReachedOrSaysWhyNot() throws IOException {
        Set<String> present = new HashSet<>(fixtures().toList());
        Set<String> rows = new TreeSet<>(ROUTES.keySet());
        rows.addAll(NOT_JSON);
        rows.removeAll(present);
        assertThat(rows).as("rows for fixtures that events/ does not have").isEmpty();
        assertThat(ROUTES.keySet()).as("fixtures both routed and listed as not JSON").doesNotContainAnyElementsOf(NOT_JSON);

        Set<Route> template = templateRoutes();
        Set<Route> reached = new LinkedHashSet<>();
        ROUTES.values().forEach(reached::addAll);
        assertThat(template).as("routes ROUTES names that template.yaml does not have").containsAll(reached);
        assertThat(template).as("routes WITHOUT_FIXTURE names that template.yaml does not have")
                .containsAll(WITHOUT_FIXTURE.keySet());
        assertThat(reached).as("routes WITHOUT_FIXTURE names that a fixture reaches").doesNotContainAnyElementsOf(
                WITHOUT_FIXTURE.keySet());
        List<Route> unreached = template.stream().filter(r -> !reached.contains(r) && !WITHOUT_FIXTURE.containsKey(r)).toList();
        assertThat(unreached).as("routes of template.yaml that no fixture reaches (add a fixture, or say why in WITHOUT_FIXTURE)")
                .isEmpty();
    }

    private static void compare(String what, Set<Route> expected, Set<Route> actual, List<String> wrong) {
        actual.stream().filter(r -> !expected.contains(r)).forEach(r -> wrong.add(what + " reached " + r + ", meant for it: "
                + describe(expected)));
        expected.stream().filter(r -> !actual.contains(r)).forEach(r -> wrong.add(what + " missed " + r + ", reached: "
                + describe(actual)));
    }

    private static String describe(Set<Route> routes) {
        return routes.isEmpty() ? "nothing" : routes.toString();
    }

    /** A stream record goes to every subscription whose FilterCriteria it passes, as Lambda's event filtering decides. */
    private static Set<Route> streamRoutes(JsonNode record) {
        Set<Route> routes = new LinkedHashSet<>();
        wiring.streams().stream().filter(s -> EventFilter.anyMatches(s.filters(), record))
                .forEach(s -> routes.add(new Route(s.functionId(), s.eventName())));
        return routes;
    }

    /**
     * An EventBridge event goes to every rule of the default bus (where AWS services publish) whose
     * pattern matches, and to the schedule whose rule it names: SAM names a Schedule event's rule
     * {@code <stack>-<Function><Event>-<suffix>}, and the scheduled event lists that rule's ARN.
     */
    private static Set<Route> eventBridgeRoutes(JsonNode event) {
        Set<Route> routes = new LinkedHashSet<>();
        wiring.rules().stream().filter(r -> r.eventBus() == null && r.pattern().matches(event))
                .forEach(r -> routes.add(new Route(r.functionId(), r.eventName())));
        if ("aws.events".equals(event.path("source").asText()) && "Scheduled Event".equals(event.path("detail-type").asText())) {
            List<String> rules = StreamSupport.stream(event.path("resources").spliterator(), false)
                    .map(JsonNode::asText).filter(arn -> arn.contains(":rule/")).toList();
            wiring.schedules().stream()
                    .filter(s -> rules.stream().anyMatch(arn -> arn.contains("-" + s.functionId() + s.eventName() + "-")))
                    .forEach(s -> routes.add(new Route(s.functionId(), s.eventName())));
        }
        return routes;
    }

    private static Set<Route> templateRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        wiring.rules().forEach(r -> routes.add(new Route(r.functionId(), r.eventName())));
        wiring.streams().forEach(s -> routes.add(new Route(s.functionId(), s.eventName())));
        wiring.schedules().forEach(s -> routes.add(new Route(s.functionId(), s.eventName())));
        return routes;
    }

    /** The fixture's JSON, or null when it is not JSON. */
    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
