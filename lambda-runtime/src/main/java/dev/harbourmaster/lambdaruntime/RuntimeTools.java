package dev.harbourmaster.lambdaruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the pieces of Lambda's java21 runtime are on this machine: the Runtime Interface Emulator
 * and a Java 21 runtime (both made ready by scripts/lambda-env.sh), and the runtime interface
 * client's jars (lambda-runtime/target/runtime/lib, copied there by the module's build).
 */
public record RuntimeTools(Path rie, Path javaHome, Path runtimeLib) {

    static final String RIC_JAR_PREFIX = "aws-lambda-java-runtime-interface-client-";

    /** Runs scripts/lambda-env.sh (it builds what is missing) and finds the client's jars; fails saying what is missing. */
    public static RuntimeTools prepare(Path root) {
        Map<String, String> exported = run(root, root.resolve("scripts/lambda-env.sh"));
        Path runtimeLib = root.resolve("lambda-runtime/target/runtime/lib");
        try (Stream<Path> jars = Files.list(runtimeLib)) {
            if (jars.noneMatch(jar -> jar.getFileName().toString().startsWith(RIC_JAR_PREFIX))) {
                throw new IllegalStateException(runtimeLib + " has no " + RIC_JAR_PREFIX + "*.jar: run make build");
            }
        } catch (IOException e) {
            throw new IllegalStateException(runtimeLib + " cannot be read (" + e.getMessage() + "): run make build", e);
        }
        return new RuntimeTools(Path.of(required(exported, "LAMBDA_RIE")), Path.of(required(exported, "LAMBDA_JAVA_HOME")),
                runtimeLib);
    }

    /** The {@code export NAME=value} lines a script prints. */
    private static Map<String, String> run(Path root, Path script) {
        try {
            Process process = new ProcessBuilder(script.toString()).directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(script + " failed (its reason is printed above): the functions cannot be"
                        + " run as Lambda runs them without the Runtime Interface Emulator and a Java 21 runtime");
            }
            Map<String, String> exported = new HashMap<>();
            output.lines().map(String::strip).filter(line -> line.startsWith("export ") && line.contains("="))
                    .forEach(line -> {
                        String assignment = line.substring("export ".length());
                        int equals = assignment.indexOf('=');
                        // printf %q quotes only unusual characters, each with a backslash.
                        exported.put(assignment.substring(0, equals), assignment.substring(equals + 1).replace("\\", ""));
                    });
            return exported;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String required(Map<String, String> exported, String name) {
        String value = exported.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("scripts/lambda-env.sh printed no " + name);
        }
        return value;
    }
}
