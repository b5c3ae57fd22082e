package dev.harbourmaster.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A moto server (the AWS emulator) of local mode's own, from the project's virtualenv, as the
 * scripts start theirs (scripts/lib/moto.sh): {@code scripts/python-env.sh moto} makes sure
 * .venv/moto is there, then {@code .venv/moto/bin/python scripts/moto_server.py -H 127.0.0.1 -p PORT}
 * (moto's server with its leaks stopped: see that file), logging to a file, and local mode waits
 * until it answers HTTP. Stopped (TERM, then KILL) on close.
 */
final class MotoServer implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    long pid() {
        return process.pid();
    }

    static MotoServer start(Path home, int port, Path log) {
        requireFree(port);
        ensureVirtualenv(home);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.writeString(log, "=== moto server on " + HOST + ":" + port + ", started " + Instant.now()
                    + " by hm local up\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command(home, port))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            builder.environment().put("PYTHONUNBUFFERED", "1");
            MotoServer moto = new MotoServer(builder.start(), port);
            moto.awaitAnswer(log);
            return moto;
        } catch (IOException e) {
            throw new LocalModeException("moto server could not start: " + e.getMessage(), e);
        }
    }

    /** How every script and test of ours starts moto (scripts/lib/moto.sh does the same). */
    static List<String> command(Path home, int port) {
        return List.of(home.resolve(".venv/moto/bin/python").toString(), home.resolve("scripts/moto_server.py").toString(),
                "-H", HOST, "-p", String.valueOf(port));
    }

    private static void requireFree(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getByName(HOST)).close();
        } catch (BindException busy) {
            throw new LocalModeException("port " + port + " on " + HOST + " is in use (another emulator, or an earlier"
                    + " hm local up?): pass --port N for another, or --endpoint http://" + HOST + ":" + port
                    + " to use the emulator that runs there");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensureVirtualenv(Path home) {
        Path script = home.resolve("scripts/python-env.sh");
        if (!Files.isRegularFile(script)) {
            throw new LocalModeException(script + " not found: run hm from the Harbourmaster checkout (bin/hm sets"
                    + " HM_HOME), or pass --endpoint URL of an emulator that runs already");
        }
        try {
            Process setup = new ProcessBuilder("bash", script.toString(), "moto")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (setup.waitFor() != 0) {
                throw new LocalModeException("scripts/python-env.sh moto failed (see above): moto cannot be installed");
            }
        } catch (IOException e) {
            throw new LocalModeException("could not run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalModeException("interrupted while installing moto");
        }
    }

    private void awaitAnswer(Path log) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new LocalModeException("moto server exited with status " + process.exitValue() + "; its log ("
                        + log + ") ends with:\n" + tail(log));
            }
            if (answers()) {
                return;
            }
            sleep(200);
        }
        close();
        throw new LocalModeException("moto server did not answer on " + endpoint() + " within " + START_TIMEOUT.toSeconds()
                + " s; its log (" + log + ") ends with:\n" + tail(log));
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/data.json").toURL()
                    .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status < 500;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalModeException("interrupted while waiting for moto");
        }
    }
}
