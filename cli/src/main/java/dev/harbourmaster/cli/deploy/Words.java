package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/** How deploy, promote and rollback write hashes, digests, times and counts for a person. */
final class Words {

    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{8,40}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{12}[0-9a-f]{52}");

    private Words() {}

    /** A git sha as its first 7 digits (as git shows it); other release hashes as they are. */
    static String shortHash(String releaseHash) {
        return releaseHash != null && GIT_SHA.matcher(releaseHash).matches() ? releaseHash.substring(0, 7) : releaseHash;
    }

    /** A digest by its first 12 hex digits, as the tables of every hm command show them. */
    static String shortDigest(String digest) {
        return digest != null && DIGEST.matcher(digest).matches() ? digest.substring(0, 19) : digest;
    }

    /** "sha256:…" for one container, "app=sha256:…,nginx=sha256:…" for several. */
    static String digests(List<ReleaseImage> images) {
        if (images.size() == 1) {
            return shortDigest(images.get(0).digest());
        }
        return String.join(",", images.stream().map(i -> i.container() + "=" + shortDigest(i.digest())).toList());
    }

    /** "2 services", "1 service". */
    static String services(int count) {
        return count + (count == 1 ? " service" : " services");
    }

    /** "45s", "3m", "2h", "5d": how long ago (or until). */
    static String age(Instant at, Instant now) {
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
    static String when(Instant at, Instant now) {
        if (at == null) {
            return "?";
        }
        return Times.format(at) + (at.isAfter(now) ? " (in " + age(at, now) + ")" : " (" + age(at, now) + " ago)");
    }

    /** "+0s", "+42s", "+4m12s", "+1h05m": time since hm started following. */
    static String elapsed(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return "+" + seconds + "s";
        }
        if (seconds < 3600) {
            return "+" + seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return "+" + seconds / 3600 + "h" + String.format("%02dm", seconds / 60 % 60);
    }

    /** Free text on one line, at most {@code max} characters. */
    static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }
}
