package dev.harbourmaster.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    private static final Path ROOT = Emulator.repositoryRoot();
    private static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    /** The functions this test runs, one test each: a new function of the template must be added here. */
    private static final Set<String> COVERED = Set.of("BuildRecorderFunction", "DeploymentRecorderFunction", "SweeperFunction",
            "DeployerFunction", "DomainEventsFunction", "DashboardFunction", "DashboardApiFunction");

    private static RuntimeTools tools;
    private static SamTemplate template;

    private final Emulator emulator = new Emulator();
    private final String table = emulator.newTable();
    private final Project project = Fixtures.exampleProject();
    private final RecordSeeder seeder = new RecordSeeder(emulator, table, project);
    @TempDir
    Path dir;
    /** The ECS deployment id of the deployment the recorder is to end, and the digest its release runs. */
    private String ours;
    private String oursRuns;
    /** The stack's bus, of this test only. */
    private final String bus = "hm-contract-" + java.util.UUID.randomUUID();

    @BeforeAll
    static void prepare() throws Exception {
        tools = RuntimeTools.prepare(ROOT);
        template = SamTemplate.read(ROOT.resolve("template.yaml"));
    }

    @BeforeEach
    void registerTheProject() {
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project);
    }

    @Test
    void everyFunctionOfTheTemplateIsRunHere() {
        assertThat(new TreeSet<>(LambdaFunction.logicalIds(template))).isEqualTo(new TreeSet<>(COVERED));
    }

    @Test
    void buildRecorderRecordsPushesAndRefusesWhatItDoesNotServe() {
        try (LambdaRuntime function = start("BuildRecorderFunction")) {
            assertOutcome(function, "ecr-push-success.json", "RECORDED", Change.CHANGED);
            assertThat(new DynamoDbBuildLedger(emulator.dynamo(), table).build("catalogue/id_minter", FIXTURE_DIGEST))
                    .get().extracting(Build::releaseHash).isEqualTo("3f9c2ab");
            assertOutcome(function, "ecr-push-success.json", "DUPLICATE", Change.NONE);
            assertOutcome(function, "ecr-push-second-tag.json", "TAG_ADDED", Change.CHANGED);
            assertOutcome(function, "ecr-push-unknown-repository.json", "UNASSIGNED", Change.CHANGED);
            assertOutcome(function, "ecr-push-no-release-hash.json", "RECORDED", Change.CHANGED);
            assertOutcome(function, "ecr-push-year-9999.json", "DUPLICATE", Change.NONE);
            for (String refused : List.of("ecr-push-malformed.json", "ecr-push-truncated.json", "ecr-push-forged-account.json",
                    "ecr-push-other-account.json", "ecr-push-other-region.json")) {
                assertOutcome(function, refused, "IGNORED", Change.NONE);
            }
            assertThat(function.initReportMillis()).as("the emulator's INIT REPORT line").isPresent();
        }
    }

    @Test
    void deploymentRecorderEndsOurDeploymentFromEcsEvents() {
        ReleaseSet set = idMinterDeploying(Duration.ofMinutes(5));
        ours = deploymentOf(set).ecsDeploymentId();
        oursRuns = set.releases().get(0).images().get(0).digest();
        try (LambdaRuntime function = start("DeploymentRecorderFunction")) {
            assertOutcome(function, ecs("ecs-deployment-in-progress.json"), "RECORDED", Change.CHANGED);
            assertOutcome(function, ecs("ecs-task-running.json"), "RECORDED", Change.CHANGED);
            String completed = ecs("ecs-deployment-completed.json");
            assertOutcome(function, completed, "RECORDED", Change.CHANGED);
            assertThat(deploymentOf(set).status()).isEqualTo(DeploymentStatus.COMPLETED);
            assertOutcome(function, completed, "DUPLICATE", Change.NONE);
            // A deployment the table does not know, seconds old: a function error, so that Lambda retries it
            // (the deployer may not have recorded its id yet); minutes old, it is recorded as out-of-band.
            Invocation early = function.invoke(ecs("ecs-deployment-unknown-deployment.json"));
            assertThat(early.errorType()).as(early.body()).contains("dev.harbourmaster.recorder.NotRecordedYetException");
            assertOutcome(function, ecs("ecs-deployment-unknown-deployment.json").replaceAll(
                    "\"(time|updatedAt)\": \"[^\"]+\"", "\"$1\": \"" + Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS) + "\""),
                    "OUT_OF_BAND", Change.CHANGED);
            for (String refused : List.of("ecs-deployment-other-account.json", "ecs-deployment-other-region.json",
                    "ecs-event-malformed.json", "ecs-deployment-missing-fields.json")) {
                assertOutcome(function, ecs(refused), "IGNORED", Change.NONE);
            }
            assertOutcome(function, Fixtures.event("ecs-deployment-dated-1970.json"), "IGNORED", Change.NONE);
        }
    }

    @Test
    void sweeperSettlesWhatNeverFinished() {
        ReleaseSet set = idMinterDeploying(Duration.ofHours(2));
        // The cluster, without the service: the sweeper asks ECS, which no longer knows the deployment.
        emulator.ecs().createCluster(b -> b.clusterName("catalogue-staging"));
        try (LambdaRuntime function = start("SweeperFunction")) {
            Invocation invocation = invoke(function, "schedule-sweeper.json", Change.CHANGED);
            assertThat(invocation.json().path("setsLookedAt").asInt()).as(invocation.body()).isEqualTo(1);
            assertThat(invocation.json().path("deploymentsClosed").asInt()).as(invocation.body()).isEqualTo(1);
            assertThat(deploymentOf(set).status().isFinal()).as("%s", deploymentOf(set).status()).isTrue();
        }
    }

    @Test
    void deployerTakesRequestedSetsThroughLambdasOwnDeserializer() throws IOException {
        for (String fixture : List.of("dynamodb-stream-release-set-requested.json", "dynamodb-stream-duplicate.json",
                "dynamodb-stream-malformed.json")) {
            putNewImages(fixture);
        }
        try (LambdaRuntime function = start("DeployerFunction")) {
            // Its release was never pushed to this table's ledger: refused, with the reason on the set.
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-release-set-requested.json", Change.CHANGED));
            assertThat(setItem("01M7W7GQ404KJVZA5S5YPG0MWZ").get("status").s()).isEqualTo(ReleaseSetStatus.REJECTED.name());
            assertThat(setItem("01M7W7GQ404KJVZA5S5YPG0MWZ").get("statusReason").s())
                    .contains("is not a release build-recorder recorded");
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-duplicate.json", Change.CHANGED));
            assertThat(setItem("01M7W7GQ40W955MCP9Q3466ZQ3").get("status").s()).isEqualTo(ReleaseSetStatus.REJECTED.name());
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-duplicate.json", Change.NONE));
            assertNoBatchItemFailures(invoke(function, "dynamodb-stream-malformed.json", Change.CHANGED));
            assertThat(setItem("01M7W7GQ40C3P9QDS9KP2Y1KEK").get("statusReason").s()).contains("is malformed");
        }
    }

    @Test
    void domainEventsAnnouncesAFinishedDeploymentFromItsStreamRecord() throws Exception {
        ReleaseSet set = idMinterDeploying(Duration.ofMinutes(5));
        Release release = set.releases().get(0);
        Map<String, AttributeValue> key = Map.of("PK", AttributeValue.fromS("RELEASESET#" + set.id()),
                "SK", AttributeValue.fromS("DEPLOYMENT#id_minter"));
        Map<String, AttributeValue> before = emulator.dynamo().getItem(b -> b.tableName(table).key(key)).item();
        seeder.record(set.id(), "id_minter", RecordSeeder.completed(release, Instant.now().minus(Duration.ofMinutes(4))));
        Map<String, AttributeValue> after = emulator.dynamo().getItem(b -> b.tableName(table).key(key)).item();
        try (BusQueue announced = new BusQueue(bus); LambdaRuntime function = start("DomainEventsFunction")) {
            assertNoBatchItemFailures(invoke(function, streamEvent(key, before, after), Change.NONE));
            JsonNode event = announced.receive(Duration.ofSeconds(20)).orElseThrow(() ->
                    new AssertionError("no event reached the bus; the function printed:\n" + String.join("\n", function.output())));
            assertThat(event.path("detail-type").asText()).isEqualTo("Deployment Finished");
            assertThat(event.path("detail").path("service").asText()).isEqualTo("id_minter");
            assertThat(event.path("detail").path("outcome").asText()).isEqualTo("COMPLETED");
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

    /** A dashboard function answers a request with a page: 200, its content type, and what the body must say. */
    private void assertPage(String logicalId, String request, String contentType, String... says) {
        try (LambdaRuntime function = start(logicalId)) {
            JsonNode response = invoke(function, request, Change.NONE).json();
            assertThat(response.path("statusCode").asInt()).as("%s", response).isEqualTo(200);
            assertThat(response.path("headers").path("Content-Type").asText()).startsWith(contentType);
            assertThat(response.path("body").asText()).contains(says);
        }
    }

    /** A set, requested {@code ago}, deploying id_minter 3f9c2ab to staging: started in ECS, nothing seen of it since. */
    private ReleaseSet idMinterDeploying(Duration ago) {
        Release release = seeder.release("id_minter", "3f9c2ab", Instant.now().minus(ago).minus(Duration.ofMinutes(5)));
        ReleaseSet set = seeder.request("staging", Instant.now().minus(ago), "alice", "contract", "pipeline", List.of(release));
        seeder.deploy(set, Map.of());
        return set;
    }

    private LambdaRuntime start(String logicalId) {
        Map<String, String> refs = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").forEach(id -> refs.put(id, table));
        refs.put("AWS::AccountId", "123456789012");
        template.resourcesOfType("AWS::Events::EventBus").forEach(id -> refs.put(id, bus));
        LambdaFunction function = LambdaFunction.of(template, logicalId, refs);
        Path taskRoot = TaskRoot.build(ROOT, logicalId, dir.resolve(logicalId), false);
        Map<String, String> aws = new LinkedHashMap<>();
        aws.put("AWS_ENDPOINT_URL", System.getenv("AWS_ENDPOINT_URL"));
        aws.put("AWS_REGION", "eu-west-1");
        aws.put("AWS_ACCESS_KEY_ID", "testing");
        aws.put("AWS_SECRET_ACCESS_KEY", "testing");
        return LambdaRuntime.start(tools, function, taskRoot, aws, line -> System.out.println(logicalId + " | " + line));
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
        List<String> before = items();
        Invocation invocation = function.invoke(event);
        assertThat(invocation.errorType()).as("%s: a function error:%n%s", name(fixture), invocation.body()).isEmpty();
        assertThat(invocation.httpStatus()).as("%s: HTTP status", name(fixture)).isEqualTo(200);
        assertThat(items().equals(before)).as("%s: the table is unchanged", name(fixture)).isEqualTo(change == Change.NONE);
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

    /** Writes each record's NewImage as the item it is: the state of the table the stream record reports. */
    private void putNewImages(String fixture) throws IOException {
        Json.MAPPER.readTree(Fixtures.event(fixture)).path("Records").forEach(record -> emulator.dynamo().putItem(b -> b.tableName(table)
                .item(DynamoJson.item(record.path("dynamodb").path("NewImage")))));
    }

    private Map<String, AttributeValue> setItem(String setId) {
        return emulator.dynamo().getItem(b -> b.tableName(table).key(Map.of("PK", AttributeValue.fromS("RELEASESET#" + setId),
                "SK", AttributeValue.fromS("RELEASESET")))).item();
    }

    /** The MODIFY record DynamoDB Streams gives Lambda for an item that changed from {@code before} to {@code after}. */
    private String streamEvent(Map<String, AttributeValue> key, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        var record = Json.MAPPER.createObjectNode().put("eventID", "c81e728d9d4c2f636f067f89cc14862c").put("eventName", "MODIFY")
                .put("eventVersion", "1.1").put("eventSource", "aws:dynamodb").put("awsRegion", "eu-west-1");
        var dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", Instant.now().getEpochSecond());
        dynamodb.set("Keys", DynamoJson.json(key));
        dynamodb.set("NewImage", DynamoJson.json(after));
        dynamodb.set("OldImage", DynamoJson.json(before));
        dynamodb.put("SequenceNumber", "4100000000021417654399").put("SizeBytes", 2048).put("StreamViewType", "NEW_AND_OLD_IMAGES");
        record.put("eventSourceARN", "arn:aws:dynamodb:eu-west-1:123456789012:table/" + table + "/stream/2026-11-20T10:00:00.000");
        var event = Json.MAPPER.createObjectNode();
        event.putArray("Records").add(record);
        return event.toString();
    }

    /** Every item of the table, as text, in order: what an invocation changed. */
    private List<String> items() {
        List<String> items = new ArrayList<>();
        emulator.dynamo().scanPaginator(b -> b.tableName(table)).items()
                .forEach(item -> items.add(new java.util.TreeMap<String, AttributeValue>(item).toString()));
        items.sort(null);
        return items;
    }

    /**
     * An ECS fixture dated now (the recorder ignores events over 15 days old), of the example
     * project's id_minter service in staging, naming our deployment where it names the story's.
     */
    private String ecs(String fixture) {
        String service = project.environment("staging").orElseThrow().ecsServiceNameOf(project.id(), "pipeline", "id_minter");
        return Fixtures.event(fixture).replaceAll("2026-11-20T[0-9:.]+Z", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("catalogue-pipeline-id-minter-staging", service)
                .replace("catalogue/id-minter", "catalogue/id_minter")
                .replace("\"id-minter\"", "\"id_minter\"")
                .replace(FIXTURE_DIGEST, oursRuns)
                .replace("ecs-svc/1111111111111111111", ours);
    }

    private Deployment deploymentOf(ReleaseSet set) {
        return new DynamoDbDeploymentRecords(emulator.dynamo(), table).setRecord(set.id()).orElseThrow()
                .deployment("id_minter").orElseThrow();
    }
}
