package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * hm diff, lock, unlock and verify on the emulator: records seeded the way the deployer and the
 * recorder write them, releases in the ledger, ECS services made with the SDK, the real deployer
 * refusing a set for a locked environment, and a change made to ECS behind Harbourmaster's back.
 * Every hm call's AWS requests are counted.
 */
class EnvironmentCommandsIT {

    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";
    private static final String NEXT = "c3d4e5f60718293a4b5c6d7e8f90123456789012";
    private static final List<String> SERVICES = List.of("id_minter", "ingestor", "requests", "search");

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private Actor actor = new Actor("alice@example.com", "arn:aws:iam::123456789012:user/alice");
    /** The session's clients are the emulator's, which count every request; who asks is set by the test. */
    private final HmRunner hm = new HmRunner(new EmulatorSession(emulator, () -> actor));
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private String table;
    private String staging;
    private Project project;
    private RecordSeeder seeder;
    private final Map<String, Map<String, Release>> releases = new LinkedHashMap<>();

    @BeforeEach
    void seed() throws Exception {
        table = emulator.newTable();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        staging = "catalogue-staging-" + suffix;
        Path manifest = Fixtures.exampleManifestOnClusters(dir, suffix);
        hm.succeeds(table, "project", "apply", "-f", manifest.toString());
        project = new ManifestParser().parse(manifest);
        seeder = new RecordSeeder(emulator, table, project);

        // The ledger: OLD and NEW of every service, and NEXT of id_minter (deployed nowhere).
        DynamoDbBuildLedger ledger = new DynamoDbBuildLedger(emulator.dynamo(), table);
        for (String hash : List.of(OLD, NEW, NEXT)) {
            Instant at = hash.equals(OLD) ? ago(Duration.ofDays(3)) : hash.equals(NEW) ? ago(Duration.ofDays(1)) : ago(Duration.ofHours(1));
            for (String service : hash.equals(NEXT) ? List.of("id_minter") : SERVICES) {
                Release release = seeder.release(service, hash, at);
                ReleaseImage source = release.images().get(0);
                assertThat(ledger.recordNewBuild(new Build(source.repository(), source.digest(),
                        RecordSeeder.REGISTRY + source.repository(), Set.of("ref." + hash), at, hash, ImageMetadata.NONE,
                        BuildState.RELEASED), List.of(release), List.of())).isTrue();
                releases.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(hash, release);
            }
        }
        // The record: staging runs NEW everywhere; prod runs OLD of the pipeline.
        Instant t1 = ago(Duration.ofHours(20));
        ReleaseSet prod = seeder.request("prod", t1, "bob@example.com", "pipeline to prod", "pipeline",
                List.of(release("id_minter", OLD), release("ingestor", OLD)));
        seeder.deploy(prod, Map.of("id_minter", RecordSeeder.completed(release("id_minter", OLD), t1),
                "ingestor", RecordSeeder.completed(release("ingestor", OLD), t1)));
        Instant t2 = ago(Duration.ofHours(10));
        List<Release> everything = SERVICES.stream().map(s -> release(s, NEW)).toList();
        ReleaseSet all = seeder.request("staging", t2, "carol@example.com", "everything", null, everything);
        Map<String, dev.harbourmaster.domain.DeploymentEvidence> evidence = new LinkedHashMap<>();
        everything.forEach(r -> evidence.put(r.serviceId(), RecordSeeder.completed(r, t2)));
        seeder.deploy(all, evidence);

        // ECS: the staging cluster, each service running NEW's digests, as the record says.
        emulator.ecs().createCluster(b -> b.clusterName(staging));
        for (String service : SERVICES) {
            emulator.ecs().createService(b -> b.cluster(staging).serviceName(ecsName(service))
                    .taskDefinition(registerTaskDefinition(service, release(service, NEW).images())).desiredCount(1));
        }
        emulator.resetCalls();
    }

    private Instant ago(Duration duration) {
        return now.minus(duration);
    }

    private Release release(String service, String hash) {
        return releases.get(service).get(hash);
    }

    private static String ecsName(String service) {
        return "catalogue-" + service + "-staging";
    }

    /** A task definition of the service's containers running these images (container → image). */
    private String registerTaskDefinition(String service, List<ReleaseImage> images) {
        Service s = project.service(service).orElseThrow();
        List<ContainerDefinition> containers = new ArrayList<>();
        for (var container : s.containers()) {
            String image = images.stream().filter(i -> i.container().equals(container.name())).findFirst()
                    .map(ReleaseImage::image).orElseThrow();
            containers.add(ContainerDefinition.builder().name(container.name()).image(image).memory(256).essential(true).build());
        }
        return emulator.ecs().registerTaskDefinition(b -> b.family("catalogue-" + service + "-" + staging)
                .containerDefinitions(containers)).taskDefinition().taskDefinitionArn();
    }

    private HmRunner.Run hm(String... args) {
        emulator.resetCalls();
        return hm.succeeds(table, args);
    }

    private HmRunner.Run hmMayFail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table));
        emulator.resetCalls();
        return hm.run(all.toArray(String[]::new));
    }

    private static String line(String out, String regex) {
        return out.lines().filter(l -> l.matches(regex + ".*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + regex + " in\n" + out));
    }

    private ReleaseSetDeployer deployer() {
        DynamoDbClient dynamo = emulator.dynamo();
        return DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), Fixtures.SERVED), dynamo, emulator.ecs()).withReleaseSets(seeder.releaseSets()).deployer();
    }

    @Test
    void diffShowsWhatDiffersPerServiceAndWhatIsAvailableNotDeployed() throws Exception {
        HmRunner.Run run = hm("diff", "--project", "catalogue", "staging", "prod");
        String out = run.out();

        // 1 Query: the project and its current-state rows (which keep what went wrong with releases lately),
        // 1 BatchGetItem: the locks; 1 per service: its newest releases.
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:Query",
                "DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query");
        assertThat(out).startsWith("Project catalogue: staging and prod\n");
        assertThat(line(out, "SERVICE ")).containsPattern("SERVICE\\s+STAGING\\s+STAGING DIGEST\\s+PROD\\s+PROD DIGEST\\s+DIFF");
        assertThat(line(out, "id_minter ")).containsPattern("id_minter\\s+b2c3d4e\\s+sha256:[0-9a-f]{12}\\s+a1b2c3d\\s+sha256:[0-9a-f]{12}\\s+differs");
        assertThat(line(out, "ingestor ")).contains("b2c3d4e", "a1b2c3d", "differs");
        assertThat(line(out, "requests ")).containsPattern("requests\\s+b2c3d4e\\s+app=sha256:[0-9a-f]{12},nginx=sha256:[0-9a-f]{12}\\s+-\\s+-\\s+only in staging");
        assertThat(out).contains("Available, not deployed (newest first):");
        // id_minter's NEXT: in staging (which runs NEW) and in prod (which runs OLD), with NEW too.
        assertThat(line(out, "staging\\s+id_minter")).containsPattern("c3d4e5f\\s+sha256:[0-9a-f]{12}\\s+1h ago\\s+b2c3d4e\\s+change c3d4e5f");
        assertThat(out).containsPattern("prod\\s+id_minter\\s+c3d4e5f\\s+.*\\n\\s*prod\\s+id_minter\\s+b2c3d4e\\s+sha256:[0-9a-f]{12}\\s+1d ago\\s+a1b2c3d");
        assertThat(out).containsPattern("prod\\s+requests\\s+b2c3d4e\\s+.*never deployed");
        assertThat(out.lines().filter(l -> l.matches("staging\\s+\\S+\\s+[0-9a-f]{7}\\s.*"))).as("staging is behind on id_minter only")
                .hasSize(1);

        JsonNode json = hm("diff", "--project", "catalogue", "staging", "prod", "--output", "json").json();
        JsonNode minter = json.get("services").get(0);
        assertThat(minter.get("difference").asText()).isEqualTo("RELEASE");
        assertThat(minter.get("running").get("staging").get("releaseHash").asText()).isEqualTo(NEW);
        assertThat(minter.get("running").get("prod").get("images").get(0).get("digest").asText())
                .isEqualTo(release("id_minter", OLD).images().get(0).digest());
        JsonNode prodMinter = json.get("available").get(4);
        assertThat(prodMinter.get("environment").asText() + "/" + prodMinter.get("service").asText()).isEqualTo("prod/id_minter");
        assertThat(prodMinter.get("releases")).extracting(r -> r.get("releaseHash").asText()).containsExactly(NEXT, NEW);
        assertThat(prodMinter.get("runningFound").asBoolean()).isTrue();
        assertThat(json.get("available").get(0).get("releases")).extracting(r -> r.get("releaseHash").asText())
                .containsExactly(NEXT);

        HmRunner.Run unknown = hmMayFail("diff", "--project", "catalogue", "staging", "qa");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("hm: environment 'qa' is not in project 'catalogue'; its environments are:"
                + " staging, prod\n");
        HmRunner.Run unregistered = hmMayFail("diff", "--project", "nope", "staging", "prod");
        assertThat(unregistered.exitCode()).isEqualTo(1);
        assertThat(unregistered.err()).contains("project 'nope' is not registered: register it with 'hm project apply");
    }

    @Test
    void aLockedEnvironmentRefusesASetThroughTheRealDeployerUntilUnlocked() {
        HmRunner.Run locked = hm("lock", "--project", "catalogue", "--env", "staging", "-m", "release freeze", "--for", "2h");
        assertThat(emulator.calls()).as("the project, the gate, the lock")
                .containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:PutItem");
        assertThat(locked.out()).contains("Locked catalogue/staging for 2h, until ",
                "by alice@example.com (arn:aws:iam::123456789012:user/alice): release freeze");
        assertThat(hm("status", "--project", "catalogue", "--env", "staging").out())
                .containsPattern("staging: LOCKED by alice@example.com \\(arn:aws:iam::123456789012:user/alice\\) since \\S+ \\(\\d+s ago\\) until \\S+ \\(in (1|2)h\\): release freeze");

        actor = new Actor("dave@example.com", "arn:aws:iam::123456789012:user/dave");
        HmRunner.Run takeover = hmMayFail("lock", "--project", "catalogue", "--env", "staging", "-m", "incident 42: hold everything");
        assertThat(takeover.exitCode()).as("alice's lock is not taken over silently").isEqualTo(1);
        assertThat(takeover.err()).contains("catalogue/staging is locked by alice@example.com", "release freeze", "--force");
        HmRunner.Run again = hm("lock", "--project", "catalogue", "--env", "staging", "-m", "incident 42: hold everything",
                "--force");
        assertThat(again.out()).contains("Locked catalogue/staging until unlocked, by dave@example.com (arn:aws:iam::123456789012:user/dave): incident 42",
                "It replaces the lock of alice@example.com (arn:aws:iam::123456789012:user/alice) since ", ": release freeze");

        ReleaseSet refused = seeder.request("staging", now, "erin@example.com", "next minter", null,
                List.of(release("id_minter", NEXT)));
        ReleaseSetDeployer.Result result = deployer().deploy(refused.id());
        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.REJECTED);
        assertThat(result.reason()).isEqualTo("environment catalogue/staging is locked by dave@example.com"
                + " (arn:aws:iam::123456789012:user/dave):"
                + " incident 42: hold everything; deploy after it is unlocked (hm unlock --project catalogue --env staging)");
        ReleaseSet stored = seeder.releaseSets().releaseSet(refused.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(hm("show", refused.id()).out()).contains("REJECTED: environment catalogue/staging is locked by dave@example.com");

        HmRunner.Run unlocked = hm("unlock", "--project", "catalogue", "--env", "staging");
        // The project, the gate, the lift recorded on the lock, and a look for a lock kept where locks were before.
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:UpdateItem",
                "DynamoDb:GetItem");
        assertThat(unlocked.out()).contains("Unlocked catalogue/staging: removed the lock of dave@example.com"
                        + " (arn:aws:iam::123456789012:user/dave) since ",
                "no expiry: incident 42: hold everything");
        HmRunner.Run twice = hm("unlock", "--project", "catalogue", "--env", "staging");
        assertThat(twice.out()).isEqualTo("catalogue/staging is not locked: nothing to unlock.\n");
        assertThat(emulator.calls()).as("nothing to lift").containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem");

        ReleaseSet accepted = seeder.request("staging", Instant.now(), "erin@example.com", "next minter, again", null,
                List.of(release("id_minter", NEXT)));
        assertThat(deployer().deploy(accepted.id()).outcome()).isEqualTo(ReleaseSetDeployer.Outcome.DEPLOYED);
        // ECS now runs NEXT for id_minter while the record still says NEW: the set in flight explains it.
        HmRunner.Run verify = hm("verify", "--project", "catalogue", "--env", "staging");
        assertThat(line(verify.out(), "id_minter ")).contains("DEPLOYING");
        assertThat(verify.out()).contains("a release set in flight is deploying release c3d4e5f here and ECS runs it",
                "release set " + accepted.id() + " is in flight");

        HmRunner.Run noReason = hmMayFail("lock", "--project", "catalogue", "--env", "staging");
        assertThat(noReason.exitCode()).isEqualTo(2);
        assertThat(noReason.err()).contains("hm: a lock needs a reason: add -m");
        assertThat(emulator.calls()).isEmpty();
    }

    @Test
    void verifyIsOkWhenEcsRunsTheRecordAndCatchesAChangeMadeBehindHarbourmastersBack() {
        HmRunner.Run ok = hm("verify", "--project", "catalogue", "--env", "staging");
        List<String> calls = emulator.calls();

        assertThat(ok.err()).isEmpty();
        for (String service : SERVICES) {
            assertThat(line(ok.out(), service + " ")).containsPattern(service + "\\s+" + ecsName(service) + "\\s+OK\\s+b2c3d4e");
        }
        assertThat(ok.out()).contains("Note: no running task reported a digest for id_minter, ingestor, requests, search (",
                "OK: ECS runs what the record says (4 OK).");
        // The project and its rows, the locks, the gate; one DescribeServices for the 4; per service its task
        // definition and its PRIMARY deployment's tasks (ListTasks running + stopped, none to describe);
        // last, the verdict kept for hm status and the dashboard.
        assertThat(calls.subList(0, 4)).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:BatchGetItem",
                "Ecs:DescribeServices");
        assertThat(calls).filteredOn("Ecs:DescribeTaskDefinition"::equals).hasSize(4);
        assertThat(calls).filteredOn("Ecs:ListTasks"::equals).hasSize(8);
        assertThat(calls).last().isEqualTo("DynamoDb:PutItem");
        assertThat(calls).hasSize(17);
        System.out.println("hm verify, 4 services: " + calls.size() + " requests");

        // Behind Harbourmaster's back: id_minter onto another image with the SDK (as the console or Terraform
        // would), and search deleted.
        String otherDigest = RecordSeeder.digest("hotfix built on a laptop");
        String hotfix = registerTaskDefinition("id_minter", List.of(new ReleaseImage("id_minter", "catalogue/id_minter",
                otherDigest, RecordSeeder.REGISTRY + "catalogue/id_minter@" + otherDigest, null)));
        emulator.ecs().updateService(b -> b.cluster(staging).service(ecsName("id_minter")).taskDefinition(hotfix));
        emulator.ecs().deleteService(b -> b.cluster(staging).service(ecsName("search")).force(true));

        HmRunner.Run drift = hmMayFail("verify", "--project", "catalogue", "--env", "staging");

        assertThat(drift.exitCode()).isEqualTo(1);
        assertThat(line(drift.out(), "id_minter ")).contains("DRIFT", "b2c3d4e", hotfix.substring(hotfix.lastIndexOf('/') + 1));
        assertThat(line(drift.out(), "ingestor ")).contains("OK");
        assertThat(line(drift.out(), "search ")).contains("DRIFT");
        assertThat(drift.out()).contains(
                "  - container id_minter: the record says " + release("id_minter", NEW).images().get(0).digest().substring(0, 19)
                        + " (release b2c3d4e), task definition " + hotfix.substring(hotfix.lastIndexOf('/') + 1) + " runs "
                        + RecordSeeder.REGISTRY + "catalogue/id_minter@" + otherDigest.substring(0, 19),
                "  - ECS service catalogue-search-staging is not in cluster " + staging + " (missing or INACTIVE); the record"
                        + " says release b2c3d4e runs there",
                "DRIFT in 2 of 4 services: id_minter, search.");
        assertThat(drift.err()).startsWith("hm: drift in catalogue/staging: id_minter, search; ECS does not run what"
                + " Harbourmaster recorded:").hasLineCount(1);

        HmRunner.Run json = hmMayFail("verify", "--project", "catalogue", "--env", "staging", "--output", "json");
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode verdict = json.json();
        assertThat(verdict.get("drift").asBoolean()).isTrue();
        JsonNode minter = verdict.get("services").get(0);
        assertThat(minter.get("status").asText()).isEqualTo("DRIFT");
        assertThat(minter.get("ecs").get("taskDefinition").asText()).isEqualTo(hotfix);
        assertThat(minter.get("differences").get(0).get("recorded").asText())
                .isEqualTo(release("id_minter", NEW).images().get(0).digest());
        assertThat(minter.get("differences").get(0).get("actual").asText()).endsWith("@" + otherDigest);
        assertThat(verdict.get("services").get(3).get("differences").get(0).get("kind").asText()).isEqualTo("SERVICE_MISSING");

        // The verdict is kept: hm status (and the dashboard) show it without asking ECS again.
        JsonNode status = hm("status", "--project", "catalogue", "--env", "staging", "--output", "json").json();
        JsonNode minterRow = status.get("services").get(0);
        assertThat(minterRow.get("service").asText()).isEqualTo("id_minter");
        assertThat(minterRow.at("/verification/status").asText()).isEqualTo("DRIFT");
        assertThat(minterRow.at("/verification/summary").asText()).startsWith("container id_minter: the record says");
        assertThat(status.get("services").get(1).at("/verification/status").asText()).isEqualTo("OK");
    }

    @Test
    void verifyErrorsAreOneLineWithTheFix() {
        // prod's cluster was never made in ECS.
        HmRunner.Run noCluster = hmMayFail("verify", "--project", "catalogue", "--env", "prod");
        HmRunner.Run noEnvironment = hmMayFail("verify", "--project", "catalogue", "--env", "qa");

        assertThat(noCluster.exitCode()).isEqualTo(1);
        assertThat(noCluster.err()).startsWith("hm: ECS cluster 'catalogue-prod-").contains("' of environment 'prod' not found"
                + " at ", ": create it, or fix the environment's cluster in harbourmaster.yml and run 'hm project apply'")
                .hasLineCount(1);
        assertThat(noCluster.out()).isEmpty();
        assertThat(noEnvironment.exitCode()).isEqualTo(1);
        assertThat(noEnvironment.err()).isEqualTo("hm: environment 'qa' is not in project 'catalogue'; its environments are:"
                + " staging, prod\n");
    }
}
