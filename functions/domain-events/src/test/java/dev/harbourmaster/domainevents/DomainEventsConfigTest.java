package dev.harbourmaster.domainevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainEventsConfigTest {

    @Test
    void theNamespaceDefaultsToHarbourmaster() {
        assertThat(DomainEventsConfig.fromEnvironment(Map.of("TABLE_NAME", "t", "EVENT_BUS_NAME", "b")))
                .isEqualTo(new DomainEventsConfig("t", "b", "Harbourmaster"));
        assertThat(DomainEventsConfig.fromEnvironment(Map.of("TABLE_NAME", "t", "EVENT_BUS_NAME", "b",
                "METRICS_NAMESPACE", "Other")).metricsNamespace()).isEqualTo("Other");
    }

    @Test
    void theTableAndTheBusAreRequired() {
        assertThatThrownBy(() -> DomainEventsConfig.fromEnvironment(Map.of("EVENT_BUS_NAME", "b")))
                .hasMessageContaining("TABLE_NAME");
        assertThatThrownBy(() -> DomainEventsConfig.fromEnvironment(Map.of("TABLE_NAME", "t")))
                .hasMessageContaining("EVENT_BUS_NAME");
    }
}
