package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** hm --version names the Maven project version and the commit the build saw. */
class VersionTest {

    private final HmRunner hm = new HmRunner(new Session());

    @Test
    void versionNamesTheProjectVersionAndTheCommitOfTheBuild() {
        HmRunner.Run run = hm.run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).matches("hm \\Q" + System.getProperty("hm.project.version") + "\\E"
                + " \\(commit ([0-9a-f]{7,40}(-dirty)?|unknown)\\)\\R");
    }

    @Test
    void theLineIsBuiltFromTheFilteredProperties() {
        assertThat(Version.line(properties("1.2.3", "747d664"))).isEqualTo("hm 1.2.3 (commit 747d664)");
        assertThat(Version.line(properties("1.2.3", "747d664-dirty"))).isEqualTo("hm 1.2.3 (commit 747d664-dirty)");
    }

    @Test
    void aCommitTheBuildCouldNotTellIsUnknown() {
        assertThat(Version.line(properties("1.2.3", "unknown"))).isEqualTo("hm 1.2.3 (commit unknown)");
        assertThat(Version.line(properties("1.2.3", " "))).isEqualTo("hm 1.2.3 (commit unknown)");
        assertThat(Version.line(new Properties())).isEqualTo("hm unknown (commit unknown)");
    }

    @Test
    void anUnfilteredPlaceholderIsUnknownNotPrinted() {
        assertThat(Version.line(properties("${project.version}", "${hm.commit}"))).isEqualTo("hm unknown (commit unknown)");
    }

    private static Properties properties(String version, String commit) {
        Properties properties = new Properties();
        properties.setProperty("version", version);
        properties.setProperty("commit", commit);
        return properties;
    }
}
