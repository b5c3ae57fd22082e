package dev.harbourmaster.githubdeployments;

import static dev.harbourmaster.githubdeployments.StreamFixtures.HASH;
import static dev.harbourmaster.githubdeployments.StreamFixtures.build;
import static dev.harbourmaster.githubdeployments.StreamFixtures.digest;
import static dev.harbourmaster.githubdeployments.StreamFixtures.event;
import static dev.harbourmaster.githubdeployments.StreamFixtures.record;
import static dev.harbourmaster.githubdeployments.StreamFixtures.releaseSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** From a release set's stream records to GitHub's calls: the mapping, against the loopback GitHub, with builds from a mock ledger. */
class GitHubDeploymentsTest {

    private static final String SET = "01JSET00000000000000000001";
    private static final String REPO = "wellcomecollection/catalogue-pipeline";

    private final LoopbackGitHub github = new LoopbackGitHub("ghp_test");
    private final BuildLedger ledger = mock(BuildLedger.class);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private GitHubDeploymentsHandler handler;

    @BeforeEach
    void setUp() {
        when(ledger.build(anyString(), anyString())).thenReturn(Optional.empty());
        source("id_minter", "https://github.com/" + REPO);
        source("ingestor", "git@github.com:wellcomecollection/catalogue-pipeline.git");
        handler = handler(Optional.of("https://hm.example.org/"));
    }

    @AfterEach
    void close() {
        github.close();
    }

    private GitHubDeploymentsHandler handler(Optional<String> dashboard) {
        GitHubApi api = new GitHubApi(github.url(), () -> "ghp_test", GitHubApi.httpClient(Duration.ofSeconds(2)),
                Duration.ofSeconds(2), 3, Duration.ZERO, d -> { });
        return new GitHubDeploymentsHandler(new GitHubDeployments(new DeploymentTargets(ledger), api,
                new DeploymentRequests(dashboard), new Log("github-deployments", new PrintStream(logs, true, StandardCharsets.UTF_8),
                Instant::now)));
    }

    private void source(String service, String source) {
        when(ledger.build("catalogue/" + service, digest(service))).thenReturn(Optional.of(build(service, source)));
    }

    private StreamsEventResponse deliver(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return handler.handleRequest(event(record("1", before, after)), null);
    }

    private List<JsonNode> logLines() {
        return logs.toString(StandardCharsets.UTF_8).lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    @Test
    void aSetsLifeIsOneDeploymentWithInProgressThenSuccess() {
        var requested = releaseSet(SET, "staging", "REQUESTED", "id_minter", "ingestor");
        var inProgress = releaseSet(SET, "staging", "IN_PROGRESS", "id_minter", "ingestor");
        var succeeded = releaseSet(SET, "staging", "SUCCEEDED", "id_minter", "ingestor");

        assertThat(deliver(null, requested).getBatchItemFailures()).isEmpty();
        assertThat(deliver(requested, inProgress).getBatchItemFailures()).isEmpty();
        assertThat(deliver(inProgress, succeeded).getBatchItemFailures()).isEmpty();

        assertThat(github.problems()).isEmpty();
        List<ObjectNode> deployments = github.deployments(REPO);
        assertThat(deployments).as("both services are of one repository and commit").hasSize(1);
        ObjectNode created = (ObjectNode) github.requests("repos/create-deployment").get(0).body();
        assertThat(created.path("ref").asText()).isEqualTo(HASH);
        assertThat(created.path("environment").asText()).isEqualTo("catalogue/staging");
        assertThat(created.path("auto_merge").asBoolean(true)).isFalse();
        assertThat(created.path("required_contexts").isArray() && created.path("required_contexts").isEmpty()).isTrue();
        assertThat(created.path("transient_environment").asBoolean(true)).isFalse();
        assertThat(created.path("production_environment").asBoolean(true)).isFalse();
        assertThat(created.path("payload").path("releaseSet").asText()).isEqualTo(SET);
        assertThat(created.path("payload").path("services")).extracting(JsonNode::asText).containsExactly("id_minter", "ingestor");
        long id = deployments.get(0).path("id").asLong();
        assertThat(github.states(id)).as("IN_PROGRESS after REQUESTED tells nothing new").containsExactly("in_progress", "success");
        ObjectNode success = github.statuses(id).get(1);
        assertThat(success.path("log_url").asText()).isEqualTo("https://hm.example.org/sets/" + SET);
        assertThat(success.path("environment_url").asText()).isEqualTo("https://hm.example.org/p/catalogue");
        assertThat(success.has("auto_inactive")).as("GitHub retires the previous staging deployment itself").isFalse();
    }

    @Test
    void failedPartialAndRejectedSetsAreFailuresWithTheirReason() {
        for (String status : List.of("FAILED", "PARTIAL", "REJECTED")) {
            String set = "01JSET0000000000000000" + status.substring(0, 4);
            deliver(null, releaseSet(set, "staging", "REQUESTED", "id_minter"));
            deliver(releaseSet(set, "staging", "REQUESTED", "id_minter"), releaseSet(set, "staging", status, "id_minter"));
        }

        assertThat(github.problems()).isEmpty();
        assertThat(github.deployments(REPO)).hasSize(3).allSatisfy(d -> {
            List<ObjectNode> statuses = github.statuses(d.path("id").asLong());
            assertThat(statuses).extracting(s -> s.path("state").asText()).containsExactly("in_progress", "failure");
            assertThat(statuses.get(1).path("description").asText()).contains("ingestor FAILED: tasks failed to start");
            assertThat(statuses.get(1).path("description").asText().length()).isLessThanOrEqualTo(140);
        });
    }

    @Test
    void aRedeliveredRecordFindsItsDeploymentInsteadOfMakingASecond() {
        var requested = releaseSet(SET, "staging", "REQUESTED", "id_minter");
        deliver(null, requested);
        deliver(null, requested);
        deliver(requested, releaseSet(SET, "staging", "SUCCEEDED", "id_minter"));

        assertThat(github.deployments(REPO)).hasSize(1);
        assertThat(github.requests("repos/create-deployment")).hasSize(1);
        assertThat(github.requests("repos/list-deployments")).hasSize(3);
        assertThat(github.problems()).isEmpty();
    }

    @Test
    void aSetInProductionIsAProductionDeploymentThatRetiresThePreviousOne() {
        String earlier = "01JSET00000000000000000000";
        deliver(null, releaseSet(earlier, "prod", "SUCCEEDED", "id_minter"));
        deliver(null, releaseSet(SET, "prod", "REQUESTED", "id_minter"));
        deliver(releaseSet(SET, "prod", "REQUESTED", "id_minter"), releaseSet(SET, "prod", "SUCCEEDED", "id_minter"));

        assertThat(github.problems()).isEmpty();
        List<ObjectNode> deployments = github.deployments(REPO);
        assertThat(deployments).extracting(d -> d.path("production_environment").asBoolean()).containsExactly(true, true);
        assertThat(deployments).extracting(d -> d.path("environment").asText()).containsOnly("catalogue/prod");
        assertThat(github.states(deployments.get(0).path("id").asLong())).containsExactly("success", "inactive");
        assertThat(github.states(deployments.get(1).path("id").asLong())).containsExactly("in_progress", "success");
    }

    @Test
    void servicesOfTwoRepositoriesAreTwoDeployments() {
        source("ingestor", "https://github.com/wellcomecollection/ingestor");

        deliver(null, releaseSet(SET, "staging", "REQUESTED", "id_minter", "ingestor"));

        assertThat(github.deployments(REPO)).hasSize(1);
        assertThat(github.deployments("wellcomecollection/ingestor")).hasSize(1)
                .allSatisfy(d -> assertThat(d.path("payload").path("services")).extracting(JsonNode::asText).containsExactly("ingestor"));
    }

    @Test
    void imagesWithoutAGitHubSourceAreLoggedOnceAndToldNothing() {
        source("id_minter", "https://gitlab.com/wellcomecollection/catalogue-pipeline");
        when(ledger.build("catalogue/ingestor", digest("ingestor"))).thenReturn(Optional.of(build("ingestor", null)));
        var requested = releaseSet(SET, "staging", "REQUESTED", "id_minter", "ingestor");

        deliver(null, requested);
        deliver(requested, releaseSet(SET, "staging", "SUCCEEDED", "id_minter", "ingestor"));

        assertThat(github.requests()).isEmpty();
        List<JsonNode> why = logLines().stream().filter(l -> l.path("message").asText().equals("no GitHub deployment for some images")).toList();
        assertThat(why).hasSize(1);
        assertThat(why.get(0).path("images")).extracting(JsonNode::asText).containsExactly(
                "id_minter (catalogue/id_minter): source https://gitlab.com/wellcomecollection/catalogue-pipeline is not a github.com repository",
                "ingestor (catalogue/ingestor): the image has no org.opencontainers.image.source");
    }

    @Test
    void aRefusalIsLoggedWithGitHubsMessageAndTheRecordAcknowledged() {
        github.answerNext(200, 409);
        // 200 with an error body to the list is read as no deployments; then the create is refused.

        StreamsEventResponse response = deliver(null, releaseSet(SET, "staging", "REQUESTED", "id_minter"));

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(logLines()).anySatisfy(l -> {
            assertThat(l.path("message").asText()).isEqualTo("GitHub refused the deployment: not retried");
            assertThat(l.path("status").asInt()).isEqualTo(409);
            assertThat(l.path("error").asText()).contains("Validation Failed");
            assertThat(l.path("repository").asText()).isEqualTo(REPO);
        });
    }

    @Test
    void whenGitHubIsDownTheRecordAndThoseAfterItAreReportedFailed() {
        var first = releaseSet(SET, "staging", "REQUESTED", "id_minter");
        var second = releaseSet("01JSET00000000000000000002", "staging", "REQUESTED", "id_minter");
        var notOurs = new java.util.LinkedHashMap<>(first);
        notOurs.put("type", StreamFixtures.s("Deployment"));
        handler.handleRequest(event(record("1", null, notOurs)), null);
        github.down(true);

        StreamsEventResponse response = handler.handleRequest(event(record("10", null, notOurs), record("11", null, first),
                record("12", null, second)), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("11", "12");
        assertThat(github.requests()).as("three tries of the first request, none of the next record's").hasSize(3);
    }

    @Test
    void withoutADashboardTheStatusesHaveNoLinks() {
        handler = handler(Optional.empty());

        deliver(null, releaseSet(SET, "staging", "REQUESTED", "id_minter"));

        ObjectNode status = github.statuses(github.deployments(REPO).get(0).path("id").asLong()).get(0);
        assertThat(status.has("log_url")).isFalse();
        assertThat(status.has("environment_url")).isFalse();
        assertThat(github.problems()).isEmpty();
    }

    @Test
    void queuedSetsOtherItemsAndUnreadableSetsTellNothing() {
        var queued = releaseSet(SET, "staging", "QUEUED", "id_minter");
        var unreadable = releaseSet(SET, "staging", "REQUESTED", "id_minter");
        unreadable.remove("releases");
        unreadable.put("requestedAt", StreamFixtures.s("yesterday"));

        StreamsEventResponse response = handler.handleRequest(event(record("1", null, queued), record("2", null, unreadable)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(github.requests()).isEmpty();
        assertThat(logLines()).anySatisfy(l -> assertThat(l.path("message").asText()).isEqualTo("release set item skipped: it cannot be read"));
    }
}
