package dev.harbourmaster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * docs/BENCHMARKS.md is a document of sections, one per benchmark, each between its own markers
 * ({@code <!-- bench:NAME -->} … {@code <!-- /bench:NAME -->}). A benchmark rewrites only its own
 * section, so benchmarks of different modules (and ones added later) never clobber each other:
 *
 * <pre>{@code
 * BenchmarkReport.writeSection("cold-start", markdown);   // replaces that section, or appends it at the end
 * }</pre>
 *
 * Each written section starts with the line {@link #machineLine()} (date, OS, cores, Java, "moto on
 * loopback"), because sections are rewritten at different times. Text outside the markers (the
 * document's title and introduction) is kept as it is. Section names: lowercase letters, digits
 * and dashes.
 */
public final class BenchmarkReport {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final String PREAMBLE = """
            # Benchmarks

            Written by `make bench` (not a test: it never runs in `make test`). Every number comes from
            moto, the AWS emulator, on loopback, on the machine named at the top of each section; each
            section is rewritten by its own benchmark between its `<!-- bench:NAME -->` markers.
            """;

    private BenchmarkReport() {}

    /** docs/BENCHMARKS.md of this repository. */
    public static Path file() {
        return Emulator.repositoryRoot().resolve("docs/BENCHMARKS.md");
    }

    /** "Measured on 2026-11-26: Linux amd64, Intel(R) Xeon(R) Processor, 2 cores, 24 GB, Java 25.0.3, moto on loopback." */
    public static String machineLine() {
        return "Measured on " + Instant.now().toString().substring(0, 10) + ": " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + cpu().map(model -> model + ", ").orElse("")
                + Runtime.getRuntime().availableProcessors() + " cores, " + memoryGb().map(gb -> gb + " GB, ").orElse("")
                + "Java " + System.getProperty("java.version") + ", moto on loopback.";
    }

    /** The CPU's model name, where /proc/cpuinfo tells it. */
    private static Optional<String> cpu() {
        return procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).strip());
    }

    /** The machine's memory in whole GB, where /proc/meminfo tells it. */
    private static Optional<Long> memoryGb() {
        return procLine("/proc/meminfo", "MemTotal:").map(line -> Math.round(
                Long.parseLong(line.replaceAll("\\D", "")) / (1024.0 * 1024.0)));
    }

    private static Optional<String> procLine(String file, String prefix) {
        try (var lines = Files.lines(Path.of(file))) {
            return lines.filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Replaces section {@code name} of docs/BENCHMARKS.md with the machine line and {@code markdown}. */
    public static void writeSection(String name, String markdown) {
        writeSection(file(), name, markdown);
    }

    /** As {@link #writeSection(String, String)}, into any file (tests use a temporary one). */
    public static void writeSection(Path file, String name, String markdown) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("section name must be lowercase letters, digits and dashes: " + name);
        }
        String block = begin(name) + "\n" + machineLine() + "\n\n" + markdown.strip() + "\n" + end(name);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // Two benchmarks of different JVMs may finish at the same moment: one writer at a time.
            Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                String text = Files.isRegularFile(file) ? Files.readString(file) : PREAMBLE;
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, replace(text, name, block));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(lockFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document with section {@code name} replaced by {@code block}, or {@code block} appended. */
    static String replace(String text, String name, String block) {
        int from = text.indexOf(begin(name));
        int to = text.indexOf(end(name));
        if (from >= 0 && to > from) {
            return text.substring(0, from) + block + text.substring(to + end(name).length());
        }
        String body = text.stripTrailing();
        return body + "\n\n" + block + "\n";
    }

    private static String begin(String name) {
        return "<!-- bench:" + name + " -->";
    }

    private static String end(String name) {
        return "<!-- /bench:" + name + " -->";
    }
}
