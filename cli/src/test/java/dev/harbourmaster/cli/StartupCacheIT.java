package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hm's start-up cache (cli/src/dist/lib/harbourmaster/startup-cache.sh): the first run makes it in
 * the background, later runs use it, and a run with a truncated cache or one made for another jar
 * behaves exactly as a run without one: the same output, byte for byte, and the same exit code.
 */
class StartupCacheIT {

    private static final Path ROOT = Emulator.repositoryRoot();
    private static final Path CACHE_DIR = ROOT.resolve("cli/target/startup-cache");
    private static final String JAVA_HOME = System.getProperty("java.home");
    private static final int MAJOR = Runtime.version().feature();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {}

    private Run hm(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/hm").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        builder.environment().putAll(environment);
        builder.redirectError(dir.resolve("stderr").toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("hm %s ends", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), out, Files.readString(dir.resolve("stderr")));
    }

    private List<Run> runs(Map<String, String> environment, List<String[]> commands) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (String[] command : commands) {
            runs.add(hm(environment, command));
        }
        return runs;
    }

    private static List<Path> cacheFiles(String suffix) throws IOException {
        if (!Files.isDirectory(CACHE_DIR)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(CACHE_DIR)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    private static void deleteCaches() throws IOException {
        if (Files.isDirectory(CACHE_DIR)) {
            try (Stream<Path> files = Files.list(CACHE_DIR)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void aCacheIsMadeOnceAndAStaleOrForeignOneChangesNothing() throws Exception {
        String table = "startup-cache-" + Long.toHexString(System.nanoTime());
        Map<String, String> aws = Map.of("HM_TABLE", table, "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
        // A version, AWS asked and answering (a table that is not there), and bad usage.
        List<String[]> commands = List.of(new String[] {"--version"}, new String[] {"status", "--project", "nothing-here"},
                new String[] {"deploy", "--env"});
        Map<String, String> off = new java.util.HashMap<>(aws);
        off.put("HM_STARTUP_CACHE", "off");
        List<Run> without = runs(off, commands);
        assertThat(without.get(1).exitCode()).as(without.get(1).err()).isEqualTo(1);
        assertThat(without.get(2).exitCode()).as("bad usage").isEqualTo(2);

        deleteCaches();
        List<Run> first = runs(aws, commands);
        assertThat(first).as("the first run, which starts the training").isEqualTo(without);
        String cache = MAJOR >= 25 ? ".aot" : ".jsa";
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (MAJOR >= 25 && (cacheFiles(cache).isEmpty() || !cacheFiles(".conf").isEmpty())
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
        }
        if (MAJOR >= 25) {
            assertThat(cacheFiles(cache)).as("the cache, made in the background").hasSize(1);
            assertThat(cacheFiles(".conf")).as("its training record, removed").isEmpty();
        }
        assertThat(runs(aws, commands)).as("with the cache").isEqualTo(without);

        if (MAJOR >= 25) {
            Path made = cacheFiles(cache).get(0);
            byte[] whole = Files.readAllBytes(made);
            Files.write(made, java.util.Arrays.copyOf(whole, whole.length / 3));
            assertThat(runs(aws, commands)).as("with a truncated cache").isEqualTo(without);
            Files.write(made, "not a cache of any JDK's".repeat(4096).getBytes(StandardCharsets.UTF_8));
            assertThat(runs(aws, commands)).as("with a file no JDK made").isEqualTo(without);

            // A cache made for another jar (a copy elsewhere), under this jar's name: the JVM refuses it, silently.
            Path copy = Files.copy(ROOT.resolve("cli/target/hm.jar"), dir.resolve("hm.jar"));
            Path java = Path.of(JAVA_HOME, "bin", "java");
            Process record = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:AOTCacheOutput=" + made,
                    "-cp", copy.toString(), "dev.harbourmaster.cli.StartupTraining").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("training.log").toFile()).start();
            assertThat(record.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(record.exitValue()).as(Files.readString(dir.resolve("training.log"))).isZero();
            assertThat(runs(aws, commands)).as("with another jar's cache").isEqualTo(without);
        }
    }
}
