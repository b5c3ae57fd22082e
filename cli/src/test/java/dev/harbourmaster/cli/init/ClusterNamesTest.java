package dev.harbourmaster.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterNamesTest {

    @Test
    void theSharedWordsAreTheProjectAndTheRestEachEnvironment() {
        ClusterNames.Reading reading = ClusterNames.read(List.of("shop-staging", "shop-prod"), List.of());

        assertThat(reading.projectId()).isEqualTo("shop");
        assertThat(reading.environmentIds()).containsExactly("staging", "prod");
        assertThat(reading.guessed()).isEmpty();
    }

    @Test
    void oneClusterIsSplitAtTheWordThatNamesAnEnvironment() {
        ClusterNames.Reading reading = ClusterNames.read(List.of("catalogue-api-production"), List.of());

        assertThat(reading.projectId()).isEqualTo("catalogue-api");
        assertThat(reading.environmentIds()).containsExactly("production");
    }

    @Test
    void aNameWithoutEnvironmentWordIsTheEnvironmentAndSaidToBeAGuess() {
        ClusterNames.Reading reading = ClusterNames.read(List.of("Payments_Main"), List.of());

        assertThat(reading.projectId()).isNull();
        assertThat(reading.environmentIds()).containsExactly("payments-main");
        assertThat(reading.guessed()).containsExactly("Payments_Main");
    }

    @Test
    void givenNamesWinInOrderAndTheRestAreRead() {
        ClusterNames.Reading reading = ClusterNames.read(List.of("ecs-blue", "ecs-green-prod"), List.of("staging"));

        assertThat(reading.projectId()).isEqualTo("ecs");
        assertThat(reading.environmentIds()).containsExactly("staging", "prod");
    }

    @Test
    void idsAreMadeValid() {
        assertThat(ClusterNames.id("My Cluster/Prod")).isEqualTo("my-cluster-prod");
        assertThat(ClusterNames.id("***")).isEqualTo("default");
        assertThat(ClusterNames.id("x".repeat(80))).hasSize(63);
    }
}
