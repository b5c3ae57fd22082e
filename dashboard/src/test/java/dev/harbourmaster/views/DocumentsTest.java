package dev.harbourmaster.views;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.documents.JsonDocuments;
import dev.harbourmaster.documents.MetricsDocument;
import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.metrics.DeliveryReport;
import dev.harbourmaster.metrics.Window;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The JSON documents of hm --output json and the dashboard's /api, pinned whole: every field, its
 * order and its format, against the files in src/test/resources/documents/. Scripts read these;
 * a change to one is a change to a public interface and shows here first.
 */
class DocumentsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");
    private static final String HASH = "3f9c2ab5d1e0c4b7a6f8e9d0c1b2a3f4e5d6c7b8";
    private static final String OLD_HASH = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String GOOD = "sha256:" + "0123456789ab".repeat(5) + "cdef";
    private static final String OTHER = "sha256:" + "fedcba987654".repeat(5) + "3210";
    private static final String SET = "01JD8XK0000000000000000000";
    private static final String QUEUED_SET = "01JD8XK0000000000000000001";
    private static final String CAROL = "arn:aws:sts::123456789012:assumed-role/ops/carol";

    private final Project project = Fixtures.exampleProject();

    private static ReleaseImage image(String container, String digest) {
        return new ReleaseImage(container, "catalogue/" + container, digest, "repo/" + container + "@" + digest, "3f9c2ab");
    }

    private static Release release(String service, String hash, Instant at) {
        return new Release("catalogue", "pipeline", service, hash, List.of(image(service, GOOD)), "catalogue/" + service, GOOD,
                at, "change " + hash.substring(0, 7));
    }

    private static ReleaseSet set(String id, ReleaseSetStatus status, String reason) {
        return new ReleaseSet(id, "catalogue", "staging", "pipeline",
                List.of(release("id_minter", HASH, AT), release("ingestor", HASH, AT), release("requests", HASH, AT)),
                ReleaseSetKind.DEPLOY, "alice@example.com", "Batch minting, as RFC 013 asked", AT, status, reason,
                "arn:aws:sts::123456789012:assumed-role/deploy/alice");
    }

    private static Deployment deployment(String service, DeploymentStatus status, String reason, DeploymentEvidence evidence) {
        return Deployment.builder().releaseSetId(SET).projectId("catalogue").environmentId("staging").serviceId(service)
                .cluster("catalogue-staging").ecsServiceName("catalogue-" + service + "-staging").releaseHash(HASH)
                .images(List.of(image(service, GOOD))).ecsDeploymentId("ecs-svc/42" + service.length())
                .previousTaskDefinition("td/" + service + ":1").taskDefinition("td/" + service + ":2")
                .status(status).reason(reason).startedAt(AT).endedAt(AT.plusSeconds(252)).evidence(evidence).revision(2)
                .logs(List.of(new ContainerLog(service, "/ecs/catalogue-" + service, "eu-west-1", "ecs")))
                .build();
    }

    private static ReleaseSetDetail detail() {
        DeploymentEvidence ok = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.COMPLETED, AT.plusSeconds(252), "done", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/aaaa1111", 3, "RUNNING", "td/id_minter:2",
                        List.of(new TaskEvidence.ContainerEvidence("id_minter", GOOD, null, null)), null, null,
                        AT.plusSeconds(60), null));
        DeploymentEvidence bad = DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.FAILED, AT.plusSeconds(600), "circuit breaker", "event"))
                .withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/bbbb2222", 5, "STOPPED", "td/ingestor:2",
                        List.of(new TaskEvidence.ContainerEvidence("ingestor", OTHER, 137L, "OutOfMemoryError")),
                        "Essential container in task exited", "EssentialContainerExited", AT.plusSeconds(40), AT.plusSeconds(70)))
                .withNotice(new ServiceNotice("n1", AT.plusSeconds(300), "WARN", "SERVICE_TASK_START_IMPAIRED",
                        List.of("tasks keep stopping")))
                .withRollback(new Rollback("ecs-svc/99", "ecs-svc/41", "COMPLETED", AT.plusSeconds(620)))
                .withTimeout("no answer from ECS for 2h", AT.plusSeconds(7200));
        return new ReleaseSetDetail(set(SET, ReleaseSetStatus.PARTIAL, "1 of 2 failed: ingestor ROLLED_BACK"), List.of(
                deployment("id_minter", DeploymentStatus.COMPLETED, "ECS reported COMPLETED", ok),
                deployment("ingestor", DeploymentStatus.ROLLED_BACK, "ECS circuit breaker rolled back to ecs-svc/41", bad)));
    }

    private static CurrentState.Running running(String hash, Instant since) {
        return new CurrentState.Running(hash, List.of(image("app", GOOD)), SET, DeploymentStatus.COMPLETED, since, "alice",
                "first", "ecs-svc/1", CAROL);
    }

    private StatusView status() {
        List<CurrentState> rows = List.of(
                new CurrentState("catalogue", "staging", "id_minter", running(HASH, NOW.minusSeconds(180)),
                        new CurrentState.LastDeployment(SET, HASH, DeploymentStatus.COMPLETED, "done", NOW.minusSeconds(180),
                                "alice", "second", NOW.minusSeconds(180), CAROL), null, 2),
                new CurrentState("catalogue", "prod", "search", running(OLD_HASH, NOW.minusSeconds(3600)), null,
                        new CurrentState.OutOfBand("ecs-svc/777", "COMPLETED", NOW.minusSeconds(600), "console"), 3),
                new CurrentState("catalogue", "prod", "retired", running(OLD_HASH, NOW.minusSeconds(86_400)), null, null, 1));
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("staging", new Gate(Optional.empty(), Optional.of(SET), NOW.plusSeconds(3600)));
        gates.put("prod", new Gate(Optional.of(new Lock("catalogue", "prod", "carol", "release freeze", NOW.minusSeconds(600),
                NOW.plusSeconds(7200), CAROL)), Optional.empty(), null));
        gates.put("qa", new Gate(Optional.of(new Lock("catalogue", "qa", "dan", null, null, null)), Optional.of(QUEUED_SET),
                NOW.minusSeconds(30)));
        gates.put("dev", new Gate(Optional.of(new Lock("catalogue", "dev", "erin", "db work", NOW.minusSeconds(7200),
                NOW.minusSeconds(60))), Optional.empty(), null));
        ReleaseSet queued = new ReleaseSet(QUEUED_SET, "catalogue", "staging", null, List.of(), ReleaseSetKind.DEPLOY,
                "ecr-push", "auto", NOW.minusSeconds(120), ReleaseSetStatus.QUEUED, "queued behind release set " + SET);
        EnvironmentVerification verified = new EnvironmentVerification("catalogue", "prod", NOW.minusSeconds(300), "erin",
                List.of(new EnvironmentVerification.ServiceVerdict("search", "DRIFT", "task runs sha256:beef")));
        return new StatusView(new ProjectState(project, rows, Map.of(), Map.of("prod", verified)), gates,
                Map.of("staging", List.of(queued)), NOW);
    }

    private EnvironmentDiff diff() {
        Release old = release("id_minter", OLD_HASH, NOW.minusSeconds(7200));
        Release next = release("id_minter", HASH, NOW.minusSeconds(3600));
        ProjectState state = new ProjectState(project, List.of(
                new CurrentState("catalogue", "staging", "id_minter", running(HASH, NOW), null, null, 1),
                new CurrentState("catalogue", "prod", "id_minter", running(OLD_HASH, NOW), null, null, 1)));
        Release ingestor = release("ingestor", HASH, NOW.minusSeconds(1800));
        Deployment failed = deployment("ingestor", DeploymentStatus.FAILED, "exit code 1 (EssentialContainerExited); ids",
                DeploymentEvidence.NONE);
        return EnvironmentDiff.of(state, "staging", "prod", Map.of("id_minter", List.of(next, old), "ingestor",
                        List.of(ingestor)), 10, (from, to) -> List.of("b2c3d4e add batch minting"), NOW)
                .knowing(KnownBadReleases.of(List.of(failed), List.of()));
    }

    @Test
    void statusIsPinned() {
        assertPinned("status.json", status().json());
    }

    @Test
    void historyIsPinned() {
        assertPinned("history.json", new HistoryView(new HistoryPage(List.of(set(SET, ReleaseSetStatus.SUCCEEDED,
                "3 services run the release")), "next-token"), NOW).json());
    }

    @Test
    void aReleaseSetWithItsDeploymentsIsPinned() {
        assertPinned("release-set.json", new ReleaseSetView(detail(), NOW).json());
    }

    @Test
    void aDiffIsPinned() {
        assertPinned("diff.json", diff().json());
    }

    @Test
    void metricsArePinned() {
        Instant day = NOW.minusSeconds(86_400);
        DeliveryReport.Measures prod = new DeliveryReport.Measures("prod", null,
                new DeliveryReport.DeploymentFrequency(3, 1.5, List.of(new DeliveryReport.CountPoint(day, NOW, 3))),
                new DeliveryReport.LeadTime(Duration.ofMinutes(42), Duration.ofMinutes(90), 3,
                        List.of(new DeliveryReport.DurationPoint(day, NOW, Duration.ofMinutes(42), 3))),
                new DeliveryReport.ChangeFailureRate(1 / 3.0, 1, 3, List.of(new DeliveryReport.RatePoint(day, NOW, 1 / 3.0, 1, 3))),
                new DeliveryReport.TimeToRestore(null, 0, List.of(new DeliveryReport.DurationPoint(day, NOW, null, 0)),
                        List.of(new DeliveryReport.StillFailing("prod", "search", NOW.minusSeconds(600), SET),
                                new DeliveryReport.StillFailing("prod", "requests", NOW.minusSeconds(300), null))));
        DeliveryReport report = new DeliveryReport(new Window(NOW.minusSeconds(2 * 86_400), NOW, Window.BucketSize.DAY),
                List.of(prod), List.of(), 1, 0);
        assertPinned("metrics.json", MetricsDocument.of("catalogue", report));
    }

    /** HM_PIN_DOCUMENTS=write rewrites the pinned file instead (then read its diff before committing it). */
    private static void assertPinned(String name, Object document) {
        String written = JsonDocuments.write(document) + "\n";
        if ("write".equals(System.getenv("HM_PIN_DOCUMENTS"))) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/documents", name), written);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(written).as(name).isEqualTo(pinned(name));
    }

    private static String pinned(String name) {
        try (InputStream in = DocumentsTest.class.getResourceAsStream("/documents/" + name)) {
            assertThat(in).as("src/test/resources/documents/" + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
