package dev.harbourmaster.domain;

import java.time.Instant;

/**
 * What ECS said of a deployment's state (IN_PROGRESS, COMPLETED or FAILED), when, and why: from a
 * "ECS Deployment State Change" event, or from DescribeServices when the sweeper asked.
 */
public record EcsReport(String state, Instant at, String reason, String source) {

    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";

    /** Of two reports of one state the earlier wins (ties: the smaller reason), whatever the order of arrival. */
    static EcsReport earlier(EcsReport a, EcsReport b) {
        int byTime = compare(a.at, b.at);
        if (byTime != 0) {
            return byTime < 0 ? a : b;
        }
        return compare(a.reason, b.reason) <= 0 ? a : b;
    }

    private static <T extends Comparable<T>> int compare(T a, T b) {
        if (a == null || b == null) {
            return a == b ? 0 : a == null ? 1 : -1;
        }
        return a.compareTo(b);
    }
}
