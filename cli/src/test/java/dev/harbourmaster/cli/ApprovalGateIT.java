package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.local.EventFilter;
import dev.harbourmaster.local.TemplateWiring;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The approval gate end to end on the emulator: prod's manifest requires approval by the ReleaseLead
 * role; bob's hm deploy is held AWAITING_APPROVAL by the real deployer (fed from the table's stream,
 * through the template's own filter) with nothing rolled, bob may not approve it, alice (a session of
 * ReleaseLead) does, and the stream hands the set to the deployer again, which rolls it.
 */
class ApprovalGateIT {

    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";
    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/Developer/bob";
    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/ReleaseLead/alice";

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final HmRunner bob = hmAs("bob@example.com", BOB);
    private final HmRunner alice = hmAs("alice@example.com", ALICE);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final ObjectMapper json = new ObjectMapper();
    private String table;
    private String cluster;
    private String bootstrapTaskDefinition;
    private DynamoDbReleaseSets releaseSets;
    private TableStream stream;
    private DeployerHandler deployer;
    private List<EventFilter> deployerFilters;

    /** hm as a person: HM_ACTOR their name, and the ARN STS would tell of their session. */
    private HmRunner hmAs(String name, String arn) {
        return new HmRunner(new Session() {
            @Override
            public synchronized DynamoDbClient dynamo() {
                return emulator.dynamo();
            }

            @Override
            protected String callerArn() {
                return arn;
            }

            @Override
            public Map<String, String> environment() {
                return Map.of("HM_ACTOR", name);
            }
        });
    }

    @BeforeEach
    void setUp() throws Exception {
        table = emulator.newTable();
        String run = UUID.randomUUID().toString().substring(0, 8);
        cluster = "catalogue-prod-" + run;
        Path manifest = Fixtures.exampleManifestOnClusters(dir, run);
        Files.writeString(manifest, Files.readString(manifest).replace("""
                    ecsServiceName: "catalogue-{service}-{env}"
                    autoDeploy: false
                """, """
                    ecsServiceName: "catalogue-{service}-{env}"
                    autoDeploy: false
                    approval:
                      required: true
                      approvers: ["arn:aws:iam::123456789012:role/ReleaseLead"]
                """));
        bob.succeeds(table, "project", "apply", "-f", manifest.toString());
        Project project = new ManifestParser().parse(manifest);
        assertThat(project.environment("prod").orElseThrow().approval().required()).as("the manifest as edited").isTrue();
        DynamoDbClient dynamo = emulator.dynamo();
        DynamoDbBuildLedger ledger = new DynamoDbBuildLedger(dynamo, table);
        Release release = new RecordSeeder(emulator, table, project).release("id_minter", NEW, now.minus(Duration.ofMinutes(5)));
        assertThat(ledger.recordNewBuild(new Build(release.sourceRepository(), release.sourceDigest(),
                RecordSeeder.REGISTRY + release.sourceRepository(), Set.of("ref." + NEW), release.createdAt(), NEW,
                ImageMetadata.NONE, BuildState.RELEASED), List.of(release), List.of())).isTrue();
        releaseSets = new DynamoDbReleaseSets(dynamo, table);
        DynamoDbDeploymentRecords records = new DynamoDbDeploymentRecords(dynamo, table);
        deployer = new DeployerHandler(DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), Fixtures.SERVED), dynamo,
                        emulator.ecs()).withLedger(ledger).withReleaseSets(releaseSets).withRecords(records)
                .withPlatform(new EcsContainerPlatform(emulator.ecs())).deployer(),
                new Log("deployer", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now));
        deployerFilters = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml")).streams().stream()
                .filter(s -> s.functionId().equals("DeployerFunction")).findFirst().orElseThrow().filters();
        emulator.ecs().createCluster(b -> b.clusterName(cluster));
        bootstrapTaskDefinition = emulator.ecs().registerTaskDefinition(b -> b.family("catalogue-id_minter-" + run)
                .containerDefinitions(ContainerDefinition.builder().name("id_minter")
                        .image(RecordSeeder.REGISTRY + "catalogue/id_minter:bootstrap").memory(512).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName("catalogue-id_minter-prod")
                .taskDefinition(bootstrapTaskDefinition).desiredCount(1));
        stream = new TableStream(dynamo, DynamoDbStreamsClient.builder().build(), table);
        stream.poll();
    }

    private HmRunner.Run hm(HmRunner who, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table));
        return who.run(all.toArray(String[]::new));
    }

    /** The release set records of a poll of the stream ("MODIFY REQUESTED"), and those the template's filter let through. */
    private record Delivery(List<String> seen, List<String> passed) {}

    /** What Lambda would do: the stream's new records, those the template's filter lets through, to the deployer. */
    private Delivery deliver() {
        DynamodbEvent batch = stream.poll();
        List<DynamodbEvent.DynamodbStreamRecord> passed = batch.getRecords().stream()
                .filter(r -> EventFilter.anyMatches(deployerFilters, filterable(r))).toList();
        DynamodbEvent delivered = new DynamodbEvent();
        delivered.setRecords(passed);
        assertThat(deployer.handleRequest(delivered, null).getBatchItemFailures()).isEmpty();
        return new Delivery(batch.getRecords().stream().filter(ApprovalGateIT::ofReleaseSet).map(ApprovalGateIT::describe).toList(),
                passed.stream().map(ApprovalGateIT::describe).toList());
    }

    private static boolean ofReleaseSet(DynamodbEvent.DynamodbStreamRecord record) {
        var image = record.getDynamodb().getNewImage();
        return image != null && image.get("type") != null && "ReleaseSet".equals(image.get("type").getS());
    }

    private static String describe(DynamodbEvent.DynamodbStreamRecord record) {
        return record.getEventName() + " " + status(record);
    }

    /** The parts of a stream record the template's filter reads, in DynamoDB's typed JSON. */
    private ObjectNode filterable(DynamodbEvent.DynamodbStreamRecord record) {
        ObjectNode event = json.createObjectNode().put("eventName", record.getEventName());
        ObjectNode image = event.putObject("dynamodb").putObject("NewImage");
        var newImage = record.getDynamodb().getNewImage();
        for (String name : List.of("type", "status")) {
            if (newImage != null && newImage.get(name) != null && newImage.get(name).getS() != null) {
                image.putObject(name).put("S", newImage.get(name).getS());
            }
        }
        return event;
    }

    private static String status(DynamodbEvent.DynamodbStreamRecord record) {
        var image = record.getDynamodb().getNewImage();
        return image == null || image.get("status") == null ? "?" : image.get("status").getS();
    }

    private String runningTaskDefinition() {
        return emulator.ecs().describeServices(b -> b.cluster(cluster).services("catalogue-id_minter-prod")).services().get(0)
                .taskDefinition();
    }

    private ReleaseSet prodSet() {
        return releaseSets.releaseSets("catalogue", "prod", 10).get(0);
    }

    @Test
    void aHeldDeployRollsOnlyAfterAnApproverApprovesIt() throws Exception {
        CompletableFuture<Delivery> held = CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> seen = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            while (System.nanoTime() < deadline && !seen.contains("MODIFY AWAITING_APPROVAL")) {
                Delivery delivery = deliver();
                seen.addAll(delivery.seen());
                passed.addAll(delivery.passed());
            }
            return new Delivery(seen, passed);
        });

        HmRunner.Run deploy = hm(bob, "deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter", "--yes",
                "-m", "ship the minter", "--poll-interval", "100ms", "--timeout", "60s");

        Delivery first = held.get(40, TimeUnit.SECONDS);
        assertThat(first.seen()).contains("INSERT REQUESTED", "MODIFY AWAITING_APPROVAL");
        assertThat(first.passed()).as("the template's filter: the request reaches the deployer, the hold does not")
                .contains("INSERT REQUESTED").doesNotContain("MODIFY AWAITING_APPROVAL");
        ReleaseSet set = prodSet();
        assertThat(deploy.exitCode()).as(deploy.out() + deploy.err()).isZero();
        assertThat(deploy.out()).contains("release set AWAITING_APPROVAL: waits for approval in prod: hm approve --project"
                        + " catalogue --env prod " + set.id(),
                "Awaiting approval: run hm approve --project catalogue --env prod " + set.id());
        assertThat(set.status()).isEqualTo(ReleaseSetStatus.AWAITING_APPROVAL);
        assertThat(releaseSets.deployments(set.id())).as("nothing claimed").isEmpty();
        assertThat(runningTaskDefinition()).as("no UpdateService").isEqualTo(bootstrapTaskDefinition);
        assertThat(hm(bob, "status", "--project", "catalogue", "--env", "prod").out())
                .contains("prod: release set " + set.id() + " AWAITING_APPROVAL", "awaits approval: hm approve --project catalogue");

        HmRunner.Run self = hm(bob, "approve", "--project", "catalogue", "--env", "prod");
        assertThat(self.exitCode()).isEqualTo(1);
        assertThat(self.err()).contains("not approved: " + BOB + " is not among the approvers of catalogue/prod");
        assertThat(releaseSets.releaseSet(set.id()).orElseThrow().status()).isEqualTo(ReleaseSetStatus.AWAITING_APPROVAL);

        HmRunner.Run approve = hm(alice, "approve", "--project", "catalogue", "--env", "prod", "-m", "change window open");
        assertThat(approve.exitCode()).as(approve.err()).isZero();
        ReleaseSet approved = releaseSets.releaseSet(set.id()).orElseThrow();
        assertThat(approved.status()).isEqualTo(ReleaseSetStatus.REQUESTED);
        assertThat(approved.statusReason()).isNull();
        assertThat(approved.approval()).isEqualTo(new ApprovalDecision(ApprovalDecision.APPROVED, "alice@example.com", ALICE,
                "change window open", approved.approval().at()));

        assertThat(deliver().passed()).as("the approval's write reaches the deployer through the template's filter")
                .contains("MODIFY REQUESTED");
        ReleaseSet rolling = releaseSets.releaseSet(set.id()).orElseThrow();
        assertThat(rolling.status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        Deployment minter = releaseSets.deployments(set.id()).get(0);
        assertThat(minter.ecsDeploymentId()).startsWith("ecs-svc/");
        assertThat(runningTaskDefinition()).as("UpdateService to the new revision").isEqualTo(minter.taskDefinition())
                .isNotEqualTo(bootstrapTaskDefinition);
        assertThat(rolling.approval().by()).as("kept after the roll").isEqualTo("alice@example.com");

        HmRunner.Run show = hm(bob, "show", set.id(), "--output", "json");
        assertThat(show.out()).contains("\"approval\" : {", "\"decision\" : \"APPROVED\"", "\"byArn\" : \"" + ALICE + "\"",
                "\"why\" : \"change window open\"");
    }

    @Test
    void aRejectedHeldSetEndsRejectedWithWhoAndWhyAndNothingRolled() {
        assertThat(hm(bob, "deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter", "--yes", "--no-wait")
                .exitCode()).isZero();
        assertThat(deliver().passed()).contains("INSERT REQUESTED");
        ReleaseSet set = prodSet();
        assertThat(set.status()).isEqualTo(ReleaseSetStatus.AWAITING_APPROVAL);

        HmRunner.Run reject = hm(alice, "reject", "--project", "catalogue", "--env", "prod", set.id(), "-m", "not during the freeze");

        assertThat(reject.exitCode()).as(reject.err()).isZero();
        ReleaseSet rejected = releaseSets.releaseSet(set.id()).orElseThrow();
        assertThat(rejected.status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(rejected.statusReason()).isEqualTo("rejected by alice@example.com (" + ALICE + "): not during the freeze");
        assertThat(rejected.approval().approved()).isFalse();
        Delivery after = deliver();
        assertThat(after.seen()).contains("MODIFY REJECTED");
        assertThat(after.passed()).as("a final set is not the deployer's").isEmpty();
        assertThat(releaseSets.deployments(set.id())).isEmpty();
        assertThat(runningTaskDefinition()).isEqualTo(bootstrapTaskDefinition);
    }
}
