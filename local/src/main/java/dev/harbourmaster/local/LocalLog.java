package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where local mode writes: every JSON log line (the handlers', the metrics', local mode's own) goes
 * to the log file, and a short line for a person goes to {@code out} for each notable thing
 * (narrated from those same JSON lines, so it says what the handlers did, not what local mode
 * expected them to do).
 */
final class LocalLog implements AutoCloseable {

    /** As scripts/lib/moto.sh does for moto's log: past 10 MB, the log starts again (the old one kept as .1). */
    static final long ROTATE_AT_BYTES = 10L * 1024 * 1024;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final OutputStream file;
    private final PrintStream out;
    private final PrintStream logs;
    private final Log log;
    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    LocalLog(Path logFile, PrintStream out) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        if (Files.isRegularFile(logFile) && Files.size(logFile) > ROTATE_AT_BYTES) {
            Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        this.file = new BufferedOutputStream(Files.newOutputStream(logFile, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
        this.out = out;
        this.logs = new PrintStream(new LineSplitter(), true, StandardCharsets.UTF_8);
        this.log = new Log("local", logs, Instant::now);
    }

    /** The stream the handlers' logs and metrics are written to. */
    PrintStream logs() {
        return logs;
    }

    /** Local mode's own structured log. */
    Log log() {
        return log;
    }

    /** Called with every JSON log line (tests and the demo can wait on what the handlers say). */
    void onLine(Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    /** A short line for a person: {@code HH:mm:ss what  text}. */
    void say(String what, String text) {
        String line = LocalTime.now(ZoneId.systemDefault()).format(CLOCK) + "  " + String.format("%-8s", what) + " " + text;
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    void sayPlain(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void close() {
        logs.flush();
        try {
            file.close();
        } catch (IOException ignored) {
            // nothing left to tell
        }
    }

    private void narrate(String line) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(line);
        } catch (IOException notJson) {
            return;
        }
        if (json == null || !json.isObject()) {
            return;
        }
        listeners.forEach(l -> l.accept(json));
        String logger = json.path("logger").asText("");
        String message = json.path("message").asText("");
        String level = json.path("level").asText("");
        switch (logger) {
            case "build-recorder" -> build(json, message);
            case "deployer" -> deployer(json, message, level);
            case "deployment-recorder" -> {
                if (message.equals("queued release set started")) {
                    say("queue", "release set " + text(json, "releaseSet") + " starts: next in the queue of "
                            + text(json, "project") + "/" + text(json, "environment") + ", after " + text(json, "after"));
                }
            }
            case "domain-events" -> domainEvent(json, message, level);
            case "sweeper" -> {
                if (message.equals("release set ended by the sweeper")) {
                    say("sweeper", "release set " + text(json, "releaseSet") + " ended: " + text(json, "reason"));
                }
            }
            default -> { }
        }
        if (level.equals("ERROR")) {
            say("error", logger + ": " + message + (json.has("error") ? " (" + text(json, "error") + ")" : ""));
        }
    }

    private void build(JsonNode json, String message) {
        String outcome = text(json, "outcome");
        if (outcome.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder(text(json, "repository")).append('@')
                .append(Text.shortDigest(text(json, "digest")));
        if (!text(json, "tag").isEmpty()) {
            line.append(" (").append(text(json, "tag")).append(')');
        }
        line.append(": ").append(message);
        List<String> releases = list(json, "releases");
        if (!releases.isEmpty()) {
            line.append("; release ").append(String.join(", ", releases));
        }
        List<String> sets = list(json, "autoDeployReleaseSets");
        if (!sets.isEmpty()) {
            line.append("; auto-deploy: release set ").append(String.join(", ", sets));
        }
        say("build", line.toString());
    }

    private void deployer(JsonNode json, String message, String level) {
        String set = text(json, "releaseSet");
        switch (message) {
            case "release set deployed" -> {
                List<String> deployments = new ArrayList<>();
                json.path("deployments").forEach(d -> deployments.add(d.path("service").asText() + " "
                        + d.path("status").asText() + ("null".equals(d.path("ecsDeploymentId").asText(""))
                        ? "" : " " + d.path("ecsDeploymentId").asText())));
                say("deploy", "release set " + set + " " + text(json, "status")
                        + (deployments.isEmpty() ? "" : ": " + String.join(", ", deployments)));
            }
            case "release set rejected" -> say("deploy", "release set " + set + " REJECTED: " + Text.clip(text(json, "reason")));
            case "release set queued" -> say("queue", "release set " + set + " " + text(json, "reason"));
            default -> { }
        }
    }

    private void domainEvent(JsonNode json, String message, String level) {
        switch (message) {
            case "deployment finished" -> say("outcome", text(json, "project") + "/" + text(json, "environment") + " "
                    + text(json, "service") + " " + Text.shortHash(text(json, "releaseHash")) + " "
                    + text(json, "outcome") + (text(json, "reason").isEmpty() ? "" : ": " + Text.clip(text(json, "reason"))));
            case "release set finished" -> say("finished", "release set " + text(json, "releaseSet") + " "
                    + text(json, "project") + "/" + text(json, "environment") + " " + text(json, "outcome")
                    + (text(json, "reason").isEmpty() || text(json, "outcome").equals("SUCCEEDED")
                    ? "" : ": " + Text.clip(text(json, "reason"))));
            default -> { }
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static List<String> list(JsonNode json, String field) {
        List<String> values = new ArrayList<>();
        json.path(field).forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Writes through to the file and hands each complete line to the narrator. */
    private final class LineSplitter extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) throws IOException {
            file.write(b);
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                file.flush();
                try {
                    narrate(text);
                } catch (RuntimeException e) {
                    // A narrator's slip must never break a handler's logging.
                }
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            file.flush();
        }
    }

    /** Short forms for people's lines. */
    static final class Text {
        private Text() {}

        static String shortDigest(String digest) {
            if (digest == null || digest.isEmpty()) {
                return "";
            }
            String hex = digest.startsWith("sha256:") ? digest.substring(7) : digest;
            return "sha256:" + hex.substring(0, Math.min(12, hex.length()));
        }

        /** A reason cut for one line (hm show has it whole). */
        static String clip(String text) {
            return text.length() <= 160 ? text : text.substring(0, 159) + "…";
        }

        static String shortHash(String hash) {
            return hash != null && hash.matches("[0-9a-f]{8,40}") ? hash.substring(0, 7) : hash == null ? "" : hash;
        }
    }
}
