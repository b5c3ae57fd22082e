package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** How deploy, promote and rollback write hashes, digests, times and counts for a person. */
final class Words {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{12}[0-9a-f]{52}");

    private Words() {}


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

}
