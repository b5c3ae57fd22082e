package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.cli.deploy.Records.NOW;
import static dev.harbourmaster.cli.deploy.Records.release;
import static dev.harbourmaster.cli.deploy.Records.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan says which revision its deploys copy and, with base latest, what the newest one changes from what runs. */
class ConfigPreviewTest {

    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";

    private final ContainerPlatform ecs = mock(ContainerPlatform.class);

    private static Project stagingCopies(TaskDefinitionBase base) {
        Project p = Records.PROJECT;
        return new Project(p.id(), p.name(), p.releaseHashRule(), p.environments().stream().map(e -> !e.id().equals("staging") ? e
                : new Environment(e.id(), e.name(), e.cluster(), e.ecsServiceName(), e.autoDeploy(), e.approval(), e.placement(),
                base)).toList(), p.serviceSets());
    }

    private static Plan ingestorAlreadyRuns(Project project) {
        Release ingestor = release("ingestor", OLD, NOW);
        return new Plan(project, "staging", ReleaseSetKind.DEPLOY, null, List.of(), List.of(new ServiceChange("ingestor",
                running("staging", ingestor, "S").running(), ingestor, List.of(), null)), List.of(), "deploy a1b2c3d");
    }

    private static ConfigFingerprint memory(String memory, String... variables) {
        Map<String, String> env = new java.util.TreeMap<>();
        for (String v : variables) {
            env.put(v, "x");
        }
        return new ConfigFingerprint("256", memory, List.of(ConfigFingerprint.ContainerConfig.of("ingestor", null, null, env,
                Map.of(), List.of(), null, null)));
    }

    @Test
    void withTheRunningBaseTheEcsIsNotAskedAndThePlanSaysOnlyImagesChange() {
        Plan plan = ConfigPreview.of(ingestorAlreadyRuns(stagingCopies(TaskDefinitionBase.RUNNING)), () -> {
            throw new AssertionError("ECS asked");
        });

        assertThat(plan.context()).containsExactly("Task definition base: running (each new revision copies the one its"
                + " service runs; only images change)");
        assertThat(plan.nothingToChange()).isTrue();
    }

    @Test
    void withTheLatestBaseTheNewestRevisionsChangesArePlannedAndAServiceWhoseImagesRunChanges() {
        Project project = stagingCopies(TaskDefinitionBase.LATEST);
        Environment staging = project.environment("staging").orElseThrow();
        String ecsName = staging.ecsServiceNameOf("catalogue", project.serviceSetOf("ingestor").orElseThrow().id(), "ingestor");
        when(ecs.services(eq(staging.cluster()), anyList())).thenReturn(Map.of(ecsName,
                new RunningService(staging.cluster(), ecsName, "arn:svc", "arn:td:1", "ecs-svc/1", "ECS", null)));
        when(ecs.taskDefinition("arn:td:1")).thenReturn(new TaskDefinition("arn:td:1", "fam", Map.of(), List.of(), memory("512")));
        when(ecs.latestRevision("fam")).thenReturn(new TaskDefinition("arn:td:2", "fam", Map.of(), List.of(),
                memory("1024", "FEATURE_X")));

        Plan plan = ConfigPreview.of(ingestorAlreadyRuns(project), () -> ecs);

        assertThat(plan.context()).containsExactly("Task definition base: latest (each new revision copies its family's newest"
                + " ACTIVE revision)");
        assertThat(plan.changes().get(0).config().lines()).containsExactly("memory 512→1024", "+FEATURE_X");
        assertThat(plan.changes().get(0).configOnly()).isTrue();
        assertThat(plan.nothingToChange()).isFalse();
    }

    @Test
    void whenEcsCannotBeAskedThePlanSaysSoAndLeavesTheDeployerToDecide() {
        when(ecs.services(anyString(), anyList())).thenThrow(new ContainerPlatformException("DescribeServices", "c",
                "AccessDeniedException", "not allowed", false, null));

        Plan plan = ConfigPreview.of(ingestorAlreadyRuns(stagingCopies(TaskDefinitionBase.LATEST)), () -> ecs);

        assertThat(plan.context()).hasSize(2);
        assertThat(plan.context().get(1)).contains("could not ask ECS", "not allowed");
        assertThat(plan.nothingToChange()).isTrue();
    }
}
