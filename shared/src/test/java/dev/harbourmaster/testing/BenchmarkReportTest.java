package dev.harbourmaster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkReportTest {

    @TempDir
    Path dir;

    @Test
    void sectionsAreRewrittenInPlaceAndOthersKept() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        BenchmarkReport.writeSection(file, "cold-start", "first");
        BenchmarkReport.writeSection(file, "dashboard", "theirs");
        BenchmarkReport.writeSection(file, "cold-start", "second");

        String text = Files.readString(file);
        assertThat(text).startsWith("# Benchmarks").contains("second", "theirs").doesNotContain("first");
        assertThat(text.indexOf("<!-- bench:cold-start -->")).isLessThan(text.indexOf("<!-- bench:dashboard -->"));
        assertThat(text.split("<!-- bench:cold-start -->", -1)).hasSize(2);
        assertThat(text).contains(BenchmarkReport.machineLine());
    }

    @Test
    void textOutsideTheMarkersIsKept() throws IOException {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Title\n\nintro by hand\n");
        BenchmarkReport.writeSection(file, "burst", "numbers");
        assertThat(Files.readString(file)).startsWith("# Title\n\nintro by hand\n\n<!-- bench:burst -->");
    }

    @Test
    void namesAreChecked() {
        assertThatThrownBy(() -> BenchmarkReport.writeSection(dir.resolve("x.md"), "Cold Start", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
