package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.RecorderConfig;
import dev.harbourmaster.recorder.RecorderWiring;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * hm deploy, promote and rollback on the emulator: the plan from the real record, the release set
 * written (releases, kind, who from HM_ACTOR), and the follow while the real deployer rolls the set
 * on a background thread and the recorder gets the ECS events AWS would send with the real
 * deployment id; a set REJECTED because the environment was locked meanwhile; errors before writing.
 */
class DeployCommandsIT {

    private static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String FIXTURE_DEPLOYMENT = "ecs-svc/1111111111111111111";
    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    /** The emulator's client, and "who" as HM_ACTOR says, with the ARN STS would tell. */
    private final HmRunner hm = new HmRunner(new Session() {
        @Override
        public synchronized DynamoDbClient dynamo() {
            return emulator.dynamo();
        }

        @Override
        protected String callerArn() {
            return "arn:aws:sts::123456789012:assumed-role/deploy/alice";
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("HM_ACTOR", "alice@example.com");
        }
    });
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final String eventHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString()
            .substring(0, 14);
    private String table;
    private String cluster;
    private Project project;
    private RecordSeeder seeder;
    private DynamoDbBuildLedger ledger;
    private DynamoDbReleaseSets releaseSets;
    private DynamoDbDeploymentRecords records;
    private ReleaseSetDeployer deployer;
    private EcsEventHandler recorder;

    @BeforeEach
    void setUp() throws Exception {
        table = emulator.newTable();
        String run = UUID.randomUUID().toString().substring(0, 8);
        cluster = "catalogue-staging-" + run;
        Path manifest = Fixtures.exampleManifestOnClusters(dir, run);
        hm.succeeds(table, "project", "apply", "-f", manifest.toString());
        project = new ManifestParser().parse(manifest);
        seeder = new RecordSeeder(emulator, table, project);
        DynamoDbClient dynamo = emulator.dynamo();
        ledger = new DynamoDbBuildLedger(dynamo, table);
        releaseSets = new DynamoDbReleaseSets(dynamo, table);
        records = new DynamoDbDeploymentRecords(dynamo, table);
        EcsContainerPlatform platform = new EcsContainerPlatform(emulator.ecs());
        deployer = DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), Fixtures.SERVED), dynamo, emulator.ecs())
                .withLedger(ledger).withReleaseSets(releaseSets).withRecords(records).withPlatform(platform).deployer();
        PrintStream log = new PrintStream(logs, true, StandardCharsets.UTF_8);
        recorder = new EcsEventHandler(RecorderWiring.of(new RecorderConfig(table, Duration.ofMinutes(2), Duration.ofHours(1),
                        Fixtures.SERVED), dynamo, emulator.ecs()).withReleaseSets(releaseSets).withRecords(records).withPlatform(platform)
                .withLog(new Log("deployment-recorder", log, Instant::now)).ecsEvents());
    }

    private HmRunner.Run hm(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table));
        return hm.run(all.toArray(String[]::new));
    }

    /** A release recorded as build-recorder records it: the build and its release, in the ledger. */
    private Release released(String serviceId, String hash, Instant at) {
        Release release = seeder.release(serviceId, hash, at);
        Build build = new Build(release.sourceRepository(), release.sourceDigest(),
                RecordSeeder.REGISTRY + release.sourceRepository(), Set.of("ref." + hash), at, hash, ImageMetadata.NONE,
                BuildState.RELEASED);
        assertThat(ledger.recordNewBuild(build, List.of(release), List.of())).isTrue();
        return release;
    }

    /** A release set that ran and SUCCEEDED: claimed, every service completed, current-state rows written. */
    private ReleaseSet succeeded(String environment, Instant at, String why, Release... releases) {
        ReleaseSet set = seeder.request(environment, at, "bob@example.com", why, null, List.of(releases));
        Map<String, dev.harbourmaster.domain.DeploymentEvidence> evidence = new java.util.LinkedHashMap<>();
        for (Release release : releases) {
            evidence.put(release.serviceId(), RecordSeeder.completed(release, at));
        }
        seeder.deploy(set, evidence);
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        return set;
    }

    private List<ReleaseSet> setsOf(String environment) {
        return releaseSets.releaseSets("catalogue", environment, 50);
    }

    private ReleaseSet newest(String environment) {
        return setsOf(environment).get(0);
    }

    private static String idIn(String out) {
        var m = java.util.regex.Pattern.compile("Requested release set (catalogue/[a-z]+/[0-9A-Z]{26})").matcher(out);
        assertThat(m.find()).as("the id is printed: %s", out).isTrue();
        return m.group(1);
    }

    // --no-wait: the set hm writes

    @Test
    void deployPlansFromTheRecordAndWritesTheSetWithItsReleasesKindAndActor() {
        Release minterOld = released("id_minter", OLD, now.minus(Duration.ofHours(3)));
        succeeded("staging", now.minus(Duration.ofHours(3)), "first", minterOld);
        Release minterNew = released("id_minter", NEW, now.minus(Duration.ofMinutes(5)));
        Release ingestor = released("ingestor", NEW, now.minus(Duration.ofMinutes(5)));

        HmRunner.Run run = hm("deploy", "--project", "catalogue", "--env", "staging", "--yes", "--no-wait",
                "-m", "batch minting");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Deploy to catalogue/staging: 2 services change",
                "  id_minter  a1b2c3d sha256:", " -> b2c3d4e sha256:",
                "  ingestor   never deployed -> b2c3d4e sha256:",
                "  requests: no release yet, left out (keeps what runs)",
                "Why: batch minting", "By:  alice@example.com");
        ReleaseSet set = newest("staging");
        assertThat(idIn(run.out())).isEqualTo(set.id());
        assertThat(set.status()).isEqualTo(ReleaseSetStatus.REQUESTED);
        assertThat(set.kind()).isEqualTo(ReleaseSetKind.DEPLOY);
        assertThat(set.releases()).containsExactly(minterNew, ingestor);
        assertThat(set.serviceSetId()).as("id_minter and ingestor are the pipeline set").isEqualTo("pipeline");
        assertThat(set.requestedBy()).isEqualTo("alice@example.com");
        assertThat(set.description()).isEqualTo("batch minting");

        HmRunner.Run older = hm("deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter",
                "--release", "a1b2c3d", "--yes", "--no-wait");
        assertThat(older.exitCode()).as(older.err()).isZero();
        ReleaseSet prod = newest("prod");
        assertThat(prod.releases()).containsExactly(minterOld);
        assertThat(prod.serviceSetId()).as("chosen services").isNull();
        assertThat(prod.description()).isEqualTo("deploy a1b2c3d");
        assertThat(older.out()).contains("the rest keeps what runs: ingestor, requests, search");
    }

    // the follow, with the real deployer and recorder

    /** ECS's own: a cluster, and an ECS service running a bootstrap image, for id_minter in staging. */
    private void ecsService() {
        emulator.ecs().createCluster(b -> b.clusterName(cluster));
        String family = "catalogue-id_minter-" + UUID.randomUUID();
        String taskDefinition = emulator.ecs().registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(ContainerDefinition.builder().name("id_minter")
                        .image(RecordSeeder.REGISTRY + "catalogue/id_minter:bootstrap").memory(512).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName("catalogue-id_minter-staging")
                .taskDefinition(taskDefinition).desiredCount(1));
    }

    /** The fixture as ECS would send it about this deployment: its id, cluster, service, container and digest. */
    private Map<String, String> ecs(String fixture, Deployment deployment) {
        String json = Fixtures.event(fixture)
                .replace(FIXTURE_DEPLOYMENT, deployment.ecsDeploymentId())
                .replace("catalogue-pipeline-id-minter-staging", "catalogue-id_minter-staging")
                .replace("catalogue-staging", cluster)
                .replace("catalogue/id-minter", "catalogue/id_minter")
                .replace("\"id-minter\"", "\"id_minter\"")
                .replace(FIXTURE_DIGEST, deployment.images().get(0).digest())
                .replace("2026-11-20T10:", eventHour);
        return recorder.handle(json);
    }

    /** Waits for the set hm requests, then does what the deployer's trigger would: {@code then} with it. */
    private CompletableFuture<Void> whenRequested(Consumer<ReleaseSet> then) {
        return CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                List<ReleaseSet> requested = setsOf("staging").stream()
                        .filter(s -> s.status() == ReleaseSetStatus.REQUESTED && "alice@example.com".equals(s.requestedBy()))
                        .toList();
                if (!requested.isEmpty()) {
                    then.accept(requested.get(0));
                    return;
                }
                sleep(50);
            }
            throw new AssertionError("hm requested no release set within 30 s");
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deployFollowsTheSetWhileTheDeployerRollsItAndEcsCompletesItAndExits0() throws Exception {
        ecsService();
        released("id_minter", NEW, now.minus(Duration.ofMinutes(5)));
        CompletableFuture<Void> aws = whenRequested(set -> {
            assertThat(deployer.deploy(set.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
            Deployment started = releaseSets.deployments(set.id()).get(0);
            assertThat(started.ecsDeploymentId()).startsWith("ecs-svc/");
            sleep(600); // hm sees the deployment in flight
            assertThat(ecs("ecs-deployment-in-progress.json", started)).containsEntry("outcome", "RECORDED");
            assertThat(ecs("ecs-task-running.json", started)).containsEntry("outcome", "RECORDED");
            assertThat(ecs("ecs-deployment-completed.json", started)).containsEntry("outcome", "RECORDED");
        });

        HmRunner.Run run = hm("deploy", "--project", "catalogue", "--env", "staging", "--services", "id_minter", "--yes",
                "-m", "batch minting", "--poll-interval", "100ms", "--timeout", "60s");

        aws.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String id = idIn(run.out());
        Deployment done = releaseSets.deployments(id).get(0);
        assertThat(run.out()).contains(
                "  id_minter  never deployed -> b2c3d4e sha256:",
                "Following it every 100ms for up to 1m",
                "release set REQUESTED: waiting for the deployer",
                "id_minter IN_PROGRESS: ECS deployment " + done.ecsDeploymentId(),
                "release set IN_PROGRESS",
                "id_minter COMPLETED: ECS reported COMPLETED and 1 task ran the release's digests",
                "release set SUCCEEDED: 1 service runs the release",
                "Done: SUCCEEDED (1 service runs the release)");
        assertThat(run.out().indexOf("id_minter COMPLETED")).isLessThan(run.out().indexOf("release set SUCCEEDED"));
        assertThat(run.err()).isEmpty();
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.running().releaseHash()).isEqualTo(NEW);
        assertThat(row.running().requestedBy()).isEqualTo("alice@example.com");
        assertThat(row.running().description()).isEqualTo("batch minting");
        assertThat(done.status()).isEqualTo(DeploymentStatus.COMPLETED);
    }

    @Test
    void aSetRejectedBecauseTheEnvironmentWasLockedMeanwhileExits1WithTheLocksReason() throws Exception {
        ecsService();
        released("id_minter", NEW, now.minus(Duration.ofMinutes(5)));
        CompletableFuture<Void> aws = whenRequested(set -> {
            seeder.lock("staging", "carol", "release freeze", Instant.now(), Instant.now().plus(Duration.ofHours(2)));
            assertThat(deployer.deploy(set.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        });

        HmRunner.Run run = hm("deploy", "--project", "catalogue", "--env", "staging", "--yes", "--poll-interval", "100ms",
                "--timeout", "60s");

        aws.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode()).isEqualTo(1);
        String id = idIn(run.out());
        assertThat(run.out()).contains("release set REJECTED: environment catalogue/staging is locked by carol until ");
        assertThat(run.err()).startsWith("hm: release set " + id + " was REJECTED: environment catalogue/staging is locked"
                + " by carol until ").contains(": release freeze; deploy after it is unlocked (hm unlock --project catalogue"
                + " --env staging)").doesNotContain("\tat ");
    }

    @Test
    void aLockedEnvironmentIsRefusedBeforeAnythingIsWritten() {
        released("id_minter", NEW, now);
        seeder.lock("staging", "carol", "release freeze", now, now.plus(Duration.ofHours(2)));

        HmRunner.Run run = hm("deploy", "--project", "catalogue", "--env", "staging", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hm: catalogue/staging is locked by carol until ")
                .contains(": release freeze; deploy after it expires, or lift it (hm unlock --project catalogue --env staging)");
        assertThat(setsOf("staging")).isEmpty();
    }

    // rollback and promote

    @Test
    void rollbackRedeploysTheLastSucceededSetBeforeTheNewestThatRanAsKindRollback() {
        ReleaseSet good = succeeded("staging", now.minus(Duration.ofHours(5)), "first release",
                seeder.release("id_minter", OLD, now.minus(Duration.ofHours(5))),
                seeder.release("ingestor", OLD, now.minus(Duration.ofHours(5))));
        ReleaseSet current = succeeded("staging", now.minus(Duration.ofHours(3)), "batch minting",
                seeder.release("id_minter", NEW, now.minus(Duration.ofHours(3))),
                seeder.release("ingestor", NEW, now.minus(Duration.ofHours(3))));
        ReleaseSet rejected = seeder.request("staging", now.minus(Duration.ofHours(1)), "erin", "refused", null,
                List.of(seeder.release("id_minter", "c3d4e5f", now.minus(Duration.ofHours(1)))));
        seeder.reject(rejected, "staging is locked by carol: release freeze");

        HmRunner.Run run = hm("rollback", "--project", "catalogue", "--env", "staging", "--yes", "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Roll back in catalogue/staging: 2 services change",
                "Current: release set " + current.id() + " (SUCCEEDED, requested ",
                "Back to: release set " + good.id() + " (SUCCEEDED, requested ",
                "  id_minter  b2c3d4e sha256:", " -> a1b2c3d sha256:", "(from " + good.id() + ")");
        ReleaseSet set = newest("staging");
        assertThat(set.kind()).isEqualTo(ReleaseSetKind.ROLLBACK);
        assertThat(set.releases()).isEqualTo(good.releases());
        assertThat(set.serviceSetId()).isEqualTo("pipeline");
        assertThat(set.requestedBy()).isEqualTo("alice@example.com");
        assertThat(set.description()).isEqualTo("roll back " + current.id() + " to " + good.id() + " (first release)");

        HmRunner.Run named = hm("rollback", "--project", "catalogue", "--env", "prod", "--to", good.id().toLowerCase(),
                "--yes", "--no-wait");
        assertThat(named.exitCode()).isEqualTo(1);
        assertThat(named.err()).contains("release set " + good.id() + " was for staging, not prod: to deploy its releases"
                + " to prod, use hm promote --project catalogue --to prod --release-set " + good.id());
    }

    @Test
    void rollbackWithNoEarlierSucceededSetExits1SayingSo() {
        ReleaseSet only = succeeded("prod", now.minus(Duration.ofHours(2)), "first",
                seeder.release("id_minter", OLD, now.minus(Duration.ofHours(2))));

        HmRunner.Run run = hm("rollback", "--project", "catalogue", "--env", "prod", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hm: no SUCCEEDED release set before " + only.id() + " in catalogue/prod released"
                + " id_minter: nothing to roll back to; name a release set with --to ID (hm history --project catalogue"
                + " --env prod)" + System.lineSeparator());
        assertThat(setsOf("prod")).hasSize(1);
    }

    @Test
    void promoteDeploysToProdExactlyWhatRunsInStaging() {
        ReleaseSet staging = succeeded("staging", now.minus(Duration.ofHours(2)), "batch minting",
                seeder.release("id_minter", NEW, now.minus(Duration.ofHours(2))),
                seeder.release("ingestor", OLD, now.minus(Duration.ofHours(2))));

        HmRunner.Run run = hm("promote", "--project", "catalogue", "--from", "staging", "--to", "prod", "--yes",
                "--no-wait", "-m", "release 42");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Promote to catalogue/prod: 2 services change", "What runs in staging, for prod:",
                "  id_minter  never deployed -> b2c3d4e sha256:",
                "  requests: never deployed in staging, left out (prod keeps what runs)");
        ReleaseSet set = newest("prod");
        assertThat(set.kind()).isEqualTo(ReleaseSetKind.PROMOTE);
        assertThat(set.releases()).isEqualTo(staging.releases());
        assertThat(set.serviceSetId()).isEqualTo("pipeline");
        assertThat(set.description()).isEqualTo("release 42");

        HmRunner.Run bySet = hm("promote", "--project", "catalogue", "--release-set", staging.id(), "--to", "prod", "--yes",
                "--no-wait");
        assertThat(bySet.exitCode()).as(bySet.err()).isZero();
        assertThat(bySet.out()).contains("The releases of release set " + staging.id() + " (staging, SUCCEEDED, requested ");
        ReleaseSet again = newest("prod");
        assertThat(again.id()).isNotEqualTo(set.id());
        assertThat(again.kind()).isEqualTo(ReleaseSetKind.PROMOTE);
        assertThat(again.releases()).isEqualTo(staging.releases());
        assertThat(again.description()).isEqualTo("promote staging to prod: id_minter b2c3d4e, ingestor a1b2c3d");
    }

    // errors: one line each, nothing written

    @Test
    void unknownNamesNothingToDeployASetInFlightAndNoTerminalEachSayWhatToDo() {
        released("id_minter", NEW, now);
        record Case(List<String> args, int exit, String err) {}
        List<Case> cases = List.of(
                new Case(List.of("deploy", "--project", "shop", "--env", "staging", "--yes"), 1,
                        "hm: project 'shop' is not registered: register it with 'hm project apply -f harbourmaster.yml'"),
                new Case(List.of("deploy", "--project", "catalogue", "--env", "qa", "--yes"), 1,
                        "hm: environment 'qa' is not in project 'catalogue'; its environments are: staging, prod"),
                new Case(List.of("deploy", "--project", "catalogue", "--env", "staging", "--services", "billing", "--yes"), 1,
                        "hm: service 'billing' is not in project 'catalogue'; its services are: id_minter, ingestor, requests, search"),
                new Case(List.of("deploy", "--project", "catalogue", "--env", "staging", "--services", "id_minter",
                        "--release", "deadbee", "--yes"), 1,
                        "hm: service 'id_minter' has no release 'deadbee': list its releases with hm releases --project"
                                + " catalogue --service id_minter"),
                new Case(List.of("deploy", "--project", "catalogue", "--env", "staging", "--services", "ingestor", "--yes"), 1,
                        "hm: service 'ingestor' has no release yet: push an image of it tagged ref.<git sha> (hm builds"
                                + " --project catalogue --service ingestor shows what was pushed)"),
                new Case(List.of("deploy", "--project", "catalogue", "--env", "staging"), 2,
                        "hm: no terminal to confirm on: pass --yes"));
        for (Case c : cases) {
            HmRunner.Run run = hm(c.args().toArray(String[]::new));
            assertThat(run.exitCode()).as(String.join(" ", c.args()) + ": " + run.err()).isEqualTo(c.exit());
            assertThat(run.err()).as(String.join(" ", c.args())).isEqualTo(c.err() + System.lineSeparator());
        }
        assertThat(setsOf("staging")).isEmpty();

        ReleaseSet inFlight = seeder.request("staging", now, "erin@example.com", "ingestor fix", null,
                List.of(seeder.release("ingestor", OLD, now)));
        seeder.deploy(inFlight, Map.of());
        HmRunner.Run busy = hm("deploy", "--project", "catalogue", "--env", "staging", "--yes");
        assertThat(busy.exitCode()).isEqualTo(1);
        assertThat(busy.err()).isEqualTo("hm: release set " + inFlight.id() + " is in flight in catalogue/staging"
                + " (requested by erin@example.com (ARN not recorded): ingestor fix); one release set per environment at a time: wait for it"
                + " to end (hm show " + inFlight.id() + ") and run this again" + System.lineSeparator());

        succeeded("prod", now, "minter", seeder.release("id_minter", NEW, now));
        HmRunner.Run nothing = hm("deploy", "--project", "catalogue", "--env", "prod", "--yes");
        assertThat(nothing.exitCode()).isEqualTo(3);
        assertThat(nothing.out()).contains("  id_minter  b2c3d4e sha256:", "  unchanged").doesNotContain("Why:");
        assertThat(nothing.err()).isEqualTo("hm: nothing to deploy: id_minter already runs the chosen release in"
                + " catalogue/prod; push a new image, or choose another release with --release HASH (hm releases"
                + " --project catalogue)" + System.lineSeparator());
        assertThat(setsOf("prod")).hasSize(1);
    }
}
