package dev.harbourmaster.drills;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.harbourmaster.buildrecorder.BuildRecorderConfig;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.buildrecorder.BuildRecorderWiring;
import dev.harbourmaster.deployer.DeployerConfig;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.deployer.DeployerWiring;
import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.TableFromTemplate;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.RecorderConfig;
import dev.harbourmaster.recorder.RecorderWiring;
import dev.harbourmaster.recorder.Sweeper;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * The whole chain of one project (examples/harbourmaster.yml, its staging cluster made unique) on
 * one table, as DeployChainIT wires it: build-recorder, the deployer's stream handler, the
 * deployment-recorder and the sweeper, built with the production adapters and SDK clients built
 * like {@link AwsClients}'s but pointed at {@code functionsEndpoint} (the drill's proxy, or moto)
 * and counting every call and every attempt. Set-up and checks use clients straight to moto.
 */
final class Pipeline {

    static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String FIXTURE_DEPLOYMENT = "ecs-svc/1111111111111111111";
    static final String SERVICE = "id_minter";
    static final String ECS_SERVICE = "catalogue-id_minter-staging";

    /** SDK calls (one per operation the code makes) and attempts (one per HTTP request, retries included). */
    final AtomicLong calls = new AtomicLong();
    final AtomicLong attempts = new AtomicLong();
    /** Called before and after each call the functions make, with "before"/"after" and e.g. "Ecs:UpdateService". */
    volatile BiConsumer<String, String> cut = (phase, operation) -> { };

    final DynamoDbClient setupDynamo;
    final EcsClient setupEcs;
    final EcrClient setupEcr;
    final DynamoDbClient dynamo;
    final EcsClient ecs;
    final EcrClient ecr;
    private final UnaryOperator<ReleaseSets> wrap;
    String table;
    String cluster;
    DynamoDbReleaseSets releaseSets;
    DynamoDbDeploymentRecords records;
    ReleaseSets functionsReleaseSets;
    DynamoDbDeploymentRecords functionsRecords;
    EcsContainerPlatform platform;
    BuildRecorderHandler buildRecorder;
    DeployerHandler deployer;
    EcsEventHandler recorder;
    private final String eventHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString()
            .substring(0, 14);
    private long sequence;

    Pipeline(URI moto, URI functionsEndpoint) {
        this(moto, functionsEndpoint, UnaryOperator.identity());
    }

    /** @param wrap lets a drill stand between the deployer and the table (a held claim, for instance) */
    Pipeline(URI moto, URI functionsEndpoint, UnaryOperator<ReleaseSets> wrap) {
        SdkHttpClient direct = AwsClients.httpClient();
        setupDynamo = DynamoDbClient.builder().httpClient(direct).endpointOverride(moto).build();
        setupEcs = EcsClient.builder().httpClient(direct).endpointOverride(moto).build();
        setupEcr = EcrClient.builder().httpClient(direct).endpointOverride(moto).build();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.incrementAndGet();
                cut.accept("before", name(attributes));
            }

            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                attempts.incrementAndGet();
            }

            @Override
            public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                cut.accept("after", name(attributes));
            }
        };
        // The functions' clients: as AwsClients builds them (ECS with its patient retries), plus the counter.
        SdkHttpClient http = AwsClients.httpClient();
        dynamo = DynamoDbClient.builder().httpClient(http).endpointOverride(functionsEndpoint)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        ecr = EcrClient.builder().httpClient(http).endpointOverride(functionsEndpoint)
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        ecs = EcsClient.builder().httpClient(http).endpointOverride(functionsEndpoint)
                .overrideConfiguration(c -> c.retryStrategy(AwsClients.patientRetries()).addExecutionInterceptor(counter))
                .build();
        this.wrap = wrap;
        setUpWorld();
    }

    /** A new table, project, cluster and service (again after an emulator restart), and the handlers on them. */
    void setUpWorld() {
        table = "hm-drill-" + UUID.randomUUID();
        cluster = "catalogue-staging-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            TableFromTemplate.createIfMissing(setupDynamo, Emulator.repositoryRoot().resolve("template.yaml"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Project example = Fixtures.exampleProject();
        new DynamoDbCatalogue(setupDynamo, table).apply(new Project(example.id(), example.name(), example.releaseHashRule(),
                example.environments().stream().map(e -> new Environment(e.id(), e.name(),
                        e.id().equals("staging") ? cluster : e.cluster(), e.ecsServiceName(), e.autoDeploy())).toList(),
                example.serviceSets()));
        setupEcs.createCluster(b -> b.clusterName(cluster));
        String family = "catalogue-id_minter-" + UUID.randomUUID();
        String taskDefinition = setupEcs.registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(ContainerDefinition.builder().name(SERVICE)
                        .image(REGISTRY + "catalogue/id_minter:bootstrap").memory(512).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
        setupEcs.createService(b -> b.cluster(cluster).serviceName(ECS_SERVICE).taskDefinition(taskDefinition).desiredCount(1));
        try {
            setupEcr.createRepository(b -> b.repositoryName("catalogue/id_minter"));
        } catch (software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException again) {
            // another drill made it: ECR outlives a table on the emulator
        }

        releaseSets = new DynamoDbReleaseSets(setupDynamo, table);
        records = new DynamoDbDeploymentRecords(setupDynamo, table);
        functionsReleaseSets = wrap.apply(new DynamoDbReleaseSets(dynamo, table));
        functionsRecords = new DynamoDbDeploymentRecords(dynamo, table);
        platform = new EcsContainerPlatform(ecs);
        Log quiet = quietLog("drill");
        buildRecorder = new BuildRecorderHandler(BuildRecorderWiring.of(new BuildRecorderConfig(table, Fixtures.SERVED), dynamo, ecr)
                .withLog(quiet).pushRecorder());
        deployer = new DeployerHandler(releaseSetDeployer(), quiet);
        recorder = new EcsEventHandler(recorderWiring(Duration.ofHours(1)).withLog(quiet).ecsEvents());
    }

    ReleaseSetDeployer releaseSetDeployer() {
        return deployerWiring().deployer();
    }

    /** The deployer's wiring as the pipeline's functions see the table and ECS. */
    DeployerWiring deployerWiring() {
        return DeployerWiring.of(new DeployerConfig(table, 4, Duration.ofHours(2), Fixtures.SERVED), dynamo, ecs)
                .withReleaseSets(functionsReleaseSets).withRecords(functionsRecords).withPlatform(platform);
    }

    static Log quietLog(String name) {
        return new Log(name, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8), Instant::now);
    }

    private static String name(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + ":"
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    /** The sweeper as the schedule runs it, with a short DEPLOYMENT_TIMEOUT and a clock that has passed it. */
    Sweeper sweeper(Duration timeout) {
        Instant later = Instant.now().plus(timeout).plusSeconds(1);
        return recorderWiring(timeout).withClock(() -> later).withLog(quietLog("sweeper")).sweeper();
    }

    /** The recorders' wiring as the pipeline's functions see the table and ECS. */
    private RecorderWiring recorderWiring(Duration deploymentTimeout) {
        return RecorderWiring.of(new RecorderConfig(table, Duration.ofMinutes(2), deploymentTimeout, Fixtures.SERVED), dynamo, ecs)
                .withRecords(functionsRecords).withReleaseSets(functionsReleaseSets).withPlatform(platform);
    }

    /** Puts an image tagged ref.HASH into ECR (straight to moto) and returns the push event EventBridge would send. */
    String pushEvent(String hash) {
        return pushEvent(hash, null);
    }

    /** The same, the image annotated with this OCI revision (as `docker buildx --annotation` writes it) unless null. */
    String pushEvent(String hash, String revision) {
        String annotations;
        try {
            annotations = revision == null ? "" : ", \"annotations\": {\"org.opencontainers.image.revision\": "
                    + Json.MAPPER.writeValueAsString(revision) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023, "digest": "sha256:%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:%s"}]%s}
                """.formatted(sha256(hash + "config"), sha256(hash + "layer"), annotations);
        String digest = "sha256:" + sha256(manifest);
        try {
            setupEcr.putImage(b -> b.repositoryName("catalogue/id_minter").imageTag("ref." + hash)
                    .imageManifest(manifest).imageDigest(digest)
                    .imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
        } catch (software.amazon.awssdk.services.ecr.model.ImageAlreadyExistsException pushedBefore) {
            // ECR outlives a table on the emulator
        }
        return Fixtures.event("ecr-push-success.json").replace(FIXTURE_DIGEST, digest)
                .replace("6f1c3b2e-0a41-4c8e-9d0e-1f2a3b4c5d01", UUID.randomUUID().toString())
                .replace("2026-11-20T10:15:30Z", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .replaceAll("\"image-tag\": \"[^\"]*\"", "\"image-tag\": \"ref." + hash + "\"");
    }

    static String digestOf(String pushEvent) {
        int at = pushEvent.indexOf("\"image-digest\": \"") + "\"image-digest\": \"".length();
        return pushEvent.substring(at, pushEvent.indexOf('"', at));
    }

    /** The release set of staging that the push of this release hash requested (auto-deploy). */
    Optional<ReleaseSet> stagingSetOf(String hash) {
        return releaseSets.releaseSets("catalogue", "staging", 100).stream()
                .filter(s -> s.releases().get(0).releaseHash().equals(hash)).findFirst();
    }

    /** The stream record Lambda hands the deployer for a release set (keys, as the filter passes it). */
    DynamodbEvent streamRecordOf(String releaseSetId) {
        var keys = Map.of(
                "PK", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS("RELEASESET#" + releaseSetId),
                "SK", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS("RELEASESET"));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setEventSource("aws:dynamodb");
        record.setDynamodb(new StreamRecord().withKeys(keys).withSequenceNumber(String.valueOf(++sequence)));
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    /** The fixture as ECS would send it about this deployment: its id, cluster, service, container and digest. */
    String ecsEvent(String fixture, Deployment deployment) {
        return Fixtures.event(fixture)
                .replace(FIXTURE_DEPLOYMENT, deployment.ecsDeploymentId())
                .replace("catalogue-pipeline-id-minter-staging", ECS_SERVICE)
                .replace("catalogue-staging", cluster)
                .replace("catalogue/id-minter", "catalogue/id_minter")
                .replace("\"id-minter\"", "\"id_minter\"")
                .replace(FIXTURE_DIGEST, deployment.images().get(0).digest())
                .replace("2026-11-20T10:", eventHour);
    }

    /** The events ECS sends for a deployment that works: it starts, a task runs the release, it completes. */
    List<String> successEvents(Deployment deployment) {
        List<String> events = new ArrayList<>();
        for (String fixture : List.of("ecs-deployment-in-progress.json", "ecs-task-running.json",
                "ecs-deployment-completed.json")) {
            events.add(ecsEvent(fixture, deployment));
        }
        return events;
    }

    /**
     * Runs one delivery as Lambda would: again after a failure (a thrown exception, or a stream
     * batch with item failures), at most {@code attempts} times; {@code beforeRetry} runs before each
     * re-delivery. @return the number of deliveries it took, or -1 when every one failed
     */
    static int deliver(int attempts, Runnable beforeRetry, Function<Integer, Boolean> delivery) {
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                beforeRetry.run();
            }
            boolean done;
            try {
                done = delivery.apply(attempt);
            } catch (RuntimeException e) {
                done = false;
            }
            if (done) {
                return attempt;
            }
        }
        return -1;
    }

    static boolean succeeded(StreamsEventResponse response) {
        return response.getBatchItemFailures() == null || response.getBatchItemFailures().isEmpty();
    }

    /**
     * What is wrong with a set that should have ended, or null: it must be final, with a reason unless
     * SUCCEEDED; no deployment of it still in flight; the environment free.
     */
    String problemsOf(String releaseSetId) {
        Optional<ReleaseSet> set = releaseSets.releaseSet(releaseSetId);
        if (set.isEmpty()) {
            return "release set " + releaseSetId + " is gone";
        }
        ReleaseSetStatus status = set.get().status();
        List<Deployment> deployments = releaseSets.deployments(releaseSetId);
        if (!status.isFinal()) {
            return "release set " + releaseSetId + " still " + status + " after the sweeper; deployments "
                    + deployments.stream().map(d -> d.serviceId() + " " + d.status() + " ecs=" + d.ecsDeploymentId()).toList();
        }
        if (status != ReleaseSetStatus.SUCCEEDED && (set.get().statusReason() == null || set.get().statusReason().isBlank())) {
            return "release set " + releaseSetId + " ended " + status + " without a reason";
        }
        if (deployments.stream().anyMatch(d -> d.status() == DeploymentStatus.IN_PROGRESS)) {
            return "release set " + releaseSetId + " ended " + status + " with a deployment still IN_PROGRESS";
        }
        Optional<String> inFlight = releaseSets.gate("catalogue", "staging").inFlightReleaseSetId();
        if (inFlight.isPresent() && inFlight.get().equals(releaseSetId)) {
            return "release set " + releaseSetId + " ended " + status + " but still holds staging";
        }
        return null;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
