package dev.harbourmaster.views;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.documents.WaitingDocument;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Shell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release set that waits in its environment: QUEUED (an automatic set behind the set in flight),
 * AWAITING_APPROVAL (held until someone allowed runs hm approve), or REQUESTED for longer than a deployer takes to claim one, which means nobody is listening.
 *
 * @param behind      for a QUEUED set: the set in flight now, or else the one its reason names
 * @param queuedAhead for a QUEUED set: how many queued sets of the environment start before it
 */
public record Waiting(ReleaseSet set, String behind, boolean behindInFlight, int queuedAhead) {

    /** A deployer claims a REQUESTED set within seconds: one still REQUESTED after this has no deployer listening. */
    public static final Duration UNCLAIMED_AFTER = Duration.ofMinutes(1);

    public static final String UNCLAIMED = "no deployer has claimed it";

    /** The deployer's reason for a QUEUED set begins so (ReleaseSetDeployer.queue). */
    private static final Pattern QUEUED_BEHIND = Pattern.compile(
            "queued behind release set ((?:[a-z0-9_-]+/[a-z0-9_-]+/)?[0-9A-HJKMNP-TV-Z]{26})");

    /**
     * Of one environment's sets, those worth showing, oldest first: every QUEUED and AWAITING_APPROVAL
     * one, and REQUESTED ones unclaimed too long.
     */
    public static List<Waiting> of(List<ReleaseSet> sets, Gate gate, Instant now) {
        String inFlight = gate.inFlightReleaseSetId().orElse(null);
        List<Waiting> waiting = new ArrayList<>();
        int queued = 0;
        for (ReleaseSet set : sets.stream().sorted(Comparator.comparing(s -> ReleaseSetIds.ulid(s.id()))).toList()) {
            if (set.status() == ReleaseSetStatus.QUEUED) {
                String behind = inFlight != null ? inFlight : queuedBehind(set).orElse(null);
                waiting.add(new Waiting(set, behind, inFlight != null, queued++));
            } else if (set.status() == ReleaseSetStatus.AWAITING_APPROVAL) {
                waiting.add(new Waiting(set, null, false, 0));
            } else if (set.status() == ReleaseSetStatus.REQUESTED && unclaimed(set, now, UNCLAIMED_AFTER)) {
                waiting.add(new Waiting(set, null, false, 0));
            }
        }
        return waiting;
    }

    /** Still REQUESTED more than {@code after} after it was requested. */
    public static boolean unclaimed(ReleaseSet set, Instant now, Duration after) {
        return set.status() == ReleaseSetStatus.REQUESTED && set.requestedAt() != null
                && Duration.between(set.requestedAt(), now).compareTo(after) > 0;
    }

    /** The set a QUEUED set's reason says it waits for. */
    public static Optional<String> queuedBehind(ReleaseSet set) {
        Matcher m = QUEUED_BEHIND.matcher(set.statusReason() == null ? "" : set.statusReason());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** "3 older release sets wait too": those left out where only the newest are shown. */
    public static String older(int count) {
        return count == 1 ? "1 older release set waits too" : count + " older release sets wait too";
    }

    public boolean queued() {
        return set.status() == ReleaseSetStatus.QUEUED;
    }

    public boolean awaitingApproval() {
        return set.status() == ReleaseSetStatus.AWAITING_APPROVAL;
    }

    /** For a set held for approval, the command that approves it; null for others. */
    public String approveCommand() {
        return awaitingApproval() ? Shell.approveCommand(set.projectId(), set.environmentId(), set.id()) : null;
    }

    /**
     * "waits for release set X in flight and 2 queued before it", "awaits approval: hm approve …",
     * or "no deployer has claimed it".
     */
    public String hint() {
        if (awaitingApproval()) {
            return "awaits approval: " + approveCommand();
        }
        if (!queued()) {
            return UNCLAIMED;
        }
        String ahead = queuedAhead == 0 ? "" : " and " + queuedAhead + " queued before it";
        if (behind == null) {
            return "queued, nothing in flight" + ahead;
        }
        return behindInFlight ? "waits for release set " + behind + " in flight" + ahead
                : "queued behind release set " + behind + " (no longer in flight)" + ahead;
    }

    /** "release set X QUEUED 3m ago by ecr-push: waits for release set Y in flight". */
    public String line(Instant now) {
        return "release set " + set.id() + " " + set.status() + " " + Text.age(set.requestedAt(), now) + " ago by "
                + Text.by(set.requestedBy(), set.requestedByArn()) + ": " + hint();
    }

    public WaitingDocument json() {
        return new WaitingDocument(set.id(), set.status().name(), format(set.requestedAt()), set.requestedBy(),
                set.requestedByArn(), set.description(), set.statusReason(), behind, behindInFlight, queuedAhead, hint(),
                approveCommand());
    }
}
