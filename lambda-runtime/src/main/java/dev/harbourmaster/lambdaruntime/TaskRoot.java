package dev.harbourmaster.lambdaruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A function's code as Lambda unpacks it in /var/task: what {@code sam build} puts in the function's
 * artifacts directory, made by the same Makefile target sam runs ({@code build-<LogicalId>},
 * BuildMethod makefile), so that a wrong target or jar fails here as it would in a deploy.
 */
public final class TaskRoot {

    private TaskRoot() {}

    /**
     * @param rebuildStale when false, the jars are used as they are even if a source is newer (inside
     *                     a Maven build that has just made them, make must not start another one)
     * @return {@code dir}, holding lib/*.jar
     */
    public static Path build(Path root, String logicalId, Path dir, boolean rebuildStale) {
        List<String> command = new ArrayList<>(List.of("make", "-s", "-C", root.toString(), "build-" + logicalId,
                "ARTIFACTS_DIR=" + dir.toAbsolutePath()));
        if (!rebuildStale) {
            command.add("SOURCES=");
        }
        try {
            Process make = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!make.waitFor(10, TimeUnit.MINUTES) || make.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            try (Stream<Path> jars = Files.list(dir.resolve("lib"))) {
                if (jars.noneMatch(jar -> jar.toString().endsWith(".jar"))) {
                    throw new IllegalStateException("make build-" + logicalId + " put no jar in " + dir.resolve("lib"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("make build-" + logicalId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
