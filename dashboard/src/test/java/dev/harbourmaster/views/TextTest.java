package dev.harbourmaster.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TextTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    @Test
    void agesAreOneUnitLikeDockerPsRoundedToTheNearest() {
        assertThat(Text.age(NOW.minusSeconds(45), NOW)).isEqualTo("45s");
        assertThat(Text.age(NOW.minusSeconds(3 * 60 + 29), NOW)).isEqualTo("3m");
        assertThat(Text.age(NOW.minusSeconds(3 * 60 + 59), NOW)).isEqualTo("4m");
        assertThat(Text.age(NOW.minusSeconds(2 * 3600 + 1799), NOW)).isEqualTo("2h");
        assertThat(Text.age(NOW.minusSeconds(59 * 60 + 50), NOW)).as("not 60m").isEqualTo("1h");
        assertThat(Text.age(NOW.minusSeconds(5 * 86_400 + 7200), NOW)).isEqualTo("5d");
        assertThat(Text.age(NOW.plusSeconds(2 * 86_400 - 60), NOW)).as("a lock 1d 23h 59m from expiry").isEqualTo("2d");
        assertThat(Text.age(null, NOW)).isNull();
        assertThat(Text.when(NOW.plusSeconds(7200), NOW)).isEqualTo("2026-11-20T14:00:00.000Z (in 2h)");
        assertThat(Text.when(NOW.minusSeconds(180), NOW)).isEqualTo("2026-11-20T11:57:00.000Z (3m ago)");
    }

    @Test
    void durationsKeepTwoUnits() {
        assertThat(Text.duration(850L)).isEqualTo("850ms");
        assertThat(Text.duration(42_000L)).isEqualTo("42s");
        assertThat(Text.duration(252_000L)).isEqualTo("4m12s");
        assertThat(Text.duration(3_900_000L)).isEqualTo("1h05m");
        assertThat(Text.duration(null)).isNull();
    }

    @Test
    void gitShasAreShortenedOtherHashesKept() {
        assertThat(Text.shortHash("3f9c2ab5d1e0c4b7a6f8e9d0c1b2a3f4e5d6c7b8")).isEqualTo("3f9c2ab");
        assertThat(Text.shortHash("3f9c2ab")).isEqualTo("3f9c2ab");
        assertThat(Text.shortHash("v1.4.0")).isEqualTo("v1.4.0");
        assertThat(Text.shortDigests("app sha256:" + "0123456789ab".repeat(5) + "cdef ok"))
                .isEqualTo("app sha256:0123456789ab ok");
    }

    @Test
    void freeTextIsOneLineAndCut() {
        assertThat(Text.cut("fix\nthe   cart", 48)).isEqualTo("fix the cart");
        assertThat(Text.cut("x".repeat(60), 48)).hasSize(48).endsWith("...");
    }
}
