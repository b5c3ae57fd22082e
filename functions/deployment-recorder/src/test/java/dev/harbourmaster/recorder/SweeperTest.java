package dev.harbourmaster.recorder;

import static dev.harbourmaster.recorder.Scenario.API;
import static dev.harbourmaster.recorder.Scenario.API_DEPLOYMENT;
import static dev.harbourmaster.recorder.Scenario.T0;
import static dev.harbourmaster.recorder.Scenario.WORKER;
import static dev.harbourmaster.recorder.Scenario.WORKER_DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.ServiceDeployment;
import dev.harbourmaster.support.Log;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweeperTest {

    private final InMemoryDeploymentRecords records = Scenario.records();
    private final FakeEcs ecs = new FakeEcs();
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private Sweeper sweeperAt(Instant now) {
        DeploymentRecorder recorder = new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), ecs, () -> now, Duration.ofMinutes(2),
                new Log("test", quiet, () -> now));
        return new Sweeper(records, releaseSets, ecs, recorder, () -> now, Duration.ofHours(1), new Log("test", quiet, () -> now));
    }

    @Test
    void deploymentsWithinTheTimeoutAreLeftAlone() {
        Sweeper.Report report = sweeperAt(T0.plus(Duration.ofMinutes(59))).sweep();

        assertThat(report.deploymentsClosed()).isZero();
        assertThat(ecs.asked).isEmpty();
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
    void aDeploymentEcsStillRunsPastTheTimeoutIsTimedOutWithWhatEcsSays() {
        ecs.deploymentsByService.put(Scenario.ecsName(API), List.of(
                new ServiceDeployment(API_DEPLOYMENT, "PRIMARY", "IN_PROGRESS", null, "td:2", 1, 3)));
        Instant now = T0.plus(Duration.ofMinutes(61));

        sweeperAt(now).sweep();

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(deployment(API).reason()).isEqualTo("ECS still reports the deployment IN_PROGRESS with 1 of 3 tasks"
                + " running since 2026-11-20T10:00:00.000Z (timeout PT1H)");
        assertThat(deployment(API).endedAt()).isEqualTo(now);
        assertThat(deployment(WORKER).status()).as("ECS no longer lists it").isEqualTo(DeploymentStatus.TIMED_OUT);
        assertThat(deployment(WORKER).reason()).startsWith("ECS no longer lists deployment " + WORKER_DEPLOYMENT);
        assertThat(records.setRecord(Scenario.SET_ID).orElseThrow().set().status()).isEqualTo(ReleaseSetStatus.FAILED);
        assertThat(records.inFlight).isEmpty();
    }

    @Test
    void aTimedOutDeploymentStillTakesEcsLateWord() {
        Instant now = T0.plus(Duration.ofMinutes(61));
        sweeperAt(now).sweep();
        DeploymentRecorder recorder = new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), ecs, () -> now, Duration.ofMinutes(2),
                new Log("test", quiet, () -> now));

        recorder.record(new Scenario().deployment(API, API_DEPLOYMENT, EcsEvent.DeploymentState.COMPLETED, 3700, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(records.setRecord(Scenario.SET_ID).orElseThrow().set().status())
                .as("the set's outcome is corrected").isEqualTo(ReleaseSetStatus.PARTIAL);
    }

    @Test
    void nothingInFlightMeansNothingAsked() {
        records.inFlight.clear();

        sweeperAt(T0.plus(Duration.ofHours(5))).sweep();

        assertThat(ecs.asked).isEmpty();
        verifyNoInteractions(releaseSets);
    }

    private Deployment deployment(String service) {
        return records.setRecord(Scenario.SET_ID).orElseThrow().deployment(service).orElseThrow();
    }
}
