package dev.harbourmaster.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.DeploymentRecords;
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

/** hm approve, hm reject and hm stop against ECS and the table as mocks: what each asks ECS, and what it keeps. */
class ApprovalCommandsTest {

    private static final String SET_ID = "01M8XRRWEZJG79A7HPHGJRM85K";
    private static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/catalogue-prod/catalogue-search-prod/Sd1";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final Session session = mock(Session.class);
    private final Catalogue catalogue = mock(Catalogue.class);
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final DeploymentRecords records = mock(DeploymentRecords.class);
    private final ContainerPlatform ecs = mock(ContainerPlatform.class);
    private final Project project = Fixtures.exampleProject();
    private final Deployment search = Deployment.builder().releaseSetId(SET_ID).projectId("catalogue").environmentId("prod")
            .serviceId("search").cluster("catalogue-prod").ecsServiceName("catalogue-search-prod").images(List.of())
            .ecsDeploymentId("ecs-svc/1").serviceDeploymentArn(ARN).claimedAt(T0);

    private record Run(int exitCode, String out, String err) {}

    private Run hm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hm.run(session, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void wired() {
        when(session.catalogue(anyString())).thenReturn(catalogue);
        when(session.releaseSets(anyString())).thenReturn(releaseSets);
        when(session.records(anyString())).thenReturn(records);
        when(session.containers(any())).thenReturn(ecs);
        when(session.actor()).thenReturn(new Actor("alice@example.com", "arn:aws:iam::123456789012:user/alice"));
        when(catalogue.project("catalogue")).thenReturn(Optional.of(project));
        when(releaseSets.gate("catalogue", "prod")).thenReturn(new ReleaseSets.Gate(Optional.empty(), Optional.of(SET_ID), T0.plusSeconds(7200)));
        when(releaseSets.releaseSet(SET_ID)).thenReturn(Optional.of(new ReleaseSet(SET_ID, "catalogue", "prod", "api", List.of(),
                ReleaseSetKind.DEPLOY, "bob", "ship", T0, ReleaseSetStatus.IN_PROGRESS, null)));
        when(releaseSets.deployments(SET_ID)).thenReturn(List.of(search));
        when(records.recordInFlight(any(), any())).thenReturn(true);
    }

    private void ecsHoldsItAtAPauseHook(String hookStatus) {
        when(ecs.serviceDeployments(anyList())).thenReturn(List.of(new ServiceDeploymentState(new ServiceDeploymentReport(ARN,
                "IN_PROGRESS", null, "POST_TEST_TRAFFIC_SHIFT", T0, null, null, null, "MONITORING", List.of(), "MONITORING", 0, 3),
                List.of(new HookState("ecs-pause-1", "PAUSE", "POST_TEST_TRAFFIC_SHIFT", hookStatus, T0.plusSeconds(86_400),
                        "ROLLBACK", T0)), "arn:svc", null)));
    }

    private OperatorAction kept() {
        ArgumentCaptor<Deployment> after = ArgumentCaptor.forClass(Deployment.class);
        verify(records).recordInFlight(org.mockito.ArgumentMatchers.eq(search), after.capture());
        return after.getValue().evidence().actions().get(0);
    }

    @Test
    void approveContinuesEveryHookThatWaitsAndKeepsWhoAndWhy() {
        ecsHoldsItAtAPauseHook("AWAITING_ACTION");

        Run run = hm("approve", "--project", "catalogue", "--env", "prod", "-m", "canary looks good");

        assertThat(run.exitCode()).as(run.err()).isZero();
        verify(ecs).continueServiceDeployment(ARN, "ecs-pause-1", "CONTINUE");
        assertThat(kept()).isEqualTo(new OperatorAction("APPROVE", "ecs-pause-1", "alice@example.com", "canary looks good",
                kept().at()));
        assertThat(run.out()).contains("Approved search at POST_TEST_TRAFFIC_SHIFT (hook ecs-pause-1)", "by alice@example.com");
    }

    @Test
    void rejectRollsTheHookBack() {
        ecsHoldsItAtAPauseHook("AWAITING_ACTION");

        Run run = hm("reject", "--project", "catalogue", "--env", "prod", "-m", "error rate", "--output", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        verify(ecs).continueServiceDeployment(ARN, "ecs-pause-1", "ROLLBACK");
        assertThat(kept().action()).isEqualTo("REJECT");
        assertThat(run.out()).contains("\"action\" : \"REJECT\"", "\"hookId\" : \"ecs-pause-1\"");
    }

    @Test
    void nothingWaitingIsExit1SayingWhatEcsSays() {
        ecsHoldsItAtAPauseHook("SUCCEEDED");

        Run run = hm("approve", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no deployment of release set " + SET_ID + " in catalogue/prod waits at a pause hook",
                "Sd1 IN_PROGRESS at POST_TEST_TRAFFIC_SHIFT");
        verify(ecs, never()).continueServiceDeployment(anyString(), anyString(), anyString());
    }

    @Test
    void aServiceTheSetDoesNotDeployIsNamedWithTheOnesItDoes() {
        Run run = hm("approve", "--project", "catalogue", "--env", "prod", "--services", "requests");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("release set " + SET_ID + " deploys no requests; its services: search");
    }

    @Test
    void stopWithRollbackAsksEcsToRollEachDeploymentBackAndKeepsWhoAsked() {
        Run run = hm("stop", "--project", "catalogue", "--env", "prod", "--rollback", "-m", "wrong build");

        assertThat(run.exitCode()).as(run.err()).isZero();
        verify(ecs).stopServiceDeployment(ARN, "ROLLBACK");
        assertThat(kept().action()).isEqualTo("STOP_ROLLBACK");
        assertThat(kept().why()).isEqualTo("wrong build");
        assertThat(run.out()).contains("Asked ECS to stop search and roll it back (ROLLBACK).");
    }

    @Test
    void nothingInFlightIsExit1NamingWhereToLook() {
        when(releaseSets.gate("catalogue", "prod")).thenReturn(ReleaseSets.Gate.OPEN);

        Run run = hm("stop", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no release set is in flight in catalogue/prod", "hm status --project catalogue --env prod");
    }
}
