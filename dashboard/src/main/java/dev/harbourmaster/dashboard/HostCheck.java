package dev.harbourmaster.dashboard;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names the loopback dashboard answers to. A hostile page whose own name is made to resolve to
 * 127.0.0.1 (DNS rebinding) is same-origin with the dashboard in the browser's eyes, but its requests
 * still carry that name: in Host, or in an absolute-form request line, whose authority wins over Host
 * (RFC 9112, 3.2.2). Any name but loopback's, and those allowed with --allow-host, gets 421.
 */
public final class HostCheck {

    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");
    /** A DNS name or an IPv4 address, or an IPv6 address in brackets; then an optional port. */
    private static final Pattern NAME = Pattern.compile(
            "([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\\[[0-9a-f:.]+])(:([0-9]{1,5}))?");

    private final Set<String> authorities = new LinkedHashSet<>();

    /** @param allowed names given with --allow-host: NAME (answered at {@code port}) or NAME:PORT */
    HostCheck(int port, List<String> allowed) {
        List<String> names = new ArrayList<>(LOOPBACK);
        names.addAll(allowed);
        for (String name : names) {
            Matcher m = parsed(name);
            authorities.add(m.group(3) != null ? m.group() : m.group(1) + ":" + port);
            if (m.group(3) == null && port == 80) {
                authorities.add(m.group(1));
            }
        }
    }

    /** Throws IllegalArgumentException, saying what is wanted, unless every name is a host name with an optional port. */
    public static void check(List<String> names) {
        names.forEach(HostCheck::parsed);
    }

    private static Matcher parsed(String name) {
        Matcher m = NAME.matcher(name.toLowerCase(Locale.ROOT));
        if (!m.matches() || m.group(4) != null && !isPort(Integer.parseInt(m.group(4)))) {
            throw new IllegalArgumentException("--allow-host wants a host name, optionally with :PORT (e.g."
                    + " --allow-host devbox.local or --allow-host localhost:9000), not '" + name + "'");
        }
        return m;
    }

    private static boolean isPort(int number) {
        return number >= 1 && number <= 65535;
    }

    /**
     * Null when the request may be answered; else the answer: 400 unless it has exactly one Host (RFC 9112,
     * 3.2), 421 when its name is not one this dashboard answers to.
     */
    Response refusal(URI target, List<String> hostLines) {
        if (hostLines == null || hostLines.size() != 1) {
            return new Response(400, "text/plain; charset=utf-8", "A request needs exactly one Host header (RFC 9112,"
                    + " 3.2); this one has " + (hostLines == null ? 0 : hostLines.size()) + ".", null);
        }
        String authority = target.isAbsolute() ? target.getRawAuthority() : hostLines.get(0).strip();
        if (authority != null && authorities.contains(authority.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return Response.html(421, misdirected(authority));
    }

    private String misdirected(String authority) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Misdirected request</title></head>"
                + "<body><h1>421 Misdirected request</h1>"
                + "<p>This Harbourmaster dashboard answers to " + Html.escape(String.join(", ", authorities))
                + " only, not to <code>"
                + Html.escape(authority == null ? "(no name)" : authority) + "</code>.</p>"
                + "<p>It reads with the AWS credentials of whoever started it, so it refuses other names: a web page"
                + " whose name was made to point at this machine (DNS rebinding) could read it otherwise.</p>"
                + "<p>To open it by another name on purpose (an SSH tunnel, a name in /etc/hosts), start it with that"
                + " name allowed: <code>hm dashboard --allow-host NAME</code> or <code>hm local up --allow-host NAME</code>"
                + " (NAME:PORT when the browser's port is not the dashboard's).</p></body></html>\n";
    }
}
