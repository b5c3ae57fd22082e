package dev.harbourmaster.lambdaruntime;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * What the functions find when they run in this module's tests: a table of their own on the emulator
 * holding examples/harbourmaster.yml's project, a bus name of their own, and the fixtures of events/
 * made to speak of that project's deployments.
 */
final class ContractWorld {

    static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String FIXTURE_ECS_DEPLOYMENT = "ecs-svc/1111111111111111111";

    final Emulator emulator = new Emulator();
    final String table = emulator.newTable();
    final Project project;
    final RecordSeeder seeder;
    /** The stack's bus, of this world only. */
    final String bus = "hm-contract-" + UUID.randomUUID();

    private ContractWorld(Project project) {
        this.project = project;
        this.seeder = new RecordSeeder(emulator, table, project);
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project);
    }

    /** A world whose table holds the example project. */
    static ContractWorld registered() {
        return new ContractWorld(Fixtures.exampleProject());
    }

    /**
     * A world whose example project deploys staging to a new cluster in ECS, holding each service of
     * the pipeline set on a task definition of its own (ECS's state outlives a test on the emulator).
     */
    static ContractWorld withStagingServices() {
        Project example = Fixtures.exampleProject();
        String cluster = "catalogue-staging-" + UUID.randomUUID().toString().substring(0, 8);
        ContractWorld world = new ContractWorld(new Project(example.id(), example.name(), example.releaseHashRule(),
                example.environments().stream().map(e -> e.id().equals("staging")
                        ? new Environment(e.id(), e.name(), cluster, e.ecsServiceName(), e.autoDeploy()) : e).toList(),
                example.serviceSets()));
        var ecs = world.emulator.ecs();
        ecs.createCluster(b -> b.clusterName(cluster));
        Environment staging = world.project.environment("staging").orElseThrow();
        for (String service : List.of("id_minter", "ingestor")) {
            String arn = ecs.registerTaskDefinition(b -> b.family("catalogue-" + service + "-" + cluster)
                    .containerDefinitions(ContainerDefinition.builder().name(service).memory(512).essential(true)
                            .image(RecordSeeder.REGISTRY + "catalogue/" + service + ":bootstrap").build()))
                    .taskDefinition().taskDefinitionArn();
            ecs.createService(b -> b.cluster(cluster).serviceName(staging.ecsServiceNameOf(example.id(), "pipeline", service))
                    .taskDefinition(arn).desiredCount(1));
        }
        return world;
    }

    /** The image the service's task definition runs in ECS now. */
    String runningImage(String serviceId) {
        Environment staging = project.environment("staging").orElseThrow();
        var ecs = emulator.ecs();
        String taskDefinition = ecs.describeServices(b -> b.cluster(staging.cluster())
                .services(staging.ecsServiceNameOf(project.id(), "pipeline", serviceId))).services().get(0).taskDefinition();
        return ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)).taskDefinition().containerDefinitions().get(0).image();
    }

    /** A set, requested {@code ago}, deploying id_minter 3f9c2ab to staging: started in ECS, nothing seen of it since. */
    ReleaseSet idMinterDeploying(Duration ago) {
        Release release = seeder.release("id_minter", "3f9c2ab", Instant.now().minus(ago).minus(Duration.ofMinutes(5)));
        ReleaseSet set = seeder.request("staging", Instant.now().minus(ago), "alice", "contract", "pipeline", List.of(release));
        seeder.deploy(set, Map.of());
        return set;
    }

    /** The repository the service gh_svc's builds say they come from (OCI source annotation). */
    static final String GITHUB_REPOSITORY = "wellcomecollection/catalogue-pipeline";

    /** A set requested of gh_svc, whose image was built from {@link #GITHUB_REPOSITORY} on github.com. */
    ReleaseSet requestedOfAGitHubRepository() {
        String digest = "sha256:" + "c".repeat(64);
        String hash = "3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4";
        String image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/gh_svc";
        Release release = new Release("catalogue", "pipeline", "gh_svc", hash,
                List.of(new ReleaseImage("gh_svc", "catalogue/gh_svc", digest, image + "@" + digest, hash)),
                "catalogue/gh_svc", digest, Instant.now(), null);
        new DynamoDbBuildLedger(emulator.dynamo(), table).recordNewBuild(new Build("catalogue/gh_svc", digest, image,
                Set.of(), Instant.now(), hash, new ImageMetadata(hash, "https://github.com/" + GITHUB_REPOSITORY, null, null),
                BuildState.RELEASED), List.of(release), List.of());
        return seeder.request("staging", Instant.now(), "alice@example.com", "contract", "pipeline", List.of(release));
    }

    Deployment deploymentOf(ReleaseSet set) {
        return new DynamoDbDeploymentRecords(emulator.dynamo(), table).setRecord(set.id()).orElseThrow()
                .deployment("id_minter").orElseThrow();
    }

    /**
     * An ECS fixture dated {@code at} (the recorder ignores events over 15 days old), of the example
     * project's id_minter service in staging; where it names the story's deployment, {@code set}'s
     * deployment (when given) and the digest its release runs.
     */
    String ecs(String fixture, ReleaseSet set, Instant at) {
        String service = project.environment("staging").orElseThrow().ecsServiceNameOf(project.id(), "pipeline", "id_minter");
        String event = Fixtures.event(fixture).replaceAll("2026-11-20T[0-9:.]+Z", at.truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("catalogue-pipeline-id-minter-staging", service)
                .replace("catalogue/id-minter", "catalogue/id_minter")
                .replace("\"id-minter\"", "\"id_minter\"");
        return set == null ? event : event.replace(FIXTURE_DIGEST, set.releases().get(0).images().get(0).digest())
                .replace(FIXTURE_ECS_DEPLOYMENT, deploymentOf(set).ecsDeploymentId());
    }

    /** Writes each record's NewImage as the item it is: the state of the table the stream record reports. */
    void putNewImages(String fixture) {
        try {
            Json.MAPPER.readTree(Fixtures.event(fixture)).path("Records").forEach(record -> emulator.dynamo().putItem(b -> b
                    .tableName(table).item(DynamoJson.item(record.path("dynamodb").path("NewImage")))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, AttributeValue> setItem(String setId) {
        return item("RELEASESET#" + setId, "RELEASESET");
    }

    Map<String, AttributeValue> item(String pk, String sk) {
        return emulator.dynamo().getItem(b -> b.tableName(table).key(key(pk, sk))).item();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk));
    }

    /** The record DynamoDB Streams gives Lambda for an item that changed from {@code before} (null: new) to {@code after}. */
    String streamEvent(Map<String, AttributeValue> key, Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        var record = Json.MAPPER.createObjectNode().put("eventID", "c81e728d9d4c2f636f067f89cc14862c")
                .put("eventName", before == null ? "INSERT" : "MODIFY")
                .put("eventVersion", "1.1").put("eventSource", "aws:dynamodb").put("awsRegion", "eu-west-1");
        var dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", Instant.now().getEpochSecond());
        dynamodb.set("Keys", DynamoJson.json(key));
        dynamodb.set("NewImage", DynamoJson.json(after));
        if (before != null) {
            dynamodb.set("OldImage", DynamoJson.json(before));
        }
        dynamodb.put("SequenceNumber", "4100000000021417654399").put("SizeBytes", 2048).put("StreamViewType", "NEW_AND_OLD_IMAGES");
        record.put("eventSourceARN", "arn:aws:dynamodb:eu-west-1:123456789012:table/" + table + "/stream/2026-11-20T10:00:00.000");
        var event = Json.MAPPER.createObjectNode();
        event.putArray("Records").add(record);
        return event.toString();
    }

    /** Every item of the table, as text, in order: what an invocation changed. */
    List<String> items() {
        List<String> items = new ArrayList<>();
        emulator.dynamo().scanPaginator(b -> b.tableName(table)).items().forEach(item -> items.add(new TreeMap<>(item).toString()));
        items.sort(null);
        return items;
    }
}
