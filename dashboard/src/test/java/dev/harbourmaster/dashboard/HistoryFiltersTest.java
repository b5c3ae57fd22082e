package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryFiltersTest {

    private static final Project PROJECT = Fixtures.exampleProject();

    private static HistoryFilters of(String query) {
        return HistoryFilters.of(Request.of("/p/catalogue/history", query), PROJECT);
    }

    @Test
    void daysCoverWholeDaysInUtcAndEveryFilterReachesTheQuery() {
        HistoryFilters filters = of("env=prod&service=search&status=failed&by=alice&since=2026-11-01&until=2026-11-02&limit=20");
        HistoryQuery query = filters.query("catalogue");
        assertThat(query.environmentId()).isEqualTo("prod");
        assertThat(query.serviceId()).isEqualTo("search");
        assertThat(query.status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(query.requestedBy()).isEqualTo("alice");
        assertThat(query.since()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(query.until()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
        assertThat(query.limit()).isEqualTo(20);
        assertThat(filters.params()).containsKeys("env", "service", "status", "by", "since", "until", "limit");
    }

    @Test
    void emptyFieldsOfASubmittedFormAreNoFilter() {
        HistoryFilters filters = of("env=&service=&status=&by=+&since=&until=");
        assertThat(filters.any()).isFalse();
        assertThat(filters.query("catalogue").filtered()).isFalse();
    }

    @Test
    void wrongValuesSayWhatIsAllowed() {
        assertThatThrownBy(() -> of("env=qa")).isInstanceOf(BadRequest.class).hasMessage("no environment 'qa' in project catalogue");
        assertThatThrownBy(() -> of("service=x")).hasMessage("no service 'x' in project catalogue");
        assertThatThrownBy(() -> of("since=last+week")).hasMessageContaining("since must be a day (2026-11-20)");
        assertThatThrownBy(() -> of("limit=0")).hasMessage("limit must be a number from 1 to 200");
        assertThatThrownBy(() -> of("page=../../etc")).hasMessageContaining("page must be the id of a release set");
    }
}
