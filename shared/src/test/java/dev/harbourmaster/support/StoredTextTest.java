package dev.harbourmaster.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoredTextTest {

    @Test
    void shortTextStaysAsItIs() {
        assertThat(StoredText.text("ship it")).isEqualTo("ship it");
        assertThat(StoredText.text(null)).isNull();
        assertThat(StoredText.clip("x".repeat(4096), 4096)).hasSize(4096);
    }

    @Test
    void theReviewsReasonIsCutSayingWhere() {
        String reason = "OutOfMemory " + "x".repeat(300_000);

        String stored = StoredText.evidence(reason);

        assertThat(stored.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(StoredText.EVIDENCE);
        assertThat(stored).startsWith("OutOfMemory xxx").endsWith("… (cut after 477 of 300012 bytes)");
        assertThat(StoredText.evidence(stored)).as("cutting again changes nothing").isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "🚢", "a🚢"})
    void aCutNeverSplitsACharacter(String unit) {
        String stored = StoredText.clip(unit.repeat(10_000), 1000);

        assertThat(stored.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(1000);
        String kept = stored.substring(0, stored.indexOf("… (cut after"));
        assertThat(kept.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
        assertThat(unit.repeat(10_000)).startsWith(kept);
    }

    @Test
    void evidenceListsAreBoundedToo() {
        // The review's 10,000 containers made the deployment's item too large to write.
        TaskEvidence task = new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/c/t1", 1, "STOPPED", "td:1",
                Collections.nCopies(10_000, new TaskEvidence.ContainerEvidence("app", null, 1L, "y".repeat(300_000))),
                "z".repeat(300_000), "EssentialContainerExited", null, Instant.EPOCH);
        ServiceNotice notice = new ServiceNotice("e1", Instant.EPOCH, "WARN", "SERVICE_TASK_START_IMPAIRED",
                Collections.nCopies(10_000, "r".repeat(300_000)));

        assertThat(task.containers()).hasSize(TaskEvidence.MAX_CONTAINERS)
                .allSatisfy(c -> assertThat(c.reason()).hasSizeLessThanOrEqualTo(StoredText.EVIDENCE));
        assertThat(task.stoppedReason()).hasSizeLessThanOrEqualTo(StoredText.EVIDENCE);
        assertThat(notice.reasons()).hasSize(ServiceNotice.MAX_REASONS)
                .allSatisfy(r -> assertThat(r).hasSizeLessThanOrEqualTo(StoredText.EVIDENCE));
    }
}
