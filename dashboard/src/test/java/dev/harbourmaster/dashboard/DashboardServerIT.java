package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The loopback server itself, over real sockets: which names it answers to, and what slow clients cannot do to it. */
class DashboardServerIT {

    private static final Emulator emulator = new Emulator();
    /** A normal request answers within this while slow clients hold connections (it takes ~0.1 s unloaded). */
    private static final Duration NORMAL_ANSWER = Duration.ofSeconds(3);
    private static final long REQUEST_MILLIS = Long.parseLong(DashboardServer.REQUEST_SECONDS) * 1000;

    private static DashboardServer server;

    @BeforeAll
    static void serve() throws IOException {
        String table = emulator.newTable();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(Fixtures.exampleProject());
        Dashboard dashboard = DashboardWiring.of(emulator.dynamo(), table, List.of("catalogue")).dashboard();
        server = DashboardServer.start(dashboard, 0, List.of("devbox.local"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code head} (request line and headers, without the blank line that ends them) and returns the whole answer. */
    private static String answer(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String statusLine(String head) throws IOException {
        String answer = answer(head);
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    @Test
    void aPageUnderAnotherNameGets421WhateverTheRequestLineSays() throws IOException {
        int port = server.port();
        String api = "/api/p/catalogue/status";

        assertThat(statusLine("GET " + api + " HTTP/1.1\r\nHost: 127.0.0.1:" + port)).endsWith(" 200 OK");
        assertThat(statusLine("GET " + api + " HTTP/1.1\r\nHost: localhost:" + port)).endsWith(" 200 OK");
        assertThat(statusLine("GET " + api + " HTTP/1.1\r\nHost: [::1]:" + port)).endsWith(" 200 OK");
        assertThat(statusLine("GET " + api + " HTTP/1.1\r\nHost: devbox.local:" + port)).endsWith(" 200 OK");

        assertThat(statusLine("GET " + api + " HTTP/1.1\r\nHost: attacker.example:" + port)).contains(" 421 ");
        assertThat(statusLine("HEAD " + api + " HTTP/1.1\r\nHost: attacker.example:" + port)).contains(" 421 ");
        assertThat(statusLine("POST " + api + " HTTP/1.1\r\nHost: attacker.example:" + port)).contains(" 421 ");
        assertThat(statusLine("GET http://attacker.example:" + port + api + " HTTP/1.1\r\nHost: 127.0.0.1:" + port))
                .contains(" 421 ");
        assertThat(statusLine("GET http://127.0.0.1:" + port + api + " HTTP/1.1\r\nHost: attacker.example"))
                .endsWith(" 200 OK");
        assertThat(statusLine("GET " + api + " HTTP/1.0")).contains(" 400 ");
    }

    @Test
    void theRefusalCarriesTheSecurityHeadersAndSaysHowToAllowAName() throws IOException {
        String refused = answer("GET /p/catalogue HTTP/1.1\r\nHost: attacker.example:" + server.port());

        assertThat(refused).containsIgnoringCase("Content-Security-Policy: default-src 'none'")
                .contains("--allow-host NAME").doesNotContain("id_minter");
    }

    /**
     * Fifty clients each send a request line and then one header line a second, never ending their
     * requests (the review's probe), plus one that sends its headers and then drips its body. A normal
     * request meanwhile answers within {@link #NORMAL_ANSWER}, and each slow client is cut off once it
     * has taken {@link DashboardServer#REQUEST_SECONDS} to send its request.
     */
    @Test
    void slowClientsNeitherStopNormalRequestsNorStayConnected() throws Exception {
        String host = "Host: 127.0.0.1:" + server.port() + "\r\n";
        List<SlowClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(new SlowClient("GET /static/dashboard.css HTTP/1.1\r\n" + host, "X-Drip: " + i + "\r\n"));
        }
        clients.add(new SlowClient("POST /p/catalogue HTTP/1.1\r\n" + host + "Content-Length: 100\r\n\r\n", "x"));
        Thread drip = Thread.ofPlatform().daemon().start(() -> {
            while (clients.stream().anyMatch(c -> !c.socket.isClosed())) {
                clients.forEach(SlowClient::drip);
                sleep(Duration.ofSeconds(1));
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (int probe = 0; probe < 3; probe++) {
                sleep(Duration.ofSeconds(2));
                long start = System.nanoTime();
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/p/catalogue/status"))
                        .timeout(NORMAL_ANSWER).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(status.statusCode()).isEqualTo(200);
                System.out.printf("normal request with %d slow clients connected: %d ms%n", clients.size(),
                        (System.nanoTime() - start) / 1_000_000);
            }
        }
        List<Long> cutOffAfter = new ArrayList<>();
        for (SlowClient client : clients) {
            cutOffAfter.add(client.millisUntilClosed(REQUEST_MILLIS + 10_000));
        }
        System.out.printf("slow clients cut off after %d to %d ms%n", Collections.min(cutOffAfter), Collections.max(cutOffAfter));
        assertThat(cutOffAfter).as("ms until the server closed each slow client")
                .allSatisfy(ms -> assertThat(ms).isBetween(REQUEST_MILLIS - 500, REQUEST_MILLIS + 5_000));
        drip.join(5_000);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A client that sends {@code start} at once, then {@code drop} whenever asked to. */
    private static final class SlowClient {
        private final Socket socket;
        private final String drop;
        private final long started = System.nanoTime();

        SlowClient(String start, String drop) throws IOException {
            this.socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            this.drop = drop;
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        }

        void drip() {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(drop.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByServer) {
                close();
            }
        }

        /** Reads (and drops) what the server sends until it closes the connection: ms since this client connected. */
        long millisUntilClosed(long atMost) throws IOException {
            socket.setSoTimeout((int) atMost);
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // a 405 for the client that drips a body, before its connection is cut
                }
            } catch (SocketException reset) {
                // closed with unread data: a reset rather than an end of stream
            } finally {
                close();
            }
            return (System.nanoTime() - started) / 1_000_000;
        }

        private void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing, whatever state it is in
            }
        }
    }
}
