package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentConfig;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.Test;

/** A deployment's item holds what ECS's service deployments API and hm's people add, and reads back the same. */
class DeploymentItemTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void theServiceDeploymentItsPlanHooksAndActionsAreKept() {
        String arn = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/c/s/AAAA";
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withServiceDeployment(new ServiceDeploymentReport(arn, "ROLLBACK_SUCCESSFUL", "rolled back", "BAKE_TIME", T0.plusSeconds(60),
                        T0.plusSeconds(90), "alarm", T0.plusSeconds(30), "TRIGGERED", List.of("search-5xx"), "MONITORING", 1, 3))
                .withHook(new HookState("ecs-pause-1", "PAUSE", "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", T0.plusSeconds(600),
                        "ROLLBACK", T0.plusSeconds(10)))
                .withAction(new OperatorAction("REJECT", "ecs-pause-1", "bob", "error rate", T0.plusSeconds(20)))
                .withSupersededBy(arn + "B", "01SET");
        Deployment deployment = Deployment.builder().releaseSetId("01M8XRRWEZJG79A7HPHGJRM85K").projectId("catalogue")
                .environmentId("prod").serviceId("search").cluster("c").ecsServiceName("s").releaseHash("abc1234")
                .images(List.of(new ReleaseImage("app", "catalogue/search", "sha256:aa", "catalogue/search@sha256:aa", "abc1234")))
                .ecsDeploymentId("ecs-svc/1").serviceDeploymentArn(arn)
                .plan(new RolloutPlan("LINEAR", 10, 12.5, 6, null, 0, List.of(1440, 60))).evidence(evidence)
                .placement(new Placement("210987654321", "us-east-1", "arn:aws:iam::210987654321:role/harbourmaster/workload"))
                .claimedAt(T0);

        assertThat(ReleaseSetItems.deployment(ReleaseSetItems.deploymentItem(deployment))).isEqualTo(deployment);
    }

    @Test
    void theConfigurationFingerprintAndChangesAreKeptCompactly() {
        ConfigFingerprint fingerprint = new ConfigFingerprint("256", "1024", List.of(ConfigFingerprint.ContainerConfig.of("app",
                null, 512, Map.of("FEATURE_X", "on", "LOG_LEVEL", "debug"), Map.of("DB_PASSWORD", "arn:aws:ssm:eu-west-1:1:parameter/db"),
                List.of("8080/tcp"), List.of("serve"), null)));
        Deployment deployment = Deployment.builder().releaseSetId("shop/prod/01M8XRRWEZJG79A7HPHGJRM85K").projectId("shop")
                .environmentId("prod").serviceId("search").cluster("c").ecsServiceName("s").releaseHash("abc1234")
                .config(new DeploymentConfig(TaskDefinitionBase.LATEST, "arn:aws:ecs:eu-west-1:1:task-definition/s:7", fingerprint,
                        new ConfigChanges(List.of("+FEATURE_X", "memory 512→1024")), true))
                .claimedAt(T0);

        Map<String, AttributeValue> item = ReleaseSetItems.deploymentItem(deployment);

        assertThat(ReleaseSetItems.deployment(item)).isEqualTo(deployment);
        assertThat(item.get("config").toString()).doesNotContain("debug").contains(ConfigFingerprint.hash("debug"));
        assertThat(ReleaseSetItems.deployment(ReleaseSetItems.deploymentItem(deployment.toBuilder().config(null).build())).config())
                .as("deployments recorded before configuration was kept").isNull();
    }

    @Test
    void earlySuccessCriteriaAreKeptWithThePlan() {
        Deployment deployment = Deployment.builder().releaseSetId("01M8XRRWEZJG79A7HPHGJRM85K").projectId("catalogue")
                .environmentId("prod").serviceId("search").cluster("c").ecsServiceName("s").releaseHash("abc1234")
                .images(List.of()).ecsDeploymentId("ecs-svc/1")
                .plan(new RolloutPlan("ROLLING", 0, null, 0, null, 0, List.of(), 75)).claimedAt(T0);

        assertThat(ReleaseSetItems.deployment(ReleaseSetItems.deploymentItem(deployment)).plan().earlySuccessPercent()).isEqualTo(75);
    }

    @Test
    void aDeploymentRecordedBeforePlansWereKeptReadsAsRolling() {
        Deployment old = Deployment.builder().releaseSetId("01M8XRRWEZJG79A7HPHGJRM85K").projectId("catalogue")
                .environmentId("prod").serviceId("search").images(List.of()).claimedAt(T0);
        var item = new java.util.HashMap<>(ReleaseSetItems.deploymentItem(old));
        item.remove("plan");

        assertThat(ReleaseSetItems.deployment(item).plan()).isEqualTo(RolloutPlan.ROLLING_PLAN);
    }
}
