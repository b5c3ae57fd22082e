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

    @Test
    void cdEventsAreOnOnlyWhenTheTemplateSaysOn() {
        Map<String, String> base = Map.of("TABLE_NAME", "t", "EVENT_BUS_NAME", "b");
        assertThat(DomainEventsConfig.fromEnvironment(base).cdEvents()).as("a function without CDEVENTS").isFalse();
        assertThat(DomainEventsConfig.fromEnvironment(with(base, "on")).cdEvents()).isTrue();
        assertThat(DomainEventsConfig.fromEnvironment(with(base, "OFF")).cdEvents()).isFalse();
        assertThatThrownBy(() -> DomainEventsConfig.fromEnvironment(with(base, "yes")))
                .hasMessageContaining("CDEVENTS").hasMessageContaining("on or off");
    }

    private static Map<String, String> with(Map<String, String> base, String cdEvents) {
        java.util.Map<String, String> environment = new java.util.HashMap<>(base);
        environment.put("CDEVENTS", cdEvents);
        return environment;
    }
}
