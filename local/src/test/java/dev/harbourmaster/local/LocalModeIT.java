package dev.harbourmaster.local;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static dev.harbourmaster.testing.ImagePushes.push;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.testing.Emulator;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookTargetType;
import software.amazon.awssdk.services.ecs.model.DeploymentStrategy;
import software.amazon.awssdk.services.ecs.model.Tag;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Local mode against the test emulator, driven as a user would: images pushed to ECR with the SDK,
 * nothing else. The real handlers, fed by local mode's plumbing, record the builds, deploy staging
 * by itself (autoDeploy), and the simulated ECS ends each deployment; with the failure switch on, the
 * circuit breaker rolls a service back. ECS state outlives a test on the emulator, so the clusters
 * are this run's own.
 */
class LocalModeIT {

    private static final Duration DEPLOYED_WITHIN = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static final Emulator emulator = new Emulator();
    private static final ByteArrayOutputStream narration = new ByteArrayOutputStream();
    private static LocalMode mode;
    private static DynamoDbReleaseSets releaseSets;
    private static DynamoDbDeploymentRecords records;
    private static SqsClient sqs;
    private static String stagingCluster;

    @BeforeAll
    static void start() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        stagingCluster = "catalogue-staging-" + run;
        Path manifest = Fixtures.exampleManifestOnClusters(dir, run);
        String table = "hm-local-it-" + run;
        Instant began = Instant.now();
        mode = LocalMode.start(new LocalMode.Options()
                .home(Emulator.repositoryRoot())
                .manifest(manifest)
                .endpoint(java.net.URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .table(table)
                .prefix("hm-local-it-" + run)
                .busName("harbourmaster-local-it-" + run)
                .settle(Duration.ofSeconds(1))
                .poll(Duration.ofMillis(500))
                .logFile(Path.of("target/local-it.log"))  // kept after the run, for a failure's story
                .out(new PrintStream(new Tee(narration, System.out), true, StandardCharsets.UTF_8)));
        System.out.println("local mode started in " + Duration.between(began, Instant.now()).toMillis() + " ms");
        releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        records = new DynamoDbDeploymentRecords(emulator.dynamo(), table);
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
    void aPushedImageIsReleasedAndDeployedToStagingByItself() {
        String hash = newHash();
        Instant pushed = Instant.now();
        String digest = push(emulator.ecr(), "catalogue/id_minter", hash);

        ReleaseSet set = awaitSet("id_minter", hash, ReleaseSetStatus.SUCCEEDED);
        System.out.println("push -> SUCCEEDED in " + Duration.between(pushed, Instant.now()).toMillis() + " ms");

        assertThat(set.requestedBy()).isEqualTo("ecr-push");
        Deployment deployment = releaseSets.deployments(set.id()).get(0);
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment.reason()).isEqualTo("ECS reported COMPLETED and 1 task ran the release's digests");
        assertThat(deployment.evidence().tasks()).singleElement()
                .satisfies(t -> assertThat(t.containers().get(0).imageDigest()).isEqualTo(digest));
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.running().releaseHash()).isEqualTo(hash);
        assertThat(row.running().releaseSetId()).isEqualTo(set.id());
        assertThat(releaseSets.releaseSets("catalogue", "prod", 10)).as("prod does not auto-deploy").isEmpty();

        JsonNode finished = awaitDomainEvent("Release Set Finished", set.id(), "SUCCEEDED");
        assertThat(finished.at("/source").asText()).isEqualTo("harbourmaster");

        assertThat(mode.awaitIdle(Duration.ofSeconds(10))).as("idle once the set ended").isTrue();
        assertThat(narration.toString(StandardCharsets.UTF_8)).contains("push ", "catalogue/id_minter:ref." + hash,
                "request ", set.id(), "deploy ", "ecs ", "outcome ", "finished ");
    }

    @Test
    void withTheFailureSwitchOnTheNextPushIsRolledBackAndTheSetFails() {
        String good = newHash();
        push(emulator.ecr(), "catalogue/ingestor", good);
        ReleaseSet first = awaitSet("ingestor", good, ReleaseSetStatus.SUCCEEDED);
        String ingestor = "catalogue-ingestor-staging";
        String arn = FailureSwitch.serviceArn(emulator.ecs(), stagingCluster, ingestor).orElseThrow();
        String goodTaskDefinition = releaseSets.deployments(first.id()).get(0).taskDefinition();
        FailureSwitch.set(emulator.ecs(), arn, true);
        try {
            String bad = newHash();
            push(emulator.ecr(), "catalogue/ingestor", bad);
            ReleaseSet failed = awaitSet("ingestor", bad, ReleaseSetStatus.FAILED);
            // FAILED first (ECS's SERVICE_DEPLOYMENT_FAILED), then ROLLED_BACK once the rollback's event is in.
            Deployment rolledBack = await("ingestor " + bad + " ROLLED_BACK", Duration.ofSeconds(10), () ->
                    releaseSets.deployments(failed.id()).stream()
                            .filter(d -> d.status() == DeploymentStatus.ROLLED_BACK).findFirst());
            ReleaseSet second = releaseSets.releaseSet(failed.id()).orElseThrow();
            assertThat(second.status()).isEqualTo(ReleaseSetStatus.FAILED);
            // Whichever says it first: the rollback's event (the circuit breaker's words) or the service deployments API.
            assertThat(rolledBack.reason()).containsIgnoringCase("circuit breaker").contains("rolled back", "task failed to start",
                    "EssentialContainerExited", "exit code 1");
            assertThat(second.statusReason()).startsWith("ingestor ROLLED_BACK");
            CurrentState row = records.currentState("catalogue", "staging", "ingestor").orElseThrow();
            assertThat(row.running().releaseHash()).as("the good release still runs").isEqualTo(good);
            assertThat(row.last().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
            assertThat(emulator.ecs().describeServices(b -> b.cluster(stagingCluster).services(ingestor)).services()
                    .get(0).taskDefinition()).as("ECS runs the good task definition again").isEqualTo(goodTaskDefinition);
            JsonNode finished = awaitDomainEvent("Deployment Finished", second.id(), "ROLLED_BACK");
            assertThat(finished.at("/detail/service").asText()).isEqualTo("ingestor");
            assertThat(mode.awaitIdle(Duration.ofSeconds(15))).as("idle once the rollback completed").isTrue();
            assertThat(records.currentState("catalogue", "staging", "ingestor").orElseThrow().outOfBand())
                    .as("the circuit breaker's rollback is not a change made outside Harbourmaster").isNull();
        } finally {
            FailureSwitch.set(emulator.ecs(), arn, false);
        }
        assertThat(FailureSwitch.isOn(emulator.ecs(), arn)).isFalse();
    }

    @Test
    void aLinearDeploymentWaitsAtItsPauseHookUntilContinuedThenCompletesWithEcsSayingSuccessful() {
        String idMinter = "catalogue-id_minter-staging";
        configure(idMinter, DeploymentConfiguration.builder().strategy(DeploymentStrategy.LINEAR).bakeTimeInMinutes(1)
                .linearConfiguration(c -> c.stepPercent(50.0).stepBakeTimeInMinutes(1))
                .lifecycleHooks(DeploymentLifecycleHook.builder().targetType(DeploymentLifecycleHookTargetType.PAUSE)
                        .lifecycleStagesWithStrings("POST_TEST_TRAFFIC_SHIFT")
                        .timeoutConfiguration(t -> t.timeoutInMinutes(600).action("ROLLBACK")).build()).build());
        String hash = newHash();
        try {
            push(emulator.ecr(), "catalogue/id_minter", hash);
            ReleaseSet set = awaitSet("id_minter", hash, ReleaseSetStatus.IN_PROGRESS);
            Deployment waiting = await("id_minter " + hash + " awaiting action at its hook", DEPLOYED_WITHIN, () ->
                    releaseSets.deployments(set.id()).stream().filter(d -> d.evidence().hookAwaitingAction().isPresent())
                            .findFirst());
            assertThat(waiting.plan().describe()).isEqualTo("LINEAR 50% every 1 min, bake 1 min, 1 pause hook");
            assertThat(mode.awaitIdle(Duration.ofSeconds(10))).as("a deployment waiting for a person is idle").isTrue();
            assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).as("still waiting")
                    .isEqualTo(ReleaseSetStatus.IN_PROGRESS);

            String hookId = waiting.evidence().hookAwaitingAction().orElseThrow().hookId();
            emulator.ecs().continueServiceDeployment(b -> b.serviceDeploymentArn(waiting.serviceDeploymentArn())
                    .hookId(hookId).action("CONTINUE"));

            awaitSet("id_minter", hash, ReleaseSetStatus.SUCCEEDED);
            Deployment done = releaseSets.deployments(set.id()).get(0);
            assertThat(done.status()).isEqualTo(DeploymentStatus.COMPLETED);
            assertThat(done.evidence().serviceDeployment().status()).as("ECS's API agrees").isEqualTo("SUCCESSFUL");
            assertThat(done.evidence().hooks()).anySatisfy(h -> assertThat(h.status()).isEqualTo("SUCCEEDED"));
            assertThat(narration.toString(StandardCharsets.UTF_8)).contains("waits at POST_TEST_TRAFFIC_SHIFT",
                    "PRODUCTION_TRAFFIC_SHIFT step 2 of 2", "BAKE_TIME 1 min");
        } finally {
            stopInFlight(idMinter);  // a failed assertion must not leave staging busy for the other tests
            configure(idMinter, DeploymentConfiguration.builder().strategy(DeploymentStrategy.ROLLING).build());
        }
    }

    private static void stopInFlight(String ecsService) {
        String current = emulator.ecs().describeServices(b -> b.cluster(stagingCluster).services(ecsService)).services().get(0)
                .currentServiceDeployment();
        var state = emulator.ecs().describeServiceDeployments(b -> b.serviceDeploymentArns(current)).serviceDeployments().get(0);
        if (List.of("PENDING", "IN_PROGRESS").contains(state.statusAsString())) {
            emulator.ecs().stopServiceDeployment(b -> b.serviceDeploymentArn(current).stopType("ROLLBACK"));
            mode.awaitIdle(Duration.ofSeconds(40));
        }
    }

    @Test
    void anAlarmDuringABlueGreenBakeRollsTheDeploymentBackNamingTheAlarm() {
        String good = newHash();
        push(emulator.ecr(), "catalogue/ingestor", good);
        ReleaseSet first = awaitSet("ingestor", good, ReleaseSetStatus.SUCCEEDED);
        String goodTaskDefinition = releaseSets.deployments(first.id()).get(0).taskDefinition();
        String ingestor = "catalogue-ingestor-staging";
        String arn = FailureSwitch.serviceArn(emulator.ecs(), stagingCluster, ingestor).orElseThrow();
        configure(ingestor, DeploymentConfiguration.builder().strategy(DeploymentStrategy.BLUE_GREEN).bakeTimeInMinutes(2)
                .alarms(a -> a.alarmNames("ingestor-5xx").enable(true).rollback(true)).build());
        emulator.ecs().tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key(FailureSwitch.ALARM_TAG).value("ingestor-5xx").build()));
        try {
            String bad = newHash();
            push(emulator.ecr(), "catalogue/ingestor", bad);
            ReleaseSet failed = awaitSet("ingestor", bad, ReleaseSetStatus.FAILED);
            Deployment rolledBack = releaseSets.deployments(failed.id()).get(0);
            assertThat(rolledBack.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
            assertThat(rolledBack.reason()).contains("alarm ingestor-5xx in ALARM");
            assertThat(emulator.ecs().describeServices(b -> b.cluster(stagingCluster).services(ingestor)).services()
                    .get(0).taskDefinition()).as("ECS runs the good task definition again").isEqualTo(goodTaskDefinition);
            assertThat(mode.awaitIdle(Duration.ofSeconds(15))).isTrue();
            assertThat(emulator.ecs().describeServiceDeployments(b -> b.serviceDeploymentArns(rolledBack.serviceDeploymentArn()))
                    .serviceDeployments().get(0).statusAsString()).isEqualTo("ROLLBACK_SUCCESSFUL");
            assertThat(records.currentState("catalogue", "staging", "ingestor").orElseThrow().running().releaseHash())
                    .as("the good release still runs").isEqualTo(good);
        } finally {
            emulator.ecs().untagResource(b -> b.resourceArn(arn).tagKeys(FailureSwitch.ALARM_TAG));
            configure(ingestor, DeploymentConfiguration.builder().strategy(DeploymentStrategy.ROLLING).build());
        }
    }

    @Test
    void withEarlySuccessCriteriaEcsCompletesAtTheHealthyShareAndTheRestStartsAfter() {
        String idMinter = "catalogue-id_minter-staging";
        emulator.ecs().updateService(b -> b.cluster(stagingCluster).service(idMinter).desiredCount(4)
                .deploymentConfiguration(DeploymentConfiguration.builder().strategy(DeploymentStrategy.ROLLING)
                        .earlySuccessCriteria(e -> e.enable(true).healthyPercent(50).sourceServiceRevisionCleanup("AFTER_COMPLETION"))
                        .build()));
        try {
            String hash = newHash();
            push(emulator.ecr(), "catalogue/id_minter", hash);
            ReleaseSet set = awaitSet("id_minter", hash, ReleaseSetStatus.SUCCEEDED);
            Deployment done = releaseSets.deployments(set.id()).get(0);
            assertThat(done.status()).isEqualTo(DeploymentStatus.COMPLETED);
            assertThat(done.plan().describe()).isEqualTo("ROLLING, complete at 50% healthy");
            // ECS said COMPLETED once 2 of 4 ran; the other two may be in by the time the set is read.
            assertThat(done.reason()).matches("ECS reported COMPLETED and [234] tasks ran the release's digests");
            assertThat(mode.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(releaseSets.deployments(set.id()).get(0).evidence().tasks()).as("the rest, started after, are kept too")
                    .hasSize(4);
            assertThat(narration.toString(StandardCharsets.UTF_8)).contains("early success at 2 of 4 tasks");
        } finally {
            emulator.ecs().updateService(b -> b.cluster(stagingCluster).service(idMinter).desiredCount(1)
                    .deploymentConfiguration(DeploymentConfiguration.builder().strategy(DeploymentStrategy.ROLLING).build()));
        }
    }

    /** What a team's Terraform or console would do: the service's deployment configuration changed, no deployment started. */
    private static void configure(String ecsService, DeploymentConfiguration configuration) {
        emulator.ecs().updateService(b -> b.cluster(stagingCluster).service(ecsService).deploymentConfiguration(configuration));
    }

    private static ReleaseSet awaitSet(String service, String hash, ReleaseSetStatus status) {
        return await("release set of " + service + " " + hash + " " + status, DEPLOYED_WITHIN, () ->
                releaseSets.releaseSets("catalogue", "staging", 20).stream()
                        .filter(s -> s.releases().stream().anyMatch(r -> r.serviceId().equals(service)
                                && hash.equals(r.releaseHash())))
                        .filter(s -> s.status() == status).findFirst());
    }

    private static final List<JsonNode> domainEvents = new ArrayList<>();

    private static JsonNode awaitDomainEvent(String detailType, String releaseSetId, String outcome) {
        return await(detailType + " " + outcome + " of " + releaseSetId + " on " + mode.domainEventsQueueUrl(),
                Duration.ofSeconds(10), () -> {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(mode.domainEventsQueueUrl()).maxNumberOfMessages(10))
                    .messages()) {
                domainEvents.add(Delivered.json(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(mode.domainEventsQueueUrl()).receiptHandle(message.receiptHandle()));
            }
            return domainEvents.stream().filter(e -> e.path("detail-type").asText().equals(detailType)
                    && e.at("/detail/releaseSet").asText().equals(releaseSetId)
                    && e.at("/detail/outcome").asText().equals(outcome)).findFirst();
        });
    }

    private static <T> T await(String what, Duration timeout, Supplier<Optional<T>> check) {
        return ImagePushes.await(what, timeout, check, () -> "local mode said:\n" + narration.toString(StandardCharsets.UTF_8));
    }

    /** Writes to both: the narration is kept for the assertions and shown in the test's output. */
    private static final class Tee extends OutputStream {
        private final OutputStream one;
        private final OutputStream two;

        Tee(OutputStream one, OutputStream two) {
            this.one = one;
            this.two = two;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            one.write(b);
            two.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            one.write(bytes, offset, length);
            two.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            one.flush();
            two.flush();
        }
    }
}
