package dev.harbourmaster.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code hm --version} prints: the Maven project version and the commit hm was built from, both written
 * into version.properties by the build (cli/pom.xml), e.g. {@code hm 0.1.0 (commit 747d664)}.
 */
final class Version implements CommandLine.IVersionProvider {

    static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {line(built())};
    }

    /** The version line of the given properties; a missing or unfilled value reads "unknown". */
    static String line(Properties built) {
        return "hm " + value(built, "version") + " (commit " + value(built, "commit") + ")";
    }

    private static String value(Properties built, String key) {
        String value = built.getProperty(key, "").strip();
        // "${...}" is the placeholder itself: the file was copied without Maven's filtering (an IDE's build).
        return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
    }

    static Properties built() {
        Properties built = new Properties();
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                built.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return built;
    }
}
