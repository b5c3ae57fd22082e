package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.buildrecorder.BuildRecorderConfig;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.buildrecorder.BuildRecorderWiring;
import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.RecorderConfig;
import dev.harbourmaster.recorder.RecorderWiring;
import dev.harbourmaster.recorder.Sweeper;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The whole chain on the emulator: an image is pushed, build-recorder releases it and requests a
 * release set for staging (auto-deploy), the deployer rolls the ECS service, and the ECS events
 * AWS would send (the fixtures, carrying the real deployment id) close the deployment and the set.
 */
class DeployChainIT {

    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String FIXTURE_DEPLOYMENT = "ecs-svc/1111111111111111111";

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final HmRunner hm = new HmRunner(new Session());
    private String table;
    private String cluster;
    private BuildRecorderHandler buildRecorder;
    private ReleaseSetDeployer deployer;
    private EcsEventHandler recorder;
    private DynamoDbReleaseSets releaseSets;
    private DynamoDbDeploymentRecords records;
    /** The fixtures' times moved to just after now, so that ECS ends what the deployer started after it started. */
    private final String eventHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString()
            .substring(0, 14);

    @BeforeEach
    void setUp() throws IOException {
        table = emulator.newTable();
        String run = UUID.randomUUID().toString().substring(0, 8);
        cluster = "catalogue-staging-" + run;
        Path manifest = Fixtures.exampleManifestOnClusters(dir, run);
        hm("project", "apply", "-f", manifest.toString());
        var dynamo = emulator.dynamo();
        PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);
        buildRecorder = new BuildRecorderHandler(BuildRecorderWiring.of(new BuildRecorderConfig(table, Fixtures.SERVED),
                dynamo, emulator.ecr()).withLog(new Log("build-recorder", log, Instant::now)).pushRecorder());
        releaseSets = new DynamoDbReleaseSets(dynamo, table);
        records = new DynamoDbDeploymentRecords(dynamo, table);
        EcsContainerPlatform platform = new EcsContainerPlatform(emulator.ecs());
        deployer = DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), Fixtures.SERVED), dynamo, emulator.ecs())
                .withReleaseSets(releaseSets).withRecords(records).withPlatform(platform).deployer();
        recorder = new EcsEventHandler(recorderWiring(platform).withLog(new Log("deployment-recorder", log, Instant::now)).ecsEvents());
        emulator.ecs().createCluster(b -> b.clusterName(cluster));
        String family = "catalogue-id_minter-" + UUID.randomUUID();
        String taskDefinition = emulator.ecs().registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(ContainerDefinition.builder().name("id_minter")
                        .image(REGISTRY + "catalogue/id_minter:bootstrap").memory(512).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName("catalogue-id_minter-staging")
                .taskDefinition(taskDefinition).desiredCount(1));
    }

    /** The recorders' wiring as this test's deployer sees the table and ECS. */
    private RecorderWiring recorderWiring(EcsContainerPlatform platform) {
        return RecorderWiring.of(new RecorderConfig(table, Duration.ofMinutes(2), Duration.ofHours(1), Fixtures.SERVED),
                emulator.dynamo(), emulator.ecs()).withReleaseSets(releaseSets).withRecords(records).withPlatform(platform);
    }

    private HmRunner.Run hm(String... args) {
        return hm.succeeds(table, args);
    }

    /** Pushes an image of id_minter tagged ref.HASH; build-recorder records it and requests its auto-deploy to staging. */
    private ReleaseSet push(String hash) {
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023, "digest": "sha256:%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:%s"}]}
                """.formatted(sha256(hash + "config"), sha256(hash + "layer"));
        String digest = "sha256:" + sha256(manifest);
        try {
            emulator.ecr().createRepository(b -> b.repositoryName("catalogue/id_minter"));
        } catch (software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException again) {
            // a second push
        }
        try {
            emulator.ecr().putImage(b -> b.repositoryName("catalogue/id_minter").imageTag("ref." + hash)
                    .imageManifest(manifest).imageDigest(digest)
                    .imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
        } catch (software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException pushedByAnotherTest) {
            // ECR outlives a test on the emulator; each test has a table of its own, so the push is new to it.
        }
        assertThat(buildRecorder.handle(Fixtures.event("ecr-push-success.json").replace(FIXTURE_DIGEST, digest)
                .replaceAll("\"image-tag\": \"[^\"]*\"", "\"image-tag\": \"ref." + hash + "\""))).isEqualTo("RECORDED");
        ReleaseSet requested = releaseSets.releaseSets("catalogue", "staging", 1).get(0);
        assertThat(requested.releases().get(0).releaseHash()).isEqualTo(hash);
        return requested;
    }

    private ReleaseSet pushAndDeploy(String hash) {
        ReleaseSet requested = push(hash);
        assertThat(deployer.deploy(requested.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        return requested;
    }

    /** The fixture as ECS would send it about this deployment: its id, cluster, service, container and digest. */
    private Map<String, String> ecs(String fixture, Deployment deployment) {
        String digest = deployment.images().get(0).digest();
        String json = Fixtures.event(fixture)
                .replace(FIXTURE_DEPLOYMENT, deployment.ecsDeploymentId())
                .replace("catalogue-pipeline-id-minter-staging", "catalogue-id_minter-staging")
                .replace("catalogue-staging", cluster)
                .replace("catalogue/id-minter", "catalogue/id_minter")
                .replace("\"id-minter\"", "\"id_minter\"")
                .replace(FIXTURE_DIGEST, digest)
                .replace("2026-11-20T10:", eventHour);
        return recorder.handle(json);
    }

    private Deployment deployment(ReleaseSet set) {
        List<Deployment> deployments = releaseSets.deployments(set.id());
        assertThat(deployments).hasSize(1);
        return deployments.get(0);
    }

    @Test
    void aPushEndsAsAVerifiedDeploymentAndASucceededSetWithTheCurrentStateRow() {
        ReleaseSet set = pushAndDeploy("3f9c2ab");
        Deployment started = deployment(set);
        assertThat(started.ecsDeploymentId()).as("the id UpdateService answered").startsWith("ecs-svc/");
        assertThat(started.serviceDeploymentArn()).as("its second id").contains(":service-deployment/" + cluster + "/");

        assertThat(ecs("ecs-deployment-in-progress.json", started)).containsEntry("outcome", "RECORDED");
        emulator.resetCalls();
        assertThat(ecs("ecs-task-running.json", started)).containsEntry("outcome", "RECORDED");
        assertThat(emulator.calls()).as("evidence: find the deployment, write it (its set is neither read nor moved)")
                .containsExactly("DynamoDb:Query", "DynamoDb:PutItem");
        emulator.resetCalls();
        assertThat(ecs("ecs-deployment-completed.json", started)).containsEntry("outcome", "RECORDED");
        assertThat(emulator.calls()).as("the end: the same, ECS's service deployments API asked what ended it, the"
                + " current-state row read for its condition, and the environment's queue asked for a set to start")
                .containsExactly("DynamoDb:Query", "DynamoDb:Query", "Ecs:DescribeServiceDeployments",
                "DynamoDb:GetItem", "DynamoDb:TransactWriteItems", "DynamoDb:Query");
        emulator.resetCalls();
        assertThat(ecs("ecs-deployment-completed.json", started)).as("a repeat").containsEntry("outcome", "DUPLICATE");
        assertThat(emulator.calls()).as("a repeat: found, and nothing new in it").containsExactly("DynamoDb:Query");

        Deployment done = deployment(set);
        assertThat(done.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(done.reason()).isEqualTo("ECS reported COMPLETED and 1 task ran the release's digests");
        assertThat(done.evidence().tasks()).singleElement()
                .satisfies(t -> assertThat(t.containers().get(0).imageDigest()).isEqualTo(started.images().get(0).digest()));
        ReleaseSet ended = releaseSets.releaseSet(set.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).as("staging is free again").isEmpty();
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.running().releaseHash()).isEqualTo("3f9c2ab");
        assertThat(row.running().releaseSetId()).isEqualTo(set.id());
        assertThat(row.running().requestedBy()).isEqualTo("ecr-push");
        assertThat(row.last().status()).isEqualTo(DeploymentStatus.COMPLETED);

        var status = hm("status", "--project", "catalogue", "--env", "staging", "--output", "json").json();
        assertThat(status.toString()).contains("\"releaseHash\":\"3f9c2ab\"", "\"COMPLETED\"", "ecr-push");
        assertThat(hm("status", "--project", "catalogue", "--env", "staging").out()).contains("id_minter", "3f9c2ab", "COMPLETED");
        assertThat(hm("history", "--project", "catalogue").out()).contains(set.id(), "SUCCEEDED");
        assertThat(hm("show", set.id()).out()).contains("COMPLETED", started.ecsDeploymentId(),
                "ECS reported COMPLETED and 1 task ran the release's digests");
    }

    @Test
    void aCircuitBreakerRollbackEndsTheSetFailedWithTheReasonAndKeepsTheOldReleaseRunning() {
        ReleaseSet first = pushAndDeploy("3f9c2ab");
        Deployment firstDeployment = deployment(first);
        ecs("ecs-task-running.json", firstDeployment);
        ecs("ecs-deployment-completed.json", firstDeployment);

        ReleaseSet second = pushAndDeploy("77aa0de");
        Deployment failing = deployment(second);
        ecs("ecs-task-stopped.json", failing);
        ecs("ecs-deployment-failed.json", failing);
        Map<String, String> rollback = ecs("ecs-deployment-rollback-in-progress.json", failing);

        assertThat(rollback).containsEntry("outcome", "RECORDED");
        Deployment rolledBack = deployment(second);
        assertThat(rolledBack.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(rolledBack.reason()).contains("ECS circuit breaker rolled back to ecs-svc/0000000000000000000",
                "task failed to start", "EssentialContainerExited", "exit code 1");
        ReleaseSet ended = releaseSets.releaseSet(second.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(ended.statusReason()).as("the cause; the ids stay on the deployment")
                .isEqualTo("id_minter ROLLED_BACK: exit code 1 (EssentialContainerExited)");
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.running().releaseHash()).as("the first release still runs").isEqualTo("3f9c2ab");
        assertThat(row.last().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(ecs("ecs-deployment-rollback-completed.json", failing))
                .as("the rollback's own completion belongs to the rolled-back deployment, not to an outsider")
                .containsEntry("outcome", "RECORDED");
        assertThat(deployment(second).evidence().rollback().state()).isEqualTo("COMPLETED");
        assertThat(hm("status", "--project", "catalogue", "--env", "staging").out()).contains("ROLLED_BACK", "3f9c2ab");
        assertThat(hm("history", "--project", "catalogue", "--env", "staging").out()).contains(second.id(), "FAILED",
                first.id(), "SUCCEEDED");
        assertThat(hm("show", second.id()).out()).contains("ROLLED_BACK", "EssentialContainerExited", "ecs-svc/0000000000000000000");
    }

    @Test
    void aPushWhileStagingIsBusyWaitsItsTurnAndDeploysWhenTheSetInFlightEnds() {
        ReleaseSet first = pushAndDeploy("3f9c2ab");
        ReleaseSet second = push("77aa0de");

        ReleaseSetDeployer.Result waiting = deployer.deploy(second.id());

        assertThat(waiting.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.QUEUED);
        ReleaseSet queued = releaseSets.releaseSet(second.id()).orElseThrow();
        assertThat(queued.status()).isEqualTo(ReleaseSetStatus.QUEUED);
        assertThat(queued.statusReason()).isEqualTo("queued behind release set " + first.id() + ": it starts when that one ends");

        Deployment firstDeployment = deployment(first);
        ecs("ecs-task-running.json", firstDeployment);
        ecs("ecs-deployment-completed.json", firstDeployment);

        assertThat(releaseSets.releaseSet(first.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        assertThat(releaseSets.releaseSet(second.id()).orElseThrow().status())
                .as("the end of the set in flight hands the queued one to the deployer").isEqualTo(ReleaseSetStatus.REQUESTED);
        assertThat(deployer.deploy(second.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        assertThat(deployment(second).releaseHash()).isEqualTo("77aa0de");
    }

    @Test
    void aSetAPersonAskedForIsRejectedNotQueuedWhenTheEnvironmentIsBusy() {
        ReleaseSet first = pushAndDeploy("3f9c2ab");
        ReleaseSet automatic = push("77aa0de");
        ReleaseSet byHand = new ReleaseSet(dev.harbourmaster.support.Ulid.random(Instant.now()), "catalogue", "staging",
                null, automatic.releases(), automatic.kind(), "ada@example.com", "by hand", Instant.now(),
                ReleaseSetStatus.REQUESTED, null);
        releaseSets.request(byHand);

        assertThat(deployer.deploy(byHand.id()).outcome()).isEqualTo(ReleaseSetDeployer.Outcome.REJECTED);
        assertThat(releaseSets.releaseSet(byHand.id()).orElseThrow().statusReason()).contains(first.id(), "in flight");
    }

    @Test
    void aDeploymentMadeOutsideHarbourmasterIsRecordedAsOutOfBand() {
        ReleaseSet set = pushAndDeploy("3f9c2ab");
        Deployment ours = deployment(set);
        ecs("ecs-task-running.json", ours);
        ecs("ecs-deployment-completed.json", ours);
        // Older than the recorder's grace for events of ours not yet written, younger than its 15 days.
        String anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

        Map<String, String> answer = recorder.handle(Fixtures.event("ecs-deployment-unknown-deployment.json")
                .replace("catalogue-pipeline-id-minter-staging", "catalogue-id_minter-staging")
                .replace("catalogue-staging", cluster)
                .replaceAll("2026-11-20T[0-9:]+Z", anHourAgo));

        assertThat(answer).containsEntry("outcome", "OUT_OF_BAND");
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.outOfBand().ecsDeploymentId()).isEqualTo("ecs-svc/9876543210987654321");
        assertThat(row.running().releaseHash()).as("the record still says what Harbourmaster put there").isEqualTo("3f9c2ab");
    }

    /**
     * Found by the review of 2026-12: pushes of another account, another region or "account
     * evil.example/x" were released and auto-deployed; ECS events of another account, region or of
     * 1970 became changes made outside; a FAILED event with our deployment id naming another
     * service failed our set.
     */
    @Test
    void foreignAndForgedEventsRecordNothingAndTheSetEndsByItsOwnEvents() {
        for (String fixture : List.of("ecr-push-forged-account.json", "ecr-push-other-account.json", "ecr-push-other-region.json")) {
            assertThat(buildRecorder.handle(Fixtures.event(fixture))).as(fixture).isEqualTo("IGNORED");
        }
        assertThat(new DynamoDbBuildLedger(emulator.dynamo(), table).build("catalogue/id_minter", FIXTURE_DIGEST)).isEmpty();
        assertThat(releaseSets.releaseSets("catalogue", "staging", 10)).isEmpty();

        ReleaseSet set = pushAndDeploy("3f9c2ab");
        Deployment ours = deployment(set);
        String tenMinutesAgo = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        for (String fixture : List.of("ecs-deployment-other-account.json", "ecs-deployment-other-region.json",
                "ecs-deployment-dated-1970.json", "ecs-deployment-failed-other-service.json")) {
            String json = Fixtures.event(fixture).replace("ecs-svc/1111111111111111111", ours.ecsDeploymentId())
                    .replace("catalogue-pipeline-id-minter-staging", "catalogue-id_minter-staging")
                    .replace("catalogue-pipeline-ingestor-staging", "catalogue-ingestor-staging")
                    .replace("catalogue-staging", cluster).replaceAll("2026-11-20T[0-9:]+Z", tenMinutesAgo);
            assertThat(recorder.handle(json)).as(fixture).containsEntry("outcome", "IGNORED");
        }
        assertThat(deployment(set)).as("no evidence from any of them").isEqualTo(ours);
        ecs("ecs-task-running.json", ours);
        ecs("ecs-deployment-completed.json", ours);

        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.outOfBand()).as("nothing changed outside").isNull();
        assertThat(row.running().releaseHash()).isEqualTo("3f9c2ab");
    }

    @Test
    void malformedAndForeignEventsAreAcknowledgedAndChangeNothing() {
        ReleaseSet set = pushAndDeploy("3f9c2ab");
        Deployment before = deployment(set);

        for (String fixture : List.of("ecs-event-malformed.json", "ecs-deployment-missing-fields.json", "ecs-unknown-event.json")) {
            assertThat(recorder.handle(Fixtures.event(fixture))).as(fixture).containsEntry("outcome", "IGNORED");
        }

        assertThat(deployment(set)).isEqualTo(before);
    }

    @Test
    void theSweeperClosesAStuckDeploymentFromWhatEcsSays() {
        ReleaseSet set = pushAndDeploy("3f9c2ab");
        PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);
        Instant later = Instant.now().plus(Duration.ofMinutes(61));
        EcsContainerPlatform platform = new EcsContainerPlatform(emulator.ecs());
        Sweeper sweeper = recorderWiring(platform).withClock(() -> later).withLog(new Log("sweeper", log, () -> later)).sweeper();

        Sweeper.Report report = sweeper.sweep();

        assertThat(report.deploymentsClosed()).isEqualTo(1);
        Deployment stuck = deployment(set);
        // The emulator's ECS never moves a rollout: it still says IN_PROGRESS, with no task running.
        assertThat(stuck.status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(stuck.reason()).startsWith("ECS still reports the deployment IN_PROGRESS with 0 of 1 tasks running since ");
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).isEmpty();
        assertThat(sweeper.sweep().deploymentsClosed()).as("a second sweep finds nothing in flight").isZero();
    }

    private Sweeper sweeperAt(Instant at) {
        PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);
        return recorderWiring(new EcsContainerPlatform(emulator.ecs())).withClock(() -> at)
                .withLog(new Log("sweeper", log, () -> at)).sweeper();
    }

    @Test
    void aDeploymentReplacedByAnUpdateServiceBehindOurBackIsSupersededWithinOneSweep() {
        ReleaseSet set = pushAndDeploy("3f9c2ab");
        ecs("ecs-deployment-in-progress.json", deployment(set));
        // Someone (the console, Terraform) rolls the service again with the SDK.
        emulator.ecs().updateService(b -> b.cluster(cluster).service("catalogue-id_minter-staging").forceNewDeployment(true));

        sweeperAt(Instant.now().plusSeconds(60)).sweep();

        Deployment replaced = deployment(set);
        assertThat(replaced.status()).isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(replaced.reason()).contains("replaced before it finished by service deployment",
                "an UpdateService outside Harbourmaster");
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).as("staging is free again").isEmpty();
        assertThat(hm("show", set.id()).out()).contains("SUPERSEDED", "replaced by");
    }

    @Test
    void hmStopWithRollbackRollsTheDeploymentBackAndTheRecordSaysWhoAskedAndWhy() {
        ReleaseSet set = pushAndDeploy("3f9c2ab");

        HmRunner.Run stop = hm("stop", "--project", "catalogue", "--env", "staging", "--rollback", "-m", "wrong build");
        sweeperAt(Instant.now().plusSeconds(60)).sweep();

        assertThat(stop.out()).contains("Asked ECS to stop id_minter and roll it back (ROLLBACK).");
        Deployment stopped = deployment(set);
        assertThat(stopped.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(stopped.reason()).contains("ECS rolled back (stopped and rolled back by", "(wrong build))");
        assertThat(stopped.evidence().actions()).singleElement().satisfies(a -> assertThat(a.action()).isEqualTo("STOP_ROLLBACK"));
    }

    @Test
    void aLinearDeploymentWithAPauseHookWaitsUntilHmApproveAndEndsCompletedWithTheApprovalOnRecord() {
        emulator.ecs().updateService(b -> b.cluster(cluster).service("catalogue-id_minter-staging").deploymentConfiguration(c -> c
                .strategy("LINEAR").bakeTimeInMinutes(10).linearConfiguration(l -> l.stepPercent(10.0).stepBakeTimeInMinutes(6))
                .lifecycleHooks(h -> h.targetType("PAUSE").lifecycleStagesWithStrings("POST_TEST_TRAFFIC_SHIFT"))));
        ReleaseSet set = pushAndDeploy("3f9c2ab");
        Deployment started = deployment(set);
        assertThat(started.plan().describe()).isEqualTo("LINEAR 10% every 6 min, bake 10 min, 1 pause hook");

        // Two hours on: a rolling deployment would be overdue; this one waits at its hook.
        sweeperAt(Instant.now().plus(Duration.ofHours(2))).sweep();
        Deployment waiting = deployment(set);
        assertThat(waiting.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(waiting.evidence().hookAwaitingAction()).isPresent();
        assertThat(releaseSets.gate("catalogue", "staging").inFlightUntil()).as("held until the hook expires and the plan ends")
                .isAfter(Instant.now().plus(Duration.ofHours(24)));

        HmRunner.Run approve = hm("approve", "--project", "catalogue", "--env", "staging", "-m", "canary looks good");
        assertThat(approve.out()).contains("Approved id_minter at POST_TEST_TRAFFIC_SHIFT");
        ecs("ecs-task-running.json", started);
        ecs("ecs-deployment-completed.json", started);

        Deployment done = deployment(set);
        assertThat(done.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(done.evidence().actions()).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("APPROVE");
            assertThat(a.why()).isEqualTo("canary looks good");
        });
        assertThat(hm("show", set.id()).out()).contains("approved by", "canary looks good", "LINEAR 10% every 6 min");
    }

    @Test
    void aDeploymentRejectedAtItsPauseHookIsRolledBackNamingTheRejection() {
        emulator.ecs().updateService(b -> b.cluster(cluster).service("catalogue-id_minter-staging").deploymentConfiguration(c -> c
                .strategy("CANARY").canaryConfiguration(k -> k.canaryPercent(5.0).canaryBakeTimeInMinutes(15))
                .lifecycleHooks(h -> h.targetType("PAUSE").lifecycleStagesWithStrings("PRE_PRODUCTION_TRAFFIC_SHIFT"))));
        ReleaseSet set = pushAndDeploy("3f9c2ab");

        hm("reject", "--project", "catalogue", "--env", "staging", "-m", "error rate");
        sweeperAt(Instant.now().plusSeconds(60)).sweep();

        Deployment rejected = deployment(set);
        assertThat(rejected.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(rejected.reason()).contains("rejected by", "(error rate)");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
