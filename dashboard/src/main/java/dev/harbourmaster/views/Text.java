package dev.harbourmaster.views;

import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** How the record commands write times, durations, hashes and long text for a person. */
public final class Text {

    /** Table cells of free text (descriptions, reasons) are cut to this; JSON keeps them whole. */
    public static final int CELL = 48;

    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{8,40}");
    private static final Pattern DIGEST = Pattern.compile("(sha256:[0-9a-f]{12})[0-9a-f]{52}");

    private Text() {}

    /** "45s", "3m", "2h", "5d": how long ago (or, for a future time, how long until). */
    public static String age(Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        long seconds = Math.abs(Duration.between(at, now).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    /** "2026-11-20T10:00:00.000Z (3h ago)", or "(in 2h)" for a future time. */
    public static String when(Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        return Times.format(at) + (at.isAfter(now) ? " (in " + age(at, now) + ")" : " (" + age(at, now) + " ago)");
    }

    /** "850ms", "42s", "4m12s", "1h05m". */
    public static String duration(Long millis) {
        if (millis == null) {
            return null;
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return seconds / 3600 + "h" + String.format("%02dm", seconds / 60 % 60);
    }

    /** A git sha as its first 7 digits (as git shows it); other release hashes are left as they are. */
    public static String shortHash(String releaseHash) {
        return releaseHash != null && GIT_SHA.matcher(releaseHash).matches() ? releaseHash.substring(0, 7) : releaseHash;
    }

    /** Digests by their first 12 hex digits, as the tables of every hm command show them. */
    public static String shortDigests(String text) {
        return text == null ? null : DIGEST.matcher(text).replaceAll("$1");
    }

    /** Free text for a table cell: one line, at most {@code max} characters. */
    public static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /** "sha256:…" for one container, "app=sha256:…" per container for several. */
    public static List<String> digests(List<ReleaseImage> images) {
        if (images.size() == 1) {
            return List.of(images.get(0).digest());
        }
        return images.stream().map(i -> i.container() + "=" + i.digest()).toList();
    }

    public static String format(Instant at) {
        return at == null ? null : Times.format(at);
    }
}
