package dev.harbourmaster.metrics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The time the delivery metrics look at, {@code [from, to)}, and the size of the buckets its series
 * are cut into. Buckets follow the UTC calendar: a day starts at 00:00Z, a week on Monday 00:00Z.
 * The first and the last bucket are clipped to the window, so they can be shorter than the others
 * (a renderer can tell by {@link Bucket#start()} and {@link Bucket#end()}).
 */
public record Window(Instant from, Instant to, BucketSize bucketSize) {

    /** More buckets than this is a mistake (a decade by the day), not a plot. */
    public static final int MAX_BUCKETS = 1000;

    public enum BucketSize {
        DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7));

        private final Duration length;

        BucketSize(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        /** The start of the calendar bucket (UTC) that holds {@code at}. */
        Instant startOf(Instant at) {
            LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
            if (this == WEEK) {
                day = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            }
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** One bucket of a series: {@code [start, end)}. */
    public record Bucket(Instant start, Instant end) {}

    public Window {
        if (from == null || to == null || bucketSize == null) {
            throw new IllegalArgumentException("a window needs from, to and a bucket size");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a window must end after it starts: " + from + " .. " + to);
        }
        long buckets = Duration.between(bucketSize.startOf(from), to).dividedBy(bucketSize.length()) + 1;
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("a window of " + buckets + " " + bucketSize + " buckets is too long (at most "
                    + MAX_BUCKETS + ")");
        }
    }

    /** The {@code length} of time before {@code to}, e.g. {@code Window.last(Duration.ofDays(30), now, DAY)}. */
    public static Window last(Duration length, Instant to, BucketSize bucketSize) {
        return new Window(to.minus(length), to, bucketSize);
    }

    public boolean contains(Instant at) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }

    /** How long the window is, in days (fractional): what "per day" divides by. */
    public double days() {
        return Duration.between(from, to).toMillis() / (double) Duration.ofDays(1).toMillis();
    }

    /** The buckets, oldest first, covering the window exactly. */
    public List<Bucket> buckets() {
        List<Bucket> buckets = new ArrayList<>();
        for (Instant start = bucketSize.startOf(from); start.isBefore(to); start = start.plus(bucketSize.length())) {
            Instant end = start.plus(bucketSize.length());
            buckets.add(new Bucket(start.isBefore(from) ? from : start, end.isAfter(to) ? to : end));
        }
        return buckets;
    }

    /** The index in {@link #buckets()} of the bucket holding {@code at}; -1 outside the window. */
    public int bucketIndex(Instant at) {
        if (!contains(at)) {
            return -1;
        }
        // UTC days are all 24 hours long in Instant arithmetic, so buckets are evenly spaced.
        return (int) Duration.between(bucketSize.startOf(from), at).dividedBy(bucketSize.length());
    }
}
