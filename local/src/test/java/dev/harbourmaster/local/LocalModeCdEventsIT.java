package dev.harbourmaster.local;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static dev.harbourmaster.testing.ImagePushes.push;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domainevents.CdEventSchemas;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * CDEvents in local mode, built from template.yaml as it is (CdEvents "on" by default): the
 * manifest's environments are environment.created, a push is artifact.published and a first
 * deployment service.deployed, and a push that ECS's circuit breaker rolls back is a
 * service.rolledback to the good release. Every CDEvent read validates against the v0.5.1 schemas.
 */
class LocalModeCdEventsIT {

    @TempDir
    static Path dir;

    private static final Emulator emulator = new Emulator();
    private static final ByteArrayOutputStream narration = new ByteArrayOutputStream();
    private static final List<JsonNode> cdEvents = new ArrayList<>();
    private static LocalMode mode;
    private static DynamoDbReleaseSets releaseSets;
    private static SqsClient sqs;
    private static String stagingCluster;

    @BeforeAll
    static void start() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        stagingCluster = "catalogue-staging-" + run;
        String table = "hm-local-cde-" + run;
        mode = LocalMode.start(new LocalMode.Options()
                .home(Emulator.repositoryRoot())
                .manifest(Fixtures.exampleManifestOnClusters(dir, run))
                .endpoint(java.net.URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .table(table)
                .prefix("hm-local-cde-" + run)
                .busName("harbourmaster-local-cde-" + run)
                .settle(Duration.ofSeconds(1))
                .poll(Duration.ofMillis(500))
                .logFile(Path.of("target/local-cdevents-it.log"))
                .out(new PrintStream(narration, true, StandardCharsets.UTF_8)));
        releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        sqs = SqsClient.builder().httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    @AfterAll
    static void stop() {
        if (mode != null) {
            mode.close();
        }
    }

    @Test
    void aPushThatEcsRollsBackIsServiceRolledbackOnTheBusAsTheSpecsSchemaSays() {
        JsonNode staging = awaitCdEvent("environment.created of catalogue/staging", e -> type(e).equals(
                "dev.cdevents.environment.created.0.3.0") && e.at("/detail/subject/id").asText().equals("catalogue/staging"));
        assertThat(staging.at("/detail/subject/content/name").asText()).isEqualTo("Staging");

        String good = newHash();
        String goodDigest = push(emulator.ecr(), "catalogue/ingestor", good);
        awaitSet(good, ReleaseSetStatus.SUCCEEDED);
        JsonNode published = awaitCdEvent("artifact.published of " + goodDigest, e -> type(e).equals(
                "dev.cdevents.artifact.published.0.3.0") && e.at("/detail/customData/digest").asText().equals(goodDigest));
        String goodPurl = published.at("/detail/subject/id").asText();
        assertThat(goodPurl).startsWith("pkg:oci/ingestor@sha256%3A" + goodDigest.substring("sha256:".length()) + "?repository_url=")
                .endsWith("/catalogue/ingestor");
        JsonNode deployed = awaitCdEvent("service deployed or upgraded with " + good, e -> type(e).matches(
                "dev\\.cdevents\\.service\\.(deployed|upgraded)\\.0\\.3\\.0") && e.at("/detail/customData/releaseHash").asText().equals(good));
        assertThat(deployed.at("/detail/subject/content/artifactId").asText()).isEqualTo(goodPurl);

        String arn = FailureSwitch.serviceArn(emulator.ecs(), stagingCluster, "catalogue-ingestor-staging").orElseThrow();
        FailureSwitch.set(emulator.ecs(), arn, true);
        try {
            String bad = newHash();
            push(emulator.ecr(), "catalogue/ingestor", bad);
            ReleaseSet failed = awaitSet(bad, ReleaseSetStatus.FAILED);
            JsonNode rolledBack = awaitCdEvent("service.rolledback of " + failed.id(), e -> type(e).equals(
                    "dev.cdevents.service.rolledback.0.3.0") && e.at("/detail/customData/releaseSet").asText().equals(failed.id()));

            JsonNode event = rolledBack.at("/detail");
            assertThat(rolledBack.path("source").asText()).isEqualTo("harbourmaster");
            assertThat(event.at("/context/specversion").asText()).isEqualTo("0.5.1");
            assertThat(event.at("/subject/id").asText()).isEqualTo("catalogue/staging/ingestor");
            assertThat(event.at("/subject/content/environment/id").asText()).isEqualTo("catalogue/staging");
            assertThat(event.at("/subject/content/artifactId").asText()).as("the good release runs again").isEqualTo(goodPurl);
            assertThat(event.at("/customData/outcome").asText()).isEqualTo("ROLLED_BACK");
            assertThat(event.at("/customData/reason").asText()).containsIgnoringCase("circuit breaker");
            assertThat(event.at("/customData/releaseHash").asText()).isEqualTo(bad);
            assertThat(CdEventSchemas.errors(event)).isEmpty();
        } finally {
            FailureSwitch.set(emulator.ecs(), arn, false);
        }
        assertThat(cdEvents).as("every CDEvent read is one the v0.5.1 schemas accept")
                .allSatisfy(e -> assertThat(CdEventSchemas.errors(e.path("detail"))).as(e.toString()).isEmpty());
    }

    private static String type(JsonNode event) {
        return event.path("detail-type").asText();
    }

    private static ReleaseSet awaitSet(String hash, ReleaseSetStatus status) {
        return ImagePushes.await("ingestor " + hash + " " + status, Duration.ofSeconds(30), () ->
                releaseSets.releaseSets("catalogue", "staging", 20).stream()
                        .filter(s -> s.releases().stream().anyMatch(r -> r.serviceId().equals("ingestor") && hash.equals(r.releaseHash())))
                        .filter(s -> s.status() == status).findFirst(), LocalModeCdEventsIT::story);
    }

    private static JsonNode awaitCdEvent(String what, Predicate<JsonNode> wanted) {
        return ImagePushes.await(what + " on " + mode.domainEventsQueueUrl(), Duration.ofSeconds(20), () -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(mode.domainEventsQueueUrl()).maxNumberOfMessages(10))
                    .messages()) {
                JsonNode event = Delivered.json(message.body());
                if (type(event).startsWith("dev.cdevents.")) {
                    cdEvents.add(event);
                }
                sqs.deleteMessage(b -> b.queueUrl(mode.domainEventsQueueUrl()).receiptHandle(message.receiptHandle()));
            }
            return cdEvents.stream().filter(wanted).findFirst();
        }, LocalModeCdEventsIT::story);
    }

    private static String story() {
        return "local mode said:\n" + narration.toString(StandardCharsets.UTF_8);
    }
}
