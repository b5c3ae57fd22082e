package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurrentStatesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T02:11:32Z");
    private static final List<ReleaseImage> IMAGES = List.of();

    private static ReleaseSet set(String id) {
        return new ReleaseSet(id, "catalogue", "staging", null, List.of(), ReleaseSetKind.DEPLOY, "ecr-push",
                "auto-deploy", T0, ReleaseSetStatus.IN_PROGRESS, null);
    }

    private static Deployment completed(ReleaseSet set, String hash, Instant startedAt) {
        return Deployment.builder().releaseSetId(set.id()).projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash(hash).images(IMAGES)
                .previousTaskDefinition("td:1").claimedAt(startedAt)
                .started("td:2", "ecs-svc/" + hash).ended(DeploymentStatus.COMPLETED, "steady", startedAt.plusSeconds(5));
    }

    @Test
    void aDeploymentStartedLaterRunsEvenWhenItsSetIdSortsFirst() {
        // Two pushes in one second: the auto-deploy sets' ids share their time and differ in no particular order.
        ReleaseSet first = set("01M8T8AX1RYMTHDT14ZXV8V1RX");
        ReleaseSet second = set("01M8T8AX1RN9YE2DWVDG51G9E9");
        CurrentState row = CurrentStates.after(null, completed(first, "d000005", T0), first);

        CurrentState after = CurrentStates.after(row, completed(second, "d000006", T0.plusMillis(900)), second);

        assertThat(after).isNotNull();
        assertThat(after.running().releaseHash()).isEqualTo("d000006");
        assertThat(after.last().startedAt()).isEqualTo(T0.plusMillis(900));
    }

    @Test
    void theEndOfADeploymentStartedEarlierArrivingLateLeavesTheRow() {
        ReleaseSet older = set("01M8T8AX1RN9YE2DWVDG51G9E9");
        ReleaseSet newer = set("01M8T8AX1RYMTHDT14ZXV8V1RX");
        CurrentState row = CurrentStates.after(null, completed(newer, "d000006", T0.plusMillis(900)), newer);

        assertThat(CurrentStates.after(row, completed(older, "d000005", T0), older)).isNull();
    }

    @Test
    void aRowWrittenBeforeStartsWereKeptIsOrderedBySetId() {
        ReleaseSet older = set("01M8T8AX1R0000000000000000");
        ReleaseSet newer = set("01M8T8AX1R0000000000000001");
        CurrentState.LastDeployment kept = new CurrentState.LastDeployment(newer.id(), "d000006", DeploymentStatus.COMPLETED,
                null, T0, "ecr-push", "auto-deploy", null);
        CurrentState row = new CurrentState("catalogue", "staging", "id_minter", null, kept, null, 3);

        assertThat(CurrentStates.after(row, completed(older, "d000005", T0.plusSeconds(60)), older)).isNull();
        assertThat(CurrentStates.after(row, completed(newer, "d000006", T0), newer)).isNotNull();
    }

    @Test
    void aSuccessKeepsTheConfigurationOfTheRevisionItRegisteredAndAFailureKeepsWhatRan() {
        ReleaseSet set = set("01M8T8AX1R0000000000000001");
        ConfigFingerprint registered = new ConfigFingerprint("256", "1024", List.of());
        Deployment succeeded = Deployment.builder().releaseSetId(set.id()).projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("d000007").images(IMAGES)
                .config(new DeploymentConfig(TaskDefinitionBase.RUNNING, "td:1", registered, ConfigChanges.NONE, false))
                .previousTaskDefinition("td:1").claimedAt(T0)
                .started("td:2", "ecs-svc/7").ended(DeploymentStatus.COMPLETED, "steady", T0.plusSeconds(5));

        CurrentState row = CurrentStates.after(null, succeeded, set);
        assertThat(row.running().config()).isEqualTo(registered);

        ReleaseSet later = set("01M8T8AX1R0000000000000002");
        Deployment failed = Deployment.builder().releaseSetId(later.id()).projectId("catalogue").environmentId("staging")
                .serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("d000008").images(IMAGES)
                .config(new DeploymentConfig(TaskDefinitionBase.RUNNING, "td:2", new ConfigFingerprint("256", "2048", List.of()),
                        ConfigChanges.NONE, false))
                .previousTaskDefinition("td:2").claimedAt(T0.plusSeconds(60))
                .started("td:3", "ecs-svc/8").ended(DeploymentStatus.FAILED, "tasks failed", T0.plusSeconds(90));
        assertThat(CurrentStates.after(row, failed, later).running().config()).as("td:2 still runs").isEqualTo(registered);
    }
}
