package dev.harbourmaster.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.testing.Emulator;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.HostVolumeProperties;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionPlacementConstraint;
import software.amazon.awssdk.services.ecs.model.Volume;

class EcsContainerPlatformIT {

    private static final String APP_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api:ref.3f9c2ab";
    private static final String SIDECAR_IMAGE = "public.ecr.aws/nginx/nginx:1.27";

    private final Emulator emulator = new Emulator();
    private final EcsClient ecs = emulator.ecs();
    private final EcsContainerPlatform platform = new EcsContainerPlatform(ecs);
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String cluster = "hm-it-" + suffix;
    private final String family = "catalogue-api-" + suffix;
    private final String serviceName = "catalogue-api-prod-" + suffix;
    private final String pinnedImage = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api@sha256:"
            + HexFormat.of().formatHex(randomBytes(32));

    private String originalArn;

    @BeforeEach
    void setUp() {
        ecs.createCluster(b -> b.clusterName(cluster));
        originalArn = ecs.registerTaskDefinition(b -> b.family(family)
                .containerDefinitions(
                        ContainerDefinition.builder().name("app").image(APP_IMAGE).memory(256).essential(true)
                                .logConfiguration(LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(Map.of(
                                        "awslogs-group", "/ecs/catalogue-api", "awslogs-region", "eu-west-1",
                                        "awslogs-stream-prefix", "ecs")).build())
                                .portMappings(PortMapping.builder().containerPort(8080).hostPort(8080).protocol("tcp").build())
                                .environment(KeyValuePair.builder().name("MODE").value("prod").build()).build(),
                        ContainerDefinition.builder().name("sidecar").image(SIDECAR_IMAGE).memory(128).essential(false)
                                .build())
                .taskRoleArn("arn:aws:iam::123456789012:role/catalogue-api")
                .executionRoleArn("arn:aws:iam::123456789012:role/ecs-execution")
                .networkMode(NetworkMode.HOST)
                .requiresCompatibilities(Compatibility.EC2)
                .cpu("256")
                .memory("512")
                .volumes(Volume.builder().name("scratch").host(HostVolumeProperties.builder().sourcePath("/tmp").build()).build())
                .placementConstraints(TaskDefinitionPlacementConstraint.builder().type("memberOf")
                        .expression("attribute:ecs.instance-type =~ t3.*").build())
                .tags(Tag.builder().key("team").value("catalogue").build()))
                .taskDefinition().taskDefinitionArn();
        createService(serviceName);
        emulator.resetCalls();
    }

    @Test
    void rollingOneServiceCostsFourCalls() {
        RunningService running = platform.services(cluster, List.of(serviceName)).get(serviceName);
        TaskDefinition current = platform.taskDefinition(running.taskDefinitionArn());
        TaskDefinition revision = platform.registerRevision(current, Map.of("app", pinnedImage));
        String deploymentId = platform.updateService(cluster, serviceName, revision.arn()).ecsDeploymentId();

        assertThat(emulator.calls()).containsExactly("Ecs:DescribeServices", "Ecs:DescribeTaskDefinition",
                "Ecs:RegisterTaskDefinition", "Ecs:UpdateService");
        assertThat(deploymentId).startsWith("ecs-svc/").isNotEqualTo(running.primaryDeploymentId());
    }

    @Test
    void findsARunningServiceAndReadsItsImages() {
        RunningService running = platform.services(cluster, List.of(serviceName)).get(serviceName);

        assertThat(running.cluster()).isEqualTo(cluster);
        assertThat(running.serviceArn()).endsWith("/" + serviceName);
        assertThat(running.taskDefinitionArn()).isEqualTo(originalArn).endsWith(":1");
        assertThat(running.primaryDeploymentId()).startsWith("ecs-svc/");
        TaskDefinition read = platform.taskDefinition(originalArn);
        assertThat(read).as("the sidecar names no log stream prefix").usingRecursiveComparison().ignoringFields("config")
                .isEqualTo(new TaskDefinition(originalArn, family, Map.of("app", APP_IMAGE, "sidecar", SIDECAR_IMAGE),
                        List.of(new ContainerLog("app", "/ecs/catalogue-api", "eu-west-1", "ecs"))));
        assertThat(read.config().containers()).as("its configuration, values hashed")
                .extracting(c -> c.name() + " " + c.memory() + " " + c.environment().keySet() + " " + c.ports())
                .containsExactly("app 256 [MODE] [8080/tcp]", "sidecar 128 [] []");
    }

    @Test
    void registersRevisionTwoWithOnlyTheAppImagePinned() {
        TaskDefinition revision = platform.registerRevision(platform.taskDefinition(originalArn), Map.of("app", pinnedImage));

        assertThat(revision.arn()).isEqualTo(originalArn.replaceAll(":1$", ":2"));
        assertThat(revision.imagesByContainer()).containsExactly(Map.entry("app", pinnedImage), Map.entry("sidecar", SIDECAR_IMAGE));
        assertThat(revision.logs()).as("where the revision's tasks log, for the release set page")
                .containsExactly(new ContainerLog("app", "/ecs/catalogue-api", "eu-west-1", "ecs"));
        DescribeTaskDefinitionResponse before = describe(originalArn);
        DescribeTaskDefinitionResponse after = describe(revision.arn());
        assertThat(after.taskDefinition().revision()).isEqualTo(2);
        assertThat(withoutIdentityAndContainers(after)).isEqualTo(withoutIdentityAndContainers(before));
        assertThat(after.taskDefinition().taskRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/catalogue-api");
        assertThat(after.taskDefinition().networkMode()).isEqualTo(NetworkMode.HOST);
        assertThat(after.taskDefinition().cpu()).isEqualTo("256");
        assertThat(after.taskDefinition().memory()).isEqualTo("512");
        assertThat(after.tags()).containsExactly(Tag.builder().key("team").value("catalogue").build());
        ContainerDefinition app = before.taskDefinition().containerDefinitions().get(0);
        ContainerDefinition sidecar = before.taskDefinition().containerDefinitions().get(1);
        assertThat(after.taskDefinition().containerDefinitions())
                .containsExactly(app.toBuilder().image(pinnedImage).build(), sidecar);
    }

    @Test
    void updatingAServicePointsItAtTheRevisionUnderANewDeploymentId() {
        String before = platform.services(cluster, List.of(serviceName)).get(serviceName).primaryDeploymentId();
        TaskDefinition revision = platform.registerRevision(platform.taskDefinition(originalArn), Map.of("app", pinnedImage));

        String deploymentId = platform.updateService(cluster, serviceName, revision.arn()).ecsDeploymentId();

        Service service = ecs.describeServices(b -> b.cluster(cluster).services(serviceName)).services().get(0);
        assertThat(service.taskDefinition()).isEqualTo(revision.arn());
        assertThat(deploymentId).startsWith("ecs-svc/").isNotEqualTo(before);
        assertThat(platform.services(cluster, List.of(serviceName)).get(serviceName).primaryDeploymentId())
                .isEqualTo(deploymentId);
        // moto, unlike ECS, keeps its one deployment: it only renews the id, and leaves that deployment's
        // task definition and rolloutState as they were. ECS would add a PRIMARY deployment of the new
        // revision and keep the old one as ACTIVE until it drains.
        assertThat(service.deployments()).singleElement().satisfies(deployment -> {
            assertThat(deployment.id()).isEqualTo(deploymentId);
            assertThat(deployment.status()).isEqualTo("PRIMARY");
            assertThat(deployment.taskDefinition()).isEqualTo(originalArn);
            assertThat(deployment.rolloutStateAsString()).isEqualTo("IN_PROGRESS");
        });
    }

    @Test
    void missingAndDeletedServicesAreAbsent() {
        String deleted = "catalogue-old-prod-" + suffix;
        createService(deleted);
        ecs.deleteService(b -> b.cluster(cluster).service(deleted).force(true));
        String missing = "catalogue-nowhere-prod-" + suffix;

        Map<String, RunningService> running = platform.services(cluster, List.of(serviceName, deleted, missing));

        assertThat(running.keySet()).containsExactly(serviceName);
    }

    @Test
    void updatingAMissingServiceNamesIt() {
        String missing = "catalogue-nowhere-prod-" + suffix;

        assertThatThrownBy(() -> platform.updateService(cluster, missing, originalArn))
                .isInstanceOfSatisfying(ContainerPlatformException.class, e -> {
                    assertThat(e).hasMessage("UpdateService " + missing + ": ServiceNotFoundException: Service not found.");
                    assertThat(e.isTransient()).isFalse();
                });
    }

    @Test
    void aDozenServicesTakeTwoDescribeServicesCalls() {
        List<String> names = IntStream.rangeClosed(1, 11).mapToObj(i -> "svc-" + i + "-" + suffix).toList();
        names.forEach(this::createService);
        emulator.resetCalls();

        Map<String, RunningService> running = platform.services(cluster,
                Stream.concat(names.stream(), Stream.of(serviceName)).toList());

        assertThat(running).hasSize(12);
        assertThat(emulator.calls()).containsExactly("Ecs:DescribeServices", "Ecs:DescribeServices");
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private void createService(String name) {
        ecs.createService(b -> b.cluster(cluster).serviceName(name).taskDefinition(originalArn).desiredCount(1));
    }

    private DescribeTaskDefinitionResponse describe(String arn) {
        return ecs.describeTaskDefinition(b -> b.taskDefinition(arn).include(TaskDefinitionField.TAGS));
    }

    private static software.amazon.awssdk.services.ecs.model.TaskDefinition withoutIdentityAndContainers(
            DescribeTaskDefinitionResponse response) {
        return response.taskDefinition().toBuilder().taskDefinitionArn(null).revision(null).registeredAt(null)
                .registeredBy(null).containerDefinitions((List<ContainerDefinition>) null).build();
    }
}
