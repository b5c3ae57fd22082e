package dev.harbourmaster.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.metrics.Window.Bucket;
import dev.harbourmaster.metrics.Window.BucketSize;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void dayBucketsFollowUtcMidnightsAndClipToTheWindow() {
        Window window = new Window(Instant.parse("2026-11-04T10:00:00Z"), Instant.parse("2026-11-06T06:00:00Z"), BucketSize.DAY);

        assertThat(window.buckets()).containsExactly(
                new Bucket(Instant.parse("2026-11-04T10:00:00Z"), Instant.parse("2026-11-05T00:00:00Z")),
                new Bucket(Instant.parse("2026-11-05T00:00:00Z"), Instant.parse("2026-11-06T00:00:00Z")),
                new Bucket(Instant.parse("2026-11-06T00:00:00Z"), Instant.parse("2026-11-06T06:00:00Z")));
        assertThat(window.bucketIndex(Instant.parse("2026-11-04T10:00:00Z"))).isZero();
        assertThat(window.bucketIndex(Instant.parse("2026-11-05T00:00:00Z"))).isEqualTo(1);
        assertThat(window.bucketIndex(Instant.parse("2026-11-06T05:59:59.999Z"))).isEqualTo(2);
        assertThat(window.bucketIndex(Instant.parse("2026-11-06T06:00:00Z"))).as("the end is outside").isEqualTo(-1);
        assertThat(window.bucketIndex(Instant.parse("2026-11-04T09:59:59Z"))).isEqualTo(-1);
        assertThat(window.days()).isEqualTo(1.833, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void weekBucketsStartOnMonday() {
        // 2026-11-04 is a Wednesday.
        Window window = new Window(Instant.parse("2026-11-04T00:00:00Z"), Instant.parse("2026-11-20T00:00:00Z"), BucketSize.WEEK);

        assertThat(window.buckets()).extracting(Bucket::start).containsExactly(
                Instant.parse("2026-11-04T00:00:00Z"), Instant.parse("2026-11-09T00:00:00Z"),
                Instant.parse("2026-11-16T00:00:00Z"));
        assertThat(window.buckets().get(2).end()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
        assertThat(window.bucketIndex(Instant.parse("2026-11-15T23:59:59Z"))).isEqualTo(1);
    }

    @Test
    void aWindowMustEndAfterItStartsAndNotBeEndless() {
        Instant t = Instant.parse("2026-11-04T00:00:00Z");
        assertThatThrownBy(() -> new Window(t, t, BucketSize.DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Window(t, null, BucketSize.DAY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Window.last(Duration.ofDays(5000), t, BucketSize.DAY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThat(Window.last(Duration.ofDays(30), t, BucketSize.WEEK).buckets()).hasSize(5);
    }
}
