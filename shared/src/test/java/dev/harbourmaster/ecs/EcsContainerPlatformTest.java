package dev.harbourmaster.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.StartedDeployment;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.support.AwsClients;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsResponse;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.EcsException;
import software.amazon.awssdk.services.ecs.model.EphemeralStorage;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InferenceAccelerator;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.ProxyConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RuntimePlatform;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionPlacementConstraint;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;
import software.amazon.awssdk.services.ecs.model.Volume;

class EcsContainerPlatformTest {

    private static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-api:7";
    private static final String NEW_ARN = "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-api:8";
    private static final String DIGEST_IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /** What DescribeTaskDefinition may return but RegisterTaskDefinition does not take. */
    private static final Set<String> READ_ONLY = Set.of("taskDefinitionArn", "revision", "status", "requiresAttributes",
            "compatibilities", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt");

    private final EcsClient ecs = mock(EcsClient.class);
    private final EcsContainerPlatform platform = new EcsContainerPlatform(ecs);

    @Test
    void asksForTwentyFiveServicesInThreeCallsOfAtMostTen() {
        List<String> names = IntStream.rangeClosed(1, 25).mapToObj(i -> "svc-" + i).toList();
        when(ecs.describeServices(any(DescribeServicesRequest.class))).thenAnswer(call -> {
            DescribeServicesRequest request = call.getArgument(0);
            return DescribeServicesResponse.builder()
                    .services(request.services().stream().map(name -> service(name, "ACTIVE")).toList()).build();
        });

        Map<String, RunningService> running = platform.services("prod", names);

        ArgumentCaptor<DescribeServicesRequest> requests = ArgumentCaptor.forClass(DescribeServicesRequest.class);
        verify(ecs, times(3)).describeServices(requests.capture());
        assertThat(requests.getAllValues()).extracting(r -> r.services().size()).containsExactly(10, 10, 5);
        assertThat(requests.getAllValues()).extracting(DescribeServicesRequest::cluster).containsOnly("prod");
        assertThat(requests.getAllValues().stream().flatMap(r -> r.services().stream())).containsExactlyElementsOf(names);
        assertThat(running).hasSize(25).containsKeys("svc-1", "svc-25");
    }

    @Test
    void missingAndInactiveServicesAreAbsent() {
        when(ecs.describeServices(any(DescribeServicesRequest.class))).thenReturn(DescribeServicesResponse.builder()
                .services(service("api-prod", "ACTIVE"), service("old-prod", "INACTIVE"), service("going-prod", "DRAINING"))
                .failures(Failure.builder().arn("arn:aws:ecs:eu-west-1:123456789012:service/prod/gone-prod")
                        .reason("MISSING").build())
                .build());

        Map<String, RunningService> running =
                platform.services("prod", List.of("api-prod", "old-prod", "going-prod", "gone-prod"));

        assertThat(running.keySet()).containsExactly("api-prod", "going-prod");
        assertThat(running.get("api-prod")).isEqualTo(new RunningService("prod", "api-prod",
                "arn:aws:ecs:eu-west-1:123456789012:service/prod/api-prod", ARN, "ecs-svc/api-prod-primary", null, null));
    }

    @Test
    void noServiceNamesCostNoCallAndRepeatedNamesAreAskedOnce() {
        assertThat(platform.services("prod", List.of())).isEmpty();
        verify(ecs, never()).describeServices(any(DescribeServicesRequest.class));

        when(ecs.describeServices(any(DescribeServicesRequest.class)))
                .thenReturn(DescribeServicesResponse.builder().services(service("api-prod", "ACTIVE")).build());
        platform.services("prod", List.of("api-prod", "api-prod"));

        ArgumentCaptor<DescribeServicesRequest> request = ArgumentCaptor.forClass(DescribeServicesRequest.class);
        verify(ecs).describeServices(request.capture());
        assertThat(request.getValue().services()).containsExactly("api-prod");
    }

    @Test
    void readsATaskDefinitionsImagesByContainerWithItsTags() {
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());

        TaskDefinition definition = platform.taskDefinition(ARN);

        assertThat(definition).isEqualTo(new TaskDefinition(ARN, "catalogue-api",
                Map.of("app", "catalogue/api:ref.3f9c2ab", "sidecar", "platform/nginx:1.27"), List.of(), FINGERPRINT));
        assertThat(definition.imagesByContainer().keySet()).containsExactly("app", "sidecar");
        ArgumentCaptor<DescribeTaskDefinitionRequest> request = ArgumentCaptor.forClass(DescribeTaskDefinitionRequest.class);
        verify(ecs).describeTaskDefinition(request.capture());
        assertThat(request.getValue().taskDefinition()).isEqualTo(ARN);
        assertThat(request.getValue().include()).containsExactly(TaskDefinitionField.TAGS);
    }

    /** What {@link #described()} configures: MODE's value only as its hash. */
    private static final ConfigFingerprint FINGERPRINT = new ConfigFingerprint("512", "1024", List.of(
            ConfigFingerprint.ContainerConfig.of("app", null, 512, Map.of("MODE", "prod"), Map.of(), List.of(), null, null),
            ConfigFingerprint.ContainerConfig.of("sidecar", null, 128, Map.of(), Map.of(), List.of(), null, null)));

    @Test
    void aTaskDefinitionsConfigurationIsFingerprintedWithoutItsValues() {
        var definition = described().taskDefinition().toBuilder().containerDefinitions(ContainerDefinition.builder().name("app")
                .image("catalogue/api:1").cpu(256).memory(512)
                .environment(KeyValuePair.builder().name("LOG_LEVEL").value("debug").build())
                .secrets(Secret.builder().name("DB_PASSWORD").valueFrom("arn:aws:secretsmanager:eu-west-1:1:secret:db").build())
                .portMappings(PortMapping.builder().containerPort(8080).protocol("tcp").build(),
                        PortMapping.builder().containerPort(9090).hostPort(80).protocol("udp").build())
                .command("serve", "--fast")
                .healthCheck(HealthCheck.builder().command("CMD-SHELL", "curl -f localhost").interval(30).build()).build()).build();
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class)))
                .thenReturn(DescribeTaskDefinitionResponse.builder().taskDefinition(definition).build());

        ConfigFingerprint.ContainerConfig app = platform.taskDefinition(ARN).config().container("app");

        assertThat(app.cpu()).isEqualTo(256);
        assertThat(app.environment()).containsExactly(Map.entry("LOG_LEVEL", ConfigFingerprint.hash("debug")));
        assertThat(app.secrets()).containsExactly(Map.entry("DB_PASSWORD", "arn:aws:secretsmanager:eu-west-1:1:secret:db"));
        assertThat(app.ports()).containsExactly("8080/tcp", "80:9090/udp");
        assertThat(app.command()).hasSize(ConfigFingerprint.HASH_DIGITS);
        assertThat(app.healthCheck()).hasSize(ConfigFingerprint.HASH_DIGITS);
    }

    @Test
    void theLatestRevisionOfAFamilyIsAskedByItsNameEveryTime() {
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());

        assertThat(platform.latestRevision("catalogue-api").arn()).isEqualTo(ARN);
        assertThat(platform.latestRevision("catalogue-api").arn()).isEqualTo(ARN);
        platform.taskDefinition(ARN);

        ArgumentCaptor<DescribeTaskDefinitionRequest> request = ArgumentCaptor.forClass(DescribeTaskDefinitionRequest.class);
        verify(ecs, times(2)).describeTaskDefinition(request.capture());
        assertThat(request.getAllValues()).extracting(DescribeTaskDefinitionRequest::taskDefinition)
                .containsExactly("catalogue-api", "catalogue-api");
    }

    @Test
    void registersACopyWithOnlyTheReleaseImagesReplaced() {
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());
        when(ecs.registerTaskDefinition(any(RegisterTaskDefinitionRequest.class))).thenReturn(registered());

        TaskDefinition revision = platform.registerRevision(platform.taskDefinition(ARN), Map.of("app", DIGEST_IMAGE));

        RegisterTaskDefinitionRequest request = registerRequest();
        var original = described().taskDefinition();
        for (SdkField<?> field : request.sdkFields()) {
            String name = field.memberName();
            if (name.equals("containerDefinitions") || name.equals("tags")) {
                continue;
            }
            Object copied = request.getValueForField(name, Object.class).orElse(null);
            assertThat(copied).as("%s is not copied, or the fixture does not set it (a field new in the SDK?)", name).isNotNull();
            assertThat(copied).as(name).isEqualTo(original.getValueForField(name, Object.class).orElse(null));
        }
        ContainerDefinition app = original.containerDefinitions().get(0);
        assertThat(request.containerDefinitions())
                .containsExactly(app.toBuilder().image(DIGEST_IMAGE).build(), original.containerDefinitions().get(1));
        assertThat(request.tags()).containsExactly(Tag.builder().key("team").value("catalogue").build());
        assertThat(revision).isEqualTo(new TaskDefinition(NEW_ARN, "catalogue-api",
                Map.of("app", DIGEST_IMAGE, "sidecar", "platform/nginx:1.27"), List.of(), FINGERPRINT));
    }

    @Test
    void copiesEverythingButTheReadOnlyFields() {
        Set<String> described = described().taskDefinition().sdkFields().stream().map(SdkField::memberName)
                .collect(Collectors.toSet());
        Set<String> registered = RegisterTaskDefinitionRequest.builder().build().sdkFields().stream()
                .map(SdkField::memberName).filter(name -> !name.equals("tags")).collect(Collectors.toSet());

        assertThat(described).containsAll(registered);
        assertThat(described).containsExactlyInAnyOrderElementsOf(union(registered, READ_ONLY));
    }

    @Test
    void rollingAServiceDescribesItsTaskDefinitionOnce() {
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());
        when(ecs.registerTaskDefinition(any(RegisterTaskDefinitionRequest.class))).thenReturn(registered());

        TaskDefinition current = platform.taskDefinition(ARN);
        TaskDefinition revision = platform.registerRevision(current, Map.of("app", DIGEST_IMAGE));
        TaskDefinition again = platform.taskDefinition(revision.arn());

        verify(ecs, times(1)).describeTaskDefinition(any(DescribeTaskDefinitionRequest.class));
        assertThat(again).isEqualTo(revision);
    }

    @Test
    void registeringWithoutAReadFirstDescribesTheTaskDefinition() {
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());
        when(ecs.registerTaskDefinition(any(RegisterTaskDefinitionRequest.class))).thenReturn(registered());

        platform.registerRevision(new TaskDefinition(ARN, "catalogue-api", Map.of()), Map.of("app", DIGEST_IMAGE));

        verify(ecs, times(1)).describeTaskDefinition(any(DescribeTaskDefinitionRequest.class));
        assertThat(registerRequest().containerDefinitions().get(0).image()).isEqualTo(DIGEST_IMAGE);
    }

    @Test
    void theCacheOfDescriptionsIsBounded() {
        EcsContainerPlatform small = new EcsContainerPlatform(ecs, 1);
        String other = "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-search:2";
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenAnswer(call -> {
            DescribeTaskDefinitionRequest request = call.getArgument(0);
            DescribeTaskDefinitionResponse response = described();
            return response.toBuilder().taskDefinition(response.taskDefinition().toBuilder()
                    .taskDefinitionArn(request.taskDefinition()).build()).build();
        });

        small.taskDefinition(ARN);
        small.taskDefinition(other);
        small.taskDefinition(ARN);

        verify(ecs, times(3)).describeTaskDefinition(any(DescribeTaskDefinitionRequest.class));
    }

    @Test
    void anImageForAContainerTheTaskDefinitionLacksIsRefusedByName() {
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());

        assertThatThrownBy(() -> platform.registerRevision(platform.taskDefinition(ARN),
                Map.of("app", DIGEST_IMAGE, "nginx", "platform/nginx@sha256:abc")))
                .isInstanceOf(ContainerPlatformException.class)
                .hasMessage("RegisterTaskDefinition catalogue-api: task definition " + ARN
                        + " has no container named nginx; its containers: app, sidecar");
        verify(ecs, never()).registerTaskDefinition(any(RegisterTaskDefinitionRequest.class));
    }

    @Test
    void updatingAServiceForcesANewDeploymentAndReturnsThePrimaryOne() {
        when(ecs.updateService(any(UpdateServiceRequest.class))).thenReturn(UpdateServiceResponse.builder()
                .service(Service.builder().serviceName("api-prod").deployments(
                        Deployment.builder().id("ecs-svc/1111").status("PRIMARY").taskDefinition(NEW_ARN).build(),
                        Deployment.builder().id("ecs-svc/0000").status("ACTIVE").taskDefinition(ARN).build()).build())
                .build());

        String deploymentId = platform.updateService("prod", "api-prod", NEW_ARN).ecsDeploymentId();

        assertThat(deploymentId).isEqualTo("ecs-svc/1111");
        ArgumentCaptor<UpdateServiceRequest> request = ArgumentCaptor.forClass(UpdateServiceRequest.class);
        verify(ecs).updateService(request.capture());
        assertThat(request.getValue()).isEqualTo(UpdateServiceRequest.builder()
                .cluster("prod").service("api-prod").taskDefinition(NEW_ARN).forceNewDeployment(true).build());
    }

    @Test
    void updatingAServiceReturnsItsServiceDeploymentAndHowEcsWillRollItOut() {
        String serviceDeployment = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api-prod/AbC";
        when(ecs.updateService(any(UpdateServiceRequest.class))).thenReturn(UpdateServiceResponse.builder()
                .service(Service.builder().serviceName("api-prod").currentServiceDeployment(serviceDeployment)
                        .deployments(Deployment.builder().id("ecs-svc/1111").status("PRIMARY").taskDefinition(NEW_ARN).build())
                        .deploymentConfiguration(DeploymentConfiguration.builder().strategy("LINEAR").bakeTimeInMinutes(10)
                                .linearConfiguration(b -> b.stepPercent(20.0).stepBakeTimeInMinutes(3))
                                .lifecycleHooks(DeploymentLifecycleHook.builder().targetType("PAUSE")
                                                .lifecycleStagesWithStrings("POST_TEST_TRAFFIC_SHIFT").build(),
                                        DeploymentLifecycleHook.builder().targetType("PAUSE")
                                                .timeoutConfiguration(b -> b.timeoutInMinutes(30).action("CONTINUE")).build(),
                                        DeploymentLifecycleHook.builder().targetType("AWS_LAMBDA").hookTargetArn("arn:fn").build())
                                .build()).build())
                .build());

        StartedDeployment started = platform.updateService("prod", "api-prod", NEW_ARN);

        assertThat(started).isEqualTo(new StartedDeployment("ecs-svc/1111", serviceDeployment,
                new RolloutPlan("LINEAR", 10, 20.0, 3, null, 0, List.of(1440, 30))));
    }

    @Test
    void serviceDeploymentsAreAskedTwentyAtATime() {
        when(ecs.describeServiceDeployments(any(DescribeServiceDeploymentsRequest.class))).thenAnswer(call -> {
            DescribeServiceDeploymentsRequest request = call.getArgument(0);
            return DescribeServiceDeploymentsResponse.builder().serviceDeployments(request.serviceDeploymentArns().stream()
                    .filter(arn -> !arn.endsWith("/7"))
                    .map(arn -> software.amazon.awssdk.services.ecs.model.ServiceDeployment.builder().serviceDeploymentArn(arn)
                            .status("IN_PROGRESS").lifecycleStage("BAKE_TIME")
                            .lifecycleHookDetails(b -> b.hookId("h").targetType("PAUSE").status("AWAITING_ACTION"))
                            .alarms(b -> b.status("TRIGGERED").triggeredAlarmNames("5xx")).build()).toList())
                    .failures(Failure.builder().arn("arn:sd/7").reason("MISSING").build()).build();
        });
        List<String> arns = IntStream.range(0, 25).mapToObj(i -> "arn:sd/" + i).toList();

        var states = platform.serviceDeployments(arns);

        verify(ecs, times(2)).describeServiceDeployments(any(DescribeServiceDeploymentsRequest.class));
        assertThat(states).hasSize(24).allSatisfy(state -> {
            assertThat(state.report().lifecycleStage()).isEqualTo("BAKE_TIME");
            assertThat(state.report().triggeredAlarms()).containsExactly("5xx");
            assertThat(state.hooks()).singleElement().extracting(h -> h.status()).isEqualTo("AWAITING_ACTION");
        });
    }

    @Test
    void aRollingServiceWithEarlySuccessCriteriaCompletesAtItsHealthyShare() {
        when(ecs.updateService(any(UpdateServiceRequest.class))).thenReturn(UpdateServiceResponse.builder()
                .service(Service.builder().serviceName("api-prod")
                        .deployments(Deployment.builder().id("ecs-svc/2222").status("PRIMARY").taskDefinition(NEW_ARN).build())
                        .deploymentConfiguration(DeploymentConfiguration.builder().strategy("ROLLING")
                                .earlySuccessCriteria(b -> b.enable(true).healthyPercent(50).sourceServiceRevisionCleanup("AFTER_COMPLETION"))
                                .build()).build())
                .build());

        RolloutPlan plan = platform.updateService("prod", "api-prod", NEW_ARN).plan();

        assertThat(plan.earlySuccessPercent()).isEqualTo(50);
        assertThat(plan.describe()).isEqualTo("ROLLING, complete at 50% healthy");
    }

    @Test
    void anEndedHookDoesNotTakeTheStageTheDeploymentMovedOnTo() {
        when(ecs.describeServiceDeployments(any(DescribeServiceDeploymentsRequest.class))).thenReturn(
                DescribeServiceDeploymentsResponse.builder().serviceDeployments(
                        software.amazon.awssdk.services.ecs.model.ServiceDeployment.builder().serviceDeploymentArn("arn:sd/1")
                                .status("SUCCESSFUL").lifecycleStage("CLEAN_UP")
                                .lifecycleHookDetails(b -> b.hookId("h").targetType("PAUSE").status("SUCCEEDED")).build()).build());

        var hook = platform.serviceDeployments(List.of("arn:sd/1")).get(0).hooks().get(0);

        assertThat(hook.status()).isEqualTo("SUCCEEDED");
        assertThat(hook.lifecycleStage()).as("the API names no hook's stage; CLEAN_UP is where the deployment is now").isNull();
    }

    @Test
    void aServiceWithoutAnEcsDeploymentCannotBeRolled() {
        when(ecs.updateService(any(UpdateServiceRequest.class))).thenReturn(UpdateServiceResponse.builder()
                .service(Service.builder().serviceName("api-prod").build()).build());

        assertThatThrownBy(() -> platform.updateService("prod", "api-prod", NEW_ARN))
                .isInstanceOf(ContainerPlatformException.class)
                .hasMessageStartingWith("UpdateService api-prod: ECS answered without a PRIMARY deployment");
    }

    @Test
    void awsErrorsBecomeContainerPlatformErrorsWithTheOperationAndAwsText() {
        when(ecs.updateService(any(UpdateServiceRequest.class))).thenThrow(ServiceNotFoundException.builder()
                .statusCode(400).message("Service not found. (Service: Ecs, Status Code: 400, Request ID: r-1)")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ServiceNotFoundException")
                        .errorMessage("Service not found.").build()).build());

        assertThatThrownBy(() -> platform.updateService("prod", "catalogue-api-prod", NEW_ARN))
                .isInstanceOfSatisfying(ContainerPlatformException.class, e -> {
                    assertThat(e).hasMessage("UpdateService catalogue-api-prod: ServiceNotFoundException: Service not found.");
                    assertThat(e.operation()).isEqualTo("UpdateService");
                    assertThat(e.errorCode()).isEqualTo("ServiceNotFoundException");
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e).hasCauseInstanceOf(ServiceNotFoundException.class);
                });
    }

    @Test
    void everyOperationReportsItsAwsErrors() {
        EcsException denied = awsError(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/deployer is not authorized to perform: ecs:RegisterTaskDefinition");
        when(ecs.describeServices(any(DescribeServicesRequest.class))).thenThrow(awsError(400, "ClusterNotFoundException",
                "Cluster not found."));
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class)))
                .thenThrow(awsError(400, "ClientException", "Unable to describe task definition."))
                .thenReturn(described());
        when(ecs.registerTaskDefinition(any(RegisterTaskDefinitionRequest.class))).thenThrow(denied);

        assertThatThrownBy(() -> platform.services("nowhere", List.of("api-prod")))
                .hasMessage("DescribeServices nowhere [api-prod]: ClusterNotFoundException: Cluster not found.");
        assertThatThrownBy(() -> platform.taskDefinition("catalogue-api:99"))
                .hasMessage("DescribeTaskDefinition catalogue-api:99: ClientException: Unable to describe task definition.");
        assertThatThrownBy(() -> platform.registerRevision(platform.taskDefinition(ARN), Map.of("app", DIGEST_IMAGE)))
                .isInstanceOf(ContainerPlatformException.class)
                .hasMessage("RegisterTaskDefinition catalogue-api: AccessDeniedException: " + denied.awsErrorDetails().errorMessage());
    }

    @Test
    void throttlingThatOutlastsTheRetriesIsReportedAsTransient() {
        when(ecs.registerTaskDefinition(any(RegisterTaskDefinitionRequest.class)))
                .thenThrow(awsError(400, "ThrottlingException", "Rate exceeded"));
        when(ecs.describeTaskDefinition(any(DescribeTaskDefinitionRequest.class))).thenReturn(described());

        assertThatThrownBy(() -> platform.registerRevision(platform.taskDefinition(ARN), Map.of("app", DIGEST_IMAGE)))
                .isInstanceOfSatisfying(ContainerPlatformException.class, e -> {
                    assertThat(e).hasMessage("RegisterTaskDefinition catalogue-api: ThrottlingException: Rate exceeded");
                    assertThat(e.isTransient()).isTrue();
                });
    }

    @Test
    void theEcsClientRetriesThrottlingBeforeTheAdapterSeesIt() {
        ScriptedHttp http = new ScriptedHttp();
        http.respond(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
        http.respond(200, "{\"services\":[],\"failures\":[]}");
        EcsClient client = EcsClient.builder().httpClient(http).region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://ecs.invalid"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
                .overrideConfiguration(c -> c.retryStrategy(AwsClients.patientRetries())).build();

        assertThat(new EcsContainerPlatform(client).services("prod", List.of("api-prod"))).isEmpty();
        assertThat(http.attempts).isEqualTo(2);
        assertThat(AwsClients.patientRetries().maxAttempts()).isEqualTo(8);
    }

    private RegisterTaskDefinitionRequest registerRequest() {
        ArgumentCaptor<RegisterTaskDefinitionRequest> request = ArgumentCaptor.forClass(RegisterTaskDefinitionRequest.class);
        verify(ecs).registerTaskDefinition(request.capture());
        return request.getValue();
    }

    private static Service service(String name, String status) {
        return Service.builder().serviceName(name).status(status)
                .serviceArn("arn:aws:ecs:eu-west-1:123456789012:service/prod/" + name).taskDefinition(ARN)
                .deployments(Deployment.builder().id("ecs-svc/" + name + "-primary").status("PRIMARY").build(),
                        Deployment.builder().id("ecs-svc/" + name + "-old").status("ACTIVE").build())
                .build();
    }

    /** A task definition with every field set, read-only ones included, as DescribeTaskDefinition returns it. */
    private static DescribeTaskDefinitionResponse described() {
        return DescribeTaskDefinitionResponse.builder()
                .taskDefinition(software.amazon.awssdk.services.ecs.model.TaskDefinition.builder()
                        .taskDefinitionArn(ARN)
                        .family("catalogue-api")
                        .revision(7)
                        .status("ACTIVE")
                        .containerDefinitions(
                                ContainerDefinition.builder().name("app").image("catalogue/api:ref.3f9c2ab").memory(512)
                                        .essential(true).environment(KeyValuePair.builder().name("MODE").value("prod").build())
                                        .build(),
                                ContainerDefinition.builder().name("sidecar").image("platform/nginx:1.27").memory(128).build())
                        .taskRoleArn("arn:aws:iam::123456789012:role/catalogue-api")
                        .executionRoleArn("arn:aws:iam::123456789012:role/ecs-execution")
                        .networkMode("awsvpc")
                        .volumes(Volume.builder().name("scratch").build())
                        .placementConstraints(TaskDefinitionPlacementConstraint.builder().type("memberOf")
                                .expression("attribute:ecs.availability-zone in [eu-west-1a]").build())
                        .requiresCompatibilities(Compatibility.FARGATE)
                        .compatibilities(Compatibility.EC2, Compatibility.FARGATE)
                        .requiresAttributes(software.amazon.awssdk.services.ecs.model.Attribute.builder()
                                .name("com.amazonaws.ecs.capability.task-iam-role").build())
                        .cpu("512")
                        .memory("1024")
                        .pidMode("task")
                        .ipcMode("none")
                        .proxyConfiguration(ProxyConfiguration.builder().type("APPMESH").containerName("sidecar").build())
                        .inferenceAccelerators(InferenceAccelerator.builder().deviceName("eia").deviceType("eia2.medium").build())
                        .ephemeralStorage(EphemeralStorage.builder().sizeInGiB(30).build())
                        .runtimePlatform(RuntimePlatform.builder().cpuArchitecture("ARM64").operatingSystemFamily("LINUX").build())
                        .enableFaultInjection(false)
                        .registeredAt(Instant.parse("2026-11-20T10:00:00Z"))
                        .registeredBy("arn:aws:sts::123456789012:assumed-role/deployer/session")
                        .deregisteredAt(Instant.parse("2026-11-21T10:00:00Z"))
                        .deleteRequestedAt(Instant.parse("2026-11-22T10:00:00Z"))
                        .build())
                .tags(Tag.builder().key("team").value("catalogue").build(),
                        Tag.builder().key("aws:cloudformation:stack-name").value("catalogue").build())
                .build();
    }

    private static RegisterTaskDefinitionResponse registered() {
        var original = described().taskDefinition();
        return RegisterTaskDefinitionResponse.builder().taskDefinition(original.toBuilder()
                .taskDefinitionArn(NEW_ARN).revision(8)
                .containerDefinitions(original.containerDefinitions().get(0).toBuilder().image(DIGEST_IMAGE).build(),
                        original.containerDefinitions().get(1))
                .build()).build();
    }

    private static EcsException awsError(int status, String code, String message) {
        return (EcsException) EcsException.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    /** An HTTP client that answers with prepared ECS responses, one per attempt. */
    private static final class ScriptedHttp implements SdkHttpClient {

        private final Deque<HttpExecuteResponse> responses = new ArrayDeque<>();
        private int attempts;

        void respond(int status, String json) {
            responses.add(HttpExecuteResponse.builder()
                    .response(SdkHttpResponse.builder().statusCode(status)
                            .putHeader("Content-Type", "application/x-amz-json-1.1").build())
                    .responseBody(AbortableInputStream.create(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                    .build());
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    attempts++;
                    return responses.remove();
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public void close() {}
    }
}
