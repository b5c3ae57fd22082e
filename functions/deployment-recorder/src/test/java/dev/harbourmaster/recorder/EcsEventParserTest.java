package dev.harbourmaster.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.recorder.EcsEvent.ContainerState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentStateChange;
import dev.harbourmaster.recorder.EcsEvent.ServiceAction;
import dev.harbourmaster.recorder.EcsEvent.TaskStateChange;
import dev.harbourmaster.recorder.EcsEventParser.NotOurs;
import dev.harbourmaster.recorder.EcsEventParser.Parsed;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcsEventParserTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";
    private static final String CLUSTER = "catalogue-staging";
    private static final String SERVICE = "catalogue-pipeline-id-minter-staging";
    private static final String SERVICE_ARN =
            "arn:aws:ecs:eu-west-1:123456789012:service/catalogue-staging/catalogue-pipeline-id-minter-staging";
    private static final String OUR_DEPLOYMENT = "ecs-svc/1111111111111111111";
    private static final String PREVIOUS_DEPLOYMENT = "ecs-svc/0000000000000000000";
    private static final String ROLLBACK_DEPLOYMENT = "ecs-svc/2222222222222222222";
    private static final String REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id-minter";
    private static final String DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String OTHER_DIGEST = "sha256:7c2d9e4f1a6b3c8d0e5f2a7b4c9d1e6f3a8b5c0d2e7f4a9b6c1d8e3f0a5b2c79";
    private static final String TASK_DEFINITION =
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-pipeline-id-minter-staging:42";
    private static final String TASK_PREFIX = "arn:aws:ecs:eu-west-1:123456789012:task/catalogue-staging/";

    private final EcsEventParser parser = new EcsEventParser();

    @ParameterizedTest
    @ValueSource(strings = {"ecs-deployment-in-progress.json", "ecs-deployment-completed.json", "ecs-deployment-failed.json",
            "ecs-deployment-rollback-in-progress.json", "ecs-deployment-rollback-completed.json",
            "ecs-deployment-unknown-deployment.json", "ecs-deployment-missing-fields.json", "ecs-task-running.json",
            "ecs-task-running-other-digest.json", "ecs-task-running-malformed-digest.json", "ecs-task-stopped.json",
            "ecs-task-pending.json", "ecs-service-action-task-start-impaired.json", "ecs-service-action-placement-failure.json",
            "ecs-service-action-steady-state.json", "ecs-unknown-event.json", "ecs-deployment-dated-1970.json",
            "ecs-deployment-failed-other-service.json", "ecs-hook-awaiting-action.json"})
    void fixturesAreEventBridgeEventsAsAwsSendsThem(String fixture) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(Emulator.repositoryRoot().resolve("events").resolve(fixture).toString());

        assertThat(event.getSource()).isEqualTo("aws.ecs");
        assertThat(event.getDetailType()).startsWith("ECS ");
        assertThat(event.getAccount()).isEqualTo("123456789012");
        assertThat(event.getRegion()).isEqualTo("eu-west-1");
        assertThat(event.getId()).isNotBlank();
        assertThat(event.getResources()).hasSize(1);
        assertThat(event.getDetail()).isNotEmpty();
    }

    // --- ECS Hook State Change ---

    @Test
    void aPauseHookAwaitingActionIsReadWithItsServiceDeploymentAndExpiry() {
        EcsEvent.HookStateChange hook = (EcsEvent.HookStateChange) ((EcsEventParser.Parsed) parser.parse(
                Fixtures.event("ecs-hook-awaiting-action.json"))).event();

        assertThat(hook.cluster()).isEqualTo("catalogue-staging");
        assertThat(hook.serviceName()).isEqualTo("catalogue-pipeline-id-minter-staging");
        assertThat(hook.serviceDeploymentArn()).endsWith("service-deployment/catalogue-staging/catalogue-pipeline-id-minter-staging/IdMinterDeployment01");
        assertThat(hook.hookId()).isEqualTo("ecs-pause-idminter-post-test-traffic-shift");
        assertThat(hook.hookType()).isEqualTo("PAUSE");
        assertThat(hook.status()).isEqualTo("AWAITING_ACTION");
        assertThat(hook.lifecycleStage()).isEqualTo("POST_TEST_TRAFFIC_SHIFT");
        assertThat(hook.expiresAt()).isEqualTo(java.time.Instant.parse("2026-11-21T10:24:41Z"));
        assertThat(hook.updatedAt()).isEqualTo(java.time.Instant.parse("2026-11-20T10:24:41.618059641Z"));
    }

    @Test
    void aHookEventOfAnotherAccountsServiceDeploymentIsMalformed() {
        String forged = Fixtures.event("ecs-hook-awaiting-action.json").replace(
                "123456789012:service-deployment", "999999999999:service-deployment");

        assertThat(parser.parse(forged)).isInstanceOfSatisfying(EcsEventParser.NotOurs.class, notOurs ->
                assertThat(notOurs.reason()).startsWith("malformed ECS Hook State Change: detail.serviceDeploymentArn"));
    }

    // --- ECS Deployment State Change ---

    @Test
    void ourDeploymentInProgressIsRead() {
        DeploymentStateChange change = deployment("ecs-deployment-in-progress.json");

        assertThat(change).isEqualTo(new DeploymentStateChange("0b6a1c52-3d0e-4f7a-9c21-6e8d4f2a1b01",
                Instant.parse("2026-11-20T10:20:05Z"), ACCOUNT, REGION, CLUSTER, SERVICE, SERVICE_ARN, DeploymentState.IN_PROGRESS,
                OUR_DEPLOYMENT, Instant.parse("2026-11-20T10:20:04Z"),
                "ECS deployment ecs-svc/1111111111111111111 in progress."));
        assertThat(change.rollingBackTo()).isEmpty();
    }

    @Test
    void ourDeploymentCompletedIsRead() {
        DeploymentStateChange change = deployment("ecs-deployment-completed.json");

        assertThat(change).isEqualTo(new DeploymentStateChange("0b6a1c52-3d0e-4f7a-9c21-6e8d4f2a1b02",
                Instant.parse("2026-11-20T10:24:12Z"), ACCOUNT, REGION, CLUSTER, SERVICE, SERVICE_ARN, DeploymentState.COMPLETED,
                OUR_DEPLOYMENT, Instant.parse("2026-11-20T10:24:11Z"),
                "ECS deployment ecs-svc/1111111111111111111 completed."));
        assertThat(change.rollingBackTo()).isEmpty();
    }

    @Test
    void circuitBreakerFailureIsReadWithItsReason() {
        DeploymentStateChange change = deployment("ecs-deployment-failed.json");

        assertThat(change).isEqualTo(new DeploymentStateChange("0b6a1c52-3d0e-4f7a-9c21-6e8d4f2a1b03",
                Instant.parse("2026-11-20T10:22:10Z"), ACCOUNT, REGION, CLUSTER, SERVICE, SERVICE_ARN, DeploymentState.FAILED,
                OUR_DEPLOYMENT, Instant.parse("2026-11-20T10:22:09Z"),
                "ECS deployment circuit breaker: task failed to start."));
        assertThat(change.rollingBackTo()).isEmpty();
    }

    @Test
    void rollbackInProgressNamesTheDeploymentItRollsBackTo() {
        DeploymentStateChange change = deployment("ecs-deployment-rollback-in-progress.json");

        assertThat(change).isEqualTo(new DeploymentStateChange("0b6a1c52-3d0e-4f7a-9c21-6e8d4f2a1b04",
                Instant.parse("2026-11-20T10:22:11Z"), ACCOUNT, REGION, CLUSTER, SERVICE, SERVICE_ARN, DeploymentState.IN_PROGRESS,
                ROLLBACK_DEPLOYMENT, Instant.parse("2026-11-20T10:22:10Z"),
                "ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/0000000000000000000."));
        assertThat(change.rollingBackTo()).contains(PREVIOUS_DEPLOYMENT);
    }

    @Test
    void rollbackCompletedIsTheRollbackDeploymentCompleting() {
        DeploymentStateChange change = deployment("ecs-deployment-rollback-completed.json");

        assertThat(change).isEqualTo(new DeploymentStateChange("0b6a1c52-3d0e-4f7a-9c21-6e8d4f2a1b05",
                Instant.parse("2026-11-20T10:25:40Z"), ACCOUNT, REGION, CLUSTER, SERVICE, SERVICE_ARN, DeploymentState.COMPLETED,
                ROLLBACK_DEPLOYMENT, Instant.parse("2026-11-20T10:25:39Z"),
                "ECS deployment ecs-svc/2222222222222222222 completed."));
        assertThat(change.rollingBackTo()).isEmpty();
    }

    @Test
    void aDeploymentNobodyRecordedIsStillReadForTheRecorderToJudge() {
        DeploymentStateChange change = deployment("ecs-deployment-unknown-deployment.json");

        assertThat(change).isEqualTo(new DeploymentStateChange("0b6a1c52-3d0e-4f7a-9c21-6e8d4f2a1b06",
                Instant.parse("2026-11-20T11:02:33Z"), ACCOUNT, REGION, CLUSTER, SERVICE, SERVICE_ARN, DeploymentState.IN_PROGRESS,
                "ecs-svc/9876543210987654321", Instant.parse("2026-11-20T11:02:32Z"),
                "ECS deployment ecs-svc/9876543210987654321 in progress."));
        assertThat(change.rollingBackTo()).isEmpty();
    }

    @Test
    void aDeploymentEventWithoutDeploymentIdIsNotOurs() {
        assertThat(parser.parse(Fixtures.event("ecs-deployment-missing-fields.json")))
                .isEqualTo(new NotOurs("malformed ECS Deployment State Change: missing detail.deploymentId"));
    }

    @Test
    void everyMissingRequiredFieldIsNamed() {
        String bare = edit("ecs-deployment-in-progress.json", e -> {
            e.remove("id");
            e.remove("time");
            e.putArray("resources");
            ((ObjectNode) e.get("detail")).remove(List.of("deploymentId", "eventName"));
        });

        assertThat(parser.parse(bare)).isEqualTo(new NotOurs("malformed ECS Deployment State Change: missing id, time, "
                + "detail.deploymentId, detail.eventName, resources[0]"));
    }

    @Test
    void aDeploymentEventNameThatIsNotAStateIsNotOurs() {
        String other = edit("ecs-deployment-in-progress.json",
                e -> ((ObjectNode) e.get("detail")).put("eventName", "SERVICE_DEPLOYMENT_STOPPED"));

        assertThat(parser.parse(other)).isEqualTo(new NotOurs("eventName SERVICE_DEPLOYMENT_STOPPED is not a deployment "
                + "state (SERVICE_DEPLOYMENT_IN_PROGRESS, _COMPLETED or _FAILED)"));
    }

    @Test
    void aDeploymentWithoutUpdatedAtOrReasonIsReadWithNulls() {
        String sparse = edit("ecs-deployment-completed.json",
                e -> ((ObjectNode) e.get("detail")).remove(List.of("updatedAt", "reason")));

        DeploymentStateChange change = (DeploymentStateChange) ((Parsed) parser.parse(sparse)).event();

        assertThat(change.updatedAt()).isNull();
        assertThat(change.reason()).isNull();
        assertThat(change.rollingBackTo()).isEmpty();
    }

    // --- ARNs ---

    @Test
    void anOldFormatServiceArnTakesTheClusterFromTheDetail() {
        String oldArn = edit("ecs-service-action-steady-state.json",
                e -> e.putArray("resources").add("arn:aws:ecs:eu-west-1:123456789012:service/" + SERVICE));

        ServiceAction action = (ServiceAction) ((Parsed) parser.parse(oldArn)).event();

        assertThat(action.cluster()).isEqualTo(CLUSTER);
        assertThat(action.serviceName()).isEqualTo(SERVICE);
        assertThat(action.serviceArn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:service/" + SERVICE);
    }

    @Test
    void anOldFormatServiceArnWithoutAClusterArnLeavesTheClusterUnknown() {
        String oldArn = edit("ecs-deployment-completed.json",
                e -> e.putArray("resources").add("arn:aws:ecs:eu-west-1:123456789012:service/" + SERVICE));

        DeploymentStateChange change = deployment(parser.parse(oldArn));

        assertThat(change.cluster()).isNull();
        assertThat(change.serviceName()).isEqualTo(SERVICE);
        assertThat(change.deploymentId()).isEqualTo(OUR_DEPLOYMENT);
    }

    @Test
    void aNewFormatServiceArnWinsOverTheDetailsClusterArn() {
        String both = edit("ecs-service-action-steady-state.json", e -> ((ObjectNode) e.get("detail"))
                .put("clusterArn", "arn:aws:ecs:eu-west-1:123456789012:cluster/somewhere-else"));

        assertThat(((Parsed) parser.parse(both)).event().cluster()).isEqualTo(CLUSTER);
    }

    @Test
    void arnsOfOtherPartitionsAreRead() {
        String china = edit("ecs-deployment-completed.json", e -> e.put("region", "cn-north-1").putArray("resources")
                .add("arn:aws-cn:ecs:cn-north-1:123456789012:service/catalogue-staging/" + SERVICE));

        DeploymentStateChange change = deployment(parser.parse(china));

        assertThat(change.cluster()).isEqualTo(CLUSTER);
        assertThat(change.serviceName()).isEqualTo(SERVICE);
        assertThat(change.region()).isEqualTo("cn-north-1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ecs-deployment-completed.json | resources[0] 'arn:aws:ecs:eu-west-1:999999999999:service/catalogue-staging/catalogue-pipeline-id-minter-staging' is of account 999999999999 region eu-west-1, not of the event's account 123456789012 region eu-west-1",
            "ecs-task-running.json         | detail.clusterArn 'arn:aws:ecs:eu-west-1:999999999999:cluster/catalogue-staging' is of account 999999999999 region eu-west-1, not of the event's account 123456789012 region eu-west-1",
            "ecs-service-action-steady-state.json | resources[0] 'arn:aws:ecs:eu-west-1:999999999999:service/catalogue-staging/catalogue-pipeline-id-minter-staging' is of account 999999999999 region eu-west-1, not of the event's account 123456789012 region eu-west-1",
    })
    void anEventNamingAnotherAccountsResourceThanItsOwnIsNotOurs(String fixture, String reason) {
        String json = Fixtures.event(fixture).replace("arn:aws:ecs:eu-west-1:123456789012:", "arn:aws:ecs:eu-west-1:999999999999:");

        assertThat(parser.parse(json)).isInstanceOf(EcsEventParser.NotOurs.class)
                .extracting(r -> ((EcsEventParser.NotOurs) r).reason()).asString().endsWith(reason);
    }

    @Test
    void anEventWithoutAccountOrRegionIsNotOurs() {
        String json = edit("ecs-deployment-completed.json", e -> e.remove(List.of("account", "region")));

        assertThat(parser.parse(json)).isEqualTo(new EcsEventParser.NotOurs(
                "malformed ECS Deployment State Change: missing account, region"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "arn:aws:ecs:eu-west-1:123456789012:cluster/catalogue-staging | malformed ECS Deployment State Change: resources[0] 'arn:aws:ecs:eu-west-1:123456789012:cluster/catalogue-staging' is not an ECS service ARN",
            "catalogue-pipeline-id-minter-staging                          | malformed ECS Deployment State Change: resources[0] 'catalogue-pipeline-id-minter-staging' is not an ECS service ARN",
            "arn:aws:ecs:eu-west-1:123456789012:service/a/b/c              | malformed ECS Deployment State Change: resources[0] 'arn:aws:ecs:eu-west-1:123456789012:service/a/b/c' is not an ECS service ARN",
    })
    void aResourceThatIsNotAServiceArnIsNotOurs(String resource, String reason) {
        String odd = edit("ecs-deployment-completed.json", e -> e.putArray("resources").add(resource));

        assertThat(parser.parse(odd)).isEqualTo(new NotOurs(reason));
    }

    @Test
    void aServiceActionWithOnlyAClusterArnHasNoServiceName() {
        String clusterOnly = edit("ecs-service-action-placement-failure.json", e -> e.putArray("resources"));

        ServiceAction action = (ServiceAction) ((Parsed) parser.parse(clusterOnly)).event();

        assertThat(action.cluster()).isEqualTo(CLUSTER);
        assertThat(action.serviceName()).isNull();
        assertThat(action.serviceArn()).isNull();
        assertThat(action.eventName()).isEqualTo("SERVICE_TASK_PLACEMENT_FAILURE");
    }

    @Test
    void aServiceActionWithNeitherServiceNorClusterIsNotOurs() {
        String neither = edit("ecs-service-action-steady-state.json", e -> {
            e.remove("resources");
            ((ObjectNode) e.get("detail")).remove("clusterArn");
        });

        assertThat(parser.parse(neither)).isEqualTo(
                new NotOurs("malformed ECS Service Action: missing resources[0] or detail.clusterArn"));
    }

    // --- ECS Task State Change ---

    @Test
    void aRunningTaskOfOurDeploymentCarriesTheDigestItRuns() {
        TaskStateChange task = task("ecs-task-running.json");

        assertThat(task).isEqualTo(new TaskStateChange("7d3e5f10-8a2b-4c6d-9e0f-1a2b3c4d5e02",
                Instant.parse("2026-11-20T10:20:41Z"), ACCOUNT, REGION, CLUSTER, SERVICE, TASK_PREFIX + "5e0f3c2a9b7d4e1f8a6c0b3d2e9f7a15",
                OUR_DEPLOYMENT, 3, "RUNNING", "RUNNING", TASK_DEFINITION,
                List.of(new ContainerState("id-minter", REPOSITORY + "@" + DIGEST, DIGEST, "RUNNING", null, null)),
                null, null, Instant.parse("2026-11-20T10:20:40.655Z"), null));
    }

    @Test
    void aRunningTaskWithAnotherDigestIsReadAsItIsForTheRecorderToCompare() {
        TaskStateChange task = task("ecs-task-running-other-digest.json");

        assertThat(task).isEqualTo(new TaskStateChange("7d3e5f10-8a2b-4c6d-9e0f-1a2b3c4d5e03",
                Instant.parse("2026-11-20T10:20:44Z"), ACCOUNT, REGION, CLUSTER, SERVICE, TASK_PREFIX + "a81c47d03e6f4b29b5d1c8e07f3a6d24",
                OUR_DEPLOYMENT, 3, "RUNNING", "RUNNING", TASK_DEFINITION,
                List.of(new ContainerState("id-minter", REPOSITORY + "@" + OTHER_DIGEST, OTHER_DIGEST, "RUNNING", null,
                        null)),
                null, null, Instant.parse("2026-11-20T10:20:43.870Z"), null));
    }

    @Test
    void aStoppedTaskSaysWhyAndHowItsContainerExited() {
        TaskStateChange task = task("ecs-task-stopped.json");

        assertThat(task).isEqualTo(new TaskStateChange("7d3e5f10-8a2b-4c6d-9e0f-1a2b3c4d5e04",
                Instant.parse("2026-11-20T10:21:37Z"), ACCOUNT, REGION, CLUSTER, SERVICE, TASK_PREFIX + "c3d96e1b2f0a4c87a6e5b4d3f2a1c098",
                OUR_DEPLOYMENT, 5, "STOPPED", "STOPPED", TASK_DEFINITION,
                List.of(new ContainerState("id-minter", REPOSITORY + "@" + DIGEST, DIGEST, "STOPPED", 1L,
                        "Container exited with code 1: id-minter could not reach its database")),
                "Essential container in task exited", "EssentialContainerExited",
                Instant.parse("2026-11-20T10:21:21.046Z"), Instant.parse("2026-11-20T10:21:36.992Z")));
    }

    @Test
    void aPendingTaskHasNoDigestYet() {
        TaskStateChange task = task("ecs-task-pending.json");

        assertThat(task).isEqualTo(new TaskStateChange("7d3e5f10-8a2b-4c6d-9e0f-1a2b3c4d5e01",
                Instant.parse("2026-11-20T10:20:07Z"), ACCOUNT, REGION, CLUSTER, SERVICE, TASK_PREFIX + "5e0f3c2a9b7d4e1f8a6c0b3d2e9f7a15",
                OUR_DEPLOYMENT, 1, "PENDING", "RUNNING", TASK_DEFINITION,
                List.of(new ContainerState("id-minter", REPOSITORY + "@" + DIGEST, null, "PENDING", null, null)),
                null, null, null, null));
    }

    @Test
    void aTaskWithoutVersionOrContainersReadsAsVersionZeroAndNoContainers() {
        String sparse = edit("ecs-task-running.json",
                e -> ((ObjectNode) e.get("detail")).remove(List.of("version", "containers", "startedBy")));

        TaskStateChange task = task(parser.parse(sparse));

        assertThat(task.version()).isZero();
        assertThat(task.containers()).isEmpty();
        assertThat(task.startedBy()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "family:id-minter-migrations | task not started by a service (group 'family:id-minter-migrations'): arn:aws:ecs:eu-west-1:123456789012:task/catalogue-staging/5e0f3c2a9b7d4e1f8a6c0b3d2e9f7a15",
            "service:                    | task not started by a service (group 'service:'): arn:aws:ecs:eu-west-1:123456789012:task/catalogue-staging/5e0f3c2a9b7d4e1f8a6c0b3d2e9f7a15",
    })
    void aTaskNotStartedByAServiceIsNotOurs(String group, String reason) {
        String standalone = edit("ecs-task-running.json", e -> ((ObjectNode) e.get("detail")).put("group", group));

        assertThat(parser.parse(standalone)).isEqualTo(new NotOurs(reason));
    }

    @Test
    void aTaskWithoutGroupIsNotOurs() {
        String noGroup = edit("ecs-task-running.json", e -> ((ObjectNode) e.get("detail")).remove("group"));

        assertThat(parser.parse(noGroup)).isEqualTo(new NotOurs("task not started by a service (group missing): "
                + TASK_PREFIX + "5e0f3c2a9b7d4e1f8a6c0b3d2e9f7a15"));
    }

    @Test
    void aTaskWithoutTaskOrClusterArnIsNotOurs() {
        String bare = edit("ecs-task-running.json",
                e -> ((ObjectNode) e.get("detail")).remove(List.of("taskArn", "clusterArn")));

        assertThat(parser.parse(bare)).isEqualTo(
                new NotOurs("malformed ECS Task State Change: missing detail.taskArn, detail.clusterArn"));
    }

    @Test
    void aTaskWhoseClusterArnIsNotOneIsNotOurs() {
        String bad = edit("ecs-task-running.json",
                e -> ((ObjectNode) e.get("detail")).put("clusterArn", "catalogue-staging"));

        assertThat(parser.parse(bad)).isEqualTo(new NotOurs(
                "malformed ECS Task State Change: detail.clusterArn 'catalogue-staging' is not an ECS cluster ARN"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"4\" | malformed ECS Task State Change: detail.version '4' is not a whole number",
            "4.5   | malformed ECS Task State Change: detail.version '4.5' is not a whole number",
    })
    void aVersionThatIsNotAWholeNumberIsNotOurs(String version, String reason) throws JsonProcessingException {
        JsonNode value = Json.MAPPER.readTree(version);
        String bad = edit("ecs-task-running.json", e -> ((ObjectNode) e.get("detail")).set("version", value));

        assertThat(parser.parse(bad)).isEqualTo(new NotOurs(reason));
    }

    @Test
    void anExitCodeBeyondAnIntIsKeptWhole() {
        // 0xC0000005, a Windows status code: read as an int, it made the whole stopped task "not ours".
        TaskStateChange task = task("ecs-task-stopped-exit-code-over-int32.json");

        assertThat(task.containers()).singleElement().satisfies(c -> {
            assertThat(c.exitCode()).isEqualTo(3_221_225_477L);
            assertThat(c.reason()).startsWith("Container exited with code 3221225477");
        });
    }

    @Test
    void anExitCodeThatIsNotAWholeNumberIsNotOurs() {
        String bad = Fixtures.event("ecs-task-stopped.json").replace("\"exitCode\": 1", "\"exitCode\": \"one\"");

        assertThat(parser.parse(bad)).isEqualTo(new NotOurs(
                "malformed ECS Task State Change: detail.containers[0].exitCode 'one' is not a whole number"));
    }

    // --- ECS Service Action ---

    @Test
    void taskStartImpairedIsAWarningAboutOurService() {
        assertThat(parser.parse(Fixtures.event("ecs-service-action-task-start-impaired.json"))).isEqualTo(new Parsed(
                new ServiceAction("3a9f4b7c-2e1d-4c0b-8a6f-5d4e3c2b1a01", Instant.parse("2026-11-20T10:21:52Z"), ACCOUNT, REGION, CLUSTER,
                        SERVICE, SERVICE_ARN, "WARN", "SERVICE_TASK_START_IMPAIRED", List.of())));
    }

    @Test
    void placementFailureIsAnErrorWithItsReasons() {
        assertThat(parser.parse(Fixtures.event("ecs-service-action-placement-failure.json"))).isEqualTo(new Parsed(
                new ServiceAction("3a9f4b7c-2e1d-4c0b-8a6f-5d4e3c2b1a02", Instant.parse("2026-11-20T10:20:19Z"), ACCOUNT, REGION, CLUSTER,
                        SERVICE, SERVICE_ARN, "ERROR", "SERVICE_TASK_PLACEMENT_FAILURE", List.of("RESOURCE:MEMORY"))));
    }

    @Test
    void steadyStateIsInformation() {
        assertThat(parser.parse(Fixtures.event("ecs-service-action-steady-state.json"))).isEqualTo(new Parsed(
                new ServiceAction("3a9f4b7c-2e1d-4c0b-8a6f-5d4e3c2b1a03", Instant.parse("2026-11-20T10:24:10Z"), ACCOUNT, REGION, CLUSTER,
                        SERVICE, SERVICE_ARN, "INFO", "SERVICE_STEADY_STATE", List.of())));
    }

    // --- not ours ---

    @Test
    void truncatedJsonIsReportedNotThrown() {
        assertThat(parser.parse(Fixtures.event("ecs-event-malformed.json")))
                .isInstanceOfSatisfying(NotOurs.class, notOurs -> assertThat(notOurs.reason()).startsWith("malformed JSON: "));
    }

    @Test
    void aContainerInstanceStateChangeIsNotOurs() {
        assertThat(parser.parse(Fixtures.event("ecs-unknown-event.json"))).isEqualTo(new NotOurs(
                "not an ECS deployment, task, service or hook event (source 'aws.ecs', detail-type 'ECS Container Instance State Change')"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                                                     | malformed event: not a JSON object",
            "42                                                                     | malformed event: not a JSON object",
            "{\"source\": \"aws.ecr\", \"detail-type\": \"ECR Image Action\"}       | not an ECS deployment, task, service or hook event (source 'aws.ecr', detail-type 'ECR Image Action')",
            "{\"source\": \"aws.ecs\", \"detail-type\": \"ECS Service Action\"}     | malformed ECS Service Action: missing detail",
            "{\"source\": \"aws.ecs\", \"detail-type\": \"ECS Task State Change\", \"detail\": []} | malformed ECS Task State Change: missing detail",
    })
    void otherShapesAreNotOurs(String json, String reason) {
        assertThat(parser.parse(json)).isEqualTo(new NotOurs(reason));
    }

    @Test
    void anEmptyBodyIsNotOurs() {
        assertThat(parser.parse("")).isEqualTo(new NotOurs("malformed event: empty"));
        assertThat(parser.parse("  \n")).isEqualTo(new NotOurs("malformed event: empty"));
        assertThat(parser.parse(null)).isEqualTo(new NotOurs("malformed event: empty"));
    }

    @Test
    void aTimeThatIsNotAnInstantIsNotOurs() {
        String badTime = Fixtures.event("ecs-deployment-completed.json").replace("2026-11-20T10:24:12Z", "yesterday");
        String badUpdatedAt = Fixtures.event("ecs-deployment-completed.json").replace("2026-11-20T10:24:11Z", "10:24");
        String badStoppedAt = Fixtures.event("ecs-task-stopped.json").replace("2026-11-20T10:21:36.992Z", "soon");

        assertThat(parser.parse(badTime)).isEqualTo(new NotOurs(
                "malformed ECS Deployment State Change: time 'yesterday' is not an ISO-8601 instant"));
        assertThat(parser.parse(badUpdatedAt)).isEqualTo(new NotOurs(
                "malformed ECS Deployment State Change: detail.updatedAt '10:24' is not an ISO-8601 instant"));
        assertThat(parser.parse(badStoppedAt)).isEqualTo(new NotOurs(
                "malformed ECS Task State Change: detail.stoppedAt 'soon' is not an ISO-8601 instant"));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String extra = edit("ecs-deployment-completed.json", e -> {
            e.put("newTopLevelField", true);
            ((ObjectNode) e.get("detail")).putObject("somethingNew").put("nested", 1);
        });

        assertThat(deployment(parser.parse(extra))).isEqualTo(deployment("ecs-deployment-completed.json"));
    }

    // --- helpers ---

    private DeploymentStateChange deployment(String fixture) {
        return deployment(parser.parse(Fixtures.event(fixture)));
    }

    private static DeploymentStateChange deployment(EcsEventParser.Result result) {
        assertThat(result).isInstanceOf(Parsed.class);
        assertThat(((Parsed) result).event()).isInstanceOf(DeploymentStateChange.class);
        return (DeploymentStateChange) ((Parsed) result).event();
    }

    private TaskStateChange task(String fixture) {
        return task(parser.parse(Fixtures.event(fixture)));
    }

    private static TaskStateChange task(EcsEventParser.Result result) {
        assertThat(result).isInstanceOf(Parsed.class);
        assertThat(((Parsed) result).event()).isInstanceOf(TaskStateChange.class);
        return (TaskStateChange) ((Parsed) result).event();
    }

    /** The fixture as JSON after {@code change}: for the cases that need no fixture of their own. */
    private static String edit(String fixture, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(Fixtures.event(fixture));
            change.accept(event);
            return Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

}
