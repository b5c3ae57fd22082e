package dev.harbourmaster.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A GET request as the dashboard sees it, whoever carried it (the loopback server or a Lambda URL). */
record Request(String path, Map<String, String> query) {

    Request {
        path = path == null || path.isEmpty() ? "/" : path;
        query = Map.copyOf(query);
    }

    /** From a raw query string ("a=1&b=x%20y"); a repeated name keeps its first value; empty values are absent. */
    static Request of(String path, String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).strip();
                if (!name.isEmpty() && !value.isEmpty()) {
                    query.putIfAbsent(name, value);
                }
            }
        }
        return new Request(path, query);
    }

    String param(String name) {
        return query.get(name);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
