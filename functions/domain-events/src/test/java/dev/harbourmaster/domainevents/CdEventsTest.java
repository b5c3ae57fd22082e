package dev.harbourmaster.domainevents;

import static dev.harbourmaster.domainevents.StreamFixtures.DIGEST;
import static dev.harbourmaster.domainevents.StreamFixtures.ENDED;
import static dev.harbourmaster.domainevents.StreamFixtures.SET_ID;
import static dev.harbourmaster.domainevents.StreamFixtures.deployment;
import static dev.harbourmaster.domainevents.StreamFixtures.domainSet;
import static dev.harbourmaster.domainevents.StreamFixtures.event;
import static dev.harbourmaster.domainevents.StreamFixtures.keys;
import static dev.harbourmaster.domainevents.StreamFixtures.m;
import static dev.harbourmaster.domainevents.StreamFixtures.n;
import static dev.harbourmaster.domainevents.StreamFixtures.record;
import static dev.harbourmaster.domainevents.StreamFixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** CDEvents beside Harbourmaster's own events: which record tells which, their shape, ids, and the spec's schemas. */
class CdEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:04:07.250Z");
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String MINTER_PURL = "pkg:oci/id_minter@sha256%3A" + "a".repeat(64)
            + "?repository_url=" + REGISTRY + "/catalogue/id_minter";
    private static final String OLD_DIGEST = "sha256:" + "b".repeat(64);

    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final DeploymentHistory history = mock(DeploymentHistory.class);
    private final EventBridgeClient eventBridge = mock(EventBridgeClient.class);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final ByteArrayOutputStream metrics = new ByteArrayOutputStream();

    private DomainEventsHandler handler(boolean cdEvents) {
        return new DomainEventsHandler(DomainEventsWiring
                .of(new DomainEventsConfig("harbourmaster", "bus", "Harbourmaster", cdEvents), mock(DynamoDbClient.class), eventBridge)
                .withReleaseSets(releaseSets)
                .withHistory(history)
                .withOutput(new EmbeddedMetrics("Harbourmaster", new PrintStream(metrics, true, StandardCharsets.UTF_8), () -> NOW),
                        new Log("domain-events", new PrintStream(logs, true, StandardCharsets.UTF_8), () -> NOW))
                .domainEvents());
    }

    private final DomainEventsHandler handler = handler(true);

    @BeforeEach
    void everyEntryIsAcceptedAndTheSetIsThere() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> accepted(call.getArgument(0)));
        when(releaseSets.releaseSet(SET_ID)).thenReturn(Optional.of(domainSet(ReleaseSetStatus.IN_PROGRESS, ReleaseSetKind.DEPLOY)));
        when(history.previousSuccess(any())).thenReturn(Optional.empty());
    }

    private static PutEventsResponse accepted(PutEventsRequest request) {
        return PutEventsResponse.builder().failedEntryCount(0)
                .entries(request.entries().stream().map(e -> PutEventsResultEntry.builder().eventId("id").build()).toList())
                .build();
    }

    private List<PutEventsRequestEntry> entries() {
        ArgumentCaptor<PutEventsRequest> captor = ArgumentCaptor.forClass(PutEventsRequest.class);
        verify(eventBridge, org.mockito.Mockito.atLeast(0)).putEvents(captor.capture());
        return captor.getAllValues().stream().flatMap(c -> c.entries().stream()).toList();
    }

    private List<JsonNode> cdEvents() {
        return entries().stream().filter(e -> e.detailType().startsWith("dev.cdevents.")).map(CdEventsTest::json).toList();
    }

    private JsonNode onlyCdEvent() {
        List<JsonNode> events = cdEvents();
        assertThat(events).hasSize(1);
        JsonNode event = events.getFirst();
        assertThat(CdEventSchemas.errors(event)).as("the v0.5.1 schema's verdict on " + event).isEmpty();
        return event;
    }

    private static JsonNode json(PutEventsRequestEntry entry) {
        try {
            return Json.MAPPER.readTree(entry.detail());
        } catch (Exception e) {
            throw new AssertionError(entry.detail(), e);
        }
    }

    private static Map<String, AttributeValue> build() {
        Map<String, AttributeValue> item = keys("REPO#catalogue/id_minter", "BUILD#" + DIGEST);
        item.put("type", s("Build"));
        item.put("GSI1PK", s("REPO#catalogue/id_minter#BUILDS"));
        item.put("repository", s("catalogue/id_minter"));
        item.put("digest", s(DIGEST));
        item.put("imageRepositoryUri", s(REGISTRY + "/catalogue/id_minter"));
        item.put("tags", new AttributeValue().withSS(List.of("3f9c2ab")));
        item.put("pushedAt", s("2026-11-20T09:29:58.125Z"));
        item.put("releaseHash", s("3f9c2ab"));
        item.put("revision", s("3f9c2ab1d0e4"));
        item.put("source", s("https://github.com/example/catalogue"));
        item.put("state", s("RELEASED"));
        return item;
    }

    private static Map<String, AttributeValue> environment(String cluster) {
        Map<String, AttributeValue> item = keys("PROJECT#catalogue", "ENV#staging");
        item.put("type", s("Environment"));
        item.put("id", s("staging"));
        item.put("name", s("Staging"));
        item.put("cluster", s(cluster));
        item.put("ecsServiceName", s("{project}-{service}-{env}"));
        item.put("autoDeploy", new AttributeValue().withBOOL(true));
        item.put("position", n(0));
        item.put("appliedBy", s("alice@example.com"));
        item.put("appliedAt", s("2026-11-20T08:00:00.000Z"));
        return item;
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> image, String name, AttributeValue value) {
        Map<String, AttributeValue> copy = new LinkedHashMap<>(image);
        copy.put(name, value);
        return copy;
    }

    private static Deployment earlierSuccess() {
        return Deployment.builder().releaseSetId("01JOLD00000000000000000000").projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").releaseHash("1a2b3c4")
                .images(List.of(new ReleaseImage("id_minter", "catalogue/id_minter", OLD_DIGEST,
                        REGISTRY + "/catalogue/id_minter@" + OLD_DIGEST, "1a2b3c4")))
                .claimedAt(NOW.minusSeconds(86_400)).ended(dev.harbourmaster.domain.DeploymentStatus.COMPLETED, "ok", NOW.minusSeconds(86_000));
    }

    // Builds

    @Test
    void aRecordedBuildIsAnArtifactPublishedWhoseSubjectIsTheImagesPurl() {
        StreamsEventResponse response = handler.handleRequest(event(record("1", "INSERT", null, build())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(entries()).singleElement().satisfies(entry -> {
            assertThat(entry.source()).isEqualTo("harbourmaster");
            assertThat(entry.detailType()).isEqualTo("dev.cdevents.artifact.published.0.3.0");
            assertThat(entry.time()).isEqualTo(Instant.parse("2026-11-20T09:29:58.125Z"));
        });
        JsonNode event = onlyCdEvent();
        assertThat(event.path("context").path("specversion").asText()).isEqualTo("0.5.1");
        assertThat(event.path("context").path("source").asText()).isEqualTo("/harbourmaster/harbourmaster");
        assertThat(event.path("context").path("timestamp").asText()).isEqualTo("2026-11-20T09:29:58.125Z");
        assertThat(UUID.fromString(event.path("context").path("id").asText()).version()).isEqualTo(5);
        assertThat(event.path("subject").path("id").asText()).isEqualTo(MINTER_PURL);
        assertThat(event.path("subject").path("content").isEmpty()).isTrue();
        assertThat(event.path("customData").path("repository").asText()).isEqualTo("catalogue/id_minter");
        assertThat(event.path("customData").path("releaseHash").asText()).isEqualTo("3f9c2ab");
        assertThat(event.path("customData").path("tags").get(0).asText()).isEqualTo("3f9c2ab");
        assertThat(lines("cdevent published")).hasSize(1);
        assertThat(lines("stream record skipped")).as("a build is no record to skip when CDEvents are on").isEmpty();
    }

    @Test
    void aBuildWrittenAgainPublishesNothingAndADeliveryRepeatedHasTheSameId() {
        handler.handleRequest(event(record("1", "INSERT", null, build()), record("2", "MODIFY", build(), with(build(), "tags",
                new AttributeValue().withSS(List.of("3f9c2ab", "latest"))))), null);
        handler.handleRequest(event(record("1", "INSERT", null, build())), null);

        List<JsonNode> events = cdEvents();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(events.get(1));
    }

    @Test
    void aBuildWhoseImageCannotBeReadIsLoggedAndSkipped() {
        Map<String, AttributeValue> broken = new LinkedHashMap<>(build());
        broken.remove("digest");

        StreamsEventResponse response = handler.handleRequest(event(record("1", "INSERT", null, broken),
                record("2", "INSERT", null, build())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(cdEvents()).hasSize(1);
        assertThat(lines("stream record has no CDEvent: its image cannot be read")).singleElement()
                .satisfies(l -> assertThat(l.path("why").asText()).contains("digest"));
    }

    // Deployments

    @Test
    void aServicesFirstSuccessfulDeploymentIsServiceDeployedBesideDeploymentFinished() {
        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"),
                deployment("id_minter", "COMPLETED"))), null);

        assertThat(entries()).extracting(PutEventsRequestEntry::detailType)
                .containsExactly("Deployment Finished", "dev.cdevents.service.deployed.0.3.0");
        JsonNode event = onlyCdEvent();
        assertThat(entries().get(1).time()).isEqualTo(ENDED);
        assertThat(event.path("context").path("timestamp").asText()).isEqualTo("2026-11-20T10:04:05.500Z");
        assertThat(event.path("subject").path("id").asText()).isEqualTo("catalogue/staging/id_minter");
        assertThat(event.path("subject").path("content").path("environment").path("id").asText()).isEqualTo("catalogue/staging");
        assertThat(event.path("subject").path("content").path("artifactId").asText()).isEqualTo(MINTER_PURL);
        JsonNode custom = event.path("customData");
        assertThat(custom.path("project").asText()).isEqualTo("catalogue");
        assertThat(custom.path("environment").asText()).isEqualTo("staging");
        assertThat(custom.path("releaseSet").asText()).isEqualTo(SET_ID);
        assertThat(custom.path("releaseHash").asText()).isEqualTo("3f9c2ab");
        assertThat(custom.path("ecsDeploymentId").asText()).isEqualTo("ecs-svc/1111111111111111111");
        assertThat(custom.path("outcome").asText()).isEqualTo("COMPLETED");
        assertThat(custom.path("reason").asText()).startsWith("ECS reported COMPLETED");
        assertThat(custom.path("requestedBy").asText()).isEqualTo("alice@example.com");
        assertThat(custom.path("images").get(0).path("artifactId").asText()).isEqualTo(MINTER_PURL);
        assertThat(lines("deployment finished")).hasSize(1);
        assertThat(metrics.toString(StandardCharsets.UTF_8).lines()).as("counted once, as before").hasSize(1);
    }

    @Test
    void aLaterSuccessfulDeploymentIsServiceUpgraded() {
        when(history.previousSuccess(any())).thenReturn(Optional.of(earlierSuccess()));

        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"),
                deployment("id_minter", "COMPLETED_UNVERIFIED"))), null);

        JsonNode event = onlyCdEvent();
        assertThat(event.path("context").path("type").asText()).isEqualTo("dev.cdevents.service.upgraded.0.3.0");
        assertThat(event.path("subject").path("content").path("artifactId").asText()).isEqualTo(MINTER_PURL);
    }

    @Test
    void aCorrectionOfTheSameFactKeepsItsIdAndAnotherFactHasAnother() {
        when(history.previousSuccess(any())).thenReturn(Optional.of(earlierSuccess()));
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED_UNVERIFIED")),
                record("2", "MODIFY", deployment("id_minter", "COMPLETED_UNVERIFIED"), deployment("id_minter", "COMPLETED")),
                record("3", "MODIFY", deployment("ingestor", "IN_PROGRESS"), deployment("ingestor", "COMPLETED"))), null);

        List<String> ids = cdEvents().stream().map(e -> e.path("context").path("id").asText()).toList();
        assertThat(ids).hasSize(3);
        assertThat(ids.get(0)).as("upgraded, told again with more evidence").isEqualTo(ids.get(1));
        assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
    }

    @Test
    void aDeploymentEcsRolledBackIsServiceRolledbackToWhatRanBefore() {
        when(history.previousSuccess(any())).thenReturn(Optional.of(earlierSuccess()));

        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "FAILED"),
                deployment("id_minter", "ROLLED_BACK"))), null);

        JsonNode event = onlyCdEvent();
        assertThat(event.path("context").path("type").asText()).isEqualTo("dev.cdevents.service.rolledback.0.3.0");
        assertThat(event.path("subject").path("content").path("artifactId").asText())
                .isEqualTo("pkg:oci/id_minter@sha256%3A" + "b".repeat(64) + "?repository_url=" + REGISTRY + "/catalogue/id_minter");
        assertThat(event.path("customData").path("attemptedArtifactId").asText()).isEqualTo(MINTER_PURL);
        assertThat(event.path("customData").path("rolledBackToReleaseHash").asText()).isEqualTo("1a2b3c4");
        assertThat(event.path("customData").path("outcome").asText()).isEqualTo("ROLLED_BACK");
        assertThat(event.path("customData").path("previousOutcome").asText()).isEqualTo("FAILED");
    }

    @Test
    void aRollbackWithNoEarlierRecordSaysItsArtifactIsNotKnown() {
        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"),
                deployment("id_minter", "ROLLED_BACK"))), null);

        JsonNode event = onlyCdEvent();
        assertThat(event.path("customData").path("rolledBackToArtifactUnknown").asBoolean()).isTrue();
    }

    @Test
    void aCompletedDeploymentOfARollbackSetIsServiceRolledback() {
        when(releaseSets.releaseSet(SET_ID)).thenReturn(Optional.of(domainSet(ReleaseSetStatus.IN_PROGRESS, ReleaseSetKind.ROLLBACK)));
        when(history.previousSuccess(any())).thenReturn(Optional.of(earlierSuccess()));

        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"),
                deployment("id_minter", "COMPLETED"))), null);

        JsonNode event = onlyCdEvent();
        assertThat(event.path("context").path("type").asText()).isEqualTo("dev.cdevents.service.rolledback.0.3.0");
        assertThat(event.path("subject").path("content").path("artifactId").asText()).isEqualTo(MINTER_PURL);
        assertThat(event.path("customData").path("kind").asText()).isEqualTo("ROLLBACK");
    }

    @Test
    void failedTimedOutMismatchedAndUnchangedDeploymentsHaveNoServiceEvent() {
        handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "FAILED")),
                record("2", "MODIFY", deployment("ingestor", "IN_PROGRESS"), deployment("ingestor", "TIMED_OUT")),
                record("3", "MODIFY", deployment("a", "IN_PROGRESS"), deployment("a", "DIGEST_MISMATCH")),
                record("4", "INSERT", null, deployment("b", "UNCHANGED"))), null);

        assertThat(entries()).extracting(PutEventsRequestEntry::detailType).containsOnly("Deployment Finished").hasSize(4);
        verify(history, never()).previousSuccess(any());
    }

    // Environments

    @Test
    void anEnvironmentAppliedIsCreatedThenModifiedThenDeleted() {
        handler.handleRequest(event(
                record("1", "INSERT", null, environment("catalogue-staging")),
                record("2", "MODIFY", environment("catalogue-staging"), with(environment("catalogue-staging-2"),
                        "appliedAt", s("2026-11-21T08:00:00.000Z"))),
                record("3", "REMOVE", environment("catalogue-staging-2"), null)), null);

        List<JsonNode> events = cdEvents();
        assertThat(events).extracting(e -> e.path("context").path("type").asText()).containsExactly(
                "dev.cdevents.environment.created.0.3.0", "dev.cdevents.environment.modified.0.3.0",
                "dev.cdevents.environment.deleted.0.3.0");
        assertThat(events).allSatisfy(e -> assertThat(CdEventSchemas.errors(e)).isEmpty());
        assertThat(events).extracting(e -> e.path("subject").path("id").asText()).containsOnly("catalogue/staging");
        assertThat(events).extracting(e -> e.path("context").path("id").asText()).doesNotHaveDuplicates();
        JsonNode created = events.getFirst();
        assertThat(created.path("subject").path("content").path("name").asText()).isEqualTo("Staging");
        assertThat(created.path("context").path("timestamp").asText()).isEqualTo("2026-11-20T08:00:00.000Z");
        assertThat(created.path("customData").path("cluster").asText()).isEqualTo("catalogue-staging");
        assertThat(created.path("customData").path("appliedBy").asText()).isEqualTo("alice@example.com");
        assertThat(events.get(1).path("customData").path("cluster").asText()).isEqualTo("catalogue-staging-2");
        assertThat(lines("stream record skipped")).isEmpty();
    }

    @Test
    void theSameEnvironmentRecordDeliveredTwiceHasOneId() {
        handler.handleRequest(event(record("1", "INSERT", null, environment("catalogue-staging"))), null);
        handler.handleRequest(event(record("1", "INSERT", null, environment("catalogue-staging"))), null);

        assertThat(cdEvents()).extracting(e -> e.path("context").path("id").asText()).hasSize(2).containsOnly(
                cdEvents().getFirst().path("context").path("id").asText());
    }

    // Off, and delivery

    @Test
    void withCdEventsOffOnlyHarbourmastersOwnEventsAreSent() {
        DomainEventsHandler off = handler(false);

        off.handleRequest(event(record("1", "INSERT", null, build()),
                record("2", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED")),
                record("3", "INSERT", null, environment("catalogue-staging"))), null);

        assertThat(entries()).extracting(PutEventsRequestEntry::detailType).containsExactly("Deployment Finished");
        verify(history, never()).previousSuccess(any());
    }

    @Test
    void aRecordWhoseCdEventIsRefusedIsDeliveredAgainAndNotCountedYet() {
        when(eventBridge.putEvents(any(PutEventsRequest.class))).thenAnswer(call -> {
            PutEventsRequest request = call.getArgument(0);
            return PutEventsResponse.builder().failedEntryCount(1).entries(request.entries().stream()
                    .map(e -> e.detailType().startsWith("dev.cdevents.")
                            ? PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build()
                            : PutEventsResultEntry.builder().eventId("id").build()).toList()).build();
        });

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED")),
                record("2", "MODIFY", deployment("ingestor", "IN_PROGRESS"), deployment("ingestor", "FAILED"))), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("1", "2");
        assertThat(lines("deployment finished")).as("its own event was accepted, but the record is not done").isEmpty();
        assertThat(metrics.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aHistoryReadThatFailsFailsTheRecordWithoutSendingHalfOfIt() {
        when(history.previousSuccess(any())).thenThrow(software.amazon.awssdk.core.exception.SdkClientException.create("timeout"));

        StreamsEventResponse response = handler.handleRequest(event(
                record("1", "INSERT", null, build()),
                record("2", "MODIFY", deployment("id_minter", "IN_PROGRESS"), deployment("id_minter", "COMPLETED"))), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("2");
        assertThat(entries()).extracting(PutEventsRequestEntry::detailType).containsExactly("dev.cdevents.artifact.published.0.3.0");
    }

    // The schemas themselves

    @Test
    void theSchemasRejectAnEventThatBreaksThem() {
        handler.handleRequest(event(record("1", "MODIFY", deployment("id_minter", "IN_PROGRESS"),
                deployment("id_minter", "COMPLETED"))), null);
        JsonNode good = onlyCdEvent();

        ObjectNode noArtifact = good.deepCopy();
        ((ObjectNode) noArtifact.path("subject").path("content")).remove("artifactId");
        ObjectNode oldType = good.deepCopy();
        ((ObjectNode) oldType.path("context")).put("type", "dev.cdevents.service.deployed.0.2.0");
        ObjectNode badTime = good.deepCopy();
        ((ObjectNode) badTime.path("context")).put("timestamp", "yesterday");
        ObjectNode extra = good.deepCopy();
        ((ObjectNode) extra.path("subject").path("content")).put("outcome", "FAILED");
        ObjectNode noSpecVersion = good.deepCopy();
        ((ObjectNode) noSpecVersion.path("context")).remove("specversion");

        for (ObjectNode broken : List.of(noArtifact, oldType, badTime, extra, noSpecVersion)) {
            assertThat(CdEventSchemas.errors(CdEvent.SERVICE_DEPLOYED, broken)).as(broken.toString()).isNotEmpty();
        }
    }

    @Test
    void theLinksSchemasTheContextRefersToAreReadFromTheCopyToo() throws Exception {
        handler.handleRequest(event(record("1", "INSERT", null, build())), null);
        ObjectNode linked = onlyCdEvent().deepCopy();
        ((ObjectNode) linked.path("context")).set("links", Json.MAPPER.readTree(
                "[{\"linkType\": \"PATH\", \"from\": {\"contextId\": \"271069a8-fc18-44f1-b38f-9d70a1695819\"}}]"));
        ObjectNode badLink = linked.deepCopy();
        ((ObjectNode) badLink.path("context").path("links").get(0)).put("linkType", "SIDEWAYS");

        assertThat(CdEventSchemas.errors(linked)).isEmpty();
        assertThat(CdEventSchemas.errors(badLink)).isNotEmpty();
    }

    @Test
    void everyTypeEmittedHasItsSchemaKept() {
        assertThat(CdEvent.TYPES).allSatisfy(type -> assertThat(CdEventSchemas.errors(type, Json.MAPPER.createObjectNode()))
                .as("an empty object is no " + type).isNotEmpty());
    }

    private List<JsonNode> lines(String message) {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).filter(l -> l.path("message").asText().equals(message)).toList();
    }
}
