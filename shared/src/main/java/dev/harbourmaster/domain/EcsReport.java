package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;

/**
 * What ECS said of a deployment's state (IN_PROGRESS, COMPLETED or FAILED), when, and why: from a
 * "ECS Deployment State Change" event, or from DescribeServices when the sweeper asked.
 */
public record EcsReport(String state, Instant at, String reason, String source) {

    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    public static final String FROM_EVENT = "event";
    public static final String FROM_DESCRIBE_SERVICES = "DescribeServices";

    public EcsReport {
        reason = StoredText.evidence(reason);
    }

    /**
     * Whether ECS said this before {@code start}: then it cannot be the end of what started there
     * (a clock's skew, or news of something earlier). False when either time is unknown.
     */
    public boolean predates(Instant start) {
        return at != null && start != null && at.isBefore(start);
    }

    /** Of two reports of one state the earlier wins (ties: by reason, then source), whatever the order of arrival. */
    static EcsReport earlier(EcsReport a, EcsReport b) {
        int order = compare(a.at, b.at);
        if (order == 0) {
            order = compare(a.reason, b.reason);
        }
        if (order == 0) {
            order = compare(a.source, b.source);
        }
        return order <= 0 ? a : b;
    }

    private static <T extends Comparable<T>> int compare(T a, T b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        return a.compareTo(b);
    }
}
