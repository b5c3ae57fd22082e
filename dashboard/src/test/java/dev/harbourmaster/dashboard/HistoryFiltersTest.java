package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    @Test
    void timesOutsideWhatSetIdsCanCountAreRefusedSayingWhatIsAllowed() {
        // The review's values: each made Ulid.lowest overflow, and the dashboard dropped the connection.
        for (String query : List.of("since=%2B999999999-12-31T23:59:59Z", "until=-999999999-01-01T00:00:00Z",
                "until=1969-12-31T23:59:59Z", "since=10000-01-02")) {
            assertThatThrownBy(() -> of(query)).as(query).isInstanceOf(BadRequest.class)
                    .hasMessageEndingWith("must be a day (2026-11-20) or a UTC time (2026-11-20T10:00:00Z) from 1970-01-01"
                            + " to 9999-12-31, not '" + java.net.URLDecoder.decode(query.substring(query.indexOf('=') + 1),
                            java.nio.charset.StandardCharsets.UTF_8) + "'");
        }
        assertThat(of("since=1970-01-01&until=9999-12-31").query("catalogue").until())
                .isEqualTo(Instant.parse("+10000-01-01T00:00:00Z"));
    }

    @Test
    void theDashboardAnswersThemWith400() {
        DeploymentHistory history = mock(DeploymentHistory.class);
        when(history.projectState("catalogue")).thenReturn(Optional.of(new ProjectState(PROJECT, List.of())));
        Dashboard dashboard = new DashboardWiring(history, mock(BuildLedger.class), mock(DeliveryRecords.class),
                List.of("catalogue"), Clock.systemUTC()).dashboard();

        Response page = dashboard.get("/p/catalogue/history", "since=%2B999999999-12-31T23:59:59Z");
        Response api = dashboard.get("/api/p/catalogue/history", "until=-999999999-01-01T00:00:00Z");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("from 1970-01-01 to 9999-12-31");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.body()).contains("\"error\"", "from 1970-01-01 to 9999-12-31");
        verify(history, never()).history(any(), any());
    }
}
