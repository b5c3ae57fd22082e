package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The function on the emulator, against the loopback GitHub: builds, releases and release sets are
 * written through the adapters build-recorder, the deployer and the recorder use, the token is a
 * Secrets Manager secret, the test reads the table's stream as Lambda would and hands the records
 * to the handler, and every request GitHub receives is checked against its OpenAPI description.
 */
class GitHubDeploymentsIT {

    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final String REPO = "wellcomecollection/catalogue-pipeline";
    private static final String TOKEN = "github_pat_it";

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final LoopbackGitHub github = new LoopbackGitHub(TOKEN);
    private SecretsManagerClient secrets;
    private DynamoDbReleaseSets releaseSets;
    private DynamoDbDeploymentRecords records;
    private DynamoDbBuildLedger ledger;
    private TableStream stream;
    private GitHubDeploymentsHandler handler;
    private String ledgerTable;

    @BeforeEach
    void setUp() {
        String table = emulator.newTable();
        ledgerTable = table;
        var dynamo = emulator.dynamo();
        releaseSets = new DynamoDbReleaseSets(dynamo, table);
        records = new DynamoDbDeploymentRecords(dynamo, table);
        ledger = new DynamoDbBuildLedger(dynamo, table);
        secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        String secret = "harbourmaster/github-" + UUID.randomUUID().toString().substring(0, 8);
        secrets.createSecret(b -> b.name(secret).secretString("{\"token\": \"" + TOKEN + "\"}"));
        stream = new TableStream(dynamo, DynamoDbStreamsClient.builder().build(), table);
        stream.poll();
        GitHubDeploymentsConfig config = new GitHubDeploymentsConfig(table, secret, github.url(),
                Optional.of("https://hm.example.org/"));
        handler = new GitHubDeploymentsHandler(GitHubDeploymentsWiring.of(config, dynamo, secrets)
                .withLog(new Log("github-deployments", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now))
                .withRetries(3, Duration.ZERO).gitHubDeployments());
    }

    @AfterEach
    void tearDown() {
        github.close();
        secrets.close();
    }

    /** What build-recorder records for a push of {@code service} built from {@code hash} of {@code source}. */
    private Release pushed(String service, String hash, String source) {
        String digest = "sha256:" + UUID.nameUUIDFromBytes((service + hash).getBytes(StandardCharsets.UTF_8)).toString()
                .replace("-", "").repeat(2);
        Build build = new Build("catalogue/" + service, digest, REGISTRY + "catalogue/" + service, Set.of("ref." + hash),
                now.minus(Duration.ofHours(1)), hash, new ImageMetadata(hash, source, null, null), BuildState.RELEASED);
        Release release = new Release("catalogue", "pipeline", service, hash,
                List.of(new ReleaseImage(service, "catalogue/" + service, digest, REGISTRY + "catalogue/" + service + "@" + digest, hash)),
                "catalogue/" + service, digest, now.minus(Duration.ofHours(1)), "change " + hash);
        assertThat(ledger.recordNewBuild(build, List.of(release), List.of())).isTrue();
        return release;
    }

    private ReleaseSet requested(String environment, Release... releases) {
        ReleaseSet set = new ReleaseSet(Ulid.random(now), "catalogue", environment, "pipeline", List.of(releases),
                ReleaseSetKind.DEPLOY, "alice@example.com", "ship the minter", now, ReleaseSetStatus.REQUESTED, null);
        assertThat(releaseSets.request(set)).isTrue();
        return set;
    }

    /** What the deployer writes: the claim (the set IN_PROGRESS), then each service's ECS deployment. */
    private void started(ReleaseSet set) {
        assertThat(releaseSets.claim(set, now, now.plus(Duration.ofHours(2)))).isEqualTo(ReleaseSets.Claim.CLAIMED);
        int n = 0;
        for (Release release : set.releases()) {
            Deployment claimed = Deployment.builder().releaseSetId(set.id()).projectId(set.projectId())
                    .environmentId(set.environmentId()).serviceId(release.serviceId()).cluster("catalogue-" + set.environmentId())
                    .ecsServiceName("catalogue-" + release.serviceId()).releaseHash(release.releaseHash())
                    .images(release.images())
                    .previousTaskDefinition("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + release.serviceId() + ":1")
                    .claimedAt(now);
            assertThat(releaseSets.startDeployment(claimed)).isTrue();
            releaseSets.updateDeployment(claimed.started("arn:aws:ecs:eu-west-1:123456789012:task-definition/"
                    + release.serviceId() + ":2", "ecs-svc/" + (1111111111111111111L + n++)));
        }
    }

    /** What the recorder writes when ECS tells how a service's deployment ended: the set's outcome once all have. */
    private void ended(ReleaseSet set, Release release, boolean completed) {
        DeploymentRecords.SetRecord read = records.setRecord(set.id()).orElseThrow();
        Deployment before = read.deployment(release.serviceId()).orElseThrow();
        Instant at = now.plusSeconds(240);
        DeploymentEvidence more = completed
                ? DeploymentEvidence.NONE.withReport(new EcsReport(EcsReport.COMPLETED, at, "ECS deployment completed", "event"))
                        .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/c/abc", 3, "RUNNING", null,
                                List.of(new TaskEvidence.ContainerEvidence(release.serviceId(), release.images().get(0).digest(),
                                        null, null)), null, null, at.minusSeconds(30), null))
                : DeploymentEvidence.NONE.withReport(new EcsReport(EcsReport.FAILED, at,
                        "ECS deployment circuit breaker: tasks failed to start", "event"));
        Deployment after = before.withEvidence(more);
        List<Deployment> all = new ArrayList<>(read.deployments().stream()
                .filter(d -> !d.serviceId().equals(release.serviceId())).toList());
        all.add(after);
        ReleaseSetOutcome outcome = ReleaseSetOutcome.of(read.set(), all).orElse(null);
        assertThat(records.record(new DeploymentRecords.Change(read, before, after, outcome, null, null, null, null))).isTrue();
    }

    private StreamsEventResponse deliver(DynamodbEvent batch) {
        return handler.handleRequest(batch, null);
    }

    private long onlyDeployment(String repository) {
        List<ObjectNode> deployments = github.deployments(repository);
        assertThat(deployments).hasSize(1);
        return deployments.get(0).path("id").asLong();
    }

    @Test
    void aSetThatSucceedsIsOneDeploymentInProgressThenSuccessfulAsGitHubsDescriptionSays() {
        Release minter = pushed("id_minter", "3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4", "https://github.com/" + REPO);
        Release ingestor = pushed("ingestor", "3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4", "git@github.com:" + REPO + ".git");
        stream.poll();
        ReleaseSet set = requested("staging", minter, ingestor);

        assertThat(deliver(stream.poll()).getBatchItemFailures()).isEmpty();
        long id = onlyDeployment(REPO);
        assertThat(github.states(id)).containsExactly("in_progress");

        started(set);
        assertThat(deliver(stream.poll()).getBatchItemFailures()).isEmpty();
        assertThat(github.states(id)).as("IN_PROGRESS after REQUESTED is in_progress already").containsExactly("in_progress");

        ended(set, minter, true);
        ended(set, ingestor, true);
        assertThat(deliver(stream.poll()).getBatchItemFailures()).isEmpty();

        assertThat(github.states(id)).containsExactly("in_progress", "success");
        assertThat(github.problems()).as("requests GitHub's description or headers do not allow").isEmpty();
        JsonNode created = github.requests("repos/create-deployment").get(0).body();
        assertThat(created.path("ref").asText()).isEqualTo("3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4");
        assertThat(created.path("environment").asText()).isEqualTo("catalogue/staging");
        assertThat(created.path("payload").path("releaseSet").asText()).isEqualTo(set.id());
        assertThat(github.statuses(id).get(1).path("log_url").asText()).isEqualTo("https://hm.example.org/sets/" + set.id());
        assertThat(records.setRecord(set.id()).orElseThrow().set().status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
    }

    @Test
    void anotherSetThatFailsIsAFailureWithItsReason() {
        Release minter = pushed("id_minter", "aaaa000000000000000000000000000000000001", "https://github.com/" + REPO);
        stream.poll();
        ReleaseSet set = requested("prod", minter);
        started(set);
        ended(set, minter, false);

        assertThat(deliver(stream.poll()).getBatchItemFailures()).isEmpty();

        long id = onlyDeployment(REPO);
        assertThat(github.states(id)).containsExactly("in_progress", "failure");
        assertThat(github.statuses(id).get(1).path("description").asText()).startsWith("FAILED").contains("circuit breaker");
        assertThat(github.deployments(REPO).get(0).path("production_environment").asBoolean()).isTrue();
        assertThat(github.problems()).isEmpty();
    }

    @Test
    void aRedeliveredBatchMakesNoSecondDeployment() {
        Release minter = pushed("id_minter", "bbbb000000000000000000000000000000000002", "https://github.com/" + REPO);
        stream.poll();
        requested("staging", minter);
        DynamodbEvent batch = stream.poll();

        assertThat(deliver(batch).getBatchItemFailures()).isEmpty();
        assertThat(deliver(batch).getBatchItemFailures()).isEmpty();

        onlyDeployment(REPO);
        assertThat(github.requests("repos/create-deployment")).hasSize(1);
        assertThat(github.problems()).isEmpty();
    }

    @Test
    void aServerErrorIsTriedAgainWithinTheInvocation() {
        Release minter = pushed("id_minter", "cccc000000000000000000000000000000000003", "https://github.com/" + REPO);
        stream.poll();
        requested("staging", minter);
        github.answerNext(500, 502);

        assertThat(deliver(stream.poll()).getBatchItemFailures()).isEmpty();

        assertThat(github.states(onlyDeployment(REPO))).containsExactly("in_progress");
        assertThat(github.requests("repos/list-deployments")).as("two 5xx, then the answer").hasSize(3);
        assertThat(github.problems()).isEmpty();
    }

    @Test
    void whenGitHubIsDownTheSetsRecordIsReportedAndTheSetDeploysAnyway() {
        Release minter = pushed("id_minter", "dddd000000000000000000000000000000000004", "https://github.com/" + REPO);
        Release other = pushed("ingestor", "dddd000000000000000000000000000000000004", "https://gitlab.com/elsewhere/ingestor");
        stream.poll();
        ReleaseSet unaffected = requested("staging", other);
        ReleaseSet set = requested("prod", minter);
        github.down(true);
        DynamodbEvent batch = stream.poll();

        StreamsEventResponse response = deliver(batch);

        List<String> sequences = batch.getRecords().stream().map(r -> r.getDynamodb().getSequenceNumber()).toList();
        String setRecord = batch.getRecords().stream()
                .filter(r -> r.getDynamodb().getNewImage().get("id") != null
                        && set.id().equals(r.getDynamodb().getNewImage().get("id").getS()))
                .findFirst().orElseThrow().getDynamodb().getSequenceNumber();
        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .as("the set's record and those after it; the set without a GitHub source before it is done")
                .containsExactlyElementsOf(sequences.subList(sequences.indexOf(setRecord), sequences.size()));
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("no GitHub deployment for some images", unaffected.id());

        started(set);
        ended(set, minter, true);
        assertThat(records.setRecord(set.id()).orElseThrow().set().status()).as("the deployment went on").isEqualTo(ReleaseSetStatus.SUCCEEDED);

        github.down(false);
        assertThat(deliver(batch).getBatchItemFailures()).as("redelivered once GitHub is back").isEmpty();
        assertThat(deliver(stream.poll()).getBatchItemFailures()).isEmpty();
        assertThat(github.states(onlyDeployment(REPO))).containsExactly("in_progress", "success");
        assertThat(github.problems()).isEmpty();
    }

    @Test
    void aGitHubAppsInstallationTokenIsMintedOnceForASetsLife() throws Exception {
        GitHubAppTest.generate();
        try (LoopbackGitHub asApp = LoopbackGitHub.forApp(new LoopbackGitHub.App("987654", 4242, GitHubAppTest.keys.getPublic()))) {
            String secret = "harbourmaster/github-app-" + UUID.randomUUID().toString().substring(0, 8);
            secrets.createSecret(b -> b.name(secret).secretString(GitHubAppTest.appSecret("987654", 4242)));
            GitHubDeploymentsHandler app = new GitHubDeploymentsHandler(GitHubDeploymentsWiring.of(
                            new GitHubDeploymentsConfig(ledgerTable, secret, asApp.url(), Optional.empty()), emulator.dynamo(), secrets)
                    .withLog(new Log("github-deployments", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now))
                    .withRetries(3, Duration.ZERO).gitHubDeployments());
            Release minter = pushed("id_minter", "eeee000000000000000000000000000000000005", "https://github.com/" + REPO);
            stream.poll();
            ReleaseSet set = requested("staging", minter);
            assertThat(app.handleRequest(stream.poll(), null).getBatchItemFailures()).isEmpty();
            started(set);
            ended(set, minter, true);
            assertThat(app.handleRequest(stream.poll(), null).getBatchItemFailures()).isEmpty();

            List<ObjectNode> deployments = asApp.deployments(REPO);
            assertThat(deployments).hasSize(1);
            assertThat(asApp.states(deployments.get(0).path("id").asLong())).containsExactly("in_progress", "success");
            assertThat(asApp.minted()).as("one installation token for every request").isEqualTo(1);
            assertThat(asApp.problems()).as("the app's JWT, its installation tokens, GitHub's description").isEmpty();
        }
    }
}
