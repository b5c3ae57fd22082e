package dev.harbourmaster.cli.environment;

import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** How diff, lock and verify write hashes, digests, times and locks, for a person and for JSON. */
final class Words {

    static final int CELL = 48;

    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{8,40}");
    private static final Pattern DIGEST = Pattern.compile("(sha256:[0-9a-f]{12})[0-9a-f]{52}");

    private Words() {}

    /** A git sha as its first 7 digits (as git shows it); other release hashes as they are. */
    static String shortHash(String releaseHash) {
        return releaseHash != null && GIT_SHA.matcher(releaseHash).matches() ? releaseHash.substring(0, 7) : releaseHash;
    }

    /** Digests in free text by their first 12 hex digits, as the tables show them. */
    static String shortDigests(String text) {
        return text == null ? null : DIGEST.matcher(text).replaceAll("$1");
    }

    /** "45s", "3m", "2h", "5d": how long ago, or until. */
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
            return null;
        }
        return Times.format(at) + (at.isAfter(now) ? " (in " + age(at, now) + ")" : " (" + age(at, now) + " ago)");
    }

    static String format(Instant at) {
        return at == null ? null : Times.format(at);
    }

    /** Free text for a table cell: one line, at most {@code max} characters. */
    static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /** "sha256:…" for one container, "app=sha256:…" per container for several. */
    static List<String> digests(List<ReleaseImage> images) {
        if (images.size() == 1) {
            return List.of(images.get(0).digest());
        }
        return images.stream().map(i -> i.container() + "=" + i.digest()).toList();
    }

    /** container → digest: what identifies what a service runs. */
    static Map<String, String> digestsByContainer(List<ReleaseImage> images) {
        Map<String, String> digests = new LinkedHashMap<>();
        images.forEach(i -> digests.put(i.container(), i.digest()));
        return digests;
    }

    /** A lock for a person: "carol since … (10m ago), until … (in 2h): release freeze". */
    static String lock(Lock lock, Instant now) {
        String who = lock.owner() == null ? "?" : lock.owner();
        String since = lock.lockedAt() == null ? "" : " since " + when(lock.lockedAt(), now);
        String until = lock.expiresAt() == null ? ", no expiry"
                : lock.expiresAt().isAfter(now) ? ", until " + when(lock.expiresAt(), now)
                : ", expired " + when(lock.expiresAt(), now);
        return who + since + until + (lock.reason() == null ? "" : ": " + lock.reason());
    }

    static boolean inForce(Lock lock, Instant now) {
        return lock.expiresAt() == null || lock.expiresAt().isAfter(now);
    }

    static Map<String, Object> lockJson(Lock lock, Instant now) {
        if (lock == null) {
            return null;
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("owner", lock.owner());
        l.put("reason", lock.reason());
        l.put("lockedAt", format(lock.lockedAt()));
        l.put("expiresAt", format(lock.expiresAt()));
        l.put("inForce", inForce(lock, now));
        return l;
    }

    static Map<String, Object> imageJson(ReleaseImage image) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("container", image.container());
        i.put("repository", image.repository());
        i.put("digest", image.digest());
        i.put("image", image.image());
        return i;
    }

    static Map<String, Object> releaseJson(Release release) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("releaseHash", release.releaseHash());
        r.put("createdAt", format(release.createdAt()));
        r.put("images", release.images().stream().map(Words::imageJson).toList());
        r.put("sourceRepository", release.sourceRepository());
        r.put("sourceDigest", release.sourceDigest());
        r.put("description", release.description());
        return r;
    }
}
