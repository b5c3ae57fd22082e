package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for api.github.com on a loopback port: every request is checked against GitHub's
 * OpenAPI description ({@link GitHubOpenApi}) and GitHub's headers (Accept, X-GitHub-Api-Version,
 * a Bearer token, a User-Agent), and what is wrong is kept in {@link #problems()}. It answers as
 * GitHub's examples do: a created deployment or status is 201 with its id, a list is newest
 * first and filtered by ref and environment. {@link #answerNext} scripts failures first.
 */
public final class LoopbackGitHub implements AutoCloseable {

    public record Request(String method, String path, Map<String, String> query, JsonNode body, String operation) {}

    /** A GitHub App the loopback GitHub knows: its installation tokens are minted for a JWT its key signed. */
    public record App(String appId, long installationId, java.security.PublicKey key) {}

    private final HttpServer server;
    private final String token;
    private final App app;
    private final java.util.Set<String> issued = new java.util.HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, List<ObjectNode>> deployments = new LinkedHashMap<>();
    private final Map<Long, List<ObjectNode>> statuses = new LinkedHashMap<>();
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private volatile boolean down;
    private int mintedCount;
    private java.time.Duration tokenLifetime = java.time.Duration.ofHours(1);

    public LoopbackGitHub(String token) {
        this(token, null);
    }

    /** A GitHub that takes only installation tokens of {@code app} (and, to mint them, the app's JWT). */
    public static LoopbackGitHub forApp(App app) {
        return new LoopbackGitHub(null, app);
    }

    private LoopbackGitHub(String token, App app) {
        this.token = token;
        this.app = app;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests are answered with these statuses (and GitHub's error body), in order, before any is served. */
    public synchronized void answerNext(Integer... codes) {
        scripted.addAll(List.of(codes));
    }

    /** Every request answered 503 from now on (or served again). */
    public void down(boolean isDown) {
        down = isDown;
    }

    /** How long the installation tokens minted from now on are valid (GitHub's: an hour). */
    public synchronized void tokenLifetime(java.time.Duration lifetime) {
        tokenLifetime = lifetime;
    }

    /** How many installation tokens were minted. */
    public synchronized int minted() {
        return mintedCount;
    }

    public synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requests(String operation) {
        return requests.stream().filter(r -> operation.equals(r.operation())).toList();
    }

    /** The deployments made in "owner/repo", oldest first. */
    public synchronized List<ObjectNode> deployments(String repository) {
        return List.copyOf(deployments.getOrDefault(repository.toLowerCase(Locale.ROOT), List.of()));
    }

    /** The states of a deployment's statuses, oldest first. */
    public synchronized List<String> states(long deploymentId) {
        return statuses.getOrDefault(deploymentId, List.of()).stream().map(s -> s.path("state").asText()).toList();
    }

    public synchronized List<ObjectNode> statuses(long deploymentId) {
        return List.copyOf(statuses.getOrDefault(deploymentId, List.of()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? null : Json.MAPPER.readTree(raw);
            int status;
            JsonNode answer;
            synchronized (this) {
                GitHubOpenApi.Operation operation = GitHubOpenApi.operation(method, path);
                requests.add(new Request(method, path, query, body, operation == null ? null : operation.id()));
                checkHeaders(exchange, method + " " + path, body != null, operation == null ? null : operation.id());
                if (operation == null) {
                    problems.add(method + " " + path + ": no such operation in GitHub's description (of those kept)");
                    status = 404;
                    answer = error("Not Found");
                } else if (down) {
                    status = 503;
                    answer = error("Service Unavailable");
                } else if (!scripted.isEmpty()) {
                    status = scripted.poll();
                    answer = error(status >= 500 ? "Server Error" : "Validation Failed");
                } else {
                    List<String> wrong = GitHubOpenApi.problems(operation, query, body);
                    wrong.forEach(p -> problems.add(operation.id() + ": " + p));
                    if (!wrong.isEmpty()) {
                        status = 422;
                        answer = error("Validation Failed");
                    } else {
                        status = operation.id().equals("repos/list-deployments") ? 200 : 201;
                        if (operation.id().equals("apps/create-installation-access-token")) {
                            mintedCount++;
                        }
                        answer = serve(operation, query, (ObjectNode) body);
                    }
                }
            }
            byte[] out = Json.MAPPER.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private JsonNode serve(GitHubOpenApi.Operation operation, Map<String, String> query, ObjectNode body) {
        if (operation.id().equals("apps/create-installation-access-token")) {
            if (app == null || Long.parseLong(operation.pathValues().get("installation_id")) != app.installationId()) {
                throw new AssertionError("no such installation: " + operation.pathValues());
            }
            String minted = "ghs_" + ids.incrementAndGet() + "loopback";
            issued.add(minted);
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.put("token", minted);
            answer.put("expires_at", java.time.Instant.now().plus(tokenLifetime).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            answer.putObject("permissions").put("deployments", "write");
            answer.put("repository_selection", "all");
            return answer;
        }
        String owner = operation.pathValues().get("owner");
        String repo = operation.pathValues().get("repo");
        String key = (owner + "/" + repo).toLowerCase(Locale.ROOT);
        String base = url() + "/repos/" + owner + "/" + repo;
        switch (operation.id()) {
            case "repos/create-deployment" -> {
                long id = ids.incrementAndGet();
                ObjectNode deployment = Json.MAPPER.createObjectNode();
                deployment.put("url", base + "/deployments/" + id);
                deployment.put("id", id);
                deployment.put("node_id", "MDEwOkRlcGxveW1lbnQx");
                deployment.put("sha", body.path("ref").asText());
                deployment.put("ref", body.path("ref").asText());
                deployment.put("task", body.path("task").asText("deploy"));
                deployment.set("payload", body.has("payload") ? body.get("payload") : Json.MAPPER.createObjectNode());
                deployment.put("original_environment", body.path("environment").asText("production"));
                deployment.put("environment", body.path("environment").asText("production"));
                deployment.put("description", body.path("description").asText(""));
                deployment.put("created_at", "2026-11-20T10:00:00Z");
                deployment.put("updated_at", "2026-11-20T10:00:00Z");
                deployment.put("statuses_url", base + "/deployments/" + id + "/statuses");
                deployment.put("repository_url", base);
                deployment.put("transient_environment", body.path("transient_environment").asBoolean(false));
                deployment.put("production_environment", body.path("production_environment").asBoolean(false));
                deployments.computeIfAbsent(key, k -> new ArrayList<>()).add(deployment);
                return deployment;
            }
            case "repos/list-deployments" -> {
                ArrayNode list = Json.MAPPER.createArrayNode();
                List<ObjectNode> all = new ArrayList<>(deployments.getOrDefault(key, List.of()));
                java.util.Collections.reverse(all);
                int perPage = Integer.parseInt(query.getOrDefault("per_page", "30"));
                all.stream().filter(d -> !query.containsKey("ref") || d.path("ref").asText().equals(query.get("ref")))
                        .filter(d -> !query.containsKey("environment") || d.path("environment").asText().equals(query.get("environment")))
                        .limit(perPage).forEach(list::add);
                return list;
            }
            case "repos/create-deployment-status" -> {
                long deploymentId = Long.parseLong(operation.pathValues().get("deployment_id"));
                long id = ids.incrementAndGet();
                ObjectNode status = body.deepCopy();
                status.put("id", id);
                status.put("url", base + "/deployments/" + deploymentId + "/statuses/" + id);
                status.put("deployment_url", base + "/deployments/" + deploymentId);
                status.put("created_at", "2026-11-20T10:00:00Z");
                statuses.computeIfAbsent(deploymentId, k -> new ArrayList<>()).add(status);
                return status;
            }
            default -> throw new AssertionError(operation.id());
        }
    }

    private void checkHeaders(HttpExchange exchange, String request, boolean hasBody, String operation) {
        var headers = exchange.getRequestHeaders();
        expect(request, "Accept", headers.getFirst("Accept"), "application/vnd.github+json");
        expect(request, "X-GitHub-Api-Version", headers.getFirst("X-GitHub-Api-Version"), "2022-11-28");
        String authorization = String.valueOf(headers.getFirst("Authorization"));
        if (app == null) {
            expect(request, "Authorization", authorization, "Bearer " + token);
        } else if ("apps/create-installation-access-token".equals(operation)) {
            String jwtProblem = jwtProblem(authorization);
            if (jwtProblem != null) {
                problems.add(request + ": " + jwtProblem);
            }
        } else if (!authorization.startsWith("Bearer ") || !issued.contains(authorization.substring(7))) {
            problems.add(request + ": Authorization is " + authorization + ", not an installation token minted here");
        }
        String agent = headers.getFirst("User-Agent");
        if (agent == null || agent.isBlank()) {
            problems.add(request + ": no User-Agent (GitHub refuses requests without one)");
        }
        if (hasBody && !String.valueOf(headers.getFirst("Content-Type")).startsWith("application/json")) {
            problems.add(request + ": body without Content-Type application/json");
        }
    }

    /** What is wrong with an app's JWT (RS256, signed by its key, issued by its id, at most 10 minutes long, current), or null. */
    private String jwtProblem(String authorization) {
        if (!authorization.startsWith("Bearer ")) {
            return "no Bearer JWT";
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return "a JWT has three parts";
        }
        try {
            java.util.Base64.Decoder url = java.util.Base64.getUrlDecoder();
            JsonNode header = Json.MAPPER.readTree(url.decode(parts[0]));
            JsonNode claims = Json.MAPPER.readTree(url.decode(parts[1]));
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initVerify(app.key());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            long now = java.time.Instant.now().getEpochSecond();
            if (!header.path("alg").asText().equals("RS256")) {
                return "JWT alg " + header.path("alg") + ", not RS256";
            } else if (!rsa.verify(url.decode(parts[2]))) {
                return "the JWT's signature is not the app key's";
            } else if (!claims.path("iss").asText().equals(app.appId())) {
                return "JWT iss " + claims.path("iss") + ", not the app id " + app.appId();
            } else if (claims.path("exp").asLong() - claims.path("iat").asLong() > 600) {
                return "a JWT of more than 10 minutes";
            } else if (claims.path("iat").asLong() > now || claims.path("exp").asLong() <= now) {
                return "a JWT not valid now";
            }
            return null;
        } catch (Exception e) {
            return "the JWT cannot be read: " + e;
        }
    }

    private void expect(String request, String header, String actual, String expected) {
        if (!expected.equals(actual)) {
            problems.add(request + ": " + header + " is " + actual + ", not " + expected);
        }
    }

    private ObjectNode error(String message) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("message", message);
        error.put("documentation_url", "https://docs.github.com/rest/deployments/deployments#create-a-deployment");
        error.put("status", "");
        return error;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
