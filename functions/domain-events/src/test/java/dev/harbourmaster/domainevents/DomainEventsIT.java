package dev.harbourmaster.domainevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Target;

/**
 * The publisher on the emulator: release sets and deployments are written through the adapters
 * the deployer and the recorder use, the test reads the table's stream as Lambda would and hands
 * the records to the handler, and an EventBridge rule (source "harbourmaster") delivers what was
 * published to an SQS queue, which the test reads.
 */
class DomainEventsIT {

    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private EventBridgeClient eventBridge;
    private String bus;
    private SqsQueue queue;
    private DynamoDbReleaseSets releaseSets;
    private DynamoDbDeploymentRecords records;
    private TableStream stream;
    private DomainEventsHandler handler;
    private DomainEventsHandler withCdEvents;
    private String table;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        var dynamo = emulator.dynamo();
        releaseSets = new DynamoDbReleaseSets(dynamo, table);
        records = new DynamoDbDeploymentRecords(dynamo, table);
        eventBridge = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(emulator.counter())).build();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        bus = "hm-test-" + suffix;
        eventBridge.createEventBus(b -> b.name(bus));
        queue = new SqsQueue("hm-test-events-" + suffix);
        eventBridge.putRule(b -> b.name("harbourmaster-events").eventBusName(bus)
                .eventPattern("{\"source\": [\"harbourmaster\"]}"));
        eventBridge.putTargets(b -> b.rule("harbourmaster-events").eventBusName(bus)
                .targets(Target.builder().id("queue").arn(queue.arn()).build()));
        stream = new TableStream(dynamo, DynamoDbStreamsClient.builder().build(), table);
        stream.poll();
        handler = new DomainEventsHandler(DomainEventsWiring.of(new DomainEventsConfig(table, bus, "Harbourmaster"), dynamo, eventBridge)
                .withOutput(new EmbeddedMetrics("Harbourmaster", new PrintStream(metrics, true, StandardCharsets.UTF_8), Instant::now),
                        new Log("domain-events", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now))
                .domainEvents());
        withCdEvents = new DomainEventsHandler(DomainEventsWiring.of(new DomainEventsConfig(table, bus, "Harbourmaster", true),
                        dynamo, eventBridge)
                .withOutput(new EmbeddedMetrics("Harbourmaster", new PrintStream(metrics, true, StandardCharsets.UTF_8), Instant::now),
                        new Log("domain-events", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now))
                .domainEvents());
    }

    @AfterEach
    void tearDown() {
        queue.close();
        eventBridge.close();
    }

    private static Release release(String service, Instant createdAt) {
        return release(service, "3f9c2ab", createdAt);
    }

    private static Release release(String service, String hash, Instant createdAt) {
        String digest = "sha256:" + String.format("%064x", new BigInteger(1, (service + hash).getBytes(StandardCharsets.UTF_8)))
                .substring(0, 64);
        return new Release("catalogue", "pipeline", service, hash,
                List.of(new ReleaseImage(service, "catalogue/" + service, digest,
                        REGISTRY + "catalogue/" + service + "@" + digest, hash)),
                "catalogue/" + service, digest, createdAt, "change " + hash);
    }

    private ReleaseSet requested(Release... releases) {
        return requested(now, releases);
    }

    private ReleaseSet requested(Instant at, Release... releases) {
        ReleaseSet set = new ReleaseSet(Ulid.random(at), "catalogue", "staging", "pipeline", List.of(releases),
                ReleaseSetKind.DEPLOY, "alice@example.com", "ship the minter", at, ReleaseSetStatus.REQUESTED, null);
        assertThat(releaseSets.request(set)).isTrue();
        return set;
    }

    /** What the deployer writes for a service it rolled: the claim, then the ECS deployment. */
    private void started(ReleaseSet set, Release release, String ecsDeploymentId) {
        started(set, release, ecsDeploymentId, now);
    }

    private void started(ReleaseSet set, Release release, String ecsDeploymentId, Instant at) {
        Deployment claimed = Deployment.builder().releaseSetId(set.id()).projectId(set.projectId())
                .environmentId(set.environmentId()).serviceId(release.serviceId()).cluster("catalogue-staging")
                .ecsServiceName("catalogue-" + release.serviceId() + "-staging").releaseHash(release.releaseHash())
                .images(release.images())
                .previousTaskDefinition("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + release.serviceId() + ":1")
                .claimedAt(at);
        assertThat(releaseSets.startDeployment(claimed)).isTrue();
        releaseSets.updateDeployment(claimed.started(
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + release.serviceId() + ":2", ecsDeploymentId));
    }

    /** What the recorder writes when ECS tells more: the deployment decided again, and the set's outcome once all are final. */
    private void recorded(String releaseSetId, String service, DeploymentEvidence more) {
        DeploymentRecords.SetRecord read = records.setRecord(releaseSetId).orElseThrow();
        Deployment before = read.deployment(service).orElseThrow();
        Deployment after = before.withEvidence(more);
        List<Deployment> all = new ArrayList<>(read.deployments().stream().filter(d -> !d.serviceId().equals(service)).toList());
        all.add(after);
        ReleaseSetOutcome outcome = read.set().status() == ReleaseSetStatus.IN_PROGRESS
                ? ReleaseSetOutcome.of(read.set(), all).orElse(null) : null;
        assertThat(records.record(new DeploymentRecords.Change(read, before, after, outcome, null, null, null, null))).isTrue();
    }

    private static DeploymentEvidence ranTheRelease(Release release, Instant at) {
        return DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.COMPLETED, at, "ECS deployment completed", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/catalogue-staging/abc", 3, "RUNNING",
                        null, List.of(new TaskEvidence.ContainerEvidence(release.serviceId(), release.images().get(0).digest(),
                        null, null)), null, null, at.minusSeconds(30), null));
    }

    private StreamsEventResponse deliver() {
        return handler.handleRequest(stream.poll(), null);
    }

    private List<String> logMessages() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line).path("message").asText();
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    private static Map<String, JsonNode> byService(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("detail-type").asText().equals("Deployment Finished"))
                .collect(Collectors.toMap(e -> e.path("detail").path("service").asText(), Function.identity()));
    }

    @Test
    void aSetThatEndsIsToldOnTheBusWithEachDeploymentOnceAndOnlyOnce() {
        Release minter = release("id_minter", now.minus(Duration.ofHours(1)));
        Release ingestor = release("ingestor", now.minus(Duration.ofHours(2)));
        ReleaseSet set = requested(minter, ingestor);
        assertThat(releaseSets.claim(set, now, now.plus(Duration.ofHours(2)))).isEqualTo(ReleaseSets.Claim.CLAIMED);
        started(set, minter, "ecs-svc/1111111111111111111");
        started(set, ingestor, "ecs-svc/2222222222222222222");
        assertThat(deliver().getBatchItemFailures()).isEmpty();
        assertThat(queue.receive(1, Duration.ofMillis(500))).as("nothing has finished yet").isEmpty();

        Instant completedAt = now.plusSeconds(240);
        recorded(set.id(), "id_minter", ranTheRelease(minter, completedAt));
        recorded(set.id(), "ingestor", DeploymentEvidence.NONE.withReport(new EcsReport(EcsReport.FAILED, now.plusSeconds(300),
                "ECS deployment circuit breaker: tasks failed to start", "event")));
        // More evidence for a deployment that already ended: written again with the same status.
        recorded(set.id(), "id_minter", DeploymentEvidence.NONE.withNotice(new ServiceNotice("notice-1",
                now.plusSeconds(320), "INFO", "SERVICE_STEADY_STATE", List.of())));
        emulator.resetCalls();
        StreamsEventResponse response = deliver();

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> events = queue.receive(3, Duration.ofSeconds(10));
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(e -> assertThat(e.path("source").asText()).isEqualTo("harbourmaster"));
        assertThat(events).extracting(e -> e.path("detail-type").asText())
                .containsExactlyInAnyOrder("Deployment Finished", "Deployment Finished", "Release Set Finished");

        JsonNode completed = byService(events).get("id_minter").path("detail");
        assertThat(completed.path("project").asText()).isEqualTo("catalogue");
        assertThat(completed.path("environment").asText()).isEqualTo("staging");
        assertThat(completed.path("releaseSet").asText()).isEqualTo(set.id());
        assertThat(completed.path("releaseHash").asText()).isEqualTo("3f9c2ab");
        assertThat(completed.path("images").get(0).path("digest").asText()).isEqualTo(minter.images().get(0).digest());
        assertThat(completed.path("images").get(0).path("image").asText()).isEqualTo(minter.images().get(0).image());
        assertThat(completed.path("ecsDeploymentId").asText()).isEqualTo("ecs-svc/1111111111111111111");
        assertThat(completed.path("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(completed.path("previousOutcome").asText()).isEqualTo("IN_PROGRESS");
        assertThat(completed.path("reason").asText()).startsWith("ECS reported COMPLETED and 1 task ran");
        assertThat(completed.path("kind").asText()).isEqualTo("DEPLOY");
        assertThat(completed.path("requestedBy").asText()).isEqualTo("alice@example.com");
        assertThat(completed.path("description").asText()).isEqualTo("ship the minter");
        assertThat(completed.path("startedAt").asText()).isEqualTo(Times.format(now));
        assertThat(completed.path("endedAt").asText()).isEqualTo(Times.format(completedAt));
        assertThat(completed.path("durationMs").asLong()).isEqualTo(240_000);
        assertThat(completed.path("leadTimeMs").asLong()).isEqualTo(Duration.ofHours(1).plusSeconds(240).toMillis());

        JsonNode failed = byService(events).get("ingestor").path("detail");
        assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.path("reason").asText()).contains("circuit breaker: tasks failed to start");
        assertThat(failed.has("leadTimeMs")).isFalse();
        assertThat(failed.path("durationMs").asLong()).isEqualTo(300_000);

        JsonNode finished = events.stream().filter(e -> e.path("detail-type").asText().equals("Release Set Finished"))
                .findFirst().orElseThrow().path("detail");
        assertThat(finished.path("releaseSet").asText()).isEqualTo(set.id());
        assertThat(finished.path("serviceSet").asText()).isEqualTo("pipeline");
        assertThat(finished.path("outcome").asText()).isEqualTo("PARTIAL");
        assertThat(finished.path("previousOutcome").asText()).isEqualTo("IN_PROGRESS");
        assertThat(finished.path("reason").asText()).startsWith("1 of 2 failed: ingestor FAILED");
        assertThat(finished.path("requestedAt").asText()).isEqualTo(Times.format(now));
        assertThat(finished.path("services")).hasSize(2);
        assertThat(finished.path("services").get(0).path("service").asText()).isEqualTo("id_minter");
        assertThat(finished.path("services").get(0).path("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(finished.path("services").get(1).path("service").asText()).isEqualTo("ingestor");
        assertThat(finished.path("services").get(1).path("outcome").asText()).isEqualTo("FAILED");
        assertThat(finished.path("services").get(1).path("reason").asText()).contains("tasks failed to start");

        assertThat(emulator.calls()).containsExactlyInAnyOrder("DynamoDb:GetItem", "DynamoDb:Query", "EventBridge:PutEvents");
        assertThat(logMessages()).filteredOn(m -> m.endsWith("finished"))
                .containsExactlyInAnyOrder("deployment finished", "deployment finished", "release set finished");
        assertThat(metrics.toString(StandardCharsets.UTF_8).lines()).hasSize(3);

        assertThat(deliver().getBatchItemFailures()).isEmpty();
        assertThat(queue.receive(1, Duration.ofMillis(500))).as("nothing new was written").isEmpty();
    }

    @Test
    void aRejectedSetAndAServiceThatAlreadyRanItsReleaseAreToldToo() {
        Release minter = release("id_minter", now.minus(Duration.ofHours(1)));
        ReleaseSet rejected = requested(minter, release("ingestor", now.minus(Duration.ofHours(1))));
        assertThat(releaseSets.reject(rejected.id(), "catalogue/staging is locked by bob@example.com")).isTrue();
        ReleaseSet running = requested(minter);
        Deployment unchanged = Deployment.builder().releaseSetId(running.id()).projectId("catalogue")
                .environmentId("staging").serviceId("id_minter").cluster("catalogue-staging")
                .ecsServiceName("catalogue-id_minter-staging").releaseHash("3f9c2ab").images(minter.images())
                .previousTaskDefinition("td:1").claimedAt(now)
                .ended(DeploymentStatus.UNCHANGED, "the service already runs the release", now);
        assertThat(releaseSets.startDeployment(unchanged)).isTrue();

        assertThat(deliver().getBatchItemFailures()).isEmpty();

        List<JsonNode> events = queue.receive(2, Duration.ofSeconds(10));
        assertThat(events).hasSize(2);
        JsonNode set = events.stream().filter(e -> e.path("detail-type").asText().equals("Release Set Finished"))
                .findFirst().orElseThrow().path("detail");
        assertThat(set.path("releaseSet").asText()).isEqualTo(rejected.id());
        assertThat(set.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(set.path("previousOutcome").asText()).isEqualTo("REQUESTED");
        assertThat(set.path("reason").asText()).isEqualTo("catalogue/staging is locked by bob@example.com");
        assertThat(set.path("services")).extracting(s -> s.path("service").asText() + " " + s.has("outcome"))
                .containsExactly("id_minter false", "ingestor false");
        JsonNode deployment = byService(events).get("id_minter").path("detail");
        assertThat(deployment.path("releaseSet").asText()).isEqualTo(running.id());
        assertThat(deployment.path("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(deployment.has("previousOutcome")).as("written final at once").isFalse();
        assertThat(deployment.has("leadTimeMs")).isFalse();
        assertThat(deployment.path("kind").asText()).isEqualTo("DEPLOY");
    }

    // CDEvents

    private List<JsonNode> cdEvents(int expected) {
        List<JsonNode> events = queue.receive(expected, Duration.ofSeconds(10));
        assertThat(events).allSatisfy(e -> assertThat(e.path("source").asText()).isEqualTo("harbourmaster"));
        List<JsonNode> cdEvents = events.stream().filter(e -> e.path("detail-type").asText().startsWith("dev.cdevents.")).toList();
        assertThat(cdEvents).allSatisfy(e -> {
            assertThat(e.path("detail").path("context").path("type").asText()).isEqualTo(e.path("detail-type").asText());
            assertThat(CdEventSchemas.errors(e.path("detail"))).as("the v0.5.1 schema's verdict on " + e.path("detail")).isEmpty();
        });
        return cdEvents;
    }

    @Test
    void aDeploymentEcsRolledBackIsServiceRolledbackOnTheBusToTheReleaseThatRanBefore() {
        Instant earlier = now.minus(Duration.ofHours(3));
        Release good = release("id_minter", "1a2b3c4", earlier.minus(Duration.ofMinutes(10)));
        ReleaseSet first = requested(earlier, good);
        assertThat(releaseSets.claim(first, earlier, earlier.plus(Duration.ofHours(2)))).isEqualTo(ReleaseSets.Claim.CLAIMED);
        started(first, good, "ecs-svc/1111111111111111111", earlier);
        recorded(first.id(), "id_minter", ranTheRelease(good, earlier.plusSeconds(120)));
        assertThat(withCdEvents.handleRequest(stream.poll(), null).getBatchItemFailures()).isEmpty();
        List<JsonNode> deployed = cdEvents(3);
        assertThat(deployed).extracting(e -> e.path("detail-type").asText())
                .containsExactly("dev.cdevents.service.deployed.0.3.0");

        Release bad = release("id_minter", "9e8d7c6", now.minus(Duration.ofMinutes(5)));
        ReleaseSet second = requested(bad);
        assertThat(releaseSets.claim(second, now, now.plus(Duration.ofHours(2)))).isEqualTo(ReleaseSets.Claim.CLAIMED);
        started(second, bad, "ecs-svc/2222222222222222222");
        recorded(second.id(), "id_minter", RecordSeeder.rolledBack(bad, now));
        StreamsEventResponse response = withCdEvents.handleRequest(stream.poll(), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> told = cdEvents(3);
        assertThat(told).hasSize(1);
        JsonNode rolledBack = told.getFirst();
        JsonNode event = rolledBack.path("detail");
        assertThat(rolledBack.path("detail-type").asText()).isEqualTo("dev.cdevents.service.rolledback.0.3.0");
        assertThat(event.path("context").path("specversion").asText()).isEqualTo("0.5.1");
        assertThat(event.path("context").path("source").asText()).isEqualTo("/harbourmaster/" + table);
        assertThat(event.path("subject").path("id").asText()).isEqualTo("catalogue/staging/id_minter");
        assertThat(event.path("subject").path("content").path("environment").path("id").asText()).isEqualTo("catalogue/staging");
        assertThat(event.path("subject").path("content").path("artifactId").asText())
                .as("what runs again: the release of the deployment before")
                .isEqualTo(OciPurl.ofImage(good.images().get(0).image(), good.images().get(0).digest()));
        JsonNode custom = event.path("customData");
        assertThat(custom.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(custom.path("releaseSet").asText()).isEqualTo(second.id());
        assertThat(custom.path("releaseHash").asText()).isEqualTo("9e8d7c6");
        assertThat(custom.path("ecsDeploymentId").asText()).isEqualTo("ecs-svc/2222222222222222222");
        assertThat(custom.path("reason").asText()).isNotBlank();
        assertThat(custom.path("attemptedArtifactId").asText())
                .isEqualTo(OciPurl.ofImage(bad.images().get(0).image(), bad.images().get(0).digest()));
        assertThat(custom.path("rolledBackToReleaseSet").asText()).isEqualTo(first.id());
    }

    @Test
    void aRecordedBuildAndAnAppliedEnvironmentAreCdEventsOnTheBus() {
        String digest = "sha256:" + "d".repeat(64);
        Build build = new Build("catalogue/id_minter", digest, REGISTRY + "catalogue/id_minter", Set.of("3f9c2ab"), now,
                "3f9c2ab", new ImageMetadata("3f9c2ab1d0e4", "https://github.com/example/catalogue", null, "change 3f9c2ab"),
                BuildState.UNASSIGNED);
        assertThat(new DynamoDbBuildLedger(emulator.dynamo(), table).recordNewBuild(build, List.of(), List.of())).isTrue();
        Project project = new Project("catalogue", "Catalogue", ReleaseHashRule.DEFAULT,
                List.of(new Environment("staging", "Staging", "catalogue-staging", Environment.DEFAULT_ECS_SERVICE_NAME, true)),
                List.of(new ServiceSet("pipeline", "Pipeline", List.of(new Service("id_minter", "ID minter",
                        List.of(new Container("id_minter", "catalogue/id_minter")))))));
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project, new Catalogue.AppliedBy("alice@example.com", null, now));

        StreamsEventResponse response = withCdEvents.handleRequest(stream.poll(), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> events = cdEvents(2);
        assertThat(events).extracting(e -> e.path("detail-type").asText())
                .containsExactlyInAnyOrder("dev.cdevents.artifact.published.0.3.0", "dev.cdevents.environment.created.0.3.0");
        JsonNode published = events.stream().filter(e -> e.path("detail-type").asText().contains("artifact")).findFirst()
                .orElseThrow().path("detail");
        assertThat(published.path("subject").path("id").asText())
                .isEqualTo("pkg:oci/id_minter@sha256%3A" + "d".repeat(64) + "?repository_url=" + REGISTRY + "catalogue/id_minter");
        JsonNode created = events.stream().filter(e -> e.path("detail-type").asText().contains("environment")).findFirst()
                .orElseThrow().path("detail");
        assertThat(created.path("subject").path("id").asText()).isEqualTo("catalogue/staging");
        assertThat(created.path("customData").path("appliedBy").asText()).isEqualTo("alice@example.com");
        assertThat(queue.receive(1, Duration.ofMillis(500))).as("the project, set, service and feed items tell nothing").isEmpty();
    }
}
