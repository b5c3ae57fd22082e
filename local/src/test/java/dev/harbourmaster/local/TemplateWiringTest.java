package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What local mode reads from template.yaml: rules, queues, stream filters, schedules, environments. */
class TemplateWiringTest {

    private static final Map<String, String> REFS = Map.of("Table", "hm-local-table", "TableName", "hm-local-table",
            "EventBus", "harbourmaster-local", "AWS::AccountId", "123456789012");

    private static String text;
    private static TemplateWiring wiring;

    @BeforeAll
    static void readTemplate() throws IOException {
        text = Files.readString(Emulator.repositoryRoot().resolve("template.yaml"));
        wiring = TemplateWiring.parse(text);
    }

    @Test
    void everyEventBridgeRuleOfTheTemplateGetsAQueueNamedAfterItsFunctionAndEvent() {
        assertThat(wiring.rules()).extracting(r -> r.name("hm-local")).containsExactly(
                "hm-local-BuildRecorderFunction-EcrPush",
                "hm-local-DeploymentRecorderFunction-EcsDeploymentStateChange",
                "hm-local-DeploymentRecorderFunction-EcsTaskStateChange",
                "hm-local-DeploymentRecorderFunction-EcsServiceAction",
                "hm-local-DeploymentRecorderFunction-EcsHookStateChange");
        assertThat(wiring.rules()).allSatisfy(r -> assertThat(r.eventBus()).as("the default bus").isNull());
        assertThat(Delivered.json(wiring.rules().get(0).pattern().json())).isEqualTo(Delivered.json("""
                {"source": ["aws.ecr"], "detail-type": ["ECR Image Action"],
                 "detail": {"action-type": ["PUSH"], "result": ["SUCCESS"]}}"""));
        assertThat(Delivered.json(wiring.rules().get(2).pattern().json())).isEqualTo(Delivered.json("""
                {"source": ["aws.ecs"], "detail-type": ["ECS Task State Change"],
                 "detail": {"group": [{"prefix": "service:"}], "lastStatus": ["RUNNING", "STOPPED"]}}"""));
    }

    @Test
    void theStreamSubscriptionsKeepTheirFiltersBatchesAndRetries() {
        TemplateWiring.StreamEvent deployer = wiring.function("DeployerFunction").orElseThrow().streams().get(0);
        assertThat(deployer.eventName()).isEqualTo("ReleaseSetRequested");
        assertThat(deployer.tableLogicalId()).isEqualTo("Table");
        assertThat(deployer.batchSize()).isEqualTo(10);
        assertThat(deployer.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(deployer.maximumRetryAttempts()).isEqualTo(5);
        assertThat(deployer.reportsBatchItemFailures()).isTrue();
        assertThat(deployer.filters()).hasSize(1);
        assertThat(deployer.filters().get(0).where()).isEqualTo("DeployerFunction event ReleaseSetRequested FilterCriteria.Filters[0]");

        TemplateWiring.StreamEvent published = wiring.function("DomainEventsFunction").orElseThrow().streams().get(0);
        assertThat(published.filters()).hasSize(4);
        assertThat(published.batchSize()).isEqualTo(25);
        assertThat(published.maximumRetryAttempts()).isEqualTo(10);
        assertThat(wiring.streams()).extracting(TemplateWiring.StreamEvent::functionId)
                .containsExactly("DeployerFunction", "DomainEventsFunction");
    }

    @Test
    void theSweeperRunsOnASchedule() {
        assertThat(wiring.schedules()).singleElement().satisfies(s -> {
            assertThat(s.functionId()).isEqualTo("SweeperFunction");
            assertThat(s.schedule()).isEqualTo("rate(5 minutes)");
        });
    }

    @Test
    void eachFunctionGetsItsHandlerAndTheEnvironmentTheTemplateGivesIt() {
        assertThat(wiring.functions()).extracting(TemplateWiring.Function::handlerClass).containsExactly(
                "dev.harbourmaster.buildrecorder.BuildRecorderHandler",
                "dev.harbourmaster.deployer.DeployerHandler",
                "dev.harbourmaster.recorder.EcsEventHandler",
                "dev.harbourmaster.recorder.SweeperHandler",
                "dev.harbourmaster.domainevents.DomainEventsHandler");
        assertThat(wiring.environment("DomainEventsFunction", REFS)).containsEntry("TABLE_NAME", "hm-local-table")
                .containsEntry("EVENT_BUS_NAME", "harbourmaster-local").containsEntry("METRICS_NAMESPACE", "Harbourmaster")
                .containsEntry("HM_STAGE", "dev");
        assertThat(wiring.environment("BuildRecorderFunction", REFS)).containsEntry("HM_ACCOUNT_ID", "123456789012")
                .containsEntry("HM_TRUSTED_ACCOUNT_REGIONS", "");
        assertThat(wiring.environment("DeployerFunction", REFS)).containsEntry("ROLL_CONCURRENCY", "8")
                .containsEntry("HOLD_ENVIRONMENT_FOR", "PT2H").containsEntry("TABLE_NAME", "hm-local-table");
        assertThat(wiring.environment("SweeperFunction", REFS)).containsEntry("DEPLOYMENT_TIMEOUT", "PT1H");
        assertThat(wiring.environment("DeploymentRecorderFunction", REFS)).containsEntry("UNKNOWN_DEPLOYMENT_GRACE", "PT2M");
        assertThat(wiring.eventBuses()).containsExactly("EventBus");
        assertThat(wiring.tables()).containsExactly("Table");
    }

    @Test
    void aChangeToTheTemplateChangesLocalMode() {
        TemplateWiring changed = TemplateWiring.parse(text
                .replace("lastStatus: [RUNNING, STOPPED]", "lastStatus: [RUNNING, STOPPED, PENDING]")
                .replace("\"status\": {\"S\": [\"REQUESTED\"]}", "\"status\": {\"S\": [\"REQUESTED\", \"RETRY\"]}")
                .replace("detail-type: [ECS Deployment State Change]",
                        "detail-type: [ECS Deployment State Change]\n              detail:\n"
                                + "                eventName: [{anything-but: [SERVICE_DEPLOYMENT_IN_PROGRESS]}]")
                .replace("DEPLOYMENT_TIMEOUT: PT1H", "DEPLOYMENT_TIMEOUT: PT5M")
                .replace("        EcsServiceAction:\n", "        EcsServiceActionAgain:\n"));

        assertThat(changed.rules().get(2).pattern().matches(Delivered.json(
                dev.harbourmaster.testing.Fixtures.event("ecs-task-pending.json")))).isTrue();
        assertThat(changed.function("DeployerFunction").orElseThrow().streams().get(0).filters().get(0).json())
                .contains("RETRY");
        assertThat(changed.rules().get(1).pattern().matches(Delivered.json(
                dev.harbourmaster.testing.Fixtures.event("ecs-deployment-completed.json")))).isTrue();
        assertThat(changed.rules().get(1).pattern().matches(Delivered.json(
                dev.harbourmaster.testing.Fixtures.event("ecs-deployment-in-progress.json")))).isFalse();
        assertThat(changed.environment("SweeperFunction", REFS)).containsEntry("DEPLOYMENT_TIMEOUT", "PT5M");
        assertThat(changed.rules().get(3).name("hm-local")).isEqualTo("hm-local-DeploymentRecorderFunction-EcsServiceActionAgain");
    }

    @Test
    void whatLocalModeCannotDoIsSaidNotGuessed() {
        TemplateWiring unresolvable = TemplateWiring.parse(text.replace("METRICS_NAMESPACE: Harbourmaster",
                "METRICS_NAMESPACE: !GetAtt Table.Arn"));
        assertThatThrownBy(() -> unresolvable.environment("DomainEventsFunction", REFS))
                .hasMessageContaining("DomainEventsFunction environment variable METRICS_NAMESPACE")
                .hasMessageContaining("!GetAtt Table.Arn");

        assertThatThrownBy(() -> TemplateWiring.parse(text.replace("\"status\": {\"S\": [\"REQUESTED\"]}",
                "\"status\": {\"S\": []}")))
                .hasMessageContaining("DeployerFunction event ReleaseSetRequested FilterCriteria.Filters[0]")
                .hasMessageContaining("Empty arrays are not allowed");
        assertThatThrownBy(() -> TemplateWiring.parse(text.replace("lastStatus: [RUNNING, STOPPED]",
                "lastStatus: [{numeric: [\">\", RUNNING]}]")))
                .hasMessageContaining("DeploymentRecorderFunction event EcsTaskStateChange Pattern")
                .hasMessageContaining("Value of > must be numeric");

        TemplateWiring withApi = TemplateWiring.parse(text.replace("      Events:\n        EcrPush:\n",
                "      Events:\n        Hello:\n          Type: Api\n          Properties:\n            Path: /\n"
                        + "            Method: get\n        EcrPush:\n"));
        assertThat(withApi.function("BuildRecorderFunction").orElseThrow().notFed()).containsExactly("Hello (Api)");
        assertThat(List.of(withApi.rules().get(0).eventName())).containsExactly("EcrPush");
    }

    @Test
    void theGitHubDeploymentsRunWhenTheirSecretIsGivenOnly() {
        assertThat(wiring.function("GitHubDeploymentsFunction")).as("optional: not one of the pipeline's").isEmpty();
        assertThat(wiring.withOptionalFunction("GitHubDeploymentsFunction", REFS).function("GitHubDeploymentsFunction")).isEmpty();

        Map<String, String> on = new java.util.HashMap<>(REFS);
        on.put("GitHubTokenSecret", "hm-local/github-token");
        TemplateWiring withGitHub = wiring.withOptionalFunction("GitHubDeploymentsFunction", on);

        TemplateWiring.Function github = withGitHub.function("GitHubDeploymentsFunction").orElseThrow();
        assertThat(github.handlerClass()).isEqualTo("dev.harbourmaster.githubdeployments.GitHubDeploymentsHandler");
        assertThat(github.streams()).singleElement().satisfies(stream -> assertThat(stream.startingPosition()).isEqualTo("LATEST"));
        assertThat(withGitHub.environment("GitHubDeploymentsFunction", on)).containsEntry("GITHUB_TOKEN_SECRET", "hm-local/github-token")
                .containsEntry("TABLE_NAME", "hm-local-table");
        assertThat(withGitHub.functions()).hasSize(wiring.functions().size() + 1);
        assertThat(withGitHub.withOptionalFunction("GitHubDeploymentsFunction", on).functions()).hasSameSizeAs(withGitHub.functions());
    }
}
