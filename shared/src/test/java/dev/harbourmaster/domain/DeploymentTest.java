package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.support.StoredText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final ReleaseImage IMAGE = new ReleaseImage("app", "catalogue/id-minter", "sha256:aa",
            "catalogue/id-minter@sha256:aa", "3f9c2ab");
    private static final DeploymentEvidence EVIDENCE = DeploymentEvidence.NONE
            .withReport(new EcsReport(EcsReport.FAILED, T0.plusSeconds(60), "circuit breaker", EcsReport.FROM_EVENT));

    private static Deployment.Builder everyPart() {
        return Deployment.builder()
                .releaseSetId("01SET")
                .projectId("catalogue")
                .environmentId("staging")
                .serviceId("id_minter")
                .cluster("catalogue-staging")
                .ecsServiceName("catalogue-id_minter-staging")
                .releaseHash("3f9c2ab")
                .images(List.of(IMAGE))
                .ecsDeploymentId("ecs-svc/1")
                .previousTaskDefinition("td:1")
                .taskDefinition("td:2")
                .status(DeploymentStatus.FAILED)
                .reason("ECS reported FAILED")
                .startedAt(T0)
                .endedAt(T0.plusSeconds(60))
                .evidence(EVIDENCE)
                .revision(3);
    }

    @Test
    void eachPartIsSetByItsName() {
        Deployment d = everyPart().build();

        assertThat(d.releaseSetId()).isEqualTo("01SET");
        assertThat(d.projectId()).isEqualTo("catalogue");
        assertThat(d.environmentId()).isEqualTo("staging");
        assertThat(d.serviceId()).isEqualTo("id_minter");
        assertThat(d.cluster()).isEqualTo("catalogue-staging");
        assertThat(d.ecsServiceName()).isEqualTo("catalogue-id_minter-staging");
        assertThat(d.releaseHash()).isEqualTo("3f9c2ab");
        assertThat(d.images()).containsExactly(IMAGE);
        assertThat(d.ecsDeploymentId()).isEqualTo("ecs-svc/1");
        assertThat(d.previousTaskDefinition()).isEqualTo("td:1");
        assertThat(d.taskDefinition()).isEqualTo("td:2");
        assertThat(d.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(d.reason()).isEqualTo("ECS reported FAILED");
        assertThat(d.startedAt()).isEqualTo(T0);
        assertThat(d.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(d.evidence()).isEqualTo(EVIDENCE);
        assertThat(d.revision()).isEqualTo(3);
    }

    @Test
    void aPartLeftUnsetIsEmpty() {
        Deployment d = Deployment.builder().build();

        assertThat(d.images()).isEmpty();
        assertThat(d.evidence()).isEqualTo(DeploymentEvidence.NONE);
        assertThat(d.revision()).isZero();
        assertThat(Arrays.asList(d.releaseSetId(), d.projectId(), d.environmentId(), d.serviceId(), d.cluster(),
                d.ecsServiceName(), d.releaseHash(), d.ecsDeploymentId(), d.previousTaskDefinition(), d.taskDefinition(),
                d.reason())).containsOnlyNulls();
        assertThat(d.status()).isNull();
        assertThat(d.startedAt()).isNull();
        assertThat(d.endedAt()).isNull();
    }

    @Test
    void aCopyKeepsEveryPartButTheOneChanged() {
        Deployment d = everyPart().build();

        assertThat(d.toBuilder().build()).isEqualTo(d);
        assertThat(d.withRevision(4)).isEqualTo(everyPart().revision(4).build());
        assertThat(d.toBuilder().cluster("other").build()).isEqualTo(everyPart().cluster("other").build());
    }

    @Test
    void imagesAreCopiedEvidenceDefaultedAndTheReasonCut() {
        List<ReleaseImage> images = new ArrayList<>(List.of(IMAGE));
        Deployment d = Deployment.builder().images(images).evidence(null).reason("x".repeat(StoredText.TEXT + 100)).build();
        images.clear();

        assertThat(d.images()).containsExactly(IMAGE);
        assertThat(d.evidence()).isEqualTo(DeploymentEvidence.NONE);
        assertThat(d.reason().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(StoredText.TEXT);
    }

    @Test
    void aClaimIsInProgressSinceItsTimeWithNothingOfEcs() {
        Deployment claimed = Deployment.builder().releaseSetId("01SET").serviceId("id_minter").images(List.of(IMAGE))
                .previousTaskDefinition("td:1").claimedAt(T0);

        assertThat(claimed.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(claimed.startedAt()).isEqualTo(T0);
        assertThat(claimed.ecsDeploymentId()).isNull();
        assertThat(claimed.taskDefinition()).isNull();
        assertThat(claimed.endedAt()).isNull();
        assertThat(claimed.evidence()).isEqualTo(DeploymentEvidence.NONE);
        assertThat(claimed.revision()).isZero();
        assertThat(claimed.previousTaskDefinition()).isEqualTo("td:1");
    }

    @Test
    void startingAndEndingChangeOnlyTheirParts() {
        Deployment claimed = everyPart().ecsDeploymentId(null).taskDefinition(null).reason(null).endedAt(null)
                .status(DeploymentStatus.IN_PROGRESS).build();

        Deployment started = claimed.started("td:2", "ecs-svc/1");
        assertThat(started).isEqualTo(claimed.toBuilder().taskDefinition("td:2").ecsDeploymentId("ecs-svc/1").build());

        Deployment ended = started.ended(DeploymentStatus.FAILED, "ECS reported FAILED", T0.plusSeconds(60));
        assertThat(ended).isEqualTo(everyPart().build());
    }

    @Test
    void aDeploymentEndedAtItsStartTookNoTimeAndOneEndedBeforeItHasNoDuration() {
        assertThat(everyPart().build().durationMillis()).isEqualTo(60_000L);
        assertThat(everyPart().endedAt(T0).build().durationMillis()).isZero();
        assertThat(everyPart().endedAt(T0.minusMillis(1)).build().durationMillis()).as("not clamped to 0").isNull();
        assertThat(everyPart().endedAt(null).build().durationMillis()).isNull();
    }

    @Test
    void evidenceDatedBeforeTheStartDoesNotEndIt() {
        Deployment started = everyPart().status(DeploymentStatus.IN_PROGRESS).reason(null).endedAt(null)
                .evidence(DeploymentEvidence.NONE).build();

        Deployment early = started.withEvidence(DeploymentEvidence.NONE
                .withReport(new EcsReport(EcsReport.FAILED, T0.minusMillis(1), "of an earlier one", EcsReport.FROM_EVENT)));
        Deployment later = early.withEvidence(EVIDENCE);

        assertThat(early.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(early.endedAt()).isNull();
        assertThat(early.evidence().reports()).as("kept as evidence").hasSize(1);
        assertThat(later.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(later.reason()).isEqualTo("circuit breaker");
        assertThat(later.endedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(later.evidence().reports()).hasSize(2);
    }
}
