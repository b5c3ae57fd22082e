package dev.harbourmaster.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellTest {

    @TempDir
    Path dir;

    @Test
    void plainWordsStayAsTheyAre() {
        assertThat(Shell.command("hm", "rollback", "--project", "catalogue", "--to", "01JD0000000000000000000000"))
                .isEqualTo("hm rollback --project catalogue --to 01JD0000000000000000000000");
        assertThat(Shell.quote("1111aaa..2222bbb")).isEqualTo("1111aaa..2222bbb");
    }

    @Test
    void theReviewsReleaseHashIsOneWordAndNeverRuns() throws Exception {
        Path marker = dir.resolve("owned");
        String hostile = "$(touch${IFS}" + marker + ")";
        String command = Shell.command("git", "log", "--oneline", "1111aaa.." + hostile);

        assertThat(command).isEqualTo("git log --oneline '1111aaa..$(touch${IFS}" + marker + ")'");
        assertThat(bash("printf '%s' " + Shell.quote("1111aaa.." + hostile))).isEqualTo("1111aaa.." + hostile);
        assertThat(marker).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "a b", "`id`", "x;rm -rf ~", "-rf", "\"$HOME\"", "back\\slash", "new\nline",
            "release notes\u001b]0;owned\u0007\u001b[2J\u001b[41m", "csi\u009b2J", "bidi\u202egnp.exe", ""})
    void bashReadsBackExactlyTheWord(String word) throws Exception {
        assertThat(bash("printf '%s' " + Shell.quote(word))).isEqualTo(word);
    }

    @Test
    void controlCharactersNeverAppearRawInTheCommand() {
        assertThat(Shell.quote("notes\u001b]0;owned\u0007")).isEqualTo("$'notes\\x1b]0;owned\\x07'");
        assertThat(Shell.quote("csi\u009b2J it's")).isEqualTo("$'csi\\u009b2J it\\'s'");
    }

    private String bash(String script) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8"); // bash writes the non-ASCII escapes of $'' as UTF-8 only in a UTF-8 locale
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
