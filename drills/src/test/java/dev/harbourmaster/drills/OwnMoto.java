package dev.harbourmaster.drills;

import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A moto server of a drill's own (from .venv/moto), on a port of its own: to kill, or to spoil without harming other tests. */
final class OwnMoto implements AutoCloseable {

    private final Path python = Emulator.repositoryRoot().resolve(".venv/moto/bin/python");
    /** moto's server as scripts/moto_server.py changes it, as scripts/lib/moto.sh starts it. */
    private final Path server = Emulator.repositoryRoot().resolve("scripts/moto_server.py");
    final int port;
    private volatile Process process;

    OwnMoto() {
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException(python + " is missing: scripts/python-env.sh moto makes it");
        }
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
        awaitAnswers();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Starts a fresh moto on the same port (everything the last one held is gone). */
    void start() {
        try {
            Path log = Emulator.repositoryRoot().resolve(".run/moto-drills.log");
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(python.toString(), server.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no goodbye to the clients. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void awaitAnswers() {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var response = client.send(HttpRequest.newBuilder(endpoint().resolve("/moto-api/data.json")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("moto did not answer on " + endpoint());
    }

    @Override
    public void close() {
        kill();
    }
}
