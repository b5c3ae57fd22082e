package dev.harbourmaster.testing;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.support.ServedAccounts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's own fixtures: events/ and examples/. */
public final class Fixtures {

    /** The account and region of every fixture in events/ (123456789012 is also the emulator's account). */
    public static final ServedAccounts SERVED = ServedAccounts.of("123456789012", "eu-west-1");

    private Fixtures() {}

    public static String event(String name) {
        try {
            return Files.readString(Emulator.repositoryRoot().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * examples/harbourmaster.yml written to {@code dir} with this run's own clusters
     * (catalogue-staging-RUN, catalogue-prod-RUN): ECS state outlives a test on the emulator.
     *
     * @return the manifest's path
     */
    public static Path exampleManifestOnClusters(Path dir, String run) {
        Path manifest = dir.resolve("harbourmaster.yml");
        try {
            Files.writeString(manifest, Files.readString(Emulator.repositoryRoot().resolve("examples/harbourmaster.yml"))
                    .replace("cluster: catalogue-staging", "cluster: catalogue-staging-" + run)
                    .replace("cluster: catalogue-prod", "cluster: catalogue-prod-" + run));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifest;
    }

    public static Project exampleProject() {
        try {
            return new ManifestParser().parse(Emulator.repositoryRoot().resolve("examples/harbourmaster.yml"));
        } catch (ManifestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
