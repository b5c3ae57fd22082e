package dev.harbourmaster.bench;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.harbourmaster.buildrecorder.BuildRecorderConfig;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.buildrecorder.BuildRecorderWiring;
import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.domainevents.DomainEventsConfig;
import dev.harbourmaster.domainevents.DomainEventsHandler;
import dev.harbourmaster.domainevents.DomainEventsWiring;
import dev.harbourmaster.domainevents.EmbeddedMetrics;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.RecorderConfig;
import dev.harbourmaster.recorder.RecorderWiring;
import dev.harbourmaster.recorder.SweeperHandler;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * One table and one ECS cluster on the emulator with a project of {@code services} services
 * ("svcN", one container each, fed by repository "bench/svcN") in {@code environments}
 * environments ("envN", no auto-deploy, ECS services "svcN-envN"), and every handler built the way
 * its no-argument constructor builds it, but on the given (counted) clients.
 */
final class World {

    static final String REGISTRY = RecordSeeder.REGISTRY;
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    final Emulator emulator;
    final String table;
    final String cluster;
    final Project project;
    final DynamoDbClient dynamo;
    final EcsClient ecs;
    final EcrClient ecr;
    final EventBridgeClient events;
    final DynamoDbReleaseSets releaseSets;

    World(Emulator emulator, String name, int services, int environments) {
        this(emulator, name, services, environments, emulator.dynamo(), emulator.ecs(), emulator.ecr(),
                EventBridgeClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(emulator.counter())).build());
    }

    World(Emulator emulator, String name, int services, int environments, DynamoDbClient dynamo, EcsClient ecs, EcrClient ecr,
          EventBridgeClient events) {
        this.emulator = emulator;
        this.table = emulator.newTable();
        this.cluster = name + "-" + table.substring(table.length() - 8);
        this.dynamo = dynamo;
        this.ecs = ecs;
        this.ecr = ecr;
        this.events = events;
        List<Service> list = IntStream.range(0, services)
                .mapToObj(i -> new Service("svc" + i, "svc" + i, List.of(new Container("svc" + i, "bench/svc" + i)))).toList();
        List<Environment> envs = IntStream.range(0, environments)
                .mapToObj(i -> new Environment("env" + i, "env" + i, cluster, "{service}-{env}", false)).toList();
        this.project = new Project(name, name, ReleaseHashRule.DEFAULT, envs, List.of(new ServiceSet("all", "all", list)));
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project);
        this.releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
    }

    /** The ECS cluster, and each service's ECS service in each of the first {@code environments} environments. */
    World withEcsServices(int environments) {
        emulator.ecs().createCluster(b -> b.clusterName(cluster));
        for (Service s : project.services().toList()) {
            String arn = emulator.ecs().registerTaskDefinition(b -> b.family(cluster + "-" + s.id())
                    .containerDefinitions(ContainerDefinition.builder().name(s.id()).image(REGISTRY + "bench/" + s.id() + ":old")
                            .memory(256).essential(true).build())).taskDefinition().taskDefinitionArn();
            for (int e = 0; e < environments; e++) {
                String env = "env" + e;
                emulator.ecs().createService(b -> b.cluster(cluster).serviceName(s.id() + "-" + env).taskDefinition(arn).desiredCount(1));
            }
        }
        return this;
    }

    BuildRecorderHandler buildRecorder() {
        return new BuildRecorderHandler(BuildRecorderWiring.of(new BuildRecorderConfig(table, Fixtures.SERVED), dynamo, ecr)
                .withLog(new Log("build-recorder", QUIET, Instant::now)).pushRecorder());
    }

    DeployerHandler deployer() {
        return new DeployerHandler(DeployerWiring.of(new DeployerConfig(table, 8, Duration.ofHours(2), Fixtures.SERVED), dynamo, ecs)
                .deployer(), new Log("deployer", QUIET, Instant::now));
    }

    private RecorderWiring recorderWiring(Log log) {
        return RecorderWiring.of(new RecorderConfig(table, Duration.ofMinutes(10), Duration.ofHours(1), Fixtures.SERVED), dynamo, ecs)
                .withLog(log);
    }

    EcsEventHandler ecsEvents() {
        return new EcsEventHandler(recorderWiring(new Log("deployment-recorder", QUIET, Instant::now)).ecsEvents());
    }

    SweeperHandler sweeper() {
        Log log = new Log("sweeper", QUIET, Instant::now);
        return new SweeperHandler(recorderWiring(log).sweeper(), log);
    }

    DomainEventsHandler domainEvents() {
        return new DomainEventsHandler(DomainEventsWiring.of(new DomainEventsConfig(table, "default", "HarbourmasterBench"), dynamo, events)
                .withOutput(new EmbeddedMetrics("HarbourmasterBench", QUIET, Instant::now), new Log("domain-events", QUIET, Instant::now))
                .domainEvents());
    }

    /** An ECR push of {@code service}'s repository: events/ecr-push-success.json with another repository, digest and tag. */
    static String push(String repository, String seed, String releaseHash) {
        String digest = RecordSeeder.digest(seed);
        return Fixtures.event("ecr-push-success.json")
                .replace("catalogue/id_minter", repository)
                .replaceAll("sha256:[0-9a-f]{64}", digest)
                .replace("ref.3f9c2ab", "ref." + releaseHash)
                .replaceFirst("\"id\": *\"[^\"]*\"", "\"id\": \"" + seed.hashCode() + "-" + seed.length() + "\"");
    }

    /** A release of every service of the project, as a push would have made it, to deploy. */
    List<Release> releases(String releaseHash) {
        return project.services().map(s -> {
            String digest = RecordSeeder.digest(s.id() + "@" + releaseHash);
            return new Release(project.id(), "all", s.id(), releaseHash,
                    List.of(new dev.harbourmaster.domain.ReleaseImage(s.id(), "bench/" + s.id(), digest,
                            REGISTRY + "bench/" + s.id() + "@" + digest, releaseHash)),
                    "bench/" + s.id(), digest, Instant.now(), null);
        }).toList();
    }

    /** Writes a REQUESTED release set (as hm would), its releases recorded first as build-recorder does, and returns it. */
    ReleaseSet request(String environment, List<Release> releases) {
        ReleaseSet set = new ReleaseSet(Ulid.random(Instant.now()), project.id(), environment, "all", releases, ReleaseSetKind.DEPLOY,
                "bench", "benchmark", Instant.now(), ReleaseSetStatus.REQUESTED, null);
        releases.forEach(r -> RecordSeeder.recorded(emulator.dynamo(), table, r));
        releaseSets.request(set);
        return set;
    }

    /** The stream record the template's filter lets through to the deployer: the set's keys (the deployer reads the set itself). */
    static DynamodbEvent insertOf(String releaseSetId) {
        return insertOf(releaseSetId, null);
    }

    /** The INSERT record of the set's item as the table's stream hands it to the deployer: its keys and its new image. */
    DynamodbEvent insertWithImage(String releaseSetId) {
        var item = emulator.dynamo().getItem(b -> b.tableName(table).consistentRead(true).key(Map.of(
                "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RELEASESET#" + releaseSetId),
                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("RELEASESET")))).item();
        return insertOf(releaseSetId, dev.harbourmaster.invoke.LambdaImages.toLambda(item));
    }

    private static DynamodbEvent insertOf(String releaseSetId, Map<String, AttributeValue> image) {
        StreamRecord stream = new StreamRecord();
        stream.setKeys(Map.of("PK", new AttributeValue().withS("RELEASESET#" + releaseSetId),
                "SK", new AttributeValue().withS("RELEASESET")));
        stream.setNewImage(image);
        stream.setSequenceNumber(String.valueOf(System.nanoTime()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(stream);
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    /**
     * The fixtures' hour moved to the next one: after the deployments started, and recent enough for the
     * recorder (it ignores events dated over 15 days before they arrive, as the fixtures' soon are, or over a day after).
     */
    private static final String EVENT_HOUR = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)
            .toString().substring(0, 14);

    /** ECS events about one of our deployments: a fixture with its cluster, service, deployment, task and image. */
    static String ecsEvent(String fixture, Deployment d, String eventId) {
        String image = d.images().get(0).image();
        String digest = d.images().get(0).digest();
        String task = String.format("%08x%024x", d.ecsDeploymentId().hashCode(), d.serviceId().hashCode());
        return Fixtures.event(fixture)
                .replace("ecs-svc/1111111111111111111", d.ecsDeploymentId())
                .replace("catalogue-pipeline-id-minter-staging", d.ecsServiceName())
                .replace("catalogue-staging", d.cluster())
                .replace("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id-minter@sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807", image)
                .replace("sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807", digest)
                .replace("\"name\": \"id-minter\"", "\"name\": \"" + d.images().get(0).container() + "\"")
                .replace("5e0f3c2a9b7d4e1f8a6c0b3d2e9f7a15", task)
                .replace("2026-11-20T10:", EVENT_HOUR)
                .replaceFirst("\"id\": *\"[^\"]*\"", "\"id\": \"" + eventId + "\"");
    }

    /** How many items of each type the table holds (a Scan: independent of the code under measure). */
    Map<String, Integer> itemsByType() {
        Map<String, Integer> counts = new TreeMap<>();
        emulator.dynamo().scanPaginator(ScanRequest.builder().tableName(table).build()).items()
                .forEach(item -> counts.merge(item.containsKey("type") ? item.get("type").s() : "(none)", 1, Integer::sum));
        return counts;
    }
}
