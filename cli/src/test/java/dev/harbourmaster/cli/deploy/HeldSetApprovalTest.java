package dev.harbourmaster.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.ArnPattern;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.ServiceDeploymentState;
import dev.harbourmaster.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** hm approve and hm reject of a release set Harbourmaster holds AWAITING_APPROVAL, with the table and ECS as mocks. */
class HeldSetApprovalTest {

    private static final String HELD = "catalogue/prod/01M8XRRWEZJG79A7HPHGJRM85K";
    private static final String IN_FLIGHT = "catalogue/prod/01M8XRRWEZJG79A7HPHGJRM85A";
    private static final String BOB = "arn:aws:sts::123456789012:assumed-role/Developer/bob";
    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/ReleaseLead/alice";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final Session session = mock(Session.class);
    private final Catalogue catalogue = mock(Catalogue.class);
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final ContainerPlatform ecs = mock(ContainerPlatform.class);
    private final ReleaseSet held = new ReleaseSet(HELD, "catalogue", "prod", null, List.of(), ReleaseSetKind.DEPLOY, "bob",
            "ship search", T0, ReleaseSetStatus.AWAITING_APPROVAL, "waits for approval in prod", BOB);

    private record Run(int exitCode, String out, String err) {}

    private Run hm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hm.run(session, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private void prodRequires(ApprovalRule rule) {
        Project example = Fixtures.exampleProject();
        Environment prod = example.environment("prod").orElseThrow();
        when(catalogue.project("catalogue")).thenReturn(Optional.of(new Project(example.id(), example.name(),
                example.releaseHashRule(), List.of(example.environment("staging").orElseThrow(), new Environment(prod.id(),
                prod.name(), prod.cluster(), prod.ecsServiceName(), prod.autoDeploy(), rule)), example.serviceSets())));
    }

    private void actingAs(String name, String arn) {
        when(session.actor()).thenReturn(new Actor(name, arn));
    }

    @BeforeEach
    void wired() {
        when(session.catalogue(anyString())).thenReturn(catalogue);
        when(session.releaseSets(anyString())).thenReturn(releaseSets);
        when(session.containers(any())).thenReturn(ecs);
        when(releaseSets.gate("catalogue", "prod")).thenReturn(ReleaseSets.Gate.OPEN);
        when(releaseSets.releaseSets(eq("catalogue"), eq("prod"), any(Integer.class))).thenReturn(List.of(held));
        when(releaseSets.releaseSet(HELD)).thenReturn(Optional.of(held));
        when(releaseSets.approve(anyString(), any())).thenReturn(true);
        when(releaseSets.rejectAwaiting(anyString(), any(), anyString())).thenReturn(true);
        prodRequires(new ApprovalRule(true, List.of(new ArnPattern("arn:aws:iam::123456789012:role/ReleaseLead")), false));
    }

    private ApprovalDecision approvalWritten() {
        ArgumentCaptor<ApprovalDecision> approval = ArgumentCaptor.forClass(ApprovalDecision.class);
        verify(releaseSets).approve(eq(HELD), approval.capture());
        return approval.getValue();
    }

    @Test
    void anApproverReleasesTheHeldSetAndWhoWhyAndWhenAreKeptOnIt() {
        actingAs("alice@example.com", ALICE);

        Run run = hm("approve", "--project", "catalogue", "--env", "prod", "-m", "change window open");

        assertThat(run.exitCode()).as(run.err()).isZero();
        ApprovalDecision approval = approvalWritten();
        assertThat(approval.approved()).isTrue();
        assertThat(approval.by()).isEqualTo("alice@example.com");
        assertThat(approval.byArn()).as("a session of the role the pattern names").isEqualTo(ALICE);
        assertThat(approval.why()).isEqualTo("change window open");
        assertThat(approval.at()).isNotNull();
        assertThat(run.out()).contains("Approved release set " + HELD + " for prod as alice@example.com",
                "it is REQUESTED again and the deployer rolls it", "(change window open)");
        verify(ecs, never()).continueServiceDeployment(anyString(), anyString(), anyString());
    }

    @Test
    void theRequesterMayNotApproveTheirOwnSetUnlessTheEnvironmentAllowsIt() {
        prodRequires(new ApprovalRule(true, List.of(), false));
        actingAs("bob", BOB);

        Run run = hm("approve", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not approved: bob requested release set " + HELD + " and may not approve it too",
                "does not allow self-approval (environments[].approval.allowSelfApproval); ask another approver");
        verify(releaseSets, never()).approve(anyString(), any());

        prodRequires(new ApprovalRule(true, List.of(), true));
        assertThat(hm("approve", "--project", "catalogue", "--env", "prod").exitCode()).as("allowSelfApproval").isZero();
    }

    @Test
    void someoneWhoMatchesNoApproverPatternIsRefusedWithThePatterns() {
        actingAs("carol", "arn:aws:sts::123456789012:assumed-role/Developer/carol");

        Run run = hm("approve", "--project", "catalogue", "--env", "prod", HELD);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not approved: arn:aws:sts::123456789012:assumed-role/Developer/carol is not among the"
                + " approvers of catalogue/prod (arn:aws:iam::123456789012:role/ReleaseLead): ask one of them");
        verify(releaseSets, never()).approve(anyString(), any());
    }

    @Test
    void rejectEndsTheHeldSetRejectedWithWhoAndWhy() {
        actingAs("alice@example.com", ALICE);

        Run run = hm("reject", "--project", "catalogue", "--env", "prod", "-m", "not in the freeze", "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        ArgumentCaptor<ApprovalDecision> rejection = ArgumentCaptor.forClass(ApprovalDecision.class);
        verify(releaseSets).rejectAwaiting(eq(HELD), rejection.capture(),
                eq("rejected by alice@example.com (" + ALICE + "): not in the freeze"));
        assertThat(rejection.getValue().approved()).isFalse();
        assertThat(run.out()).contains("\"decision\" : \"REJECTED\"", "\"status\" : \"REJECTED\"", "\"byArn\" : \"" + ALICE + "\"");
    }

    @Test
    void someoneNeitherApproverNorRequesterMayNotReject() {
        actingAs("carol", "arn:aws:iam::123456789012:user/carol");

        Run run = hm("reject", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not rejected: arn:aws:iam::123456789012:user/carol is neither among the approvers");
        verify(releaseSets, never()).rejectAwaiting(anyString(), any(), anyString());
    }

    @Test
    void aHeldSetAndAPausedHookTogetherAreNamedAndHmAsksWhich() {
        actingAs("alice@example.com", ALICE);
        String arn = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/catalogue-prod/catalogue-search-prod/Sd1";
        when(releaseSets.gate("catalogue", "prod")).thenReturn(new ReleaseSets.Gate(Optional.empty(), Optional.of(IN_FLIGHT),
                T0.plusSeconds(7200)));
        when(releaseSets.releaseSet(IN_FLIGHT)).thenReturn(Optional.of(new ReleaseSet(IN_FLIGHT, "catalogue", "prod", null,
                List.of(), ReleaseSetKind.DEPLOY, "dan", "canary", T0, ReleaseSetStatus.IN_PROGRESS, null)));
        when(releaseSets.deployments(IN_FLIGHT)).thenReturn(List.of(Deployment.builder().releaseSetId(IN_FLIGHT)
                .projectId("catalogue").environmentId("prod").serviceId("search").cluster("catalogue-prod")
                .ecsServiceName("catalogue-search-prod").images(List.of()).ecsDeploymentId("ecs-svc/1").serviceDeploymentArn(arn)
                .claimedAt(T0)));
        when(ecs.serviceDeployments(anyList())).thenReturn(List.of(new ServiceDeploymentState(new ServiceDeploymentReport(arn,
                "IN_PROGRESS", null, "POST_TEST_TRAFFIC_SHIFT", T0, null, null, null, "MONITORING", List.of(), "MONITORING", 0, 3),
                List.of(new HookState("ecs-pause-1", "PAUSE", "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", T0.plusSeconds(86_400),
                        "ROLLBACK", T0)), "arn:svc", null)));

        Run run = hm("approve", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("two things wait in catalogue/prod: release set " + HELD + " awaits approval",
                "deployments of release set " + IN_FLIGHT + " wait at a pause hook",
                "hm approve --project catalogue --env prod " + HELD + " (the held set)",
                "hm approve --project catalogue --env prod " + IN_FLIGHT + " (its hooks)");
        verify(releaseSets, never()).approve(anyString(), any());
        verify(ecs, never()).continueServiceDeployment(anyString(), anyString(), anyString());

        Run named = hm("approve", "--project", "catalogue", "--env", "prod", HELD);
        assertThat(named.exitCode()).as(named.err()).isZero();
        assertThat(approvalWritten().by()).isEqualTo("alice@example.com");
    }

    @Test
    void aSetDecidedMeanwhileSaysWhatItIsNow() {
        actingAs("alice@example.com", ALICE);
        when(releaseSets.approve(anyString(), any())).thenReturn(false);
        when(releaseSets.releaseSet(HELD)).thenReturn(Optional.of(held), Optional.of(held.withStatus(ReleaseSetStatus.IN_PROGRESS, null)));

        Run run = hm("approve", "--project", "catalogue", "--env", "prod", HELD);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("release set " + HELD + " no longer awaits approval (it is IN_PROGRESS now");
    }
}
