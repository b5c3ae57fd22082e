package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs hm in-process, as a person would type it, and keeps what it printed. */
final class HmRunner {

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            JsonNode document;
            try {
                document = Json.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("hm printed no JSON: " + out + err, e);
            }
            assertThat(document.isObject() && document.fieldNames().next().equals("schemaVersion"))
                    .as("a document, schemaVersion first: %s", out).isTrue();
            return document;
        }

        /** The items of a list's document (hm builds, hm releases). */
        JsonNode items() {
            return json().get("items");
        }
    }

    private final Session session;

    HmRunner(Session session) {
        this.session = session;
    }

    /** Runs hm against {@code table} and fails the test, with what hm said, unless it exits 0. */
    Run succeeds(String table, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table));
        Run run = run(all.toArray(String[]::new));
        assertThat(run.exitCode()).as("hm %s: %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hm.run(session, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
