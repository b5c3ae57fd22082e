package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StallWatchTest {

    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final String READER = "the stream reader of DeployerFunction";

    private static Instant at(int seconds) {
        return START.plusSeconds(seconds);
    }

    @Test
    void aLoopWhoseCallHasNotReturnedIsSaidOnceByNameAfterTheThresholdAndAgainWhenItGoesOn() {
        StallWatch watch = new StallWatch(Duration.ofSeconds(45));
        watch.watch(READER, START);
        watch.progressed(READER, at(10));

        assertThat(watch.check(at(54))).as("44 s without progress").isEmpty();
        assertThat(watch.check(at(55))).singleElement().satisfies(notice -> {
            assertThat(notice.stalled()).isTrue();
            assertThat(notice.loop()).isEqualTo(READER);
            assertThat(notice.text()).startsWith(READER + " has made no progress for 45 s (its last call has not returned)");
        });
        assertThat(watch.check(at(80))).as("said once").isEmpty();

        watch.progressed(READER, at(90));
        assertThat(watch.check(at(91))).singleElement().satisfies(notice -> {
            assertThat(notice.stalled()).isFalse();
            assertThat(notice.text()).isEqualTo(READER + " goes on again, after 80 s without progress");
        });
        assertThat(watch.check(at(92))).isEmpty();
    }

    @Test
    void aLoopWhoseTriesFailSaysTheFirstLineOfTheLastError() {
        StallWatch watch = new StallWatch(Duration.ofSeconds(45));
        watch.watch(READER, START);
        watch.failed(READER, "software.amazon.awssdk.core.exception.ApiCallTimeoutException: Client execution did not"
                + " complete before the specified timeout configuration: 15000 millis\n\tat somewhere");

        assertThat(watch.check(at(45))).singleElement().extracting(StallWatch.Notice::text).asString()
                .contains("each try fails: software.amazon.awssdk.core.exception.ApiCallTimeoutException")
                .doesNotContain("somewhere");
    }

    @Test
    void aLoopThatKeepsProgressingIsNeverSaid() {
        StallWatch watch = new StallWatch(Duration.ofSeconds(45));
        watch.watch(READER, START);
        for (int second = 1; second < 300; second++) {
            watch.progressed(READER, at(second));
            assertThat(watch.check(at(second))).isEmpty();
        }
    }
}
