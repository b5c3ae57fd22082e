package dev.harbourmaster.dashboard;

import java.util.Map;

/** What the dashboard answers: a status, a content type, a body and, for a redirect, where to; plus the headers every answer carries. */
record Response(int status, String contentType, String body, String location) {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";

    /**
     * No inline script or style, nothing from elsewhere: should escaping ever miss, injected markup
     * still cannot run a script or load anything.
     */
    static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    static Response html(int status, String body) {
        return new Response(status, HTML, body, null);
    }

    static Response json(int status, String body) {
        return new Response(status, JSON, body, null);
    }

    static Response redirect(String location) {
        return new Response(303, "text/plain; charset=utf-8", "See " + location, location);
    }
}
