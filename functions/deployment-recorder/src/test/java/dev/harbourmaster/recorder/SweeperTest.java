package dev.harbourmaster.recorder;

import static dev.harbourmaster.recorder.Scenario.API;
import static dev.harbourmaster.recorder.Scenario.API_DIGEST;
import static dev.harbourmaster.recorder.Scenario.API_DEPLOYMENT;
import static dev.harbourmaster.recorder.Scenario.T0;
import static dev.harbourmaster.recorder.Scenario.WORKER;
import static dev.harbourmaster.recorder.Scenario.WORKER_DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.ports.ServiceDeploymentState;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.ServiceDeployment;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Fixtures;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweeperTest {

    private final InMemoryDeploymentRecords records = Scenario.records();
    private final FakeEcs ecs = new FakeEcs();
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private Sweeper sweeperAt(Instant now) {
        DeploymentRecorder recorder = new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), ecs, () -> now, Duration.ofMinutes(2), Fixtures.SERVED,
                new Log("test", quiet, () -> now));
        return new Sweeper(records, releaseSets, ecs, recorder, () -> now, Duration.ofHours(1), new Log("test", quiet, () -> now));
    }

    @Test
    void deploymentsWithinTheTimeoutAreLeftAlone() {
        Sweeper.Report report = sweeperAt(T0.plus(Duration.ofMinutes(59))).sweep();

        assertThat(report.deploymentsClosed()).isZero();
        assertThat(ecs.asked).as("only the service deployments API, as every sweep")
                .containsExactly("service deployments [" + Scenario.API_SERVICE_DEPLOYMENT + "]");
    }

    @Test
    void anOverdueDeploymentIsClosedFromWhatEcsSays() {
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment(API_DEPLOYMENT, "PRIMARY", "COMPLETED", "ECS deployment completed.", "td:2", 2, 2)));
        ecs.deploymentsByService.put(Scenario.ecsName(WORKER), List.of(
                new ServiceDeployment(WORKER_DEPLOYMENT, "PRIMARY", "FAILED", "circuit breaker: task failed to start.", "td:2", 0, 2)));
        Instant now = T0.plus(Duration.ofMinutes(61));

        Sweeper.Report report = sweeperAt(now).sweep();

        assertThat(report.deploymentsClosed()).isEqualTo(2);
        assertThat(deployment(API).status()).as("no task seen, ECS knows none").isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(deployment(API).evidence().report("COMPLETED").source()).isEqualTo("DescribeServices");
        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(deployment(WORKER).reason()).isEqualTo("circuit breaker: task failed to start.");
        assertThat(records.setRecord(Scenario.SET_ID).orElseThrow().set().status()).isEqualTo(ReleaseSetStatus.PARTIAL);
    }

    @Test
    void aDeploymentWhoseOnlyEndWasDatedBeforeItsStartIsClosedFromWhatEcsSays() {
        Instant now = T0.plus(Duration.ofMinutes(61));
        DeploymentRecorder recorder = new DeploymentRecorder(records, mock(ReleaseSets.class), ecs, () -> now,
                Duration.ofMinutes(2), Fixtures.SERVED, new Log("test", quiet, () -> now));
        recorder.record(new Scenario().deployment(API, API_DEPLOYMENT, EcsEvent.DeploymentState.COMPLETED, T0.minusMillis(1),
                "completed"));
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment(API_DEPLOYMENT, "PRIMARY", "COMPLETED", "ECS deployment completed.", "td:2", 2, 2)));

        sweeperAt(now).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(deployment(API).endedAt()).as("when ECS said so to the sweeper").isEqualTo(now);
        assertThat(deployment(API).evidence().reports()).extracting(EcsReport::source)
                .containsExactly(EcsReport.FROM_EVENT, EcsReport.FROM_DESCRIBE_SERVICES);
    }

    @Test
    void aDeploymentEcsStillRunsPastTheTimeoutIsTimedOutWithWhatEcsSays() {
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment(API_DEPLOYMENT, "PRIMARY", "IN_PROGRESS", null, "td:2", 1, 3)));
        Instant now = T0.plus(Duration.ofMinutes(61));

        sweeperAt(now).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(deployment(API).reason()).isEqualTo("ECS still reports the deployment IN_PROGRESS with 1 of 3 tasks"
                + " running since 2026-11-20T10:00:00.000Z (ROLLING: due by 2026-11-20T11:00:00.000Z, timeout PT1H and what the"
                + " plan waits for)");
        assertThat(deployment(API).endedAt()).isEqualTo(now);
        assertThat(deployment(WORKER).status()).as("ECS no longer lists it").isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(deployment(WORKER).reason()).startsWith("ECS no longer lists deployment " + WORKER_DEPLOYMENT);
        assertThat(records.setRecord(Scenario.SET_ID).orElseThrow().set().status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(records.inFlight).isEmpty();
    }

    @Test
    void aLinearDeploymentWaitingAtAPauseHookIsNotTimedOutAndHoldsItsEnvironmentUntilTheHookExpires() {
        Deployment api = deployment(API).toBuilder().plan(Scenario.LINEAR_WITH_PAUSE).build();
        records.deployments.put(Scenario.SET_ID + "/" + API, api);
        Instant expires = T0.plus(Duration.ofHours(20));
        ecs.serviceDeployments.put(Scenario.API_SERVICE_DEPLOYMENT, new ServiceDeploymentState(new ServiceDeploymentReport(
                Scenario.API_SERVICE_DEPLOYMENT, "IN_PROGRESS", null, "POST_TEST_TRAFFIC_SHIFT", T0.plusSeconds(600), null, null, null,
                "MONITORING", List.of(), "MONITORING", 0, 3), List.of(new HookState(Scenario.API_HOOK, "PAUSE",
                "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", expires, "ROLLBACK", T0.plusSeconds(600))), "arn:svc", null));
        Instant now = T0.plus(Duration.ofHours(3));

        sweeperAt(now).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(deployment(API).evidence().hookAwaitingAction()).isPresent();
        Instant due = expires.plus(Scenario.LINEAR_WITH_PAUSE.expected(Duration.ofHours(1)));
        org.mockito.Mockito.verify(releaseSets).extendHold("catalogue", "staging", Scenario.SET_ID, due);
        assertThat(deployment(WORKER).status()).as("the rolling one beside it is overdue").isEqualTo(DeploymentStatus.TIMED_OUT);
    }

    @Test
    void aDeploymentEcsStoppedForAnUpdateServiceOutsideIsSupersededWithinOneSweep() {
        ecs.serviceDeployments.put(Scenario.API_SERVICE_DEPLOYMENT, new ServiceDeploymentState(new ServiceDeploymentReport(
                Scenario.API_SERVICE_DEPLOYMENT, "STOPPED", "replaced", null, T0.plusSeconds(300), T0.plusSeconds(300), null, null,
                "DISABLED", List.of(), "MONITORING", 0, 3), List.of(), "arn:svc", null));
        runs(API, "td:9", "ecs-svc/7777777777777777777");
        ecs.services.put(Scenario.ecsName(API), ecs.services.get(Scenario.ecsName(API)).withCurrentServiceDeployment(
                Scenario.API_SERVICE_DEPLOYMENT + "Terraform"));

        sweeperAt(T0.plus(Duration.ofMinutes(6))).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(deployment(API).reason()).contains(Scenario.API_SERVICE_DEPLOYMENT + "Terraform",
                "an UpdateService outside Harbourmaster");
        assertThat(deployment(API).endedAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(deployment(WORKER).status()).as("not overdue, no service deployment known").isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void aTimedOutDeploymentStillTakesEcsLateWord() {
        Instant now = T0.plus(Duration.ofMinutes(61));
        sweeperAt(now).sweep();
        DeploymentRecorder recorder = new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), ecs, () -> now, Duration.ofMinutes(2), Fixtures.SERVED,
                new Log("test", quiet, () -> now));

        recorder.record(new Scenario().deployment(API, API_DEPLOYMENT, EcsEvent.DeploymentState.COMPLETED, 3700, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(records.setRecord(Scenario.SET_ID).orElseThrow().set().status())
                .as("the set's outcome is corrected").isEqualTo(ReleaseSetStatus.PARTIAL);
    }

    @Test
    void aServiceClaimedButNeverRecordedAsStartedIsFoundInEcsAndSettled() {
        // The deployer's UpdateService answered, then the table was out of reach: API has no ECS deployment id.
        records.deployments.put(Scenario.SET_ID + "/" + API, claimedOnly(API, API_DIGEST));
        String ourRevision = TASK_DEFINITIONS + "api:2";
        ecs.taskDefinitions.put(ourRevision, new TaskDefinition(ourRevision, "api",
                Map.of(API, "catalogue/api@" + API_DIGEST)));
        runs(API, ourRevision, API_DEPLOYMENT);
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment(API_DEPLOYMENT, "PRIMARY", "COMPLETED", "ECS deployment completed.", ourRevision, 2, 2)));
        ecs.tasksByDeployment.put(API_DEPLOYMENT, List.of(runningTask(ourRevision, API, API_DIGEST)));

        sweeperAt(T0.plus(Duration.ofMinutes(61))).sweep();

        assertThat(deployment(API).ecsDeploymentId()).isEqualTo(API_DEPLOYMENT);
        assertThat(deployment(API).taskDefinition()).isEqualTo(ourRevision);
        assertThat(deployment(API).status()).as("ECS completed it, and its task runs the release").isEqualTo(DeploymentStatus.COMPLETED);
    }

    @Test
    void aClaimedServiceThatRunsOtherImagesIsTimedOutAsNeverStarted() {
        records.deployments.put(Scenario.SET_ID + "/" + API, claimedOnly(API, API_DIGEST));
        String someoneElses = TASK_DEFINITIONS + "api:7";
        ecs.taskDefinitions.put(someoneElses, new TaskDefinition(someoneElses, "api", Map.of(API, "catalogue/api@" + Scenario.OTHER_DIGEST)));
        runs(API, someoneElses, "ecs-svc/7");
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment("ecs-svc/7", "PRIMARY", "COMPLETED", null, someoneElses, 2, 2)));

        sweeperAt(T0.plus(Duration.ofMinutes(61))).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(deployment(API).ecsDeploymentId()).isNull();
        assertThat(deployment(API).reason()).startsWith("the deployer claimed the service but never started it in ECS since")
                .contains("ECS runs no deployment of the release's images");
    }

    @Test
    void aClaimedServiceStillOnItsOldRevisionIsTimedOutWithoutDescribingIt() {
        records.deployments.put(Scenario.SET_ID + "/" + API, claimedOnly(API, API_DIGEST));
        String before = TASK_DEFINITIONS + "api:1";
        runs(API, before, "ecs-svc/1");

        sweeperAt(T0.plus(Duration.ofMinutes(61))).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(ecs.asked).noneMatch(question -> question.startsWith("task definition"));
    }

    @Test
    void anUnrecordedStartWhoseEventsWereTakenForAChangeOutsideIsTakenBack() {
        records.deployments.put(Scenario.SET_ID + "/" + API, claimedOnly(API, API_DIGEST));
        String ourRevision = TASK_DEFINITIONS + "api:2";
        ecs.taskDefinitions.put(ourRevision, new TaskDefinition(ourRevision, "api", Map.of(API, "catalogue/api@" + API_DIGEST)));
        runs(API, ourRevision, API_DEPLOYMENT);
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment(API_DEPLOYMENT, "PRIMARY", "IN_PROGRESS", null, ourRevision, 1, 2)));
        // Its events came while the deployment was not written down, and were recorded as a change made outside.
        Deployment outside = Scenario.started(API, API_DIGEST, API_DEPLOYMENT).withEvidence(DeploymentEvidence.NONE.withReport(
                new EcsReport(EcsReport.IN_PROGRESS, T0.plusSeconds(5), "ECS deployment in progress.", EcsReport.FROM_EVENT)));
        records.outOfBand.put(API_DEPLOYMENT, outside);

        sweeperAt(T0.plus(Duration.ofMinutes(61))).sweep();

        assertThat(records.outOfBand).as("the record of a change made outside is gone").isEmpty();
        assertThat(records.absorbed).isEqualTo(1);
        assertThat(deployment(API).ecsDeploymentId()).isEqualTo(API_DEPLOYMENT);
        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(deployment(API).reason()).startsWith("ECS still reports the deployment IN_PROGRESS with 1 of 2 tasks running");
        assertThat(deployment(API).evidence().report(EcsReport.IN_PROGRESS).source()).as("the event's evidence is kept")
                .isEqualTo(EcsReport.FROM_EVENT);
    }

    @Test
    void nothingInFlightMeansNothingAsked() {
        records.inFlight.clear();

        sweeperAt(T0.plus(Duration.ofHours(5))).sweep();

        assertThat(ecs.asked).isEmpty();
        verifyNoInteractions(releaseSets);
    }

    private static final String TASK_DEFINITIONS = "arn:aws:ecs:eu-west-1:123456789012:task-definition/";

    /** Claimed by the deployer (the ECS service ran revision :1), with no ECS deployment written down. */
    private static Deployment claimedOnly(String service, String digest) {
        return Deployment.builder().releaseSetId(Scenario.SET_ID).projectId("catalogue").environmentId("staging")
                .serviceId(service).cluster(Scenario.CLUSTER).ecsServiceName(Scenario.ecsName(service))
                .releaseHash("abc1234").images(List.of(Scenario.image(service, digest)))
                .previousTaskDefinition(TASK_DEFINITIONS + service + ":1").claimedAt(T0);
    }

    /** What DescribeServices says the ECS service runs now: its task definition and PRIMARY deployment. */
    private void runs(String service, String taskDefinition, String primaryDeployment) {
        ecs.services.put(Scenario.ecsName(service), new RunningService(Scenario.CLUSTER, Scenario.ecsName(service),
                "arn:aws:ecs:eu-west-1:123456789012:service/" + Scenario.CLUSTER + "/" + Scenario.ecsName(service),
                taskDefinition, primaryDeployment, "ECS", null));
    }

    private static TaskEvidence runningTask(String taskDefinition, String container, String digest) {
        return new TaskEvidence("arn:aws:ecs:eu-west-1:123456789012:task/" + Scenario.CLUSTER + "/t1", 3, "RUNNING",
                taskDefinition, List.of(new TaskEvidence.ContainerEvidence(container, digest, null, null)), null, null,
                T0.plusSeconds(30), null);
    }

    private Deployment deployment(String service) {
        return records.setRecord(Scenario.SET_ID).orElseThrow().deployment(service).orElseThrow();
    }
}
