package dev.harbourmaster.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GuardrailsTest {

    private static final Project CATALOGUE = Fixtures.exampleProject();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    private static Release release(String service, String... containers) {
        return new Release("catalogue", null, service, "abc1234", java.util.Arrays.stream(containers)
                .map(c -> new ReleaseImage(c, "repo/" + c, DIGEST, "uri/repo/" + c + "@" + DIGEST, "abc1234")).toList(),
                "repo", DIGEST, T0, null);
    }

    private static ReleaseSet set(ReleaseSetKind kind, String serviceSet, Release... releases) {
        return new ReleaseSet("01M7W7GQ404KJVZA5S5YPG0MWZ", "catalogue", "staging", serviceSet, List.of(releases), kind,
                "alice", "why", T0, ReleaseSetStatus.REQUESTED, null);
    }

    @Test
    void aCompleteServiceSetPasses() {
        assertThat(Guardrails.incomplete(set(ReleaseSetKind.DEPLOY, "pipeline",
                release("id_minter", "id_minter"), release("ingestor", "ingestor")), CATALOGUE)).isEmpty();
    }

    @Test
    void everyMissingPieceIsNamed() {
        Optional<String> problem = Guardrails.incomplete(set(ReleaseSetKind.DEPLOY, "api",
                release("requests", "app"), release("nope", "x")), CATALOGUE);

        assertThat(problem).contains("incomplete release set: no release for search; requests has no image for nginx;"
                + " nope is not a service of catalogue");
    }

    @Test
    void chosenServicesNeedNoOtherReleaseAndAnUnknownServiceSetIsNamed() {
        assertThat(Guardrails.incomplete(set(ReleaseSetKind.DEPLOY, null, release("ingestor", "ingestor")), CATALOGUE)).isEmpty();
        assertThat(Guardrails.incomplete(set(ReleaseSetKind.DEPLOY, "web", release("ingestor", "ingestor")), CATALOGUE))
                .contains("incomplete release set: service set 'web' is not in project 'catalogue'");
        assertThat(Guardrails.incomplete(set(ReleaseSetKind.DEPLOY, null), CATALOGUE))
                .contains("incomplete release set: it has no releases");
    }

    @Test
    void anImageNotPinnedByDigestIsRefused() {
        Release tagged = new Release("catalogue", null, "ingestor", "abc1234",
                List.of(new ReleaseImage("ingestor", "repo", DIGEST, "uri/repo:latest", "abc1234")), "repo", DIGEST, T0, null);

        assertThat(Guardrails.incomplete(set(ReleaseSetKind.DEPLOY, null, tagged), CATALOGUE))
                .contains("incomplete release set: ingestor has an image not pinned by digest");
    }

    @Test
    void aReleaseOlderThanTheRunningBuildIsADowngradeUnlessRolledBack() {
        String running = "sha256:" + "b".repeat(64);
        Build newer = new Build("repo/ingestor", running, "uri/repo/ingestor", Set.of("ref.bbbbbbb"), T0.plusSeconds(60),
                "bbbbbbb", ImageMetadata.NONE, BuildState.RELEASED);
        Map<String, Map<String, String>> runningImages = Map.of("ingestor", Map.of("ingestor", "uri/repo/ingestor@" + running));

        Optional<String> deploy = Guardrails.downgrade(set(ReleaseSetKind.DEPLOY, null, release("ingestor", "ingestor")),
                runningImages, (repo, digest) -> Optional.of(newer));
        Optional<String> rollback = Guardrails.downgrade(set(ReleaseSetKind.ROLLBACK, null, release("ingestor", "ingestor")),
                runningImages, (repo, digest) -> Optional.of(newer));

        assertThat(deploy).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("refusing to downgrade: ingestor runs sha256:bbbbbbbbbbbb (bbbbbbb) pushed 2026-11-20T10:01:00.000Z,"
                        + " newer than release abc1234 of 2026-11-20T10:00:00.000Z"));
        assertThat(rollback).isEmpty();
    }

    @Test
    void anUnknownOrOlderRunningImageIsNoDowngrade() {
        Map<String, Map<String, String>> runningImages = Map.of("ingestor", Map.of("ingestor", "uri/repo/ingestor@sha256:" + "c".repeat(64)));
        Build older = new Build("repo/ingestor", "sha256:" + "c".repeat(64), "uri", Set.of(), T0.minusSeconds(60), null,
                ImageMetadata.NONE, BuildState.RELEASED);
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release("ingestor", "ingestor"));

        assertThat(Guardrails.downgrade(set, runningImages, (repo, digest) -> Optional.empty())).isEmpty();
        assertThat(Guardrails.downgrade(set, runningImages, (repo, digest) -> Optional.of(older))).isEmpty();
        assertThat(Guardrails.downgrade(set, Map.of("ingestor", Map.of("ingestor", "nginx:latest")), (repo, digest) -> Optional.of(older))).isEmpty();
    }
}
