package dev.harbourmaster.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commits between two release hashes, when hm runs inside the project's git checkout: what a
 * deploy or a diff would bring. Nothing (never an error) when there is no checkout, no git, or
 * either hash is unknown to it: the commit range is a courtesy, not a condition.
 */
public final class GitLog {

    private static final int MAX_COMMITS = 50;

    private final Path directory;

    public GitLog(Path directory) {
        this.directory = directory;
    }

    /** "abc1234 subject" lines of the commits in {@code to} but not in {@code from}, newest first (at most 50). */
    public List<String> between(String from, String to) {
        if (from == null || to == null || from.equals(to) || !isHash(from) || !isHash(to)) {
            return List.of();
        }
        return git("log", "--max-count=" + MAX_COMMITS, "--format=%h %s", from + ".." + to);
    }

    private static boolean isHash(String text) {
        return text.matches("[0-9a-f]{7,40}");
    }

    private List<String> git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return List.of();
            }
            return out.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
