package dev.harbourmaster.testing;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The repository's own fixtures: events/ and examples/. */
public final class Fixtures {

    private Fixtures() {}

    public static String event(String name) {
        try {
            return Files.readString(Emulator.repositoryRoot().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Project exampleProject() {
        try {
            return new ManifestParser().parse(Emulator.repositoryRoot().resolve("examples/harbourmaster.yml"));
        } catch (ManifestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
