package dev.harbourmaster.dashboard;

import dev.harbourmaster.views.Text;
import java.time.Instant;

/**
 * A page being written. Text and attribute values always go through {@link #escape}; only
 * {@link #raw} takes markup, and it is given constants and markup made here (the plots), never
 * anything a person or an event wrote.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(8192);

    /** Escapes the five characters that can change the meaning of HTML, in text and in quoted attributes. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    /** Opens a tag; {@code attributes} are name, value pairs (a null value leaves the attribute out). */
    Html open(String tag, String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** {@code <tag attributes>text</tag>} */
    Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** {@code <time>}: "14:05 UTC (15m ago)", the ISO time on hover and for machines; "–" for none. */
    Html time(Instant at, Instant now) {
        return at == null ? text("–") : element("time", Text.clock(at, now), "datetime", Text.format(at), "title", Text.format(at));
    }

    Html link(String href, String text, String... attributes) {
        String[] all = new String[attributes.length + 2];
        all[0] = "href";
        all[1] = href;
        System.arraycopy(attributes, 0, all, 2, attributes.length);
        return element("a", text, all);
    }

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
