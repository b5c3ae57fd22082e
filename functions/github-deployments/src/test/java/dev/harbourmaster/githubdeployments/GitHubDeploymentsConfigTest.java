package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitHubDeploymentsConfigTest {

    @Test
    void githubIsApiGithubComUnlessToldOtherwise() {
        GitHubDeploymentsConfig config = GitHubDeploymentsConfig.fromEnvironment(
                Map.of("TABLE_NAME", "hm", "GITHUB_TOKEN_SECRET", "harbourmaster/github", "DASHBOARD_URL", ""));

        assertThat(config.apiUrl()).isEqualTo("https://api.github.com");
        assertThat(config.tokenSecret()).isEqualTo("harbourmaster/github");
        assertThat(config.dashboardUrl()).isEmpty();
    }

    @Test
    void aLoopbackGitHubAndADashboardAreTaken() {
        GitHubDeploymentsConfig config = GitHubDeploymentsConfig.fromEnvironment(Map.of("TABLE_NAME", "hm",
                "GITHUB_TOKEN_SECRET", "s", "GITHUB_API_URL", "http://127.0.0.1:8123", "DASHBOARD_URL", "https://hm.example/"));

        assertThat(config.apiUrl()).isEqualTo("http://127.0.0.1:8123");
        assertThat(config.dashboardUrl()).isEqualTo(Optional.of("https://hm.example/"));
    }

    @Test
    void theTokenIsNeverSentInTheClearToAnotherHost() {
        assertThatThrownBy(() -> GitHubDeploymentsConfig.fromEnvironment(Map.of("TABLE_NAME", "hm",
                "GITHUB_TOKEN_SECRET", "s", "GITHUB_API_URL", "http://github.example.com")))
                .hasMessageContaining("must be https");
    }

    @Test
    void withoutTheSecretTheFunctionDoesNotStart() {
        assertThatThrownBy(() -> GitHubDeploymentsConfig.fromEnvironment(Map.of("TABLE_NAME", "hm")))
                .hasMessageContaining("GITHUB_TOKEN_SECRET is not set");
    }
}
