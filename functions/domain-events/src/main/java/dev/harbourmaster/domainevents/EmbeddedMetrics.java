package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Metrics in CloudWatch Embedded Metric Format: one JSON object per line on stdout, which
 * CloudWatch Logs turns into metrics (no API call, no client). Each line is
 * <pre>
 * {"_aws": {"Timestamp": 1763632800000, "CloudWatchMetrics": [
 *     {"Namespace": "Harbourmaster", "Dimensions": [["Project", "Environment", "Outcome"]],
 *      "Metrics": [{"Name": "Deployments", "Unit": "Count"}]}, ...]},
 *  "Project": "catalogue", "Environment": "staging", "Outcome": "COMPLETED", "Deployments": 1, "service": "api"}
 * </pre>
 * Metrics that share a dimension set share a directive; every dimension a directive names has a
 * string value at the root, every metric a number there, and plain properties (ids to find the
 * line by, not dimensions: they would make a metric per id) sit beside them.
 */
public final class EmbeddedMetrics {

    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private final String namespace;
    private final PrintStream out;
    private final Supplier<Instant> clock;

    public EmbeddedMetrics(String namespace) {
        this(namespace, System.out, Instant::now);
    }

    public EmbeddedMetrics(String namespace, PrintStream out, Supplier<Instant> clock) {
        this.namespace = namespace;
        this.out = out;
        this.clock = clock;
    }

    public Entry entry() {
        return new Entry();
    }

    /** One line: dimensions, metrics and properties, written by {@link #write}. */
    public final class Entry {
        private record Metric(String name, Unit unit, Number value, List<String> dimensions) {}

        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private final List<Metric> metrics = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Entry() {}

        public Entry dimension(String name, String value) {
            dimensions.put(name, value);
            return this;
        }

        /** A metric with its dimension set: names given to {@link #dimension} on this entry. */
        public Entry metric(String name, Unit unit, Number value, String... dimensionNames) {
            metrics.add(new Metric(name, unit, value, List.of(dimensionNames)));
            return this;
        }

        /** A searchable value that is not a dimension; null is left out. */
        public Entry property(String name, String value) {
            if (value != null) {
                properties.put(name, value);
            }
            return this;
        }

        /** The line as JSON. */
        public ObjectNode toJson() {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ObjectNode aws = root.putObject("_aws");
            aws.put("Timestamp", clock.get().toEpochMilli());
            ArrayNode directives = aws.putArray("CloudWatchMetrics");
            Map<List<String>, ArrayNode> byDimensions = new LinkedHashMap<>();
            for (Metric metric : metrics) {
                for (String dimension : metric.dimensions()) {
                    if (dimensions.get(dimension) == null) {
                        throw new IllegalStateException("metric " + metric.name() + " has dimension " + dimension
                                + " without a value");
                    }
                }
                ArrayNode definitions = byDimensions.computeIfAbsent(metric.dimensions(), names -> {
                    ObjectNode directive = directives.addObject();
                    directive.put("Namespace", namespace);
                    ArrayNode set = directive.putArray("Dimensions").addArray();
                    names.forEach(set::add);
                    return directive.putArray("Metrics");
                });
                definitions.addObject().put("Name", metric.name()).put("Unit", metric.unit().cloudWatchName);
            }
            dimensions.forEach((name, value) -> {
                if (value != null) {
                    root.put(name, value);
                }
            });
            for (Metric metric : metrics) {
                root.set(metric.name(), Json.MAPPER.valueToTree(metric.value()));
            }
            properties.forEach(root::put);
            return root;
        }

        public void write() {
            String line;
            try {
                line = Json.MAPPER.writeValueAsString(toJson());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("metrics line could not be written", e);
            }
            synchronized (out) {
                out.println(line);
            }
        }
    }
}
