package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {

    private static final String ARN = "arn:aws:sts::123456789012:assumed-role/deploy/ada";

    @Test
    void hmActorIsTheNameShownAndStsIsAskedAllTheSame() {
        assertThat(Actor.of(Map.of("HM_ACTOR", "the CFO (approved)"), () -> ARN))
                .isEqualTo(new Actor("the CFO (approved)", ARN));
    }

    @Test
    void withoutHmActorTheCallersAwsIdentityIsTheName() {
        assertThat(Actor.of(Map.of(), () -> ARN)).isEqualTo(new Actor(ARN, ARN));
    }

    @Test
    void inCiTheRunsAddressIsAddedToTheName() {
        assertThat(Actor.of(Map.of("HM_ACTOR", "bot", "GITHUB_ACTIONS", "true", "GITHUB_REPOSITORY", "acme/catalogue",
                "GITHUB_RUN_ID", "42"), () -> ARN))
                .isEqualTo(new Actor("bot via https://github.com/acme/catalogue/actions/runs/42", ARN));
        assertThat(Actor.of(Map.of("HM_ACTOR", "bot", "CI_JOB_URL", "https://gitlab.example.com/acme/-/jobs/7"), () -> ARN))
                .isEqualTo(new Actor("bot via https://gitlab.example.com/acme/-/jobs/7", ARN));
    }
}
