package dev.harbourmaster.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentConfig;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.support.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseSetViewTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");
    private static final String GOOD = "sha256:" + "0123456789ab".repeat(5) + "cdef";
    private static final String OTHER = "sha256:" + "fedcba987654".repeat(5) + "3210";
    private static final String ID = "01JD8XK0000000000000000000";

    private static Release release(String service, String digest) {
        return new Release("catalogue", "pipeline", service, "3f9c2ab5d1e0c4b7a6f8e9d0c1b2a3f4e5d6c7b8",
                List.of(new ReleaseImage(service, "catalogue/" + service, digest, "repo/" + service + "@" + digest, "3f9c2ab")),
                "catalogue/" + service, digest, AT, null);
    }

    private static ReleaseSet set(ReleaseSetStatus status, String reason) {
        return new ReleaseSet(ID, "catalogue", "staging", "pipeline",
                List.of(release("id_minter", GOOD), release("ingestor", GOOD), release("requests", GOOD)),
                ReleaseSetKind.DEPLOY, "alice@example.com", "Batch minting, as RFC 013 asked", AT, status, reason);
    }

    private static Deployment deployment(String service, DeploymentStatus status, String reason, DeploymentEvidence evidence) {
        return Deployment.builder().releaseSetId(ID).projectId("catalogue").environmentId("staging").serviceId(service)
                .cluster("catalogue-staging").ecsServiceName("catalogue-" + service + "-staging")
                .releaseHash("3f9c2ab5d1e0c4b7a6f8e9d0c1b2a3f4e5d6c7b8").images(release(service, GOOD).images())
                .ecsDeploymentId("ecs-svc/42" + service.length())
                .previousTaskDefinition("td/" + service + ":1").taskDefinition("td/" + service + ":2")
                .status(status).reason(reason).startedAt(AT).endedAt(AT.plusSeconds(252)).evidence(evidence).revision(2)
                .build();
    }

    private ReleaseSetDetail partial() {
        DeploymentEvidence ok = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.COMPLETED, AT.plusSeconds(252), "done", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/aaaa1111", 3, "RUNNING", "td/id_minter:2",
                        List.of(new TaskEvidence.ContainerEvidence("id_minter", GOOD, null, null)), null, null, AT.plusSeconds(60), null));
        DeploymentEvidence bad = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.FAILED, AT.plusSeconds(600), "circuit breaker", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/bbbb2222", 5, "STOPPED", "td/ingestor:2",
                        List.of(new TaskEvidence.ContainerEvidence("ingestor", OTHER, 137L, "OutOfMemoryError")),
                        "Essential container in task exited", "EssentialContainerExited", AT.plusSeconds(40), AT.plusSeconds(70)))
                .withNotice(new ServiceNotice("n1", AT.plusSeconds(300), "WARN", "SERVICE_TASK_START_IMPAIRED",
                        List.of("tasks keep stopping")))
                .withRollback(new Rollback("ecs-svc/99", "ecs-svc/41", "COMPLETED", null))
                .withTimeout("no answer from ECS for 2h", AT.plusSeconds(7200));
        return new ReleaseSetDetail(set(ReleaseSetStatus.PARTIAL, "1 of 2 failed: ingestor ROLLED_BACK"), List.of(
                deployment("id_minter", DeploymentStatus.COMPLETED, "ECS reported COMPLETED and 1 task ran the release's digests", ok),
                deployment("ingestor", DeploymentStatus.ROLLED_BACK, "ECS circuit breaker rolled back to ecs-svc/41", bad)));
    }

    @Test
    void theHeaderSaysWhoWhyWhereAndHowItEnded() {
        assertThat(new ReleaseSetView(partial(), NOW).header()).containsExactly(
                "Release set " + ID,
                "  project      catalogue",
                "  environment  staging",
                "  kind         DEPLOY, service set pipeline",
                "  requested    2026-11-20T09:00:00.000Z (3h ago) by alice@example.com (ARN not recorded)",
                "  why          Batch minting, as RFC 013 asked",
                "  status       PARTIAL: 1 of 2 failed: ingestor ROLLED_BACK",
                "  releases     id_minter@3f9c2ab, ingestor@3f9c2ab, requests@3f9c2ab");
    }

    @Test
    void anApprovedSetSaysWhoApprovedItWhenAndWhyInTextAndJson() throws Exception {
        ReleaseSet approved = set(ReleaseSetStatus.IN_PROGRESS, null).withApproval(dev.harbourmaster.domain.ApprovalDecision
                .approved("bob", "arn:aws:sts::123456789012:assumed-role/Lead/bob", "window open", AT.plusSeconds(600)));
        ReleaseSetDetail detail = new ReleaseSetDetail(approved, List.of());

        assertThat(new ReleaseSetView(detail, NOW).header()).contains("  approval     2026-11-20T09:10:00.000Z (3h ago)"
                + " approved by bob (arn:aws:sts::123456789012:assumed-role/Lead/bob): window open");
        assertThat(Json.MAPPER.writeValueAsString(new ReleaseSetView(detail, NOW).json())).contains("\"approval\":{"
                + "\"decision\":\"APPROVED\",\"by\":\"bob\",\"byArn\":\"arn:aws:sts::123456789012:assumed-role/Lead/bob\","
                + "\"why\":\"window open\",\"at\":\"2026-11-20T09:10:00.000Z\"}");
        ReleaseSetDetail held = new ReleaseSetDetail(set(ReleaseSetStatus.AWAITING_APPROVAL, "waits for approval in staging"),
                List.of());
        assertThat(new ReleaseSetView(held, NOW).deploymentRows()).extracting(r -> r.get("status"))
                .containsOnly("waiting for approval");
    }

    @Test
    void eachServiceHasARowAndUnclaimedOnesSaySo() {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text)).table(new ReleaseSetView(partial(), NOW).deploymentRows());

        assertThat(text.toString().lines()).containsExactly(
                "SERVICE    RELEASE  STATUS        ECS DEPLOYMENT  STARTED                   ENDED                     DURATION",
                "id_minter  3f9c2ab  COMPLETED     ecs-svc/429     2026-11-20T09:00:00.000Z  2026-11-20T09:04:12.000Z  4m12s",
                "ingestor   3f9c2ab  ROLLED_BACK   ecs-svc/428     2026-11-20T09:00:00.000Z  2026-11-20T09:04:12.000Z  4m12s",
                "requests   3f9c2ab  not deployed  -               -                         -                         -");
    }

    @Test
    void theEvidenceShowsDigestsStopsNoticesAndTheRollbackTarget() {
        List<String> lines = new ReleaseSetView(partial(), NOW).evidence();

        assertThat(lines).contains(
                "id_minter: COMPLETED (3f9c2ab)",
                "  reason       ECS reported COMPLETED and 1 task ran the release's digests",
                "  ECS service  catalogue-staging/catalogue-id_minter-staging, deployment ecs-svc/429",
                "  ECS said     COMPLETED at 2026-11-20T09:04:12.000Z: done [event]",
                "  task         aaaa1111 RUNNING started 2026-11-20T09:01:00.000Z; id_minter sha256:0123456789ab (the release's)",
                "ingestor: ROLLED_BACK (3f9c2ab)",
                "  task         bbbb2222 STOPPED started 2026-11-20T09:00:40.000Z stopped 2026-11-20T09:01:10.000Z"
                        + " (EssentialContainerExited): Essential container in task exited;"
                        + " ingestor sha256:fedcba987654 (NOT the release's sha256:0123456789ab) exit code 137 OutOfMemoryError",
                "  notice       2026-11-20T09:05:00.000Z WARN SERVICE_TASK_START_IMPAIRED: tasks keep stopping",
                "  rollback     ECS circuit breaker rolled back to ecs-svc/41 (rollback ecs-svc/99, COMPLETED)",
                "  timed out    no answer from ECS for 2h at 2026-11-20T11:00:00.000Z");
        assertThat(lines).noneMatch(l -> l.startsWith("requests"));
    }

    @Test
    void jsonHasEveryDeploymentWithItsWholeEvidence() throws Exception {
        String json = Json.MAPPER.writeValueAsString(new ReleaseSetView(partial(), NOW).json());

        assertThat(json).contains(GOOD, OTHER, "\"stopCode\":\"EssentialContainerExited\"", "\"exitCode\":137",
                "\"toDeploymentId\":\"ecs-svc/41\"", "\"notDeployed\":[\"requests\"]", "\"durationMillis\":252000",
                "\"requestedAt\":\"2026-11-20T09:00:00.000Z\"");
    }

    @Test
    void aDeploymentsConfigurationChangesAreInTheEvidenceAndTheJson() throws Exception {
        ConfigFingerprint fingerprint = new ConfigFingerprint("256", "1024", List.of(ConfigFingerprint.ContainerConfig.of(
                "id_minter", null, null, Map.of("FEATURE_X", "on"), Map.of("DB_PASSWORD", "arn:aws:ssm:eu-west-1:1:parameter/db"),
                List.of(), null, null)));
        Deployment changed = deployment("id_minter", DeploymentStatus.COMPLETED, "done", DeploymentEvidence.NONE).toBuilder()
                .config(new DeploymentConfig(TaskDefinitionBase.LATEST, "td/id_minter:7", fingerprint,
                        new ConfigChanges(List.of("+FEATURE_X", "memory 512→1024", "+secret DB_PASSWORD from arn:aws:ssm:eu-west-1:1:parameter/db")),
                        false)).build();
        Deployment plain = deployment("ingestor", DeploymentStatus.COMPLETED, "done", DeploymentEvidence.NONE).toBuilder()
                .config(new DeploymentConfig(TaskDefinitionBase.RUNNING, "td/ingestor:1", null, null, false)).build();
        ReleaseSetView view = new ReleaseSetView(new ReleaseSetDetail(set(ReleaseSetStatus.SUCCEEDED, null),
                List.of(changed, plain)), NOW);

        assertThat(view.evidence()).contains(
                "  config       +FEATURE_X, memory 512→1024, +secret DB_PASSWORD from arn:aws:ssm:eu-west-1:1:parameter/db (base latest)",
                "  config       no change (base running)");
        JsonNode deployments = Json.MAPPER.valueToTree(view.json()).get("deployments");
        JsonNode config = deployments.get(0).get("config");
        assertThat(config.get("base").asText()).isEqualTo("latest");
        assertThat(config.get("baseTaskDefinition").asText()).isEqualTo("td/id_minter:7");
        assertThat(config.get("configOnly").asBoolean()).isFalse();
        assertThat(config.get("changes")).extracting(JsonNode::asText).containsExactly("+FEATURE_X", "memory 512→1024",
                "+secret DB_PASSWORD from arn:aws:ssm:eu-west-1:1:parameter/db");
        assertThat(config.get("fingerprint").get("containers").get(0).get("environment").get("FEATURE_X").asText())
                .isEqualTo(ConfigFingerprint.hash("on"));
        assertThat(deployments.get(1).get("config").get("changes")).isEmpty();
    }

    @Test
    void aRejectedSetExplainsWhyNothingWasDeployed() {
        ReleaseSetDetail rejected = new ReleaseSetDetail(set(ReleaseSetStatus.REJECTED, "staging is locked by carol"), List.of());

        ReleaseSetView view = new ReleaseSetView(rejected, NOW);

        assertThat(view.header()).contains("  status       REJECTED: staging is locked by carol");
        assertThat(view.deploymentRows()).extracting(r -> r.get("status")).containsOnly("not deployed (set rejected)");
        assertThat(view.evidence()).isEmpty();
    }

    @Test
    void historyRowsCutTextAndJsonKeepsItWithTheToken() throws Exception {
        ReleaseSet set = set(ReleaseSetStatus.FAILED, "x".repeat(100));
        HistoryView view = new HistoryView(new HistoryPage(List.of(set), ID), NOW);

        Map<String, Object> row = view.tableRows().get(0);

        assertThat(row.keySet()).containsExactly("id", "environment", "kind", "status", "requestedBy", "age", "services",
                "description", "statusReason");
        assertThat(row).containsEntry("age", "3h").containsEntry("services", 3);
        assertThat((String) row.get("statusReason")).hasSize(Text.CELL).endsWith("...");
        String json = Json.MAPPER.writeValueAsString(view.json());
        assertThat(json).contains("x".repeat(100), "\"nextPage\":\"" + ID + "\"", "\"services\":[\"id_minter\",\"ingestor\",\"requests\"]");
    }
}
