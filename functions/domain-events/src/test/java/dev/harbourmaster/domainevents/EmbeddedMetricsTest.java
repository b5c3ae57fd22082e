package dev.harbourmaster.domainevents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domainevents.EmbeddedMetrics.Unit;
import dev.harbourmaster.support.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00.123Z");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final EmbeddedMetrics metrics = new EmbeddedMetrics("Team/Deploys",
            new PrintStream(out, true, StandardCharsets.UTF_8), () -> NOW);

    @Test
    void oneLineWithTheDirectiveFirstAndEveryTargetMemberAtTheRoot() throws Exception {
        metrics.entry().dimension("Project", "shop").dimension("Environment", "prod")
                .metric("Deployments", Unit.COUNT, 1, "Project", "Environment")
                .property("service", "api").property("absent", null)
                .write();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("{\"_aws\":");
        JsonNode line = Json.MAPPER.readTree(text);
        assertThat(line).isEqualTo(Json.MAPPER.readTree("""
                {"_aws": {"Timestamp": %d, "CloudWatchMetrics": [{"Namespace": "Team/Deploys",
                   "Dimensions": [["Project", "Environment"]], "Metrics": [{"Name": "Deployments", "Unit": "Count"}]}]},
                 "Project": "shop", "Environment": "prod", "Deployments": 1, "service": "api"}
                """.formatted(NOW.toEpochMilli())));
    }

    @Test
    void metricsWithDifferentDimensionSetsGetADirectiveEach() throws Exception {
        metrics.entry().dimension("Project", "shop").dimension("Outcome", "FAILED")
                .metric("A", Unit.COUNT, 1, "Project", "Outcome")
                .metric("B", Unit.MILLISECONDS, 5L, "Project")
                .metric("C", Unit.MILLISECONDS, 7L, "Project")
                .write();

        JsonNode directives = Json.MAPPER.readTree(out.toString(StandardCharsets.UTF_8)).path("_aws").path("CloudWatchMetrics");
        assertThat(directives).hasSize(2);
        assertThat(directives.get(0).path("Dimensions").toString()).isEqualTo("[[\"Project\",\"Outcome\"]]");
        assertThat(directives.get(1).path("Dimensions").toString()).isEqualTo("[[\"Project\"]]");
        assertThat(directives.get(1).path("Metrics").toString())
                .isEqualTo("[{\"Name\":\"B\",\"Unit\":\"Milliseconds\"},{\"Name\":\"C\",\"Unit\":\"Milliseconds\"}]");
    }

    @Test
    void aDimensionWithoutAValueIsRefusedRatherThanWrittenInvalid() {
        assertThatThrownBy(() -> metrics.entry().dimension("Project", null)
                .metric("Deployments", Unit.COUNT, 1, "Project").write())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Project");
        assertThat(out.size()).isZero();
    }
}
