package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitLogTest {

    @TempDir
    Path repo;

    private String git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    private String commit(String subject) throws IOException, InterruptedException {
        Files.writeString(repo.resolve("file"), subject);
        git("add", "file");
        git("commit", "-q", "-m", subject);
        return git("rev-parse", "HEAD");
    }

    @Test
    void listsTheCommitsBetweenTwoHashesNewestFirst() throws Exception {
        git("init", "-q");
        String first = commit("first");
        commit("second");
        String third = commit("third");

        List<String> between = new GitLog(repo).between(first.substring(0, 7), third);

        assertThat(between).hasSize(2);
        assertThat(between.get(0)).endsWith(" third");
        assertThat(between.get(1)).endsWith(" second");
    }

    @Test
    void outsideACheckoutOrWithUnknownHashesThereIsNothing(@TempDir Path empty) throws Exception {
        assertThat(new GitLog(empty).between("abc1234", "def5678")).isEmpty();
        git("init", "-q");
        commit("only");
        assertThat(new GitLog(repo).between("abc1234", "def5678")).isEmpty();
        assertThat(new GitLog(repo).between("not a hash", "HEAD")).isEmpty();
    }
}
