package dev.harbourmaster.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Structured logs: one JSON object per line with the ids that matter, so CloudWatch Logs
 * Insights can filter on them. Usage: {@code log.info("build recorded").with("digest", d).write()}.
 */
public final class Log {

    private final String logger;
    private final PrintStream out;
    private final Supplier<Instant> clock;

    public Log(String logger) {
        this(logger, System.out, Instant::now);
    }

    public Log(String logger, PrintStream out, Supplier<Instant> clock) {
        this.logger = logger;
        this.out = out;
        this.clock = clock;
    }

    public Line info(String message) {
        return new Line("INFO", message);
    }

    public Line warn(String message) {
        return new Line("WARN", message);
    }

    public Line error(String message) {
        return new Line("ERROR", message);
    }

    public final class Line {
        private final ObjectNode node = Json.MAPPER.createObjectNode();

        private Line(String level, String message) {
            node.put("timestamp", Times.format(clock.get()));
            node.put("level", level);
            node.put("logger", logger);
            node.put("message", message);
        }

        public Line with(String key, Object value) {
            if (value instanceof Instant instant) {
                node.put(key, Times.format(instant));
            } else if (value != null) {
                node.set(key, Json.MAPPER.valueToTree(value));
            }
            return this;
        }

        public void write() {
            try {
                String line = Json.MAPPER.writeValueAsString(node);
                synchronized (out) {
                    out.println(line);
                }
            } catch (JsonProcessingException e) {
                out.println("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}");
            }
        }
    }
}
