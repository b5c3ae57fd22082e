package dev.harbourmaster.views;

import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How hm and the dashboard write times, durations, hashes, digests, people, locks and long text for
 * a person. JSON documents keep everything whole; only {@link #format} is shared with them.
 */
public final class Text {

    /** Table cells of free text (descriptions, reasons) are cut to this; JSON keeps them whole. */
    public static final int CELL = 48;

    /** What a record written before hm kept the AWS identity says of it. */
    public static final String ARN_NOT_RECORDED = "ARN not recorded";

    private static final Pattern GIT_SHA = Pattern.compile("[0-9a-f]{8,40}");
    private static final Pattern DIGEST = Pattern.compile("(sha256:[0-9a-f]{12})[0-9a-f]{52}");

    private Text() {}

    /** An instant as the record stores it: "2026-11-20T10:00:00.000Z". */
    public static String format(Instant at) {
        return at == null ? null : Times.format(at);
    }

    /**
     * "45s", "3m", "2h", "5d": how long ago (or, for a future time, how long until), to the nearest
     * unit: a lock 1d 23h 59m from expiry is "2d" away, not "1d".
     */
    public static String age(Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        long seconds = Math.abs(Duration.between(at, now).toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = Math.round(seconds / 60.0);
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = Math.round(seconds / 3600.0);
        if (hours < 24) {
            return hours + "h";
        }
        return Math.round(seconds / 86_400.0) + "d";
    }

    /** "2026-11-20T10:00:00.000Z (3h ago)", or "(in 2h)" for a future time. */
    public static String when(Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        return Times.format(at) + relative(at, now);
    }

    /**
     * "14:05 UTC (15m ago)" today, "Nov 20 14:05 UTC (2d ago)" this year, "2025-11-20 14:05 UTC (1y…)"
     * before: a time for a page, with its ISO form beside it for a title (see {@link #format}).
     */
    public static String clock(Instant at, Instant now) {
        if (at == null) {
            return null;
        }
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        ZonedDateTime n = now.atZone(ZoneOffset.UTC);
        String pattern = t.toLocalDate().equals(n.toLocalDate()) ? "HH:mm" : t.getYear() == n.getYear() ? "MMM d HH:mm"
                : "uuuu-MM-dd HH:mm";
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(t) + " UTC" + relative(at, now);
    }

    /** " (3h ago)", or " (in 2h)" for a future time. */
    private static String relative(Instant at, Instant now) {
        return at.isAfter(now) ? " (in " + age(at, now) + ")" : " (" + age(at, now) + " ago)";
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

    /** "+0s", "+42s", "+4m12s", "+1h05m": time since hm started following. */
    public static String elapsed(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return "+" + (seconds == 0 ? "0s" : duration(seconds * 1000));
    }

    /** A git sha as its first 7 digits (as git shows it); other release hashes are left as they are. */
    public static String shortHash(String releaseHash) {
        return releaseHash != null && GIT_SHA.matcher(releaseHash).matches() ? releaseHash.substring(0, 7) : releaseHash;
    }

    /** Digests by their first 12 hex digits, as the tables of every hm command show them. */
    public static String shortDigests(String text) {
        return text == null ? null : DIGEST.matcher(text).replaceAll("$1");
    }

    /** "sha256:…" for one container, "app=sha256:…" per container for several; whole (tables cut them). */
    public static List<String> digests(List<ReleaseImage> images) {
        if (images.size() == 1) {
            return List.of(images.get(0).digest());
        }
        return images.stream().map(i -> i.container() + "=" + i.digest()).toList();
    }

    /** "sha256:0123456789ab" for one container, "app=sha256:…,nginx=sha256:…" for several: one line of a plan. */
    public static String shortDigests(List<ReleaseImage> images) {
        return shortDigests(String.join(",", digests(images)));
    }

    /** Free text for a table cell: one line, at most {@code max} characters. */
    public static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 3) + "...";
    }

    /**
     * Why a deployment failed, for a cell, whole: "exit code 1 (EssentialContainerExited), rolled back to
     * 2c3d4e5". Rows written before the cause was kept show their reason, cut.
     *
     * @param rolledBackTo the release hash that runs again after a rollback; null when not known
     */
    public static String failure(String cause, String reason, DeploymentStatus status, String rolledBackTo) {
        String why = cause != null ? cause : cut(reason, CELL * 2);
        if (status == DeploymentStatus.ROLLED_BACK) {
            String back = "rolled back" + (rolledBackTo == null ? "" : " to " + shortHash(rolledBackTo));
            return why == null ? back : why + ", " + back;
        }
        return why;
    }

    /**
     * "ROLLED_BACK in prod 16m ago: exit code 1 (EssentialContainerExited)", or "undone in staging 2h
     * ago by a rollback set: Bug report on 2c3d4e5": what went wrong with a release before.
     */
    public static String badOutcome(KnownBadReleases.Outcome outcome, Instant now) {
        return badOutcomeWhere(outcome, now) + (outcome.why() == null ? "" : ": " + outcome.why());
    }

    /** "ROLLED_BACK in prod 16m ago", "undone in staging 2h ago by a rollback set": for a table cell. */
    public static String badOutcomeWhere(KnownBadReleases.Outcome outcome, Instant now) {
        String what = outcome.undoneByRollbackSet() ? "undone" : outcome.status().name();
        String when = outcome.at() == null ? "" : " " + age(outcome.at(), now) + " ago";
        return what + " in " + outcome.environmentId() + when + (outcome.undoneByRollbackSet() ? " by a rollback set" : "");
    }

    /** The reason without the cause it starts with: the ids and the rest of the evidence. */
    public static String details(String reason, String cause) {
        if (reason == null || cause == null || !reason.startsWith(cause)) {
            return reason;
        }
        String rest = reason.substring(cause.length()).replaceFirst("^[;:]\\s*", "");
        return rest.isEmpty() ? null : rest;
    }

    /** "2 services", "1 service". */
    public static String services(int count) {
        return count + (count == 1 ? " service" : " services");
    }

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

    /** "PAUSE hook ecs-pause-1 at POST_TEST_TRAFFIC_SHIFT AWAITING_ACTION, expires 2026-12-03 09:00 UTC (then ROLLBACK)". */
    public static String hook(HookState hook, Instant now) {
        return (hook.hookType() == null ? "hook" : hook.hookType() + " hook") + " " + hook.hookId()
                + (hook.lifecycleStage() == null ? "" : " at " + hook.lifecycleStage()) + " " + hook.status()
                + (hook.awaitingAction() && hook.expiresAt() != null ? ", expires " + format(hook.expiresAt())
                        + (hook.timeoutAction() == null ? "" : " (then " + hook.timeoutAction() + ")") : "");
    }

    /**
     * Where a deployment in flight stands in its rollout: "awaiting approval at POST_TEST_TRAFFIC_SHIFT,
     * expires 2026-12-03 09:00 UTC" while a pause hook waits, else "LINEAR 10% every 6 min, bake 10 min, at
     * BAKE_TIME"; null for a rolling one ECS's API said nothing of.
     */
    public static String stage(Deployment d) {
        var waiting = d.evidence().hookAwaitingAction();
        if (waiting.isPresent()) {
            return "awaiting approval at " + (waiting.get().lifecycleStage() == null ? "a pause hook" : waiting.get().lifecycleStage())
                    + (waiting.get().expiresAt() == null ? "" : ", expires " + format(waiting.get().expiresAt()));
        }
        var api = d.evidence().serviceDeployment();
        boolean rolling = dev.harbourmaster.domain.RolloutPlan.ROLLING.equals(d.plan().strategy());
        if (rolling && (api == null || api.lifecycleStage() == null)) {
            return null;
        }
        return d.plan().describe() + (api == null || api.lifecycleStage() == null ? "" : ", at " + api.lifecycleStage());
    }

    /** A lock for a person: "carol (arn:…) since … (10m ago), until … (in 2h): release freeze". */
    public static String lock(Lock lock, Instant now) {
        String who = by(lock.owner(), lock.ownerArn());
        String since = lock.lockedAt() == null ? "" : " since " + when(lock.lockedAt(), now);
        String until = lock.expiresAt() == null ? ", no expiry"
                : lock.inForceAt(now) ? ", until " + when(lock.expiresAt(), now)
                : ", expired " + when(lock.expiresAt(), now);
        return who + since + until + (lock.reason() == null ? "" : ": " + lock.reason())
                + (lock.replaces() == null ? "" : " (it replaced the lock of " + lock.replaces() + ")");
    }
}
