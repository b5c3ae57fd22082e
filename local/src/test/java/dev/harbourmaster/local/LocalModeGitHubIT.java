package dev.harbourmaster.local;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static dev.harbourmaster.testing.ImagePushes.push;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.githubdeployments.LoopbackGitHub;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub deployments in local mode: the parameter GitHubTokenSecret given as a stack would be
 * given it, a loopback GitHub (checking requests against GitHub's OpenAPI description) standing in
 * for api.github.com, images pushed with an org.opencontainers.image.source of github.com, and
 * ingestor's deployments failing from the start (--fail).
 */
class LocalModeGitHubIT {

    /** The token local mode puts in the secret when $HM_LOCAL_GITHUB_TOKEN is not set. */
    private static final String TOKEN = "hm-local-github-token";
    private static final String REPO = "wellcomecollection/catalogue-pipeline";

    @TempDir
    static Path dir;

    private static final Emulator emulator = new Emulator();
    private static final ByteArrayOutputStream narration = new ByteArrayOutputStream();
    private static LoopbackGitHub github;
    private static LocalMode mode;

    @BeforeAll
    static void start() {
        github = new LoopbackGitHub(TOKEN);
        String run = UUID.randomUUID().toString().substring(0, 8);
        mode = LocalMode.start(new LocalMode.Options()
                .home(Emulator.repositoryRoot())
                .manifest(Fixtures.exampleManifestOnClusters(dir, run))
                .endpoint(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .table("hm-local-github-it-" + run)
                .prefix("hm-local-github-it-" + run)
                .busName("harbourmaster-local-github-it-" + run)
                .settle(Duration.ofSeconds(1))
                .poll(Duration.ofMillis(500))
                .fail("staging/ingestor")
                .parameter("GitHubTokenSecret", "hm-local-github-it/" + run)
                .parameter("NotificationDashboardUrl", "https://hm.example.org/")
                .githubApiUrl(URI.create(github.url()))
                .logFile(Path.of("target/local-github-it.log"))
                .out(new PrintStream(narration, true, StandardCharsets.UTF_8)));
    }

    @AfterAll
    static void stop() {
        if (mode != null) {
            mode.close();
        }
        if (github != null) {
            github.close();
        }
    }

    @Test
    void aPushThatDeploysIsAGitHubDeploymentThatSucceedsAndOneThatFailsAFailure() {
        String good = newHash();
        push(emulator.ecr(), "catalogue/id_minter", good, "https://github.com/" + REPO);
        ObjectNode succeeded = await("a successful GitHub deployment of " + good, () -> deployment(good, "success"));
        String bad = newHash();
        push(emulator.ecr(), "catalogue/ingestor", bad, "git@github.com:" + REPO + ".git");
        ObjectNode failed = await("a failed GitHub deployment of " + bad, () -> deployment(bad, "failure"));

        assertThat(github.states(succeeded.path("id").asLong())).containsExactly("in_progress", "success");
        assertThat(github.states(failed.path("id").asLong())).containsExactly("in_progress", "failure");
        assertThat(succeeded.path("environment").asText()).isEqualTo("catalogue/staging");
        assertThat(github.statuses(failed.path("id").asLong()).get(1).path("log_url").asText())
                .startsWith("https://hm.example.org/sets/");
        assertThat(github.problems()).as("requests GitHub's description or headers do not allow").isEmpty();
        assertThat(narration.toString(StandardCharsets.UTF_8)).contains("GitHub deployments of release sets go to " + github.url());
    }

    private static Optional<ObjectNode> deployment(String ref, String state) {
        return github.deployments(REPO).stream().filter(d -> d.path("ref").asText().equals(ref))
                .filter(d -> github.states(d.path("id").asLong()).contains(state)).findFirst();
    }

    private static <T> T await(String what, java.util.function.Supplier<Optional<T>> check) {
        return ImagePushes.await(what, Duration.ofSeconds(40), check, () -> "local mode said:\n"
                + narration.toString(StandardCharsets.UTF_8) + "\nGitHub received: " + github.requests()
                + "\nproblems: " + github.problems() + "\nlog:\n" + List.of());
    }
}
