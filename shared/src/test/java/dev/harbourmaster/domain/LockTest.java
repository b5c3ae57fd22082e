package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private static Lock expiringAt(Instant expiresAt) {
        return new Lock("catalogue", "prod", "carol", "release freeze", NOW.minusSeconds(600), expiresAt);
    }

    @Test
    void aLockWithNoExpiryIsInForceForever() {
        assertThat(expiringAt(null).inForceAt(NOW)).isTrue();
        assertThat(expiringAt(null).inForceAt(Instant.MAX)).isTrue();
    }

    @Test
    void aLockIsInForceUpToTheInstantItExpires() {
        assertThat(expiringAt(NOW.plusMillis(1)).inForceAt(NOW)).as("expires a moment from now").isTrue();
        assertThat(expiringAt(NOW).inForceAt(NOW)).as("expires exactly now: the deployer's claim (expiresAt < :now) still refuses")
                .isTrue();
        assertThat(expiringAt(NOW.minusSeconds(60)).inForceAt(NOW)).as("expired a minute ago").isFalse();
    }
}
