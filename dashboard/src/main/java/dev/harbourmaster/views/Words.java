package dev.harbourmaster.views;

import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How diff, lock and verify write hashes, digests, times and locks, for a person and for JSON. */
public final class Words {

    public static final int CELL = 48;

    private Words() {}

    public static String format(Instant at) {
        return at == null ? null : Times.format(at);
    }

    /** Free text for a table cell: one line, at most {@code max} characters. */
    public static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /** container → digest: what identifies what a service runs. */
    public static Map<String, String> digestsByContainer(List<ReleaseImage> images) {
        Map<String, String> digests = new LinkedHashMap<>();
        images.forEach(i -> digests.put(i.container(), i.digest()));
        return digests;
    }

    /** What a record written before hm kept the AWS identity says of it. */
    public static final String ARN_NOT_RECORDED = "ARN not recorded";

    /**
     * Who, for a person: the name they gave and, beside it, the AWS identity STS told hm
     * ("ada (arn:aws:sts::…:assumed-role/deploy/ada)"); the name alone when it is that identity, or
     * an auto-deploy's "ecr-push"; "(ARN not recorded)" for records written before it was kept.
     */
    public static String by(String name, String arn) {
        if (arn == null) {
            return name == null ? "?" : ReleaseSet.AUTO_DEPLOY.equals(name) ? name : name + " (" + ARN_NOT_RECORDED + ")";
        }
        return name == null ? arn : name.equals(arn) || name.startsWith(arn + " via ") ? name : name + " (" + arn + ")";
    }

    /** A lock for a person: "carol (arn:…) since … (10m ago), until … (in 2h): release freeze". */
    public static String lock(Lock lock, Instant now) {
        String who = by(lock.owner(), lock.ownerArn());
        String since = lock.lockedAt() == null ? "" : " since " + Text.when(lock.lockedAt(), now);
        String until = lock.expiresAt() == null ? ", no expiry"
                : lock.expiresAt().isAfter(now) ? ", until " + Text.when(lock.expiresAt(), now)
                : ", expired " + Text.when(lock.expiresAt(), now);
        return who + since + until + (lock.reason() == null ? "" : ": " + lock.reason());
    }

    public static boolean inForce(Lock lock, Instant now) {
        return lock.expiresAt() == null || lock.expiresAt().isAfter(now);
    }

    public static Map<String, Object> lockJson(Lock lock, Instant now) {
        if (lock == null) {
            return null;
        }
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("owner", lock.owner());
        l.put("ownerArn", lock.ownerArn());
        l.put("reason", lock.reason());
        l.put("lockedAt", format(lock.lockedAt()));
        l.put("expiresAt", format(lock.expiresAt()));
        l.put("inForce", inForce(lock, now));
        return l;
    }

    public static Map<String, Object> imageJson(ReleaseImage image) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("container", image.container());
        i.put("repository", image.repository());
        i.put("digest", image.digest());
        i.put("image", image.image());
        return i;
    }

    public static Map<String, Object> releaseJson(Release release) {
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
