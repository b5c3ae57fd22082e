package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The calls of GitHub's REST API (version 2022-11-28) this function makes: list deployments,
 * create a deployment, create a deployment status, and (for a GitHub App) create an installation
 * access token. Each request has GitHub's headers and a timeout;
 * a 5xx, a 429, a rate-limited 403 or a timeout is tried again (up to {@code attempts} in all, with
 * a growing pause), then {@link GitHubUnavailableException}; any other 4xx is
 * {@link GitHubRefusedException} with GitHub's message, at once.
 */
final class GitHubApi {

    static final String DEFAULT_BASE_URL = "https://api.github.com";
    static final String API_VERSION = "2022-11-28";
    static final String USER_AGENT = "harbourmaster-github-deployments";

    /** How a pause between attempts is taken (tests take none). */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String baseUrl;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration timeout;
    private final int attempts;
    private final Duration firstPause;
    private final Pause pause;

    GitHubApi(String baseUrl, Supplier<String> token, HttpClient http, Duration timeout, int attempts, Duration firstPause,
              Pause pause) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.http = http;
        this.timeout = timeout;
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.pause = pause;
    }

    static HttpClient httpClient(Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** GET /repos/{owner}/{repo}/deployments?ref=&environment=: the newest 100, newest first (GitHub's order). */
    List<JsonNode> deployments(GitHubRepository repository, String ref, String environment) {
        String path = repoPath(repository) + "/deployments?ref=" + encode(ref) + "&environment=" + encode(environment)
                + "&per_page=100";
        JsonNode answer = send("GET", path, null);
        List<JsonNode> deployments = new ArrayList<>();
        if (answer.isArray()) {
            answer.forEach(deployments::add);
        }
        return deployments;
    }

    /** GET /repos/{owner}/{repo}/deployments?environment=: the newest {@code limit} of an environment, newest first. */
    List<JsonNode> deployments(GitHubRepository repository, String environment, int limit) {
        JsonNode answer = send("GET", repoPath(repository) + "/deployments?environment=" + encode(environment)
                + "&per_page=" + limit, null);
        List<JsonNode> deployments = new ArrayList<>();
        if (answer.isArray()) {
            answer.forEach(deployments::add);
        }
        return deployments;
    }

    /** POST /repos/{owner}/{repo}/deployments: the new deployment's id. */
    long createDeployment(GitHubRepository repository, ObjectNode body) {
        String request = "POST " + repoPath(repository) + "/deployments";
        JsonNode answer = send("POST", repoPath(repository) + "/deployments", body);
        if (!answer.path("id").canConvertToLong()) {
            // 202: GitHub merged the default branch into the ref instead (auto_merge, which we turn off).
            throw new GitHubRefusedException(request, 202, answer.path("message").asText("no deployment id in the answer"));
        }
        return answer.path("id").asLong();
    }

    /** POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses. */
    void createStatus(GitHubRepository repository, long deploymentId, ObjectNode body) {
        send("POST", repoPath(repository) + "/deployments/" + deploymentId + "/statuses", body);
    }

    /** An installation access token and when it expires. */
    record InstallationToken(String token, Instant expiresAt) {}

    /** POST /app/installations/{installation_id}/access_tokens, as the app (its JWT), with no body: every repository and permission the installation has. */
    InstallationToken createInstallationToken(String jwt, long installationId) {
        String path = "/app/installations/" + installationId + "/access_tokens";
        JsonNode answer = send("POST", path, null, () -> jwt);
        if (!answer.path("token").isTextual()) {
            throw new GitHubRefusedException("POST " + path, 201, "no token in the answer");
        }
        Instant expires;
        try {
            expires = Instant.parse(answer.path("expires_at").asText());
        } catch (RuntimeException e) {
            expires = Instant.now().plusSeconds(3600);
        }
        return new InstallationToken(answer.path("token").asText(), expires);
    }

    private JsonNode send(String method, String path, ObjectNode body) {
        return send(method, path, body, token);
    }

    private JsonNode send(String method, String path, ObjectNode body, Supplier<String> bearer) {
        String request = method + " " + path;
        RuntimeException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                try {
                    pause.sleep(firstPause.multipliedBy(1L << (attempt - 2)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GitHubUnavailableException(request + ": interrupted", e);
                }
            }
            HttpResponse<String> response;
            try {
                response = http.send(request(method, path, body, bearer.get()), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // Timeouts (HttpTimeoutException), refused or reset connections.
                last = new GitHubUnavailableException(request + ": " + e, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubUnavailableException(request + ": interrupted", e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body());
            }
            String message = message(response.body());
            if (status >= 500 || status == 429 || isRateLimited(response)) {
                last = new GitHubUnavailableException(request + " answered " + status + ": " + message, null);
                continue;
            }
            throw new GitHubRefusedException(request, status, message);
        }
        throw last;
    }

    private HttpRequest request(String method, String path, ObjectNode body, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("Authorization", "Bearer " + bearer)
                .header("User-Agent", USER_AGENT);
        if (body == null) {
            return method.equals("GET") ? builder.GET().build() : builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
    }

    /** GitHub's primary rate limit answers 403 with x-ratelimit-remaining 0; its secondary one says so in the message. */
    private static boolean isRateLimited(HttpResponse<String> response) {
        return response.statusCode() == 403
                && (response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false)
                || response.headers().firstValue("retry-after").isPresent());
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /** GitHub's error body: {"message": …, "errors": [...], "documentation_url": …}; the first 300 characters otherwise. */
    static String message(String body) {
        JsonNode parsed = parse(body);
        if (parsed.hasNonNull("message")) {
            String message = parsed.path("message").asText();
            return parsed.has("errors") ? message + " " + parsed.path("errors") : message;
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static String repoPath(GitHubRepository repository) {
        return "/repos/" + encode(repository.owner()) + "/" + encode(repository.name());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
