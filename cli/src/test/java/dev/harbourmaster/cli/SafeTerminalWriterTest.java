package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SafeTerminalWriterTest {

    /** The review's ECS stopped reason: a window-title change, a screen clear and red text. */
    private static final String REASON = "OutOfMemory\u001b]0;owned\u0007\u001b[2J\u001b[31mRED";
    private static final String ID = "01JD8XK0000000000000000000";
    private static final Instant AT = Instant.parse("2026-11-20T09:00:00Z");

    private final Session session = mock(Session.class);
    private final HmRunner hm = new HmRunner(session);

    @Test
    void hmsOwnColoursGetThroughAndARecordsEscapeSequencesStillDoNot() {
        StringWriter terminal = new StringWriter();
        java.io.PrintWriter out = SafeTerminalWriter.around(terminal);

        out.print(SafeTerminalWriter.colour("FAILED", 31) + " " + REASON + " \uE000" + "31" + "\uE000");
        out.flush();

        assertThat(terminal.toString()).startsWith("\u001b[31mFAILED\u001b[0m OutOfMemory\\u001b]0;owned")
                .as("a guessed mark is only text").endsWith(" \uE00031\uE000").containsOnlyOnce("\u001b[31m");
    }

    @Test
    void whatATerminalWouldActOnIsShownAsItsEscape() {
        assertThat(SafeTerminalWriter.shown(REASON)).isEqualTo("OutOfMemory\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mRED");
        assertThat(SafeTerminalWriter.shown("csi\u009b2J del\u007f cr\r bidi\u202egnp.exe"))
                .isEqualTo("csi\\u009b2J del\\u007f cr\\u000d bidi\\u202egnp.exe");
        assertThat(SafeTerminalWriter.shown("two\nlines\tand a tab, ç, 🚢")).isEqualTo("two\nlines\tand a tab, ç, 🚢");

        StringWriter written = new StringWriter();
        var out = SafeTerminalWriter.around(written);
        out.print('\u001b');
        out.write("x\u009by".toCharArray(), 1, 1);
        out.println(REASON);
        assertThat(written.toString()).doesNotContain("\u001b", "\u0007", "\u009b").startsWith("\\u001b\\u009bOutOfMemory");
    }

    @Test
    void hmShowPrintsAStoppedReasonWithoutItsEscapeSequencesAndItsJsonReadsBackWhole() {
        DeploymentHistory history = mock(DeploymentHistory.class);
        when(session.history(anyString())).thenReturn(history);
        when(history.releaseSet(ID)).thenReturn(Optional.of(detail()));

        HmRunner.Run table = hm.run("show", ID);
        HmRunner.Run json = hm.run("show", ID, "--output", "json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("OutOfMemory\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31mRED")
                .doesNotContain("\u001b", "\u0007", "description\u009b");
        assertThat(table.out()).contains("notes\\u009b2J");
        assertThat(json.out()).doesNotContain("\u001b", "\u0007", "\u009b");
        assertThat(json.json().findValue("stoppedReason").asText()).isEqualTo(REASON);
        assertThat(json.json().findValue("description").asText()).isEqualTo("notes\u009b2J");
    }

    @Test
    void errorsToo() {
        HmRunner.Run run = hm.run("history", "--project", "catalogue", "--since", "\u001b[2J");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--since '\\u001b[2J' is not understood").doesNotContain("\u001b");
    }

    private static ReleaseSetDetail detail() {
        Release release = new Release("catalogue", "pipeline", "id_minter", "3f9c2ab", List.of(), "catalogue/id_minter",
                "sha256:" + "a".repeat(64), AT, null);
        ReleaseSet set = new ReleaseSet(ID, "catalogue", "staging", null, List.of(release), ReleaseSetKind.DEPLOY, "mallory",
                "notes\u009b2J", AT, ReleaseSetStatus.FAILED, "1 of 1 failed");
        DeploymentEvidence evidence = DeploymentEvidence.NONE.withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/t1",
                3, "STOPPED", "td:2", List.of(), REASON, "EssentialContainerExited", AT, AT.plusSeconds(30)));
        return new ReleaseSetDetail(set, List.of(Deployment.builder().releaseSetId(ID).projectId("catalogue")
                .environmentId("staging").serviceId("id_minter").cluster("c").ecsServiceName("s").releaseHash("3f9c2ab")
                .ecsDeploymentId("ecs-svc/1").previousTaskDefinition("td:1").taskDefinition("td:2")
                .status(DeploymentStatus.FAILED).reason(REASON).startedAt(AT).endedAt(AT.plusSeconds(60))
                .evidence(evidence).revision(1).build()));
    }
}
