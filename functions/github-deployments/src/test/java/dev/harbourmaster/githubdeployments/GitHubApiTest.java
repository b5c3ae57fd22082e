package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against the loopback GitHub: headers, retries, what is and is not tried again. */
class GitHubApiTest {

    private static final GitHubRepository REPO = new GitHubRepository("wellcomecollection", "catalogue-pipeline");

    private final LoopbackGitHub github = new LoopbackGitHub("ghp_test");
    private final List<Duration> pauses = new ArrayList<>();
    private final GitHubApi api = new GitHubApi(github.url(), () -> "ghp_test", GitHubApi.httpClient(Duration.ofSeconds(2)),
            Duration.ofSeconds(2), 3, Duration.ofMillis(100), pauses::add);

    @AfterEach
    void close() {
        github.close();
    }

    private static ObjectNode deployment() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("ref", StreamFixtures.HASH);
        body.put("environment", "catalogue/staging");
        body.put("auto_merge", false);
        body.putArray("required_contexts");
        body.putObject("payload").put("releaseSet", "01JSET");
        return body;
    }

    @Test
    void aCreatedDeploymentIsListedByRefAndEnvironment() {
        long id = api.createDeployment(REPO, deployment());

        assertThat(api.deployments(REPO, StreamFixtures.HASH, "catalogue/staging"))
                .extracting(d -> d.path("id").asLong()).containsExactly(id);
        assertThat(api.deployments(REPO, StreamFixtures.HASH, "catalogue/prod")).isEmpty();
        assertThat(github.problems()).isEmpty();
        assertThat(github.requests("repos/list-deployments").get(0).query())
                .containsEntry("environment", "catalogue/staging").containsEntry("ref", StreamFixtures.HASH);
    }

    @Test
    void serverErrorsAndTooManyRequestsAreTriedAgainWithGrowingPauses() {
        github.answerNext(500, 429);

        long id = api.createDeployment(REPO, deployment());

        assertThat(id).isPositive();
        assertThat(github.requests("repos/create-deployment")).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aGitHubThatStaysDownIsUnavailableAfterTheLastAttempt() {
        github.down(true);

        assertThatThrownBy(() -> api.createDeployment(REPO, deployment()))
                .isInstanceOf(GitHubUnavailableException.class).hasMessageContaining("503");
        assertThat(github.requests()).hasSize(3);
    }

    @Test
    void aClientErrorIsRefusedAtOnceWithGitHubsMessage() {
        github.answerNext(422);

        assertThatThrownBy(() -> api.createDeployment(REPO, deployment()))
                .isInstanceOf(GitHubRefusedException.class).hasMessageContaining("422").hasMessageContaining("Validation Failed");
        assertThat(github.requests()).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void noAnswerInTimeIsUnavailable() throws Exception {
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            GitHubApi slow = new GitHubApi("http://127.0.0.1:" + silent.getLocalPort(), () -> "t",
                    GitHubApi.httpClient(Duration.ofMillis(300)), Duration.ofMillis(300), 2, Duration.ZERO, d -> { });

            assertThatThrownBy(() -> slow.deployments(REPO, "main", "catalogue/staging"))
                    .isInstanceOf(GitHubUnavailableException.class).hasMessageContaining("timed out");
        }
    }

    @Test
    void githubsErrorMessageIsReadFromItsBody() {
        assertThat(GitHubApi.message("{\"message\":\"Conflict: Commit status checks failed for main.\",\"errors\":[{\"contexts\":[]}]}"))
                .isEqualTo("Conflict: Commit status checks failed for main. [{\"contexts\":[]}]");
        assertThat(GitHubApi.message("<html>bad gateway</html>")).isEqualTo("<html>bad gateway</html>");
    }
}
