package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import org.junit.jupiter.api.Test;

/** status, history and show: usage that is refused before any AWS call. */
class HistoryCommandsTest {

    private final Session session = mock(Session.class);
    private final HmRunner hm = new HmRunner(session);

    @Test
    void helpListsTheRecordCommands() {
        HmRunner.Run run = hm.run("--help");

        assertThat(run.out()).contains("status", "history", "show");
        assertThat(hm.run("help", "history").out()).contains("--env", "--service", "--since", "--limit", "--page",
                "--output", "--table");
    }

    @Test
    void aSinceNotUnderstoodIsExit2NamingTheAcceptedForms() {
        HmRunner.Run run = hm.run("history", "--project", "catalogue", "--since", "last week");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("hm: --since 'last week' is not understood: use a span back from now (30m, 24h, 7d)"
                + " or an ISO date or time");
        verifyNoInteractions(session);
    }

    @Test
    void aPageTokenThatIsNotOneIsExit2() {
        HmRunner.Run run = hm.run("history", "--project", "catalogue", "--page", "page-2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--page 'page-2' is not a page token: pass the one the previous page printed");
        verifyNoInteractions(session);
    }

    @Test
    void limitsOutsideOneToAThousandAreExit2() {
        assertThat(hm.run("history", "--project", "catalogue", "--limit", "0").err()).contains("--limit must be at least 1");
        HmRunner.Run tooMany = hm.run("history", "--project", "catalogue", "--limit", "5000");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--limit must be at most 1000");
        verifyNoInteractions(session);
    }

    @Test
    void statusNeedsAProjectAndShowAnId() {
        HmRunner.Run status = hm.run("status");
        HmRunner.Run show = hm.run("show");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.err()).startsWith("hm: no project named: pass --project ID, set HM_PROJECT=ID");
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("Missing required parameter: 'RELEASE_SET_ID'");
        verify(session).defaultProject();
        verifyNoMoreInteractions(session);
    }
}
