package dev.harbourmaster.domain;

import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release set's id names where it deploys: {@code <project>/<environment>/<ULID>}. The id is the
 * item's partition key ({@code RELEASESET#<id>}), and IAM's {@code dynamodb:LeadingKeys} sees only
 * partition keys: so a policy can allow {@code RELEASESET#catalogue/staging/*} and nothing else
 * (docs/data-model.md, "Rights per environment"). Sets written before ids named their environment
 * have a bare ULID; both forms are read alike. The ULID part orders sets by time, whatever the form.
 */
public final class ReleaseSetIds {

    /** Where a scoped id says its set deploys. */
    public record Scope(String projectId, String environmentId) {
        @Override
        public String toString() {
            return projectId + "/" + environmentId;
        }
    }

    private static final Pattern SCOPED = Pattern.compile("([a-z0-9][a-z0-9_-]{0,62})/([a-z0-9][a-z0-9_-]{0,62})/([^/]+)");

    private ReleaseSetIds() {}

    public static String of(String projectId, String environmentId, String ulid) {
        return projectId + "/" + environmentId + "/" + ulid;
    }

    public static String random(String projectId, String environmentId, Instant at) {
        return of(projectId, environmentId, Ulid.random(at));
    }

    /** A bare ULID (written before ids named their environment) or {@code project/environment/ULID}. */
    public static boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        Matcher scoped = SCOPED.matcher(id);
        return Ulid.isValid(scoped.matches() ? scoped.group(3) : id);
    }

    /** An id as a person typed it: ULIDs are case-insensitive and stored upper-case; project and environment are lower-case. */
    public static String normalise(String text) {
        String id = text.strip();
        int last = id.lastIndexOf('/');
        return id.substring(0, last + 1) + id.substring(last + 1).toUpperCase(Locale.ROOT);
    }

    /** The time-ordered part: what orders sets (history, queues, "newer than"), whichever form the ids have. */
    public static String ulid(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    /** Where a scoped id says its set deploys; empty for a bare ULID. */
    public static Optional<Scope> scope(String id) {
        Matcher scoped = SCOPED.matcher(id == null ? "" : id);
        return scoped.matches() ? Optional.of(new Scope(scoped.group(1), scoped.group(2))) : Optional.empty();
    }

    /** Orders ids by time (their ULID part). */
    public static int compare(String a, String b) {
        return ulid(a).compareTo(ulid(b));
    }
}
