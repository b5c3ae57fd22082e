package dev.harbourmaster.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.githubdeployments.LoopbackGitHub;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The runtime contract: every function of template.yaml, run as Lambda's java21 runtime runs it
 * (AWS's Runtime Interface Emulator in front of the Java runtime interface client, on Java 21, with
 * the launcher's flags, the Handler, memory, timeout and environment the template gives it, and the
 * jar the Makefile's build-&lt;LogicalId&gt; ships), fed each fixture of events/ meant for it, against
 * the emulator. It is what no in-process test checks: handler strings, no-argument constructors, the
 * environment, class loading from lib/*.jar, and Lambda's own deserializer for typed events.
 */
class RuntimeContractIT {

    /** The functions this test runs, one test each: a new function of the template must be added here. */
    private static final Set<String> COVERED = Set.of("BuildRecorderFunction", "DeploymentRecorderFunction", "SweeperFunction",
            "DeployerFunction", "DomainEventsFunction", "GitHubDeploymentsFunction", "DashboardFunction", "DashboardApiFunction");

    private static TemplateFunctions functions;

    private ContractWorld world = ContractWorld.registered();
    @TempDir
    Path dir;

    @BeforeAll
    static void prepare() {
        functions = TemplateFunctions.prepare();
    }

    @Test
    void everyFunctionOfTheTemplateIsRunHere() {
        assertThat(new TreeSet<>(functions.logicalIds())).isEqualTo(new TreeSet<>(COVERED));
    }

    @Test
    void buildRecorderRecordsPushesAndRefusesWhatItDoesNotServe() {
        try (LambdaRuntime function = start("BuildRecorderFunction")) {
            assertOutcome(function, "ecr-push-success.json", "RECORDED", Change.CHANGED);
            assertThat(new DynamoDbBuildLedger(world.emulator.dynamo(), world.table).build("catalogue/id_minter", ContractWorld.FIXTURE_DIGEST))
                    .get().extracting(Build::releaseHash).isEqualTo("3f9c2ab");
            assertOutcome(function, "ecr-push-success.json", "DUPLICATE", Change.NONE);
            assertOutcome(function, "ecr-push-second-tag.json", "TAG_ADDED", Change.CHANGED);
            assertOutcome(function, "ecr-push-unknown-repository.json", "UNASSIGNED", Change.CHANGED);
            assertOutcome(function, "ecr-push-no-release-hash.json", "RECORDED", Change.CHANGED);
            assertOutcome(function, "ecr-push-year-9999.json", "DUPLICATE", Change.NONE);
            for (String refused : List.of("ecr-push-malformed.json", "ecr-push-truncated.json", "ecr-push-forged-account.json",
                    "ecr-push-other-account.json", "ecr-push-other-region.json", "ecr-push-malformed-digest.json")) {
                assertOutcome(function, refused, "IGNORED", Change.NONE);
            }
            assertThat(function.initReportMillis()).as("the emulator's INIT REPORT line").isPresent();
        }
    }

    @Test
    void deploymentRecorderEndsOurDeploymentFromEcsEvents() {
        ReleaseSet set = world.idMinterDeploying(Duration.ofMinutes(5));
        try (LambdaRuntime function = start("DeploymentRecorderFunction")) {
            assertOutcome(function, ecs("ecs-deployment-in-progress.json", set), "RECORDED", Change.CHANGED);
            assertOutcome(function, ecs("ecs-task-running.json", set), "RECORDED", Change.CHANGED);
            String completed = ecs("ecs-deployment-completed.json", set);
            assertOutcome(function, completed, "RECORDED", Change.CHANGED);
            assertThat(world.deploymentOf(set).status()).isEqualTo(DeploymentStatus.COMPLETED);
            assertOutcome(function, completed, "DUPLICATE", Change.NONE);
            // A deployment the table does not know, seconds old: a function error, so that Lambda retries it
            // (the deployer may not have recorded its id yet); minutes old, it is recorded as out-of-band.
            Invocation early = function.invoke(ecs("ecs-deployment-unknown-deployment.json", null));
            assertThat(early.errorType()).as(early.body()).contains("dev.harbourmaster.recorder.NotRecordedYetException");
            assertOutcome(function, world.ecs("ecs-deployment-unknown-deployment.json", null, Instant.now().minus(Duration.ofMinutes(5))),
                    "OUT_OF_BAND", Change.CHANGED);
            for (String refused : List.of("ecs-deployment-other-account.json", "ecs-deployment-other-region.json",
                    "ecs-event-malformed.json", "ecs-deployment-missing-fields.json", "ecs-unknown-event.json")) {
                assertOutcome(function, ecs(refused, null), "IGNORED", Change.NONE);
            }
            assertOutcome(function, Fixtures.event("ecs-deployment-dated-1970.json"), "IGNORED", Change.NONE);
        }
    }

    @Test
    void deploymentRecorderRecordsAFailureAndTheCircuitBreakersRollbackWithTheCause() {
        ReleaseSet set = world.idMinterDeploying(Duration.ofMinutes(5));
        try (LambdaRuntime function = start("DeploymentRecorderFunction")) {
            for (String step : List.of("ecs-deployment-in-progress.json", "ecs-task-pending.json", "ecs-task-stopped.json",
                    "ecs-service-action-task-start-impaired.json", "ecs-deployment-failed.json", "ecs-deployment-rollback-in-progress.json")) {
                assertOutcome(function, ecs(step, set), "RECORDED", Change.CHANGED);
            }
            Deployment rolledBack = world.deploymentOf(set);
            assertThat(rolledBack.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
            assertThat(rolledBack.reason()).contains("ECS circuit breaker rolled back", "task failed to start", "exit code 1");
            assertThat(world.seeder.releaseSets().releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.FAILED);
            assertOutcome(function, ecs("ecs-deployment-rollback-completed.json", set), "RECORDED", Change.CHANGED);
            assertThat(world.deploymentOf(set).evidence().rollback().state()).isEqualTo("COMPLETED");
            // The same task's stop reported again (with an exit code past int32): already known.
            assertOutcome(function, ecs("ecs-task-stopped-exit-code-over-int32.json", set), "DUPLICATE", Change.NONE);
        }
    }

    @Test
    void sweeperSettlesWhatNeverFinished() {
        ReleaseSet set = world.idMinterDeploying(Duration.ofHours(2));
        // The cluster, without the service: the sweeper asks ECS, which no longer knows the deployment.
        world.emulator.ecs().createCluster(b -> b.clusterName("catalogue-staging"));
        try (LambdaRuntime function = start("SweeperFunction")) {
            Invocation invocation = invoke(function, "schedule-sweeper.json", Change.CHANGED);
            assertThat(invocation.json().path("setsLookedAt").asInt()).as(invocation.body()).isEqualTo(1);
            assertThat(invocation.json().path("deploymentsClosed").asInt()).as(invocation.body()).isEqualTo(1);
            assertThat(world.deploymentOf(set).status().isFinal()).as("%s", world.deploymentOf(set).status()).isTrue();
        }
    }

    @Test
    void deployerRollsARequestedSetToItsReleaseDigests() {
        world = ContractWorld.withStagingServices();
        Instant at = Instant.now().minus(Duration.ofMinutes(1));
        List<Release> releases = List.of(world.seeder.release("id_minter", "3f9c2ab", at), world.seeder.release("ingestor", "3f9c2ab", at));
        releases.forEach(release -> RecordSeeder.recorded(world.emulator.dynamo(), world.table, release));
        ReleaseSet set = world.seeder.request("staging", at, "alice", "contract", "pipeline", releases);
        Map<String, AttributeValue> key = ContractWorld.key("RELEASESET#" + set.id(), "RELEASESET");
        String inserted = world.streamEvent(key, null, world.item("RELEASESET#" + set.id(), "RELEASESET"));
        try (LambdaRuntime function = start("DeployerFunction")) {
            assertNoBatchItemFailures(invoke(function, inserted, Change.CHANGED));
            assertThat(world.setItem(set.id()).get("status").s()).isEqualTo(ReleaseSetStatus.IN_PROGRESS.name());
            for (Release release : releases) {
                assertThat(world.runningImage(release.serviceId())).isEqualTo(release.images().get(0).image());
            }
            assertThat(world.seeder.releaseSets().deployments(set.id())).extracting(Deployment::ecsDeploymentId)
                    .allSatisfy(id -> assertThat(id).startsWith("ecs-svc/"));
            assertNoBatchItemFailures(invoke(function, inserted, Change.NONE));
        }
    }

    @Test
    void deployerTakesRequestedSetsThroughLambdasOwnDeserializer() {
        for (String fixture : List.of("dynamodb-stream-release-set-requested.json", "dynamodb-stream-duplicate.json",
                "dynamodb-stream-malformed.json")) {
            world.putNewImages(fixture);
        }
        try (LambdaRuntime function = start("DeployerFunction")) {
            // Its release was never pushed to this table's ledger: refused, with the reason on the set.
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-release-set-requested.json", Change.CHANGED));
            assertThat(world.setItem("01M7W7GQ404KJVZA5S5YPG0MWZ").get("status").s()).isEqualTo(ReleaseSetStatus.REJECTED.name());
            assertThat(world.setItem("01M7W7GQ404KJVZA5S5YPG0MWZ").get("statusReason").s())
                    .contains("is not a release build-recorder recorded");
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-duplicate.json", Change.CHANGED));
            assertThat(world.setItem("01M7W7GQ40W955MCP9Q3466ZQ3").get("status").s()).isEqualTo(ReleaseSetStatus.REJECTED.name());
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-duplicate.json", Change.NONE));
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-malformed.json", Change.CHANGED));
            assertThat(world.setItem("01M7W7GQ40C3P9QDS9KP2Y1KEK").get("statusReason").s()).contains("is malformed");
        }
    }

    @Test
    void domainEventsAnnouncesAFinishedDeploymentFromItsStreamRecord() throws Exception {
        ReleaseSet set = world.idMinterDeploying(Duration.ofMinutes(5));
        Release release = set.releases().get(0);
        Map<String, AttributeValue> key = ContractWorld.key("RELEASESET#" + set.id(), "DEPLOYMENT#id_minter");
        Map<String, AttributeValue> before = world.item("RELEASESET#" + set.id(), "DEPLOYMENT#id_minter");
        world.seeder.record(set.id(), "id_minter", RecordSeeder.completed(release, Instant.now().minus(Duration.ofMinutes(4))));
        Map<String, AttributeValue> after = world.item("RELEASESET#" + set.id(), "DEPLOYMENT#id_minter");
        try (BusQueue announced = new BusQueue(world.bus); LambdaRuntime function = start("DomainEventsFunction")) {
            assertNoBatchItemFailures(invoke(function, world.streamEvent(key, before, after), Change.NONE));
            JsonNode event = announced.receive(Duration.ofSeconds(20)).orElseThrow(() ->
                    new AssertionError("no event reached the bus; the function printed:\n" + String.join("\n", function.output())));
            assertThat(event.path("detail-type").asText()).isEqualTo("Deployment Finished");
            assertThat(event.path("detail").path("service").asText()).isEqualTo("id_minter");
            assertThat(event.path("detail").path("outcome").asText()).isEqualTo("COMPLETED");
        }
    }

    /**
     * GitHubDeploymentsFunction as a stack with GitHubTokenSecret has it: the token's secret in the
     * emulator, GitHub on a loopback port (GITHUB_API_URL, as local mode sets it), a set requested
     * of an image built from a github.com repository.
     */
    @Test
    void githubDeploymentsTellsGitHubOfARequestedSet() {
        String token = "github_pat_contract";
        String secret = "harbourmaster/github-" + UUID.randomUUID();
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
             LoopbackGitHub github = new LoopbackGitHub(token)) {
            secrets.createSecret(b -> b.name(secret).secretString(token));
            ReleaseSet set = world.requestedOfAGitHubRepository();
            Map<String, AttributeValue> key = ContractWorld.key("RELEASESET#" + set.id(), "RELEASESET");
            Map<String, AttributeValue> requested = world.item("RELEASESET#" + set.id(), "RELEASESET");

            LambdaFunction templates = functions.function("GitHubDeploymentsFunction", world.table, world.bus);
            LambdaFunction configured = templates.withEnvironment(Map.of("GITHUB_TOKEN_SECRET", secret,
                    "GITHUB_API_URL", github.url()));
            try (LambdaRuntime function = functions.start(configured, TemplateFunctions.taskRoot(templates.logicalId(), dir),
                    line -> System.out.println("GitHubDeploymentsFunction | " + line))) {
                assertNoBatchItemFailures(invoke(function, world.streamEvent(key, null, requested), Change.NONE));
            }
            assertThat(github.problems()).isEmpty();
            assertThat(github.deployments(ContractWorld.GITHUB_REPOSITORY)).singleElement()
                    .satisfies(d -> assertThat(github.states(d.path("id").asLong())).containsExactly("in_progress"));
        }
    }

    @Test
    void dashboardAnswersItsFunctionUrl() {
        assertPage("DashboardFunction", "function-url-get-home.json", "text/html", "<h1>Catalogue</h1>", "id_minter");
    }

    @Test
    void dashboardApiAnswersItsHttpApi() {
        assertPage("DashboardApiFunction", "http-api-get-status.json", "application/json", "\"schemaVersion\"", "id_minter");
    }

    /** What makes a wrong Handler string in template.yaml fail this test: the runtime's error, which RIE answers with HTTP 200. */
    @Test
    void aHandlerThatNamesNoClassIsAFunctionError() {
        LambdaFunction right = functions.function("BuildRecorderFunction", world.table, world.bus);
        LambdaFunction wrong = new LambdaFunction(right.logicalId(), right.handler().replace("BuildRecorderHandler", "BuildRecorder"),
                right.memoryMb(), right.timeoutSeconds(), right.logFormat(), right.environment());
        try (LambdaRuntime function = functions.start(wrong, TemplateFunctions.taskRoot(right.logicalId(), dir), line -> {})) {
            Invocation invocation = function.invoke(Fixtures.event("ecr-push-success.json"));
            assertThat(invocation.httpStatus()).isEqualTo(200);
            assertThat(invocation.errorType()).as(invocation.body()).isPresent();
            assertThat(invocation.body()).contains("BuildRecorder");
        }
    }

    /** A function answers a request with a page: 200, its content type, and what the body must say. */
    private void assertPage(String logicalId, String request, String contentType, String... says) {
        try (LambdaRuntime function = start(logicalId)) {
            JsonNode response = invoke(function, request, Change.NONE).json();
            assertThat(response.path("statusCode").asInt()).as("%s", response).isEqualTo(200);
            assertThat(response.path("headers").path("Content-Type").asText()).startsWith(contentType);
            assertThat(response.path("body").asText()).contains(says);
        }
    }

    private LambdaRuntime start(String logicalId) {
        return functions.start(logicalId, world.table, world.bus, dir);
    }

    /** An ECS fixture dated now, speaking of {@code set}'s deployment (null: of no deployment of ours). */
    private String ecs(String fixture, ReleaseSet set) {
        return world.ecs(fixture, set, Instant.now());
    }

    enum Change { CHANGED, NONE }

    /** Invokes with a fixture (a name in events/, or the event's text) and holds its outcome and what it did to the table. */
    private void assertOutcome(LambdaRuntime function, String fixture, String outcome, Change change) {
        Invocation invocation = invoke(function, fixture, change);
        assertThat(invocation.json().path("outcome").asText()).as("%s: outcome of %s", name(fixture), invocation.body())
                .isEqualTo(outcome);
    }

    /** Invokes with a fixture (a name in events/, or the event's text): it must answer, and change the table or not. */
    private Invocation invoke(LambdaRuntime function, String fixture, Change change) {
        String event = fixture.endsWith(".json") ? Fixtures.event(fixture) : fixture;
        List<String> before = world.items();
        Invocation invocation = function.invoke(event);
        assertThat(invocation.errorType()).as("%s: a function error:%n%s", name(fixture), invocation.body()).isEmpty();
        assertThat(invocation.httpStatus()).as("%s: HTTP status", name(fixture)).isEqualTo(200);
        assertThat(world.items().equals(before)).as("%s: the table is unchanged", name(fixture)).isEqualTo(change == Change.NONE);
        return invocation;
    }

    private static String name(String fixture) {
        return fixture.endsWith(".json") ? fixture : "the event";
    }

    /** A stream function's answer: Lambda's partial batch response, here with no failed record. */
    private static void assertNoBatchItemFailures(Invocation invocation) {
        JsonNode failures = invocation.json().path("batchItemFailures");
        assertThat(failures.isArray()).as("batchItemFailures in %s", invocation.body()).isTrue();
        assertThat(failures).as("batchItemFailures in %s", invocation.body()).isEmpty();
    }
}
