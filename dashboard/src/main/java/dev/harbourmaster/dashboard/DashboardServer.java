package dev.harbourmaster.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard on loopback only (127.0.0.1): it reads with the credentials of whoever started it,
 * so it must not be reachable from elsewhere, nor by a name other than loopback's ({@link HostCheck}).
 * GET and HEAD only.
 */
public final class DashboardServer implements AutoCloseable {

    /**
     * The JDK's server reads a request's headers on one of these threads, so a client that sends them
     * slowly holds one until {@link #REQUEST_SECONDS}: enough threads that many such clients leave
     * some for everyone else. Platform threads, not virtual: the JDK's server reads in synchronized
     * methods, which before JDK 24 pin a virtual thread to its carrier, so a few slow clients would
     * hold every carrier. Past the bound a new connection is closed at once rather than queued.
     */
    private static final int MAX_THREADS = 200;
    /**
     * How long a client may take to send its request, headers and body: past it the JDK's server
     * closes the connection. The property is the JDK's own, read once per JVM when its first server
     * starts, and in seconds (JDK-8387598: its documentation said milliseconds); one given with -D wins.
     */
    static final String REQUEST_SECONDS = "10";
    private static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";

    private final HttpServer server;
    private final ExecutorService threads;

    private DashboardServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** @param port 0 for any free port */
    public static DashboardServer start(Dashboard dashboard, int port) throws IOException {
        return start(dashboard, port, List.of());
    }

    /**
     * @param port 0 for any free port
     * @param allowedHosts names to answer to besides loopback's (--allow-host): NAME, or NAME:PORT; see {@link HostCheck#check}
     */
    public static DashboardServer start(Dashboard dashboard, int port, List<String> allowedHosts) throws IOException {
        HostCheck.check(allowedHosts);
        if (System.getProperty(MAX_REQ_TIME) == null) {
            System.setProperty(MAX_REQ_TIME, REQUEST_SECONDS);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService threads = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        HostCheck hosts = new HostCheck(server.getAddress().getPort(), allowedHosts);
        server.createContext("/", exchange -> answer(dashboard, hosts, exchange));
        server.start();
        return new DashboardServer(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private static void answer(Dashboard dashboard, HostCheck hosts, HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response = hosts.refusal(exchange.getRequestURI(), exchange.getRequestHeaders().get("Host"));
            if (response == null) {
                response = "GET".equals(method) || "HEAD".equals(method)
                        ? dashboard.get(exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery())
                        : new Response(405, "text/plain; charset=utf-8", "The dashboard only reads: GET it.", null);
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            Response.SECURITY_HEADERS.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (response.location() != null) {
                exchange.getResponseHeaders().set("Location", response.location());
            }
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            boolean head = "HEAD".equals(method);
            exchange.sendResponseHeaders(response.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
