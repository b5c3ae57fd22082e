package dev.harbourmaster.drills;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP proxy on loopback in front of moto, for the SDK clients of a drill (their endpoint).
 * It can
 * <ul>
 *   <li>go dark: stop listening, so that every connection is refused and pooled ones are cut (what
 *       "AWS unreachable" looks like to a client), while moto behind it keeps its state; and light
 *       up again on the same port;</li>
 *   <li>answer a seeded share of requests with a fault instead of forwarding them: DynamoDB
 *       ThrottlingException or ProvisionedThroughputExceededException, ECS/ECR ThrottlingException
 *       (HTTP 400 with the service's JSON error), 500 or 503;</li>
 *   <li>lose a seeded share of answers: forward the request (it takes effect) and answer 500, the
 *       ambiguous failure a client cannot tell from one that never arrived.</li>
 * </ul>
 * Requests are told apart by their X-Amz-Target header (every service the functions call speaks
 * AWS JSON).
 */
final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");

    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Random random;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final int port;
    private volatile HttpServer server;
    private volatile double faultRate;
    private volatile double lostAnswerRate;
    private volatile boolean oneAtATime;
    private volatile String loseTarget;
    private volatile int loseOccurrence;
    private final AtomicLong loseSeen = new AtomicLong();
    private final Object upstreamTurn = new Object();

    FaultProxy(URI upstream, long seed) throws IOException {
        this.upstream = upstream;
        this.random = new Random(seed);
        this.server = start(0);
        this.port = server.getAddress().getPort();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** From now on, this share of requests gets a fault instead of an answer, and this share loses its answer. */
    void faults(double rate, double lostAnswers) {
        this.faultRate = rate;
        this.lostAnswerRate = lostAnswers;
    }

    /** Loses the answer of the {@code occurrence}-th request to {@code target} (e.g. "DynamoDB_20120810.PutItem") from now on. */
    void loseAnswerOf(String target, int occurrence) {
        loseSeen.set(0);
        this.loseOccurrence = occurrence;
        this.loseTarget = target;
    }

    /**
     * Forwards one request at a time: each request then takes effect alone, as DynamoDB isolates a
     * transaction or a conditional write, which moto does not do under concurrent requests.
     */
    void oneAtATime(boolean on) {
        this.oneAtATime = on;
    }

    /** Stops listening and cuts every open connection: clients get "connection refused" until {@link #light()}. */
    synchronized void dark() {
        if (server != null) {
            server.stop(0);
            server = null;
            count("outages");
        }
    }

    /** Listens again, on the same port. */
    synchronized void light() {
        if (server == null) {
            for (int attempt = 1; ; attempt++) {
                try {
                    server = start(port);
                    return;
                } catch (IOException e) {
                    if (attempt == 50) {
                        throw new IllegalStateException("the proxy could not listen on port " + port + " again", e);
                    }
                    sleep(100);
                }
            }
        }
    }

    boolean isDark() {
        return server == null;
    }

    Map<String, Long> counts() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    long count(String name, long n) {
        return counts.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    private void count(String name) {
        count(name, 1);
    }

    private HttpServer start(int onPort) throws IOException {
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        } catch (BindException e) {
            throw e;
        }
        s.setExecutor(workers);
        s.createContext("/", this::handle);
        s.start();
        return s;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readAll(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String service = target == null ? "other" : target.substring(0, Math.max(0, target.indexOf('.')));
            double dice;
            double lostDice;
            synchronized (random) {
                dice = random.nextDouble();
                lostDice = random.nextDouble();
            }
            if (dice < faultRate) {
                fault(exchange, service, dice / faultRate);
                return;
            }
            HttpResponse<byte[]> answer;
            try {
                if (oneAtATime) {
                    synchronized (upstreamTurn) {
                        answer = forward(exchange, body);
                    }
                } else {
                    answer = forward(exchange, body);
                }
            } catch (IOException | InterruptedException e) {
                count("upstream unreachable");
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            boolean targeted = target != null && target.equals(loseTarget) && loseSeen.incrementAndGet() == loseOccurrence;
            if (targeted || lostDice < lostAnswerRate) {
                count("answers lost after the request took effect");
                send(exchange, 500, jsonType(service), error(service, "InternalServerError", "answer lost by the drill's proxy"));
                return;
            }
            count("forwarded");
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (IOException e) {
            // the proxy went dark under this exchange, or the client gave up: nothing to answer
        }
    }

    /** One of the faults the service really answers with under load, picked by where {@code which} (0..1) falls. */
    private void fault(HttpExchange exchange, String service, double which) throws IOException {
        String type = jsonType(service);
        boolean dynamo = service.startsWith("DynamoDB");
        if (which < 0.5) {
            String code = dynamo && which < 0.25 ? "ProvisionedThroughputExceededException" : "ThrottlingException";
            count("injected " + code);
            send(exchange, 400, type, error(service, code, dynamo ? "Rate of requests exceeds the allowed throughput."
                    : "Rate exceeded"));
        } else if (which < 0.75) {
            count("injected 500");
            send(exchange, 500, type, error(service, dynamo ? "InternalServerError" : "ServerException",
                    "We encountered an internal error. Please try again."));
        } else {
            count("injected 503");
            send(exchange, 503, type, error(service, "ServiceUnavailable", "Service Unavailable"));
        }
    }

    private static String jsonType(String service) {
        return service.startsWith("DynamoDB") ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }

    private static byte[] error(String service, String code, String message) {
        String type = service.startsWith("DynamoDB_") ? "com.amazonaws.dynamodb.v20120810#" + code : code;
        return ("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().put("Content-Type", List.of(contentType));
        exchange.getResponseHeaders().put("x-amzn-RequestId", List.of(java.util.UUID.randomUUID().toString()));
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        URI uri = upstream.resolve(exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        dark();
        workers.shutdownNow();
    }
}
