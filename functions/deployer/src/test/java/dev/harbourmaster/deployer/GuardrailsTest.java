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
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.support.ServedAccounts;
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

    private static final String OURS = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";

    private static Release ofImage(String image) {
        return new Release("catalogue", null, "ingestor", "abc1234",
                List.of(new ReleaseImage("ingestor", "catalogue/ingestor", DIGEST, image, "abc1234")), "catalogue/ingestor",
                DIGEST, T0, null);
    }

    private static Optional<String> untrusted(Release release, ServedAccounts served) {
        return Guardrails.untrusted(set(ReleaseSetKind.DEPLOY, null, release), CATALOGUE, r -> Optional.of(r), served);
    }

    @Test
    void aRecordedReleaseOfTheManifestsRepositoryInTheStacksRegistryPasses() {
        assertThat(untrusted(ofImage(OURS + "catalogue/ingestor@" + DIGEST), Fixtures.SERVED)).isEmpty();
    }

    @Test
    void anImageOutsideTheServedRegistriesOrTheManifestsRepositoryIsRefusedSayingWhich() {
        for (String image : List.of("evil.example/x.dkr.ecr.eu-west-1.amazonaws.com/catalogue/ingestor@" + DIGEST,
                "999999999999.dkr.ecr.eu-west-1.amazonaws.com/catalogue/ingestor@" + DIGEST,
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalogue/ingestor@" + DIGEST,
                OURS + "catalogue/other@" + DIGEST, OURS + "catalogue/ingestor:latest",
                OURS + "catalogue/ingestor@sha256:" + "f".repeat(64))) {
            assertThat(untrusted(ofImage(image), Fixtures.SERVED)).as(image).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("refusing release set: ingestor/ingestor image " + image + " is not catalogue/ingestor@"
                            + DIGEST + " in the ECR registry of 123456789012:eu-west-1. Only releases recorded"));
        }
    }

    @Test
    void anAccountAndRegionOfTheAllowListIsServed() {
        ServedAccounts withOther = new ServedAccounts(Fixtures.SERVED.own(),
                List.of(new ServedAccounts.AccountRegion("111122223333", "us-east-1")));
        Release other = ofImage("111122223333.dkr.ecr.us-east-1.amazonaws.com/catalogue/ingestor@" + DIGEST);

        assertThat(untrusted(other, withOther)).isEmpty();
        assertThat(untrusted(other, Fixtures.SERVED)).isPresent();
    }

    @Test
    void aReleaseTheLedgerDoesNotHoldOrHoldsOtherwiseIsRefused() {
        Release release = ofImage(OURS + "catalogue/ingestor@" + DIGEST);
        ReleaseSet set = set(ReleaseSetKind.DEPLOY, null, release);
        Release recorded = new Release("catalogue", null, "ingestor", "abc1234",
                List.of(new ReleaseImage("ingestor", "catalogue/ingestor", "sha256:" + "b".repeat(64),
                        OURS + "catalogue/ingestor@sha256:" + "b".repeat(64), "abc1234")), "catalogue/ingestor", DIGEST, T0, null);

        assertThat(Guardrails.untrusted(set, CATALOGUE, r -> Optional.empty(), Fixtures.SERVED))
                .contains("refusing release set: ingestor abc1234 is not a release build-recorder recorded (the ledger has no"
                        + " release of " + DIGEST + " made at 2026-11-20T10:00:00.000Z). Only releases recorded from pushes"
                        + " to the stack's own ECR (or an account and region of the template's TrustedAccountRegions) are"
                        + " deployed, as the manifest names them");
        assertThat(Guardrails.untrusted(set, CATALOGUE, r -> Optional.of(recorded), Fixtures.SERVED))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("refusing release set: ingestor abc1234 is not as"
                        + " recorded: the recorded release is abc1234 with {ingestor=" + OURS + "catalogue/ingestor@sha256:bbb"));
    }

    @Test
    void aRollbackToAReleaseThatNeverRanThereIsRefusedAndOtherKindsAreNotAsked() {
        Release release = ofImage(OURS + "catalogue/ingestor@" + DIGEST);
        TaskDefinition runsOther = new TaskDefinition("td:2", "td", Map.of("ingestor", OURS + "catalogue/ingestor@sha256:" + "b".repeat(64)));
        TaskDefinition runsIt = new TaskDefinition("td:1", "td", Map.of("ingestor", release.images().get(0).image()));
        List<ServicePlan> plans = List.of(ServicePlan.found(release, "c", "catalogue-ingestor-staging", runsOther));

        assertThat(Guardrails.unknownRollback(set(ReleaseSetKind.ROLLBACK, null, release), plans, p -> false))
                .contains("refusing to roll back: ingestor abc1234 never ran in catalogue/staging; a rollback goes back only to"
                        + " a release that ran there before: choose one from hm history --project catalogue --env staging");
        assertThat(Guardrails.unknownRollback(set(ReleaseSetKind.ROLLBACK, null, release), plans, p -> true)).isEmpty();
        assertThat(Guardrails.unknownRollback(set(ReleaseSetKind.ROLLBACK, null, release),
                List.of(ServicePlan.found(release, "c", "catalogue-ingestor-staging", runsIt)), p -> false))
                .as("what runs now needs no history").isEmpty();
        assertThat(Guardrails.unknownRollback(set(ReleaseSetKind.DEPLOY, null, release), plans, p -> {
            throw new AssertionError("asked for a DEPLOY");
        })).isEmpty();
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
