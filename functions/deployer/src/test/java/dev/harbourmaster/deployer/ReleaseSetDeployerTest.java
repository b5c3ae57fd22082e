package dev.harbourmaster.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.StartedDeployment;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The deployer's approval gate, with the ports as mocks: a set for an environment that requires
 * approval is held before anything is claimed or rolled, an approved one rolls, and an approval
 * that does not pass the environment's rule (written by hand into the table) is rejected.
 */
class ReleaseSetDeployerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final String ID = "catalogue/prod/01M7W7GQ404KJVZA5S5YPG0MWZ";
    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/Developer/bob";
    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/ReleaseLead/alice";
    private static final ApprovalRule LEADS = new ApprovalRule(true,
            List.of(new ArnPattern("arn:aws:iam::123456789012:role/ReleaseLead")), false);

    private final Catalogue catalogue = mock(Catalogue.class);
    private final BuildLedger ledger = mock(BuildLedger.class);
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final DeploymentRecords records = mock(DeploymentRecords.class);
    private final ContainerPlatform ecs = mock(ContainerPlatform.class);
    private final ReleaseSetDeployer deployer = new ReleaseSetDeployer(catalogue, ledger, releaseSets, records, ContainerPlatforms.only(ecs),
            Fixtures.SERVED, () -> T0, 2, Duration.ofHours(2));
    private final Release minter = new Release("catalogue", "pipeline", "id_minter", "abc1234",
            List.of(new ReleaseImage("id_minter", "catalogue/id_minter", DIGEST, REGISTRY + "/catalogue/id_minter@" + DIGEST,
                    "abc1234")), "catalogue/id_minter", DIGEST, T0.minusSeconds(600), null);

    @BeforeEach
    void ecsRunsTheServiceAndTheLedgerKnowsTheRelease() {
        when(ledger.recorded(anyList())).thenAnswer(asked -> ((List<?>) asked.getArgument(0)).stream()
                .map(r -> minter.equals(r) ? Optional.of(minter) : Optional.empty()).toList());
        when(ecs.services(eq("catalogue-prod"), anyList())).thenReturn(Map.of("catalogue-id_minter-prod", new RunningService(
                "catalogue-prod", "catalogue-id_minter-prod", "arn:svc", "arn:td:1", "ecs-svc/1", "ECS", null)));
        TaskDefinition current = new TaskDefinition("arn:td:1", "catalogue-id_minter",
                Map.of("id_minter", REGISTRY + "/catalogue/id_minter:bootstrap"));
        when(ecs.taskDefinition("arn:td:1")).thenReturn(current);
        when(ecs.registerRevision(any(), any())).thenReturn(new TaskDefinition("arn:td:2", "catalogue-id_minter",
                Map.of("id_minter", minter.images().get(0).image())));
        when(ecs.updateService(anyString(), anyString(), anyString())).thenReturn(new StartedDeployment("ecs-svc/2", null, null));
        when(releaseSets.claim(any(), any(), any(), anyList())).thenReturn(ReleaseSets.Claim.CLAIMED);
        when(releaseSets.startDeployment(any())).thenReturn(true);
        when(releaseSets.awaitApproval(any(), anyString())).thenReturn(true);
        when(releaseSets.reject(anyString(), anyString())).thenReturn(true);
    }

    private void prodRequires(ApprovalRule rule) {
        Project example = Fixtures.exampleProject();
        Environment prod = example.environment("prod").orElseThrow();
        when(catalogue.project("catalogue")).thenReturn(Optional.of(new Project(example.id(), example.name(),
                example.releaseHashRule(), List.of(example.environment("staging").orElseThrow(), new Environment(prod.id(),
                prod.name(), prod.cluster(), prod.ecsServiceName(), prod.autoDeploy(), rule)), example.serviceSets())));
    }

    private void requested(ApprovalDecision approval) {
        when(releaseSets.releaseSet(ID)).thenReturn(Optional.of(new ReleaseSet(ID, "catalogue", "prod", null, List.of(minter),
                ReleaseSetKind.DEPLOY, "bob", "ship it", T0.minusSeconds(60), ReleaseSetStatus.REQUESTED, null, BOB, approval)));
    }

    private void nothingRolled() {
        verify(releaseSets, never()).claim(any(), any(), any(), anyList());
        verify(releaseSets, never()).startDeployment(any());
        verify(ecs, never()).registerRevision(any(), any());
        verify(ecs, never()).updateService(anyString(), anyString(), anyString());
    }

    private void prodBase(TaskDefinitionBase base) {
        Project example = Fixtures.exampleProject();
        Environment prod = example.environment("prod").orElseThrow();
        when(catalogue.project("catalogue")).thenReturn(Optional.of(new Project(example.id(), example.name(),
                example.releaseHashRule(), List.of(example.environment("staging").orElseThrow(), new Environment(prod.id(),
                prod.name(), prod.cluster(), prod.ecsServiceName(), prod.autoDeploy(), prod.approval(), prod.placement(), base)),
                example.serviceSets())));
    }

    private static ConfigFingerprint withVariables(String... names) {
        Map<String, String> environment = new java.util.TreeMap<>();
        for (String name : names) {
            environment.put(name, "value of " + name);
        }
        return new ConfigFingerprint("256", "512", List.of(ConfigFingerprint.ContainerConfig.of("id_minter", null, null,
                environment, Map.of(), List.of(), null, null)));
    }

    /** The service already runs the release's image; Terraform registered arn:td:3 with FEATURE_X since. */
    private void runsTheReleaseAndTerraformAddedAVariable() {
        TaskDefinition running = new TaskDefinition("arn:td:1", "catalogue-id_minter",
                Map.of("id_minter", minter.images().get(0).image()), List.of(), withVariables("LOG_LEVEL"));
        when(ecs.taskDefinition("arn:td:1")).thenReturn(running);
        when(ecs.latestRevision("catalogue-id_minter")).thenReturn(new TaskDefinition("arn:td:3", "catalogue-id_minter",
                Map.of("id_minter", "placeholder:latest"), List.of(), withVariables("LOG_LEVEL", "FEATURE_X")));
        when(ecs.registerRevision(any(), any())).thenReturn(new TaskDefinition("arn:td:4", "catalogue-id_minter",
                Map.of("id_minter", minter.images().get(0).image()), List.of(), withVariables("LOG_LEVEL", "FEATURE_X")));
        requested(null);
    }

    @Test
    void withTheLatestBaseAConfigurationChangeAloneRollsTheServiceAndSaysSo() {
        prodBase(TaskDefinitionBase.LATEST);
        runsTheReleaseAndTerraformAddedAVariable();

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        ArgumentCaptor<TaskDefinition> base = ArgumentCaptor.forClass(TaskDefinition.class);
        verify(ecs).registerRevision(base.capture(), eq(Map.of("id_minter", minter.images().get(0).image())));
        assertThat(base.getValue().arn()).isEqualTo("arn:td:3");
        Deployment rolled = result.deployments().get(0);
        assertThat(rolled.status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(rolled.taskDefinition()).isEqualTo("arn:td:4");
        assertThat(rolled.config().base()).isEqualTo(TaskDefinitionBase.LATEST);
        assertThat(rolled.config().baseTaskDefinition()).isEqualTo("arn:td:3");
        assertThat(rolled.config().configOnly()).isTrue();
        assertThat(rolled.configChanges().lines()).containsExactly("+FEATURE_X");
        assertThat(rolled.config().fingerprint()).isEqualTo(withVariables("LOG_LEVEL", "FEATURE_X"));
        assertThat(rolled.reason()).isEqualTo("configuration only, images unchanged: +FEATURE_X");
    }

    @Test
    void withTheRunningBaseTheSameImagesAreUnchangedWhateverTheFamilyHasSince() {
        prodBase(TaskDefinitionBase.RUNNING);
        runsTheReleaseAndTerraformAddedAVariable();
        when(records.writeCurrentState(any(), any())).thenReturn(true);

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.deployments()).extracting(Deployment::status).containsExactly(DeploymentStatus.UNCHANGED);
        verify(ecs, never()).latestRevision(anyString());
        verify(ecs, never()).registerRevision(any(), any());
    }

    @Test
    void withTheRunningBaseANewImageCopiesTheRunningRevisionAndChangesNoConfiguration() {
        prodBase(TaskDefinitionBase.RUNNING);
        requested(null);

        Deployment rolled = deployer.deploy(ID).deployments().get(0);

        ArgumentCaptor<TaskDefinition> base = ArgumentCaptor.forClass(TaskDefinition.class);
        verify(ecs).registerRevision(base.capture(), any());
        assertThat(base.getValue().arn()).isEqualTo("arn:td:1");
        assertThat(rolled.config().base()).isEqualTo(TaskDefinitionBase.RUNNING);
        assertThat(rolled.config().configOnly()).isFalse();
        assertThat(rolled.configChanges().isEmpty()).isTrue();
        assertThat(rolled.reason()).isNull();
    }

    @Test
    void aSetWithoutApprovalIsHeldAwaitingApprovalWithTheCommandAndNothingRolled() {
        prodRequires(LEADS);
        requested(null);

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.AWAITING_APPROVAL);
        assertThat(result.status()).isEqualTo(ReleaseSetStatus.AWAITING_APPROVAL);
        String reason = "waits for approval in prod: hm approve --project catalogue --env prod " + ID;
        assertThat(result.reason()).isEqualTo(reason);
        ArgumentCaptor<ReleaseSet> held = ArgumentCaptor.forClass(ReleaseSet.class);
        verify(releaseSets).awaitApproval(held.capture(), eq(reason));
        assertThat(held.getValue().id()).isEqualTo(ID);
        nothingRolled();
    }

    @Test
    void aSetApprovedByAnApproverRolls() {
        prodRequires(LEADS);
        requested(ApprovalDecision.approved("alice", ALICE, "looks good", T0));

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.DEPLOYED);
        verify(releaseSets, never()).awaitApproval(any(), anyString());
        verify(ecs).updateService("catalogue-prod", "catalogue-id_minter-prod", "arn:td:2");
        assertThat(result.deployments()).extracting(d -> d.ecsDeploymentId()).containsExactly("ecs-svc/2");
    }

    @Test
    void anApprovalBySomeoneNotAmongTheApproversIsRejectedWithTheReason() {
        prodRequires(LEADS);
        requested(ApprovalDecision.approved("mallory", "arn:aws:iam::123456789012:user/mallory", "trust me", T0));

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.REJECTED);
        assertThat(result.reason()).startsWith("the approval recorded on the set (approved by mallory"
                        + " (arn:aws:iam::123456789012:user/mallory): trust me) does not pass catalogue/prod's approval rule:"
                        + " arn:aws:iam::123456789012:user/mallory is not among the approvers of catalogue/prod");
        verify(releaseSets).reject(ID, result.reason());
        nothingRolled();
    }

    @Test
    void anApprovalByTheRequesterIsRejectedUnlessSelfApprovalIsAllowed() {
        prodRequires(new ApprovalRule(true, List.of(), false));
        requested(ApprovalDecision.approved("bob", BOB, null, T0));

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.REJECTED);
        assertThat(result.reason()).contains("bob requested release set " + ID + " and may not approve it too");
        nothingRolled();
    }

    @Test
    void aRejectionWrittenOnARequestedSetIsNoApproval() {
        prodRequires(new ApprovalRule(true, List.of(), true));
        requested(ApprovalDecision.rejected("carol", "arn:aws:iam::123456789012:user/carol", "no", T0));

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.REJECTED);
        assertThat(result.reason()).contains("carries a decision 'REJECTED' but no approval");
        nothingRolled();
    }

    @Test
    void anEnvironmentWithoutApprovalRollsAsBefore() {
        prodRequires(ApprovalRule.NONE);
        requested(null);

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.DEPLOYED);
        verify(releaseSets, never()).awaitApproval(any(), anyString());
        verify(ecs).updateService("catalogue-prod", "catalogue-id_minter-prod", "arn:td:2");
    }

    @Test
    void aHeldSetDeliveredAgainIsSkipped() {
        prodRequires(LEADS);
        when(releaseSets.releaseSet(ID)).thenReturn(Optional.of(new ReleaseSet(ID, "catalogue", "prod", null, List.of(minter),
                ReleaseSetKind.DEPLOY, "bob", "ship it", T0, ReleaseSetStatus.AWAITING_APPROVAL, "waits", BOB)));

        assertThat(deployer.deploy(ID).outcome()).isEqualTo(ReleaseSetDeployer.Outcome.SKIPPED);
        verify(releaseSets, never()).awaitApproval(any(), anyString());
        nothingRolled();
    }

    @Test
    void anImportedSetWrittenRequestedIsRejectedWithTheReasonAndNothingRolled() {
        prodRequires(ApprovalRule.NONE);
        when(releaseSets.releaseSet(ID)).thenReturn(Optional.of(new ReleaseSet(ID, "catalogue", "prod", null, List.of(minter),
                ReleaseSetKind.IMPORTED, "arn:aws:sts::123456789012:assumed-role/platform-ci/alex", "weco-deploy release",
                T0, ReleaseSetStatus.REQUESTED, null)));

        ReleaseSetDeployer.Result result = deployer.deploy(ID);

        assertThat(result.outcome()).isEqualTo(ReleaseSetDeployer.Outcome.REJECTED);
        assertThat(result.reason()).startsWith("refusing release set: it is of kind IMPORTED, history imported from weco-deploy")
                .endsWith("hm deploy --project catalogue --env prod");
        verify(releaseSets).reject(eq(ID), eq(result.reason()));
        nothingRolled();
    }

    @Test
    void anImportedSetIsNeverRolledWhateverItsStatus() {
        prodRequires(ApprovalRule.NONE);
        for (ReleaseSetStatus status : List.of(ReleaseSetStatus.UNKNOWN, ReleaseSetStatus.IN_PROGRESS)) {
            when(releaseSets.releaseSet(ID)).thenReturn(Optional.of(new ReleaseSet(ID, "catalogue", "prod", null,
                    List.of(minter), ReleaseSetKind.IMPORTED, "alex", "weco-deploy release", T0, status, null)));

            ReleaseSetDeployer.Result result = deployer.deploy(ID);

            assertThat(result.outcome()).as("%s", status).isEqualTo(ReleaseSetDeployer.Outcome.SKIPPED);
            assertThat(result.reason()).contains("kind IMPORTED");
        }
        verify(releaseSets, never()).reject(anyString(), anyString());
        nothingRolled();
    }
}
