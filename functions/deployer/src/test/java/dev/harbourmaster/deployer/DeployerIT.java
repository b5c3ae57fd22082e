package dev.harbourmaster.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.ServedAccounts;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.WorkloadAccount;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/**
 * The deployer on the emulator: release sets are written to the table, the test reads the table's
 * stream as Lambda would and hands the records to the handler, and ECS is asked what it runs.
 */
class DeployerIT {

    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private String table;
    private String cluster;
    private DynamoDbReleaseSets releaseSets;
    private DynamoDbDeploymentRecords records;
    private DynamoDbBuildLedger ledger;
    private TableStream stream;
    private DeployerHandler handler;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        var dynamo = emulator.dynamo();
        // ECS state outlives a test on the emulator: each test deploys into a cluster of its own.
        cluster = "catalogue-staging-" + UUID.randomUUID().toString().substring(0, 8);
        Project example = Fixtures.exampleProject();
        new DynamoDbCatalogue(dynamo, table).apply(new Project(example.id(), example.name(), example.releaseHashRule(),
                example.environments().stream().map(e -> new Environment(e.id(), e.name(),
                        e.id().equals("staging") ? cluster : e.cluster(), e.ecsServiceName(), e.autoDeploy())).toList(),
                example.serviceSets()));
        releaseSets = new DynamoDbReleaseSets(dynamo, table);
        ledger = new DynamoDbBuildLedger(dynamo, table);
        emulator.ecs().createCluster(b -> b.clusterName(cluster));
        for (String service : List.of("id_minter", "ingestor")) {
            createService(service, "catalogue/" + service + ":bootstrap");
        }
        stream = new TableStream(dynamo, DynamoDbStreamsClient.builder().build(), table);
        stream.poll();
        records = new DynamoDbDeploymentRecords(dynamo, table);
        handler = new DeployerHandler(wiring().deployer(),
                new Log("deployer", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now));
    }

    /** The stack's own account and region, and the workload account of the cross-account cases (TrustedAccountRegions). */
    private static final ServedAccounts SERVED = new ServedAccounts(Fixtures.SERVED.own(),
            List.of(new ServedAccounts.AccountRegion("210987654321", "eu-west-1")));

    private DeployerWiring wiring() {
        return DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), SERVED), emulator.dynamo(), emulator.ecs())
                .withLedger(ledger).withReleaseSets(releaseSets).withRecords(records);
    }

    private void createService(String service, String image) {
        String family = "catalogue-" + service + "-" + UUID.randomUUID();
        String arn = emulator.ecs().registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(ContainerDefinition.builder().name(service).image(REGISTRY + image)
                        .memory(512).essential(true).logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS)
                                .options(Map.of("awslogs-group", "/ecs/" + service, "awslogs-region", "eu-west-1",
                                        "awslogs-stream-prefix", "ecs")).build()).build())).taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName(ecsName(service)).taskDefinition(arn).desiredCount(1));
    }

    /** Replaces the ECS service, as someone outside Harbourmaster might. */
    private void replaceService(String service, String image) {
        emulator.ecs().deleteService(b -> b.cluster(cluster).service(ecsName(service)).force(true));
        createService(service, image);
    }

    private static String ecsName(String service) {
        return "catalogue-" + service + "-staging";
    }

    private static String digest(String seed) {
        return "sha256:" + String.format("%064x", new java.math.BigInteger(1, seed.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 64);
    }

    private static Release release(String service, String hash, Instant createdAt) {
        String digest = digest(service + hash);
        return new Release("catalogue", "pipeline", service, hash,
                List.of(new ReleaseImage(service, "catalogue/" + service, digest, REGISTRY + "catalogue/" + service + "@" + digest, hash)),
                "catalogue/" + service, digest, createdAt, "change " + hash);
    }

    private static ReleaseSet set(ReleaseSetKind kind, String serviceSet, Release... releases) {
        return new ReleaseSet(Ulid.random(Instant.now()), "catalogue", "staging", serviceSet, List.of(releases), kind,
                "alice@example.com", "ship it", Instant.now(), ReleaseSetStatus.REQUESTED, null);
    }

    /** Requests the set, its releases recorded first as build-recorder records them (the deployer reads them again). */
    private void request(ReleaseSet set) {
        set.releases().forEach(this::record);
        releaseSets.request(set);
    }

    private void record(Release release) {
        RecordSeeder.recorded(emulator.dynamo(), table, release);
    }

    private StreamsEventResponse deliver() {
        DynamodbEvent event = stream.poll();
        return handler.handleRequest(event, null);
    }

    private String runningImage(String service) {
        String taskDefinition = emulator.ecs().describeServices(b -> b.cluster(cluster).services(ecsName(service)))
                .services().get(0).taskDefinition();
        return emulator.ecs().describeTaskDefinition(b -> b.taskDefinition(taskDefinition))
                .taskDefinition().containerDefinitions().get(0).image();
    }

    private ReleaseSet stored(String id) {
        return releaseSets.releaseSet(id).orElseThrow();
    }

    @Test
    void aRequestedSetRollsEveryServiceToItsReleaseDigest() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "aaaaaaa", T0), release("ingestor", "aaaaaaa", T0));
        request(set);

        StreamsEventResponse response = deliver();

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(runningImage("id_minter")).isEqualTo(set.releases().get(0).images().get(0).image());
        assertThat(runningImage("ingestor")).isEqualTo(set.releases().get(1).images().get(0).image());
        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        List<Deployment> deployments = releaseSets.deployments(set.id());
        assertThat(deployments).extracting(Deployment::status).containsOnly(DeploymentStatus.IN_PROGRESS);
        assertThat(deployments).allSatisfy(d -> {
            assertThat(d.ecsDeploymentId()).startsWith("ecs-svc/");
            assertThat(d.previousTaskDefinition()).isNotEqualTo(d.taskDefinition());
            assertThat(d.logs()).as("where its tasks log, kept for the release set page")
                    .containsExactly(new ContainerLog(d.serviceId(), "/ecs/" + d.serviceId(), "eu-west-1", "ecs"));
        });
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).contains(set.id());
    }

    /**
     * The set read again (its keys are all the stream's record is trusted for), the project one Query,
     * the releases read again one BatchGetItem, the services claimed with the set in one transaction
     * and what came of them written in another: a DynamoDB cost that does not grow with the services
     * (ECS's does).
     */
    @Test
    void aSetTakesFiveDynamoDbCallsWhateverItsServices() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "a1a1a1a", T0), release("ingestor", "a1a1a1a", T0));
        request(set);
        DynamodbEvent insert = stream.poll();
        emulator.resetCalls();

        assertThat(handler.handleRequest(insert, null).getBatchItemFailures()).isEmpty();

        assertThat(emulator.calls().stream().filter(call -> call.startsWith("DynamoDb:")).sorted().toList()).containsExactly(
                "DynamoDb:BatchGetItem", "DynamoDb:GetItem", "DynamoDb:Query", "DynamoDb:TransactWriteItems",
                "DynamoDb:TransactWriteItems");
        assertThat(releaseSets.deployments(set.id())).hasSize(2).allSatisfy(d -> assertThat(d.ecsDeploymentId()).startsWith("ecs-svc/"));
        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
    }

    /**
     * Staging in another account (issue 17): the deployer assumes the environment's role and rolls
     * the services there; the same cluster and services in the stack's own account are untouched.
     */
    @Test
    void aSetForAnEnvironmentInAnotherAccountRollsItsServicesThereAndNowhereElse() {
        String workloadAccount = "210987654321";
        String role = "arn:aws:iam::" + workloadAccount + ":role/harbourmaster/workload";
        EcsClient workload = WorkloadAccount.ecs(role);
        workload.createCluster(b -> b.clusterName(cluster));
        String definition = workload.registerTaskDefinition(b -> b.family("catalogue-id_minter-" + UUID.randomUUID())
                .containerDefinitions(ContainerDefinition.builder().name("id_minter").image(REGISTRY + "catalogue/id_minter:bootstrap")
                        .memory(512).essential(true).build())).taskDefinition().taskDefinitionArn();
        workload.createService(b -> b.cluster(cluster).serviceName(ecsName("id_minter")).taskDefinition(definition).desiredCount(1));
        stagingLivesIn(new Placement(workloadAccount, null, role));
        String before = runningImage("id_minter");
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "bbbbbbb", T0));
        request(set);

        deliver();

        String rolled = workload.describeServices(b -> b.cluster(cluster).services(ecsName("id_minter"))).services().get(0)
                .taskDefinition();
        assertThat(workload.describeTaskDefinition(b -> b.taskDefinition(rolled)).taskDefinition().containerDefinitions().get(0)
                .image()).as("the workload account runs the release").isEqualTo(set.releases().get(0).images().get(0).image());
        assertThat(rolled).startsWith("arn:aws:ecs:eu-west-1:" + workloadAccount + ":task-definition/");
        assertThat(runningImage("id_minter")).as("the stack's own account is untouched").isEqualTo(before);
        Deployment deployment = releaseSets.deployments(set.id()).get(0);
        assertThat(deployment.placement()).as("normalized: account and region named")
                .isEqualTo(new Placement(workloadAccount, "eu-west-1", role));
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(records.newestOfService(deployment.placement(), cluster, ecsName("id_minter"))).as("keyed where it runs")
                .map(Deployment::releaseSetId).contains(set.id());
        assertThat(records.newestOfService(Placement.HOME, cluster, ecsName("id_minter"))).as("not here").isEmpty();
    }

    @Test
    void anEnvironmentInAnAccountTheStackDoesNotServeIsRefusedBeforeAnythingRolls() {
        stagingLivesIn(new Placement("333333333333", null, "arn:aws:iam::333333333333:role/harbourmaster/workload"));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "bbbbbbb", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(stored(set.id()).statusReason()).startsWith("environment staging: account 333333333333 region eu-west-1"
                + " is not one this stack serves").contains("Add 333333333333:eu-west-1 to the template's TrustedAccountRegions");
        assertThat(releaseSets.deployments(set.id())).isEmpty();
    }

    private void stagingLivesIn(Placement placement) {
        Project example = Fixtures.exampleProject();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(new Project(example.id(), example.name(), example.releaseHashRule(),
                example.environments().stream().map(e -> !e.id().equals("staging") ? e : new Environment(e.id(), e.name(), cluster,
                        e.ecsServiceName(), e.autoDeploy(), null, placement)).toList(),
                example.serviceSets()));
    }

    private void stagingCopies(TaskDefinitionBase base) {
        Project example = Fixtures.exampleProject();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(new Project(example.id(), example.name(), example.releaseHashRule(),
                example.environments().stream().map(e -> !e.id().equals("staging") ? e : new Environment(e.id(), e.name(), cluster,
                        e.ecsServiceName(), e.autoDeploy(), null, null, base)).toList(),
                example.serviceSets()));
    }

    /** Terraform, behind our back: a new revision of the service's family with one more variable; the service still runs the old one. */
    private void terraformAddsAVariable(String service, String name, String value) {
        String running = emulator.ecs().describeServices(b -> b.cluster(cluster).services(ecsName(service)))
                .services().get(0).taskDefinition();
        var definition = emulator.ecs().describeTaskDefinition(b -> b.taskDefinition(running)).taskDefinition();
        ContainerDefinition container = definition.containerDefinitions().get(0).toBuilder()
                .environment(KeyValuePair.builder().name(name).value(value).build()).build();
        emulator.ecs().registerTaskDefinition(b -> b.family(definition.family()).containerDefinitions(container));
    }

    private List<String> runningVariables(String service) {
        String taskDefinition = emulator.ecs().describeServices(b -> b.cluster(cluster).services(ecsName(service)))
                .services().get(0).taskDefinition();
        return emulator.ecs().describeTaskDefinition(b -> b.taskDefinition(taskDefinition)).taskDefinition()
                .containerDefinitions().get(0).environment().stream().map(KeyValuePair::name).toList();
    }

    @Test
    void theLatestBaseShipsAVariableTerraformAddedAndTheDeploymentRecordsIt() {
        stagingCopies(TaskDefinitionBase.LATEST);
        terraformAddsAVariable("id_minter", "FEATURE_X", "on");
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "ccccccc", T0), release("ingestor", "ccccccc", T0));
        request(set);

        assertThat(deliver().getBatchItemFailures()).isEmpty();

        assertThat(runningVariables("id_minter")).containsExactly("FEATURE_X");
        assertThat(runningImage("id_minter")).isEqualTo(set.releases().get(0).images().get(0).image());
        Map<String, Deployment> deployments = new java.util.HashMap<>();
        releaseSets.deployments(set.id()).forEach(d -> deployments.put(d.serviceId(), d));
        Deployment minter = deployments.get("id_minter");
        assertThat(minter.config().base()).isEqualTo(TaskDefinitionBase.LATEST);
        assertThat(minter.configChanges().lines()).containsExactly("+FEATURE_X");
        assertThat(minter.config().baseTaskDefinition()).isNotEqualTo(minter.previousTaskDefinition());
        assertThat(minter.config().fingerprint().container("id_minter").environment()).containsOnlyKeys("FEATURE_X");
        assertThat(minter.config().configOnly()).as("its image changed too").isFalse();
        assertThat(deployments.get("ingestor").configChanges().isEmpty()).as("its family has nothing new").isTrue();
    }

    @Test
    void theRunningBaseLeavesAVariableTerraformAddedOut() {
        stagingCopies(TaskDefinitionBase.RUNNING);
        terraformAddsAVariable("id_minter", "FEATURE_X", "on");
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "ddddddd", T0), release("ingestor", "ddddddd", T0));
        request(set);

        assertThat(deliver().getBatchItemFailures()).isEmpty();

        assertThat(runningVariables("id_minter")).isEmpty();
        Deployment minter = releaseSets.deployments(set.id()).stream().filter(d -> d.serviceId().equals("id_minter")).findFirst()
                .orElseThrow();
        assertThat(minter.config().base()).isEqualTo(TaskDefinitionBase.RUNNING);
        assertThat(minter.config().baseTaskDefinition()).isEqualTo(minter.previousTaskDefinition());
        assertThat(minter.configChanges().isEmpty()).isTrue();
    }

    @Test
    void theLatestBaseRollsAServiceWhoseImageAlreadyRunsWhenOnlyItsConfigurationChanged() {
        stagingCopies(TaskDefinitionBase.LATEST);
        Release first = release("id_minter", "eeeeeee", T0);
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, first);
        request(set);
        assertThat(deliver().getBatchItemFailures()).isEmpty();
        releaseSets.finish(stored(set.id()), ReleaseSetStatus.SUCCEEDED, null);
        terraformAddsAVariable("id_minter", "LOG_LEVEL", "debug");
        ReleaseSet again = set(ReleaseSetKind.DEPLOY, null, first);
        request(again);

        assertThat(deliver().getBatchItemFailures()).isEmpty();

        Deployment redeployed = releaseSets.deployments(again.id()).get(0);
        assertThat(redeployed.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(redeployed.config().configOnly()).isTrue();
        assertThat(redeployed.configChanges().lines()).containsExactly("+LOG_LEVEL");
        assertThat(redeployed.reason()).isEqualTo("configuration only, images unchanged: +LOG_LEVEL");
        assertThat(runningVariables("id_minter")).containsExactly("LOG_LEVEL");
    }

    /** Found by the drills (ThrottlingDrillIT): a claim whose answer is lost must not leave the set IN_PROGRESS with nothing rolled. */
    @Test
    void aClaimWhoseAnswerWasLostStillRollsTheSet() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "abcabca", T0));
        request(set);
        // The claim commits, but its answer is lost: the SDK's retry finds the set no longer REQUESTED.
        ReleaseSets answerLost = (ReleaseSets) java.lang.reflect.Proxy.newProxyInstance(ReleaseSets.class.getClassLoader(),
                new Class<?>[]{ReleaseSets.class}, (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(releaseSets, args);
                        return method.getName().equals("claim") ? ReleaseSets.Claim.NOT_REQUESTED : result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        ReleaseSetDeployer deployer = wiring().withReleaseSets(answerLost).deployer();

        ReleaseSetDeployer.Result result = deployer.deploy(set.id());

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.DEPLOYED);
        assertThat(runningImage("id_minter")).isEqualTo(set.releases().get(0).images().get(0).image());
        assertThat(releaseSets.deployments(set.id())).singleElement()
                .satisfies(d -> assertThat(d.ecsDeploymentId()).startsWith("ecs-svc/"));
    }

    /** Found by the drills (ThrottlingDrillIT): the deployment's claim sent twice (its answer lost) is still ours, and rolls. */
    @Test
    void aDeploymentClaimSentAgainAfterALostAnswerIsStillOurs() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "abcabcb", T0));
        request(set);
        Deployment.Builder minter = Deployment.builder().releaseSetId(set.id()).projectId("catalogue")
                .environmentId("staging").serviceId("id_minter").cluster(cluster).ecsServiceName(ecsName("id_minter"))
                .releaseHash("abcabcb").images(set.releases().get(0).images());
        Deployment claimed = minter.claimedAt(Instant.parse("2026-11-20T10:00:00.123Z"));

        assertThat(releaseSets.startDeployment(claimed)).as("the first attempt, whose answer is lost").isTrue();
        assertThat(releaseSets.startDeployment(claimed)).as("the SDK's retry of the same put").isTrue();
        assertThat(releaseSets.startDeployment(minter.claimedAt(Instant.parse("2026-11-20T10:00:00.456Z"))))
                .as("another delivery's claim").isFalse();
    }

    @Test
    void repeatedAndLaterRecordsChangeNothing() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "bbbbbbb", T0), release("ingestor", "bbbbbbb", T0));
        request(set);
        DynamodbEvent insert = stream.poll();
        handler.handleRequest(insert, null);
        List<Deployment> first = releaseSets.deployments(set.id());
        String image = runningImage("id_minter");
        emulator.resetCalls();

        handler.handleRequest(insert, null);
        StreamsEventResponse later = deliver();

        assertThat(later.getBatchItemFailures()).isEmpty();
        assertThat(releaseSets.deployments(set.id())).containsExactlyInAnyOrderElementsOf(first);
        assertThat(runningImage("id_minter")).isEqualTo(image);
        assertThat(emulator.calls()).noneMatch(call -> call.startsWith("Ecs:RegisterTaskDefinition") || call.startsWith("Ecs:UpdateService"));
    }

    @Test
    void aSetCreatedByUpdateItemIsDeployedOnceDespiteTheKeysOnlyInsert() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "ccccccc", T0));
        request(set);
        var item = emulator.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("RELEASESET#" + set.id()), "SK", AttributeValue.fromS("RELEASESET")))).item();
        String copyId = Ulid.random(Instant.now());
        StringBuilder update = new StringBuilder("SET ");
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        Map<String, String> names = new java.util.HashMap<>();
        int i = 0;
        for (var entry : item.entrySet()) {
            if (entry.getKey().equals("PK") || entry.getKey().equals("SK")) {
                continue;
            }
            AttributeValue value = entry.getKey().equals("id") ? AttributeValue.fromS(copyId)
                    : entry.getKey().equals("GSI1SK") ? AttributeValue.fromS(copyId) : entry.getValue();
            update.append(i == 0 ? "" : ", ").append("#a").append(i).append(" = :v").append(i);
            names.put("#a" + i, entry.getKey());
            values.put(":v" + i, value);
            i++;
        }
        releaseSets.reject(set.id(), "replaced by a copy written with UpdateItem");
        emulator.dynamo().updateItem(b -> b.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS("RELEASESET#" + copyId), "SK", AttributeValue.fromS("RELEASESET")))
                .updateExpression(update.toString()).expressionAttributeNames(names).expressionAttributeValues(values));

        DynamodbEvent event = stream.poll();
        StreamsEventResponse response = handler.handleRequest(event, null);

        assertThat(event.getRecords().stream().filter(r -> r.getEventName().equals("INSERT")
                && r.getDynamodb().getKeys().get("PK").getS().endsWith(copyId))).hasSize(2);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(releaseSets.deployments(copyId)).singleElement()
                .extracting(Deployment::status).isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void aLockedEnvironmentRejectsTheSetWithWhoAndWhy() {
        releaseSets.lock(new Lock("catalogue", "staging", "bob@example.com", "database migration", T0, Instant.now().plusSeconds(3600)));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "ddddddd", T0));
        request(set);

        deliver();

        ReleaseSet rejected = stored(set.id());
        assertThat(rejected.status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(rejected.statusReason()).contains("catalogue/staging is locked by bob@example.com", "database migration",
                "hm unlock --project catalogue --env staging");
        assertThat(runningImage("id_minter")).endsWith(":bootstrap");
    }

    @Test
    void aLockLeftWhereLocksWereKeptBeforeStillRejectsUntilUnlockRemovesIt() {
        var dynamo = emulator.dynamo();
        dynamo.putItem(b -> b.tableName(table).item(Map.of("PK", AttributeValue.fromS("PROJECT#catalogue"),
                "SK", AttributeValue.fromS("ENV#staging#LOCK"), "type", AttributeValue.fromS("Lock"),
                "project", AttributeValue.fromS("catalogue"), "environment", AttributeValue.fromS("staging"),
                "owner", AttributeValue.fromS("bob@example.com"), "reason", AttributeValue.fromS("frozen before the move"))));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "ddddddd", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).statusReason()).contains("locked by bob@example.com", "frozen before the move");
        releaseSets.unlock("catalogue", "staging", "carol", "arn:aws:iam::123456789012:user/carol", T0);
        assertThat(releaseSets.gate("catalogue", "staging").lock()).isEmpty();
        ReleaseSet again = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "ddddddd", T0));
        request(again);
        deliver();
        assertThat(stored(again.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
    }

    @Test
    void aLiftedLockKeepsWhoLiftedItAndStopsNothing() {
        releaseSets.lock(new Lock("catalogue", "staging", "bob@example.com", "migration", T0, null,
                "arn:aws:iam::123456789012:user/bob"));
        releaseSets.unlock("catalogue", "staging", "carol", "arn:aws:iam::123456789012:user/carol", T0.plusSeconds(5));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "eeeeeee", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        Map<String, AttributeValue> lock = emulator.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("LOCK#catalogue/staging"), "SK", AttributeValue.fromS("LOCK")))).item();
        assertThat(lock.get("unlockedBy").s()).isEqualTo("carol");
        assertThat(lock.get("unlockedByArn").s()).isEqualTo("arn:aws:iam::123456789012:user/carol");
        assertThat(lock.get("ownerArn").s()).isEqualTo("arn:aws:iam::123456789012:user/bob");
    }

    @Test
    void aSetWhoseKeyNamesAnotherEnvironmentIsRejectedAndRollsNothing() {
        // Someone allowed to write staging's release sets only writes one that says prod.
        ReleaseSet forged = new ReleaseSet(ReleaseSetIds.random("catalogue", "staging", Instant.now()), "catalogue", "prod",
                null, List.of(release("id_minter", "fffffff", T0)), ReleaseSetKind.DEPLOY, "mallory", "to prod",
                Instant.now(), ReleaseSetStatus.REQUESTED, null, "arn:aws:iam::123456789012:user/mallory");
        request(forged);

        deliver();

        Map<String, AttributeValue> stored = emulator.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("RELEASESET#" + forged.id()), "SK", AttributeValue.fromS("RELEASESET")))).item();
        assertThat(stored.get("status").s()).isEqualTo("REJECTED");
        assertThat(stored.get("statusReason").s()).contains("names catalogue/staging in its id but catalogue/prod");
        assertThat(runningImage("id_minter")).endsWith(":bootstrap");
    }

    @Test
    void anExpiredLockDoesNotStopTheSet() {
        releaseSets.lock(new Lock("catalogue", "staging", "bob@example.com", "over", T0, T0.plusSeconds(60)));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "eeeeeee", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
    }

    @Test
    void aSecondSetWhileOneIsInFlightIsRejectedNamingTheFirst() {
        ReleaseSet first = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "1111111", T0));
        request(first);
        deliver();
        ReleaseSet second = set(ReleaseSetKind.DEPLOY, null, release("ingestor", "2222222", T0));
        request(second);

        deliver();

        assertThat(stored(second.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(stored(second.id()).statusReason()).contains("release set " + first.id() + " is in flight in catalogue/staging");
        assertThat(runningImage("ingestor")).endsWith(":bootstrap");
    }

    @Test
    void anIncompleteSetIsRejectedNamingTheMissingServices() {
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "3333333", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(stored(set.id()).statusReason()).isEqualTo("incomplete release set: no release for ingestor");
        assertThat(runningImage("id_minter")).endsWith(":bootstrap");
    }

    @Test
    void aFailingServiceLeavesTheOthersDeployed() {
        emulator.ecs().deleteService(b -> b.cluster(cluster).service(ecsName("ingestor")).force(true));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, "pipeline", release("id_minter", "4444444", T0), release("ingestor", "4444444", T0));
        request(set);

        deliver();

        assertThat(runningImage("id_minter")).isEqualTo(set.releases().get(0).images().get(0).image());
        assertThat(releaseSets.deployments(set.id())).extracting(d -> d.serviceId() + " " + d.status())
                .containsExactlyInAnyOrder("id_minter IN_PROGRESS", "ingestor FAILED");
        assertThat(releaseSets.deployments(set.id())).filteredOn(d -> d.serviceId().equals("ingestor"))
                .singleElement().extracting(Deployment::reason).asString()
                .contains("catalogue-ingestor-staging not found in cluster " + cluster);
        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
    }

    @Test
    void aSetWhoseServicesAllRunItsReleaseSucceedsAtOnceAndFreesTheEnvironment() {
        Release current = release("id_minter", "5555555", T0);
        replaceService("id_minter", "catalogue/id_minter@" + current.sourceDigest());
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, current);
        request(set);

        deliver();

        assertThat(releaseSets.deployments(set.id())).singleElement().extracting(Deployment::status).isEqualTo(DeploymentStatus.UNCHANGED);
        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).isEmpty();
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow();
        assertThat(row.running().releaseHash()).as("the record now says what runs").isEqualTo("5555555");
        assertThat(row.last().status()).isEqualTo(DeploymentStatus.UNCHANGED);
    }

    @Test
    void nothingThatCouldStartFailsTheSetWithEachReason() {
        emulator.ecs().deleteService(b -> b.cluster(cluster).service(ecsName("id_minter")).force(true));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "6666666", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(stored(set.id()).statusReason())
                .startsWith("id_minter FAILED: ECS service catalogue-id_minter-staging not found in cluster " + cluster);
        assertThat(releaseSets.gate("catalogue", "staging").inFlightReleaseSetId()).isEmpty();
        CurrentState row = records.currentState("catalogue", "staging", "id_minter").orElseThrow(() ->
                new AssertionError("a first deployment that failed must not read \"never deployed\""));
        assertThat(row.running()).as("nothing of it runs").isNull();
        assertThat(row.last().status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(row.last().cause()).startsWith("ECS service catalogue-id_minter-staging not found in cluster");
    }

    @Test
    void aServiceThatCodeDeployDeploysIsRefusedWithWhatToDoAndNothingRolls() {
        emulator.ecs().deleteService(b -> b.cluster(cluster).service(ecsName("id_minter")).force(true));
        String family = "catalogue-id_minter-" + UUID.randomUUID();
        String arn = emulator.ecs().registerTaskDefinition(b -> b.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("id_minter").image(REGISTRY + "catalogue/id_minter:bootstrap").memory(512).build())).taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName(ecsName("id_minter")).taskDefinition(arn).desiredCount(1)
                .deploymentController(c -> c.type("CODE_DEPLOY")));
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "6666666", T0));
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(stored(set.id()).statusReason()).contains("is deployed by its CODE_DEPLOY deployment controller");
        assertThat(releaseSets.deployments(set.id())).singleElement().extracting(Deployment::reason).asString()
                .contains("switch the service to the ECS controller", "or deploy it with CODE_DEPLOY");
        assertThat(runningImage("id_minter")).isEqualTo(REGISTRY + "catalogue/id_minter:bootstrap");
    }

    /** A release the service runs already: the set ends at once, SUCCEEDED, and the deployment says it ran there. */
    private void ranThere(Release release) {
        replaceService("id_minter", "catalogue/id_minter@" + release.sourceDigest());
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release);
        request(set);
        deliver();
        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
    }

    @Test
    void anOlderReleaseThanWhatRunsIsRefusedUnlessItIsARollbackToWhatRanThere() {
        Release older = release("id_minter", "8888888", T0);
        ranThere(older);
        ranThere(release("id_minter", "7777777", T0.plusSeconds(3600)));
        ReleaseSet downgrade = set(ReleaseSetKind.DEPLOY, null, older);
        request(downgrade);
        deliver();
        ReleaseSet rollback = set(ReleaseSetKind.ROLLBACK, null, older);
        request(rollback);
        deliver();

        assertThat(stored(downgrade.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(stored(downgrade.id()).statusReason()).startsWith("refusing to downgrade: id_minter runs sha256:")
                .contains("(7777777)", "newer than release 8888888", "request it as a rollback");
        assertThat(stored(rollback.id()).status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);
        assertThat(runningImage("id_minter")).isEqualTo(older.images().get(0).image());
    }

    /** Found by the review of 2026-12: a set of kind ROLLBACK skipped the downgrade guard for any release at all. */
    @Test
    void aRollbackToAReleaseThatNeverRanInTheEnvironmentIsRejected() {
        Release neverRan = release("id_minter", "6666660", T0);
        ranThere(release("id_minter", "7777770", T0.plusSeconds(3600)));
        ReleaseSet rollback = set(ReleaseSetKind.ROLLBACK, null, neverRan);
        request(rollback);

        deliver();

        assertThat(stored(rollback.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(stored(rollback.id()).statusReason()).isEqualTo("refusing to roll back: id_minter 6666660 never ran in"
                + " catalogue/staging; a rollback goes back only to a release that ran there before: choose one from"
                + " hm history --project catalogue --env staging");
        assertThat(runningImage("id_minter")).endsWith("@" + digest("id_minter7777770"));
        assertThat(releaseSets.deployments(rollback.id())).isEmpty();
    }

    /**
     * Found by the review of 2026-12: a push "of account evil.example/x" was recorded, and the deployer
     * ran its image in staging. The ledger may hold such releases from before build-recorder refused them.
     */
    @Test
    void aReleaseOfARegistryTheStackDoesNotServeIsRejectedAndNothingRolls() {
        String digest = digest("forged");
        String forged = "evil.example/x.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter@" + digest;
        Release release = new Release("catalogue", "pipeline", "id_minter", "abcdef1",
                List.of(new ReleaseImage("id_minter", "catalogue/id_minter", digest, forged, "abcdef1")),
                "catalogue/id_minter", digest, T0, "forged");
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release);
        request(set);

        deliver();

        assertThat(stored(set.id()).status()).isEqualTo(ReleaseSetStatus.REJECTED);
        assertThat(stored(set.id()).statusReason()).startsWith("refusing release set: id_minter/id_minter image " + forged
                + " is not catalogue/id_minter@" + digest + " in the ECR registry of 123456789012:eu-west-1");
        assertThat(runningImage("id_minter")).endsWith(":bootstrap");
        assertThat(releaseSets.deployments(set.id())).isEmpty();
    }

    @Test
    void aSetWhoseReleaseIsNotTheLedgersIsRejectedAndNothingRolls() {
        Release recorded = release("id_minter", "abcdef2", T0);
        record(recorded);
        String otherDigest = digest("someone else's");
        Release edited = new Release("catalogue", "pipeline", "id_minter", "abcdef2",
                List.of(new ReleaseImage("id_minter", "catalogue/id_minter", otherDigest,
                        REGISTRY + "catalogue/id_minter@" + otherDigest, "abcdef2")),
                recorded.sourceRepository(), recorded.sourceDigest(), recorded.createdAt(), recorded.description());
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, edited);
        releaseSets.request(set);
        ReleaseSet unknown = set(ReleaseSetKind.DEPLOY, null, release("id_minter", "abcdef3", T0));

        deliver();
        releaseSets.request(unknown);
        deliver();

        assertThat(stored(set.id()).statusReason()).startsWith("refusing release set: id_minter abcdef2 is not as recorded:"
                + " the recorded release is abcdef2 with {id_minter=" + recorded.images().get(0).image() + "}");
        assertThat(stored(unknown.id()).statusReason()).startsWith("refusing release set: id_minter abcdef3 is not a release"
                + " build-recorder recorded");
        assertThat(runningImage("id_minter")).endsWith(":bootstrap");
    }

    @Test
    void aMalformedSetIsRejectedWithWhatIsWrong() {
        String id = Ulid.random(Instant.now());
        emulator.dynamo().putItem(b -> b.tableName(table).item(Map.of(
                "PK", AttributeValue.fromS("RELEASESET#" + id), "SK", AttributeValue.fromS("RELEASESET"),
                "type", AttributeValue.fromS("ReleaseSet"), "id", AttributeValue.fromS(id),
                "project", AttributeValue.fromS("catalogue"), "environment", AttributeValue.fromS("staging"),
                "kind", AttributeValue.fromS("DEPLOY"), "status", AttributeValue.fromS("REQUESTED"),
                "requestedAt", AttributeValue.fromS("not-a-time"))));

        StreamsEventResponse response = deliver();

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(emulator.dynamo().getItem(b -> b.tableName(table).key(Map.of(
                "PK", AttributeValue.fromS("RELEASESET#" + id), "SK", AttributeValue.fromS("RELEASESET")))).item())
                .satisfies(item -> {
                    assertThat(item.get("status").s()).isEqualTo("REJECTED");
                    assertThat(item.get("statusReason").s()).startsWith("release set " + id + " is malformed: ")
                            .contains("not-a-time");
                });
    }
}
