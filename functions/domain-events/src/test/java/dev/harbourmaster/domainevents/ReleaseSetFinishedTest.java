package dev.harbourmaster.domainevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domainevents.ReleaseSetFinished.ServiceOutcome;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReleaseSetFinishedTest {

    @Test
    void theSummaryNamesEachServiceWithItsHashOutcomeAndReasonThenWhoAndWhy() {
        String summary = ReleaseSetFinished.summary(List.of(
                new ServiceOutcome("ingestor", "ref.3f9c2ab", "ROLLED_BACK", "  circuit breaker: \"task failed\"\nto start  "),
                new ServiceOutcome("id_minter", "ref.3f9c2ab", "COMPLETED", null)), "alice", "ship it", "1 of 2 failed");

        assertThat(summary).isEqualTo("""
                ingestor ref.3f9c2ab ROLLED_BACK: circuit breaker: "task failed"
                to start
                id_minter ref.3f9c2ab COMPLETED
                Requested by alice: ship it""");
    }

    @Test
    void withoutDescriptionOrRequesterTheSummaryStillSaysWho() {
        assertThat(ReleaseSetFinished.summary(List.of(), null, " ", null)).isEqualTo("Requested by (unknown)");
    }

    @Test
    void manyServicesWithLongReasonsStayWithinTheSummaryBound() {
        List<ServiceOutcome> services = IntStream.range(0, 40)
                .mapToObj(i -> new ServiceOutcome("service-" + i, "ref.3f9c2ab", "FAILED", "é".repeat(1000))).toList();

        String summary = ReleaseSetFinished.summary(services, "alice", "why ".repeat(1000), null);

        assertThat(summary.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ReleaseSetFinished.SUMMARY_BYTES);
        assertThat(summary).startsWith("service-0 ref.3f9c2ab FAILED: ééé").contains("service-1 ref.3f9c2ab FAILED")
                .endsWith(" bytes)");
    }
}
