package dev.harbourmaster.cli.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.buildrecorder.BuildRecording;
import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.init.EcrImages;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ImageRegistry;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules of adoption with made-up ECS answers: which digest is taken, what is refused and why, and
 * which rows are never written. The example project: catalogue, staging and prod, four services.
 */
class BaselineTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final String REG = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String N = "sha256:" + "c".repeat(64);

    private final Project project = Fixtures.exampleProject();
    private final ContainerPlatform ecs = mock(ContainerPlatform.class);
    private final DeploymentRecords records = mock(DeploymentRecords.class);
    private final BuildLedger ledger = mock(BuildLedger.class);
    private final BuildRecording recording = mock(BuildRecording.class);
    private final EcrImages ecr = mock(EcrImages.class);
    private final Map<String, RunningService> services = new LinkedHashMap<>();
    private final Map<String, TaskDefinition> definitions = new LinkedHashMap<>();
    private final Map<String, List<TaskEvidence>> tasks = new LinkedHashMap<>();

    private Baseline baseline() {
        return new Baseline(project, e -> ecs, records, ledger, recording, mock(ImageRegistry.class), ecr,
                uri -> uri.startsWith(REG) ? uri.substring(REG.length()) : uri,
                new Actor("carol", "arn:aws:iam::123456789012:user/carol"), NOW);
    }

    @BeforeEach
    void ecs() {
        when(ecs.services(any(), any())).thenAnswer(call -> {
            Map<String, RunningService> found = new LinkedHashMap<>();
            List<String> names = call.getArgument(1);
            names.forEach(n -> {
                if (services.containsKey(n)) {
                    found.put(n, services.get(n));
                }
            });
            return found;
        });
        when(ecs.taskDefinition(any())).thenAnswer(call -> definitions.get((String) call.getArgument(0)));
        when(ecs.tasksStartedBy(any(), any())).thenAnswer(call -> tasks.getOrDefault((String) call.getArgument(1), List.of()));
        when(records.writeCurrentState(any(), any())).thenReturn(true);
        when(ledger.build(any(), any())).thenAnswer(call -> Optional.of(new Build(call.getArgument(0), call.getArgument(1),
                REG + call.getArgument(0), Set.of("ref.1234567"), NOW, "1234567", ImageMetadata.NONE, BuildState.RELEASED)));
    }

    /** staging's ECS service of a catalogue service, running these containers (name → image). */
    private void runs(String service, Map<String, String> images, TaskEvidence... running) {
        String name = "catalogue-" + service + "-staging";
        String td = "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + name + ":4";
        services.put(name, new RunningService("catalogue-staging", name, "arn:svc/" + name, td, "ecs-svc/" + service, "ECS", null));
        definitions.put(td, new TaskDefinition(td, name, images));
        tasks.put("ecs-svc/" + service, List.of(running));
    }

    private static TaskEvidence task(String container, String digest) {
        return new TaskEvidence("arn:task/" + digest.substring(7, 12), 1, "RUNNING", null,
                List.of(new TaskEvidence.ContainerEvidence(container, digest, null, null)), null, null, NOW, null);
    }

    private Baseline.Result staging(List<Baseline.Result> results, String service) {
        return results.stream().filter(r -> r.environmentId().equals("staging") && r.serviceId().equals(service))
                .findFirst().orElseThrow();
    }

    @Test
    void theDigestIsTheTaskDefinitionsPinElseTheRunningTasksElseEcrsForTheTag() {
        runs("id_minter", Map.of("id_minter", REG + "catalogue/id_minter@" + A));
        runs("ingestor", Map.of("ingestor", REG + "catalogue/ingestor:v3"), task("ingestor", B), task("ingestor", B));
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("app", REG + "catalogue/requests:ref.1234567");
        requests.put("nginx", REG + "platform/nginx:1.27");
        requests.put("datadog", "public.ecr.aws/datadog/agent:7");
        runs("requests", requests);
        when(ecr.describe(any(), any())).thenReturn(new EcrImages.Lookup(new EcrImages.Image(N, List.of("1.27"), NOW), null));

        List<Baseline.Result> results = baseline().adopt(List.of(), false);

        assertThat(staging(results, "id_minter").running().images()).extracting(ReleaseImage::digest).containsExactly(A);
        assertThat(staging(results, "ingestor").running().images()).extracting(ReleaseImage::digest).containsExactly(B);
        Baseline.Result both = staging(results, "requests");
        assertThat(both.outcome()).isEqualTo(Baseline.Outcome.ADOPTED);
        assertThat(both.running().images()).extracting(i -> i.container() + "=" + i.image())
                .as("the sidecar the manifest does not name is not Harbourmaster's")
                .containsExactly("app=" + REG + "catalogue/requests@" + N, "nginx=" + REG + "platform/nginx@" + N);
        assertThat(both.running().adopted()).isTrue();
        assertThat(both.running().adoptedFrom()).endsWith("catalogue-requests-staging:4");
        assertThat(both.running().since()).isEqualTo(NOW);
        assertThat(both.running().releaseSetId()).isNull();
        assertThat(staging(results, "search").outcome()).as("no such ECS service").isEqualTo(Baseline.Outcome.ABSENT);
        assertThat(results.stream().filter(r -> r.environmentId().equals("prod")))
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Baseline.Outcome.ABSENT));
    }

    @Test
    void whatCannotBeToldIsNotAdoptedAndSaysWhy() {
        runs("id_minter", Map.of("id_minter", REG + "catalogue/id_minter:v1"), task("id_minter", A), task("id_minter", B));
        runs("ingestor", Map.of("ingestor", REG + "catalogue/other:v1"));
        runs("search", Map.of("app", "docker.io/library/search:1", "nginx", REG + "platform/nginx@" + N));
        runs("requests", Map.of("app", REG + "catalogue/requests:gone", "nginx", REG + "platform/nginx@" + N));
        when(ecr.describe(any(), any())).thenReturn(new EcrImages.Lookup(null, "ECR has no image catalogue/requests:gone"));

        List<Baseline.Result> results = baseline().adopt(List.of(), false);

        assertThat(staging(results, "id_minter").reason()).contains("2 running tasks run 2 digests of container id_minter")
                .contains("adopt again when it has ended");
        assertThat(staging(results, "ingestor").reason()).contains("not an image of catalogue/ingestor");
        assertThat(staging(results, "search").reason()).contains("docker.io/library/search:1, which is not in a private ECR");
        assertThat(staging(results, "requests").reason()).contains("ECR has no image catalogue/requests:gone");
        assertThat(results.stream().filter(r -> r.environmentId().equals("staging")))
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Baseline.Outcome.NOT_ADOPTED));
        verify(records, never()).writeCurrentState(any(), any());
    }

    @Test
    void aRowADeploymentWroteIsKeptUnreadAndOneThatOnlyNotesAChangeOutsideIsAdoptedOverItsRevision() {
        runs("id_minter", Map.of("id_minter", REG + "catalogue/id_minter@" + A));
        runs("ingestor", Map.of("ingestor", REG + "catalogue/ingestor@" + A));
        runs("search", Map.of("app", REG + "catalogue/search@" + A, "nginx", REG + "platform/nginx@" + N));
        CurrentState deployed = new CurrentState("catalogue", "staging", "id_minter", new CurrentState.Running("1234567",
                List.of(), "catalogue/staging/01J", DeploymentStatus.COMPLETED, NOW, "bob", "x", "ecs-svc/1"), null, null, 4);
        CurrentState failedFirst = new CurrentState("catalogue", "staging", "search", null, new CurrentState.LastDeployment(
                "catalogue/staging/01K", "7654321", DeploymentStatus.FAILED, "exit 1", NOW, "bob", "y", NOW), null, 1);
        CurrentState.OutOfBand console = new CurrentState.OutOfBand("ecs-svc/77", "COMPLETED", NOW.minusSeconds(60), "console");
        CurrentState outside = new CurrentState("catalogue", "staging", "ingestor", null, null, console, 2);
        List<CurrentState[]> written = new ArrayList<>();
        when(records.writeCurrentState(any(), any())).thenAnswer(call -> written.add(new CurrentState[] {
                call.getArgument(0), call.getArgument(1)}));

        List<Baseline.Result> results = baseline().adopt(List.of(deployed, failedFirst, outside), false);

        assertThat(staging(results, "id_minter").outcome()).isEqualTo(Baseline.Outcome.KEPT);
        assertThat(staging(results, "id_minter").reason()).contains("deployed by Harbourmaster: release set catalogue/staging/01J");
        assertThat(staging(results, "search").outcome()).isEqualTo(Baseline.Outcome.KEPT);
        assertThat(staging(results, "search").reason()).contains("FAILED").contains("hm deploy there");
        assertThat(staging(results, "ingestor").outcome()).isEqualTo(Baseline.Outcome.ADOPTED);
        assertThat(written).singleElement().satisfies(w -> {
            assertThat(w[0]).as("the condition: the row as read").isEqualTo(outside);
            assertThat(w[1].outOfBand()).isEqualTo(console);
            assertThat(w[1].running().adopted()).isTrue();
        });
    }

    @Test
    void anAdoptedBaselineIsRenewedOnlyWhenEcsRunsOtherImagesAndADryRunWritesNothing() {
        runs("id_minter", Map.of("id_minter", REG + "catalogue/id_minter@" + A));
        runs("ingestor", Map.of("ingestor", REG + "catalogue/ingestor@" + B));
        CurrentState same = adopted("id_minter", A);
        CurrentState moved = adopted("ingestor", A);

        List<Baseline.Result> dry = baseline().adopt(List.of(same, moved), true);

        assertThat(staging(dry, "id_minter").outcome()).isEqualTo(Baseline.Outcome.KEPT);
        assertThat(staging(dry, "ingestor").outcome()).isEqualTo(Baseline.Outcome.WOULD_ADOPT);
        assertThat(staging(dry, "ingestor").reason()).contains("renews the baseline").contains("ECS runs other images now");
        verify(records, never()).writeCurrentState(any(), any());
        verify(recording, never()).record(any());

        List<Baseline.Result> real = baseline().adopt(List.of(same, moved), false);
        assertThat(staging(real, "ingestor").outcome()).isEqualTo(Baseline.Outcome.ADOPTED);
        verify(records).writeCurrentState(org.mockito.ArgumentMatchers.eq(moved), any());
    }

    @Test
    void aClusterEcsDoesNotHaveLeavesItsServicesNotAdoptedNamingIt() {
        org.mockito.Mockito.doThrow(new ContainerPlatformException("DescribeServices", "catalogue-staging",
                "ClusterNotFoundException", "Cluster not found.", false, null)).when(ecs).services(any(), any());

        List<Baseline.Result> results = baseline().adopt(List.of(), false);

        assertThat(results).hasSize(8).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Baseline.Outcome.NOT_ADOPTED);
            assertThat(r.reason()).contains("not found").contains("fix the environment's cluster");
        });
    }

    private static CurrentState adopted(String service, String digest) {
        return new CurrentState("catalogue", "staging", service, CurrentState.Running.adopted("1234567",
                List.of(new ReleaseImage(service, "catalogue/" + service, digest, REG + "catalogue/" + service + "@" + digest,
                        "1234567")), NOW.minusSeconds(3600), "carol", null, "adopted", "ecs-svc/1",
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-" + service + "-staging:3", null), null, null, 0);
    }
}
