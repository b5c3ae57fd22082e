package dev.harbourmaster.domainevents;

import static dev.harbourmaster.domainevents.StreamFixtures.DIGEST;
import static dev.harbourmaster.domainevents.StreamFixtures.ENDED;
import static dev.harbourmaster.domainevents.StreamFixtures.IMAGE;
import static dev.harbourmaster.domainevents.StreamFixtures.SET_ID;
import static dev.harbourmaster.domainevents.StreamFixtures.STARTED;
import static dev.harbourmaster.domainevents.StreamFixtures.deployment;
import static dev.harbourmaster.domainevents.StreamFixtures.domainSet;
import static dev.harbourmaster.domainevents.StreamFixtures.event;
import static dev.harbourmaster.domainevents.StreamFixtures.keys;
import static dev.harbourmaster.domainevents.StreamFixtures.m;
import static dev.harbourmaster.domainevents.StreamFixtures.record;
import static dev.harbourmaster.domainevents.StreamFixtures.releaseSet;
import static dev.harbourmaster.domainevents.StreamFixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.StoredText;
import dev.harbourmaster.testing.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

class DomainEventsHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:04:07.250Z");
    private static final String BUS = "harbourmaster-test";

    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final EventBridgeClient eventBridge = mock(EventBridgeClient.class);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();
    private final DomainEventsHandler handler = new DomainEventsHandler(DomainEventsWiring
            .of(new DomainEventsConfig("table", BUS, "Harbourmaster"), mock(DynamoDbClient.class), eventBridge)
            .withReleaseSets(releaseSets)
            .withOutput(new EmbeddedMetrics("Harbourmaster", new PrintStream(metrics, true, StandardCharsets.UTF_8), () -> NOW),
                    new Log("domain-events", new PrintStream(logs, true, StandardCharsets.UTF_8), () -> NOW))
            .domainEvents());

    @BeforeEach
    void everyEntryIsAcceptedAndTheSetIsThere() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> accepted(call.getArgument(0)));
        when(releaseSets.releaseSet(SET_ID)).thenReturn(Optional.of(domainSet(ReleaseSetStatus.IN_PROGRESS, ReleaseSetKind.DEPLOY)));
    }

    private static PutEventsResponse accepted(PutEventsRequest request) {
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(request.entries().stream().map(e -> PutEventsResultEntry.builder().eventId("id").build()).toList())
                .build();
    }

    private List<PutEventsRequest> calls() {
        ArgumentCaptor<PutEventsRequest> captor = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(eventBridge, org.mockito.Mockito.atLeast(0)).putEvents(captor.capture());
        return captor.getAllValues();
    }

    private List<PutEventsRequestEntry> entries() {
        return calls().stream().flatMap(c -> c.entries().stream()).toList();
    }

    private static JsonNode detail(PutEventsRequestEntry entry) throws Exception {
        return Json.MAPPER.readTree(entry.detail());
    }

    private List<JsonNode> lines(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("not one JSON object per line: " + line, e);
            }
        }).toList();
    }

    private List<JsonNode> logLines(String message) {
        return lines(logs).stream().filter(l -> l.path("message").asText().equals(message)).toList();
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> image, String name, AttributeValue value) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(image);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    private static List<String> failures(StreamsEventResponse response) {
        return response.getBatchItemFailures().stream().map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    // Transitions

    @Test
    void aDeploymentThatBecomesFinalIsPublishedOnceAsDeploymentFinished() throws Exception {
        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(calls()).singleElement().satisfies(call -> assertThat(call.entries()).hasSize(1));
        PutEventsRequestEntry entry = entries().get(0);
        assertThat(entry.source()).isEqualTo("harbourmaster");
        assertThat(entry.detailType()).isEqualTo("Deployment Finished");
        assertThat(entry.eventBusName()).isEqualTo(BUS);
        assertThat(entry.time()).isEqualTo(ENDED);
        assertThat(logLines("deployment finished")).hasSize(1);
        assertThat(lines(metrics)).hasSize(1);
    }

    @Test
    void theSameFinalStatusWrittenAgainPublishesNothing() {
        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "COMPLETED"), deployment("id_minter", "COMPLETED")),
                record("2", "MODIFY", releaseSet("PARTIAL"), releaseSet("PARTIAL"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        verifyNoInteractions(eventBridge, releaseSets);
        assertThat(logLines("stream record skipped")).extracting(l -> l.path("why").asText()).containsExactly(
                "the deployment's status did not change (COMPLETED)", "the release set's status did not change (PARTIAL)");
        assertThat(logLines("deployment finished")).isEmpty();
        assertThat(metrics.size()).isZero();
    }

    @Test
    void anInsertThatIsAlreadyFinalIsPublished() throws Exception {
        Map<String, AttributeValue> unchanged = with(with(with(deployment("id_minter", "UNCHANGED"), "ecsDeploymentId", null),
                "reason", s("the service already runs the release")), "endedAt", s("2026-11-20T10:00:05.000Z"));

        handler.handleRequest(event(record("1", "INSERT", null, unchanged)), null);

        JsonNode detail = detail(entries().get(0));
        assertThat(detail.path("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(detail.has("previousOutcome")).isFalse();
        assertThat(detail.has("ecsDeploymentId")).isFalse();
        assertThat(detail.has("leadTimeMs")).as("nothing was rolled: no lead time").isFalse();
        assertThat(detail.path("durationMs").asLong()).isZero();
        JsonNode emf = lines(metrics).get(0);
        assertThat(emf.has("DeploymentDuration")).as("nothing was rolled: no duration metric").isFalse();
        assertThat(emf.path("Deployments").asInt()).isEqualTo(1);
    }

    @Test
    void aFinalStatusChangingToAnotherIsPublishedAgainWithThePreviousOutcome() throws Exception {
        Map<String, AttributeValue> rolledBack = with(deployment("id_minter", "ROLLED_BACK"), "evidence",
                m(Map.of("rollback", m(Map.of("deploymentId", s("ecs-svc/2222222222222222222"),
                        "toDeploymentId", s("ecs-svc/0000000000000000000"), "state", s("COMPLETED"))))));

        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "FAILED"), rolledBack)), null);

        JsonNode detail = detail(entries().get(0));
        assertThat(detail.path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(detail.path("previousOutcome").asText()).isEqualTo("FAILED");
        assertThat(detail.path("rolledBackTo").asText()).isEqualTo("ecs-svc/0000000000000000000");
        assertThat(detail.has("leadTimeMs")).isFalse();
        assertThat(logLines("deployment finished")).singleElement()
                .satisfies(l -> assertThat(l.path("level").asText()).isEqualTo("WARN"));
    }

    @Test
    void statusesThatAreNotFinalAreSkipped() {
        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "IN_PROGRESS")),
                record("2", "INSERT", null, releaseSet("REQUESTED")),
                record("3", "MODIFY", releaseSet("REQUESTED"), releaseSet("IN_PROGRESS"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        verifyNoInteractions(eventBridge);
        assertThat(logLines("stream record skipped")).extracting(l -> l.path("why").asText()).containsExactly(
                "the deployment is not final (IN_PROGRESS)", "the release set is not final (REQUESTED)",
                "the release set is not final (IN_PROGRESS)");
    }

    @Test
    void anImportedSetWhoseOutcomeIsUnknownPublishesNothing() {
        Map<String, AttributeValue> imported = with(with(releaseSet("UNKNOWN"), "kind", s("IMPORTED")), "statusReason",
                s("imported from weco-deploy: it recorded no outcome"));

        StreamsEventResponse response = handler.handleRequest(event(record("1", "INSERT", null, imported)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        verifyNoInteractions(eventBridge);
        assertThat(logLines("stream record skipped")).extracting(l -> l.path("why").asText())
                .containsExactly("the release set's outcome is not recorded (UNKNOWN: imported history); nothing finished");
        assertThat(metrics.size()).isZero();
    }

    @Test
    void keysOnlyAndMalformedImagesAreLoggedAndSkippedAndTheBatchGoesOn() throws Exception {
        Map<String, AttributeValue> keysOnly = keys("RELEASESET#" + SET_ID, "DEPLOYMENT#id_minter");
        Map<String, AttributeValue> unknownStatus = deployment("id_minter", "EXPLODED");
        Map<String, AttributeValue> noProject = with(deployment("ingestor", "FAILED"), "project", null);
        Map<String, AttributeValue> badTime = with(releaseSet("FAILED"), "requestedAt", s("yesterday"));
        DynamodbEvent.DynamodbStreamRecord noStreamData = new DynamodbEvent.DynamodbStreamRecord();
        noStreamData.setEventName("INSERT");

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "INSERT", null, keysOnly),
                record("2", "MODIFY", deployment("id_minter", "IN_PROGRESS"), unknownStatus),
                record("3", "MODIFY", deployment("ingestor", "IN_PROGRESS"), noProject),
                record("4", "MODIFY", releaseSet("IN_PROGRESS"), badTime),
                noStreamData,
                record("5", "REMOVE", deployment("id_minter", "COMPLETED"), null),
                record("6", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<JsonNode> skipped = logLines("stream record skipped");
        assertThat(skipped).extracting(l -> l.path("why").asText()).containsExactly(
                "the new image has no type (keys only)",
                "the record has no new image (a REMOVE, or a stream without images)",
                "the record has no new image (a REMOVE, or a stream without images)");
        assertThat(skipped.get(0).path("key").asText()).isEqualTo("RELEASESET#" + SET_ID + " DEPLOYMENT#id_minter");
        List<JsonNode> malformed = logLines("stream record skipped: its image cannot be read");
        assertThat(malformed).extracting(l -> l.path("level").asText()).containsOnly("WARN");
        assertThat(malformed).extracting(l -> l.path("sequenceNumber").asText()).containsExactly("2", "3", "4");
        assertThat(malformed).extracting(l -> l.path("why").asText()).satisfiesExactly(
                why -> assertThat(why).isEqualTo("the deployment's status 'EXPLODED' is not one Harbourmaster writes"),
                why -> assertThat(why).isEqualTo("deployment item has no 'project'"),
                why -> assertThat(why).contains("yesterday"));
        assertThat(entries()).singleElement().satisfies(e -> assertThat(detail(e).path("service").asText()).isEqualTo("id_minter"));
    }

    @Test
    void otherItemsAreSkipped() {
        Map<String, AttributeValue> lock = keys("PROJECT#catalogue", "ENV#staging#LOCK");
        lock.put("type", s("Lock"));
        lock.put("status", s("FAILED"));

        handler.handleRequest(event(record("1", "INSERT", null, lock)), null);

        verifyNoInteractions(eventBridge);
        assertThat(logLines("stream record skipped")).extracting(l -> l.path("why").asText())
                .containsExactly("a Lock item is neither a deployment nor a release set");
    }

    @Test
    void theInFlightMarkerRemovedAsASetEndsIsSkipped() {
        DynamodbEvent removed = EventLoader.loadDynamoDbEvent(Emulator.repositoryRoot().resolve("events")
                .resolve("dynamodb-stream-remove-in-flight.json").toString());

        assertThat(handler.handleRequest(removed, null).getBatchItemFailures()).isEmpty();
        verifyNoInteractions(eventBridge);
        assertThat(logLines("stream record skipped")).extracting(l -> l.path("why").asText())
                .containsExactly("the record has no new image (a REMOVE, or a stream without images)");
    }

    // Event detail, log line, metrics

    @Test
    void theDeploymentEventSaysWhatRanWhereHowItEndedWhoAskedAndWhy() throws Exception {
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        JsonNode detail = detail(entries().get(0));
        assertThat(detail).isEqualTo(Json.MAPPER.readTree("""
                {"project": "catalogue", "environment": "staging", "service": "id_minter", "releaseSet": "%s",
                 "releaseHash": "3f9c2ab",
                 "images": [{"container": "id_minter", "image": "%s", "digest": "%s"}],
                 "ecsDeploymentId": "ecs-svc/1111111111111111111",
                 "outcome": "COMPLETED", "previousOutcome": "IN_PROGRESS",
                 "reason": "ECS reported COMPLETED and 1 task ran the release's digests",
                 "requestedBy": "alice@example.com", "description": "ship the minter", "kind": "DEPLOY",
                 "startedAt": "2026-11-20T10:00:05.000Z", "endedAt": "2026-11-20T10:04:05.500Z",
                 "durationMs": 240500, "leadTimeMs": 2045500,
                 "requestedByArn": "arn:aws:sts::123456789012:assumed-role/deploy/alice"}
                """.formatted(SET_ID, IMAGE, DIGEST)));
    }

    @Test
    void theDeploymentLogLineIsOneJsonObjectWithTheIdsThatMatter() {
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(logLines("deployment finished")).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("timestamp").asText()).isEqualTo("2026-11-20T10:04:07.250Z");
            Map<String, Object> fields = new LinkedHashMap<>();
            List.of("project", "environment", "service", "releaseSet", "releaseHash", "ecsDeploymentId", "outcome",
                    "reason", "requestedBy", "requestedByArn", "description", "kind", "startedAt", "endedAt", "durationMs",
                    "leadTimeMs")
                    .forEach(name -> fields.put(name, line.path(name).isNumber() ? line.path(name).asLong() : line.path(name).asText(null)));
            assertThat(fields).containsEntry("project", "catalogue").containsEntry("environment", "staging")
                    .containsEntry("service", "id_minter").containsEntry("releaseSet", SET_ID)
                    .containsEntry("releaseHash", "3f9c2ab").containsEntry("ecsDeploymentId", "ecs-svc/1111111111111111111")
                    .containsEntry("outcome", "COMPLETED").containsEntry("requestedBy", "alice@example.com")
                    .containsEntry("requestedByArn", StreamFixtures.ALICE_ARN)
                    .containsEntry("description", "ship the minter").containsEntry("kind", "DEPLOY")
                    .containsEntry("startedAt", "2026-11-20T10:00:05.000Z").containsEntry("endedAt", "2026-11-20T10:04:05.500Z")
                    .containsEntry("durationMs", 240500L).containsEntry("leadTimeMs", 2045500L)
                    .containsEntry("reason", "ECS reported COMPLETED and 1 task ran the release's digests");
        });
    }

    @Test
    void theDeploymentMetricsAreEmbeddedMetricFormatWithIdsAsPropertiesNotDimensions() {
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(lines(metrics)).singleElement().satisfies(emf -> {
            assertThat(emf.path("_aws").path("Timestamp").asLong()).isEqualTo(NOW.toEpochMilli());
            JsonNode directives = emf.path("_aws").path("CloudWatchMetrics");
            assertThat(directives).hasSize(2);
            assertThat(directives.get(0)).isEqualTo(Json.MAPPER.readTree("""
                    {"Namespace": "Harbourmaster", "Dimensions": [["Project", "Environment", "Outcome"]],
                     "Metrics": [{"Name": "Deployments", "Unit": "Count"}]}"""));
            assertThat(directives.get(1)).isEqualTo(Json.MAPPER.readTree("""
                    {"Namespace": "Harbourmaster", "Dimensions": [["Project", "Environment"]],
                     "Metrics": [{"Name": "DeploymentDuration", "Unit": "Milliseconds"},
                                 {"Name": "LeadTime", "Unit": "Milliseconds"}]}"""));
            assertThat(emf.path("Project").asText()).isEqualTo("catalogue");
            assertThat(emf.path("Environment").asText()).isEqualTo("staging");
            assertThat(emf.path("Outcome").asText()).isEqualTo("COMPLETED");
            assertThat(emf.path("Deployments").isNumber()).isTrue();
            assertThat(emf.path("Deployments").asInt()).isEqualTo(1);
            assertThat(emf.path("DeploymentDuration").asLong()).isEqualTo(240500);
            assertThat(emf.path("LeadTime").asLong()).isEqualTo(2045500);
            assertThat(emf.path("service").asText()).isEqualTo("id_minter");
            assertThat(emf.path("releaseSet").asText()).isEqualTo(SET_ID);
            assertThat(emf.path("ecsDeploymentId").asText()).isEqualTo("ecs-svc/1111111111111111111");
            assertThat(emf.has("message")).as("not a log line of its own").isFalse();
        });
    }

    @Test
    void aFailedDeploymentHasNoLeadTime() throws Exception {
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "FAILED"))), null);

        assertThat(detail(entries().get(0)).has("leadTimeMs")).isFalse();
        JsonNode emf = lines(metrics).get(0);
        assertThat(emf.has("LeadTime")).isFalse();
        assertThat(emf.path("_aws").path("CloudWatchMetrics").get(1).path("Metrics"))
                .extracting(m -> m.path("Name").asText()).containsExactly("DeploymentDuration");
        assertThat(emf.path("Outcome").asText()).isEqualTo("FAILED");
    }

    @Test
    void aDeploymentWhoseSetIsGoneIsPublishedWithoutWhoAndWhy() throws Exception {
        when(releaseSets.releaseSet(SET_ID)).thenReturn(Optional.empty());

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        JsonNode detail = detail(entries().get(0));
        assertThat(detail.has("kind")).isFalse();
        assertThat(detail.has("requestedBy")).isFalse();
        assertThat(detail.has("leadTimeMs")).isFalse();
        assertThat(lines(logs)).anySatisfy(l -> assertThat(l.path("message").asText()).startsWith("release set of a finished deployment not found"));
    }

    @Test
    void theSetOfSeveralDeploymentsIsReadOncePerBatch() {
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED")),
                record("2", "MODIFY", deployment("ingestor", "IN_PROGRESS"), deployment("ingestor", "FAILED"))), null);

        verify(releaseSets, times(1)).releaseSet(SET_ID);
        assertThat(calls()).singleElement().satisfies(call -> assertThat(call.entries()).hasSize(2));
    }

    @Test
    void theReleaseSetEventListsEachServiceWithItsReleaseAndOutcome() throws Exception {
        when(releaseSets.deployments(SET_ID)).thenReturn(List.of(
                domainDeployment("id_minter", DeploymentStatus.COMPLETED, "ran"),
                domainDeployment("ingestor", DeploymentStatus.FAILED, "boom")));

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", releaseSet("IN_PROGRESS"), releaseSet("PARTIAL"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        PutEventsRequestEntry entry = entries().get(0);
        assertThat(entry.detailType()).isEqualTo("Release Set Finished");
        assertThat(entry.time()).isNull();
        assertThat(detail(entry)).isEqualTo(Json.MAPPER.readTree("""
                {"project": "catalogue", "environment": "staging", "serviceSet": "pipeline", "releaseSet": "%s",
                 "kind": "DEPLOY", "outcome": "PARTIAL", "previousOutcome": "IN_PROGRESS",
                 "reason": "1 of 2 failed: ingestor FAILED: boom; succeeded: id_minter",
                 "requestedBy": "alice@example.com", "description": "ship the minter",
                 "requestedAt": "2026-11-20T10:00:00.000Z", "requestedByArn": "arn:aws:sts::123456789012:assumed-role/deploy/alice",
                 "services": [{"service": "id_minter", "releaseHash": "3f9c2ab", "outcome": "COMPLETED", "reason": "ran"},
                              {"service": "ingestor", "releaseHash": "3f9c2ab", "outcome": "FAILED", "reason": "boom"}],
                 "summary": "id_minter 3f9c2ab COMPLETED: ran\\ningestor 3f9c2ab FAILED: boom\\nRequested by alice@example.com: ship the minter"}
                """.formatted(SET_ID)));
        verify(releaseSets).deployments(SET_ID);
        verify(releaseSets, never()).releaseSet(anyString());
        assertThat(logLines("release set finished")).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("WARN");
            assertThat(line.path("services").asText()).isEqualTo("id_minter,ingestor");
            assertThat(line.path("serviceSet").asText()).isEqualTo("pipeline");
            assertThat(line.path("requestedAt").asText()).isEqualTo("2026-11-20T10:00:00.000Z");
            assertThat(line.path("outcome").asText()).isEqualTo("PARTIAL");
            assertThat(line.path("kind").asText()).isEqualTo("DEPLOY");
            assertThat(line.path("requestedBy").asText()).isEqualTo("alice@example.com");
            assertThat(line.path("requestedByArn").asText()).isEqualTo(StreamFixtures.ALICE_ARN);
            assertThat(line.path("description").asText()).isEqualTo("ship the minter");
            assertThat(line.path("reason").asText()).startsWith("1 of 2 failed");
        });
        assertThat(lines(metrics)).singleElement().satisfies(emf -> {
            assertThat(emf.path("_aws").path("CloudWatchMetrics")).isEqualTo(Json.MAPPER.readTree("""
                    [{"Namespace": "Harbourmaster", "Dimensions": [["Project", "Environment", "Outcome"]],
                      "Metrics": [{"Name": "ReleaseSets", "Unit": "Count"}]}]"""));
            assertThat(emf.path("ReleaseSets").asInt()).isEqualTo(1);
            assertThat(emf.path("Outcome").asText()).isEqualTo("PARTIAL");
            assertThat(emf.path("releaseSet").asText()).isEqualTo(SET_ID);
        });
    }

    @Test
    void aRejectedSetListsItsServicesWithoutOutcomes() throws Exception {
        when(releaseSets.deployments(SET_ID)).thenReturn(List.of());

        handler.handleRequest(event(record("1", "MODIFY", releaseSet("REQUESTED"),
                with(releaseSet("REJECTED"), "statusReason", s("catalogue/staging is locked by bob")))), null);

        JsonNode detail = detail(entries().get(0));
        assertThat(detail.path("outcome").asText()).isEqualTo("REJECTED");
        assertThat(detail.path("previousOutcome").asText()).isEqualTo("REQUESTED");
        assertThat(detail.path("reason").asText()).isEqualTo("catalogue/staging is locked by bob");
        assertThat(detail.path("services")).isEqualTo(Json.MAPPER.readTree("""
                [{"service": "id_minter", "releaseHash": "3f9c2ab"}, {"service": "ingestor", "releaseHash": "3f9c2ab"}]"""));
        assertThat(detail.path("summary").asText()).isEqualTo("""
                id_minter 3f9c2ab not deployed
                ingestor 3f9c2ab not deployed
                Reason: catalogue/staging is locked by bob
                Requested by alice@example.com: ship the minter""");
    }

    @Test
    void longReasonsAndDescriptionsAreCut() throws Exception {
        String essay = "why ".repeat(10_000);
        when(releaseSets.releaseSet(SET_ID)).thenReturn(Optional.of(new dev.harbourmaster.domain.ReleaseSet(SET_ID,
                "catalogue", "staging", "pipeline", domainSet(ReleaseSetStatus.IN_PROGRESS, ReleaseSetKind.DEPLOY).releases(),
                ReleaseSetKind.DEPLOY, "alice@example.com", essay, StreamFixtures.REQUESTED, ReleaseSetStatus.IN_PROGRESS, null)));

        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"),
                with(deployment("id_minter", "FAILED"), "reason", s(essay)))), null);

        JsonNode detail = detail(entries().get(0));
        // Already cut where they are stored (StoredText), so the event carries them as the table has them.
        assertThat(detail.path("reason").asText()).hasSizeLessThanOrEqualTo(StoredText.TEXT)
                .endsWith("… (cut after 4061 of 40000 bytes)").startsWith("why why");
        assertThat(detail.path("description").asText()).hasSizeLessThanOrEqualTo(StoredText.TEXT)
                .endsWith("… (cut after 4061 of 40000 bytes)");
        assertThat(entries().get(0).detail().length()).isLessThan(16 * 1024);
    }

    // Failures and batches

    @Test
    void anEntryEventBridgeRefusesFailsItsRecordAndTheRestButNotThoseBefore() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenReturn(PutEventsResponse.builder()
                .failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().eventId("a").build(),
                        PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build(),
                        PutEventsResultEntry.builder().eventId("c").build())
                .build());

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED")),
                record("2", "MODIFY", deployment("ingestor", "IN_PROGRESS"), deployment("ingestor", "FAILED")),
                record("3", "MODIFY", deployment("matcher", "IN_PROGRESS"), deployment("matcher", "COMPLETED")),
                record("4", "MODIFY", deployment("id_minter", "COMPLETED"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(failures(response)).containsExactly("2", "3", "4");
        assertThat(logLines("deployment finished")).extracting(l -> l.path("service").asText()).containsExactly("id_minter");
        assertThat(lines(metrics)).hasSize(1);
        assertThat(logLines("event not accepted by EventBridge")).singleElement().satisfies(l -> {
            assertThat(l.path("errorCode").asText()).isEqualTo("InternalFailure");
            assertThat(l.path("sequenceNumber").asText()).isEqualTo("2");
        });
    }

    @Test
    void aPutEventsCallThatThrowsFailsEveryRecordFromItsFirst() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenThrow(SdkClientException.create("connection reset"));

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "COMPLETED"), deployment("id_minter", "COMPLETED")),
                record("2", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED")),
                record("3", "MODIFY", releaseSet("IN_PROGRESS"), releaseSet("SUCCEEDED"))), null);

        assertThat(failures(response)).containsExactly("2", "3");
        assertThat(logLines("deployment finished")).isEmpty();
        assertThat(logLines("release set finished")).isEmpty();
        assertThat(metrics.size()).isZero();
        assertThat(logLines("events not published; Lambda will retry from the first of their records")).hasSize(1);
    }

    @Test
    void aReadThatFailsFailsItsRecordAndTheRestAfterPublishingThoseBefore() {
        when(releaseSets.deployments(SET_ID)).thenThrow(SdkClientException.create("DynamoDB is down"));

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED")),
                record("2", "MODIFY", releaseSet("IN_PROGRESS"), releaseSet("SUCCEEDED")),
                record("3", "MODIFY", deployment("ingestor", "IN_PROGRESS"), deployment("ingestor", "COMPLETED"))), null);

        assertThat(failures(response)).containsExactly("2", "3");
        assertThat(entries()).singleElement().satisfies(e -> assertThat(e.detailType()).isEqualTo("Deployment Finished"));
        assertThat(logLines("deployment finished")).hasSize(1);
        assertThat(logLines("stream record not published; Lambda will retry from this record")).singleElement()
                .satisfies(l -> assertThat(l.path("sequenceNumber").asText()).isEqualTo("2"));
    }

    @Test
    void aBadDeploymentItemUnderAFinishedSetDoesNotStopItsEvent() throws Exception {
        when(releaseSets.deployments(SET_ID)).thenThrow(new NullPointerException("status"));

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", releaseSet("IN_PROGRESS"), releaseSet("FAILED"))), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(detail(entries().get(0)).path("services")).extracting(s -> s.has("outcome")).containsOnly(false);
    }

    @Test
    void moreThanTenEventsGoOutInCallsOfAtMostTen() {
        DynamodbEvent.DynamodbStreamRecord[] records = IntStream.range(0, 23).mapToObj(i -> record(Integer.toString(i), "MODIFY",
                deployment("service" + i, "IN_PROGRESS"), deployment("service" + i, "COMPLETED")))
                .toArray(DynamodbEvent.DynamodbStreamRecord[]::new);

        StreamsEventResponse response = handler.handleRequest(event(records), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(calls()).extracting(c -> c.entries().size()).containsExactly(10, 10, 3);
        assertThat(entries()).extracting(e -> detail(e).path("service").asText())
                .containsExactlyElementsOf(IntStream.range(0, 23).mapToObj(i -> "service" + i).toList());
        assertThat(logLines("deployment finished")).hasSize(23);
    }

    @Test
    void aFailureInTheSecondCallLeavesTheFirstCallsRecordsDone() {
        List<Integer> callSizes = new ArrayList<>();
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> {
            PutEventsRequest request = call.getArgument(0);
            callSizes.add(request.entries().size());
            if (callSizes.size() == 2) {
                throw SdkClientException.create("throttled");
            }
            return accepted(request);
        });
        DynamodbEvent.DynamodbStreamRecord[] records = IntStream.range(0, 25).mapToObj(i -> record(Integer.toString(i), "MODIFY",
                deployment("service" + i, "IN_PROGRESS"), deployment("service" + i, "COMPLETED")))
                .toArray(DynamodbEvent.DynamodbStreamRecord[]::new);

        StreamsEventResponse response = handler.handleRequest(event(records), null);

        assertThat(callSizes).as("no call after the one that failed").containsExactly(10, 10);
        assertThat(failures(response)).containsExactlyElementsOf(IntStream.range(10, 25).mapToObj(Integer::toString).toList());
        assertThat(logLines("deployment finished")).hasSize(10);
    }

    @Test
    void anEmptyOrMissingBatchReportsNothing() {
        assertThat(handler.handleRequest(new DynamodbEvent(), null).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(null, null).getBatchItemFailures()).isEmpty();
        verifyNoInteractions(eventBridge);
    }

    private static Deployment domainDeployment(String service, DeploymentStatus status, String reason) {
        return Deployment.builder().releaseSetId(SET_ID).projectId("catalogue").environmentId("staging").serviceId(service)
                .cluster("catalogue-staging").ecsServiceName("catalogue-" + service + "-staging").releaseHash("3f9c2ab")
                .images(List.of(new ReleaseImage(service, "catalogue/" + service, DIGEST, IMAGE, "3f9c2ab")))
                .ecsDeploymentId("ecs-svc/1").status(status).reason(reason).startedAt(STARTED).endedAt(ENDED).revision(1)
                .build();
    }
}
