package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * hm started as a person starts it: bin/hm, with its flags and its start-up cache (made first, as a
 * person's first run makes it), on this JVM's JDK.
 */
final class HmLauncher {

    static final Path ROOT = Emulator.repositoryRoot();
    private static final Path CACHE_DIR = ROOT.resolve("cli/target/startup-cache");

    private HmLauncher() {}

    /** bin/hm ARGS with these variables added; its output goes to {@code out}. Seconds it took, after it exited 0. */
    static double run(Map<String, String> environment, Path out, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/hm").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(process.exitValue()).as("hm %s said:%n%s", String.join(" ", args), Files.readString(out)).isZero();
        return seconds;
    }

    /** The start-up cache of this jar on this JDK, made now if there is none (bin/hm's first run starts it). */
    static void ensureCache() throws Exception {
        if (Runtime.version().feature() < 19) {
            return;
        }
        String suffix = Runtime.version().feature() >= 25 ? ".aot" : ".jsa";
        Path out = Files.createTempFile("hm-version", ".txt");
        run(Map.of(), out, "--version");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.isDirectory(CACHE_DIR) ? Files.list(CACHE_DIR) : Stream.empty()) {
                List<String> names = files.map(f -> f.getFileName().toString()).toList();
                if (names.stream().anyMatch(n -> n.endsWith(suffix)) && names.stream().noneMatch(n -> n.endsWith(".conf"))) {
                    return;
                }
                if (names.stream().anyMatch(n -> n.endsWith(".tried")) && suffix.equals(".jsa")
                        && Instant.now().isAfter(deadline.minus(Duration.ofSeconds(90)))) {
                    return; // a JDK without a base CDS archive makes none: measured as it is
                }
            }
            Thread.sleep(250);
        }
    }
}
