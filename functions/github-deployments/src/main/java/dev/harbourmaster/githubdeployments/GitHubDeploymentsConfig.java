package dev.harbourmaster.githubdeployments;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Settings from the environment the template sets, read once.
 *
 * @param tokenSecret  the Secrets Manager secret (name or ARN) holding the GitHub token (GITHUB_TOKEN_SECRET)
 * @param apiUrl       GitHub's REST API (GITHUB_API_URL, default https://api.github.com; local mode and the
 *                     tests point it at a loopback server)
 * @param dashboardUrl the dashboard's address ending in "/" (DASHBOARD_URL, the template's
 *                     NotificationDashboardUrl), for the statuses' links; empty for none
 */
public record GitHubDeploymentsConfig(String tableName, String tokenSecret, String apiUrl, Optional<String> dashboardUrl) {

    public static GitHubDeploymentsConfig fromEnvironment(Map<String, String> environment) {
        String apiUrl = environment.getOrDefault("GITHUB_API_URL", "");
        apiUrl = apiUrl.isBlank() ? GitHubApi.DEFAULT_BASE_URL : apiUrl.strip();
        URI uri = URI.create(apiUrl);
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && isLoopback(uri.getHost()))) {
            throw new IllegalStateException("GITHUB_API_URL is '" + apiUrl + "': it must be https (http only to a loopback address)");
        }
        String dashboard = environment.getOrDefault("DASHBOARD_URL", "");
        return new GitHubDeploymentsConfig(required(environment, "TABLE_NAME", "the Harbourmaster table's name"),
                required(environment, "GITHUB_TOKEN_SECRET", "the Secrets Manager secret holding the GitHub token"),
                apiUrl, dashboard.isBlank() ? Optional.empty() : Optional.of(dashboard.strip()));
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    private static String required(Map<String, String> environment, String name, String what) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: the function needs " + what);
        }
        return value;
    }
}
