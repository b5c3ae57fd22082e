package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ReleaseSetStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentStatesTest {

    @ParameterizedTest
    @CsvSource({"REQUESTED,in_progress", "IN_PROGRESS,in_progress", "SUCCEEDED,success", "FAILED,failure",
            "PARTIAL,failure", "REJECTED,failure"})
    void aSetsStatusIsAGitHubState(ReleaseSetStatus status, String state) {
        assertThat(DeploymentStates.of(status)).contains(state);
        assertThat(DeploymentStates.of(status.name())).contains(state);
    }

    @ParameterizedTest
    @CsvSource({"QUEUED", "AWAITING_APPROVAL", "UNKNOWN"})
    void statusesWithoutARolloutTellGitHubNothing(ReleaseSetStatus status) {
        assertThat(DeploymentStates.of(status)).isEmpty();
    }

    @Test
    void textNoStatusHasIsNoState() {
        assertThat(DeploymentStates.of("DONE")).isEmpty();
        assertThat(DeploymentStates.of((String) null)).isEmpty();
    }

    @Test
    void everyStateIsOneGitHubsDescriptionAllows() {
        for (ReleaseSetStatus status : ReleaseSetStatus.values()) {
            DeploymentStates.of(status).ifPresent(state ->
                    assertThat(state).isIn("error", "failure", "inactive", "in_progress", "queued", "pending", "success"));
        }
    }
}
