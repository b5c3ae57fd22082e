package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {

    @Test
    void hmActorWinsAndStsIsNotAsked() {
        assertThat(Actor.of(Map.of("HM_ACTOR", "ada@example.com"), () -> {
            throw new AssertionError("STS asked");
        })).isEqualTo("ada@example.com");
    }

    @Test
    void withoutHmActorTheCallersAwsIdentityIsUsed() {
        assertThat(Actor.of(Map.of(), () -> "arn:aws:sts::123456789012:assumed-role/deploy/ada"))
                .isEqualTo("arn:aws:sts::123456789012:assumed-role/deploy/ada");
    }

    @Test
    void inCiTheRunsAddressIsAdded() {
        assertThat(Actor.of(Map.of("HM_ACTOR", "bot", "GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/catalogue",
                "GITHUB_RUN_ID", "42"), () -> "unused"))
                .isEqualTo("bot via https://github.com/acme/catalogue/actions/runs/42");
        assertThat(Actor.of(Map.of("HM_ACTOR", "bot", "CI_JOB_URL", "https://gitlab.example.com/acme/-/jobs/7"), () -> "x"))
                .isEqualTo("bot via https://gitlab.example.com/acme/-/jobs/7");
    }
}
