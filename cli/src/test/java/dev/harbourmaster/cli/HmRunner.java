package dev.harbourmaster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs hm in-process, as a person would type it, and keeps what it printed. */
final class HmRunner {

    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(out);
            } catch (Exception e) {
                throw new AssertionError("hm printed no JSON: " + out + err, e);
            }
        }
    }

    private final Session session;

    HmRunner(Session session) {
        this.session = session;
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hm.run(session, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }
}
