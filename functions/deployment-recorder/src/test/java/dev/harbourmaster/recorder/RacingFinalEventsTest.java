package dev.harbourmaster.recorder;

import static dev.harbourmaster.recorder.Scenario.API;
import static dev.harbourmaster.recorder.Scenario.API_DEPLOYMENT;
import static dev.harbourmaster.recorder.Scenario.WORKER;
import static dev.harbourmaster.recorder.Scenario.WORKER_DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Fixtures;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two deployments of one set end at the same moment, each event in its own invocation. Each
 * recorder reads the other deployment still in flight; without a guard neither would end the set
 * (or both would). The race is made to happen, not hoped for: the first writer is held after its
 * read until the second has written.
 */
class RacingFinalEventsTest {

    private final Scenario scenario = new Scenario();
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void twoFinalEventsRacingEndTheSetExactlyOnce() {
        InMemoryDeploymentRecords store = Scenario.records();
        Instant now = Scenario.T0.plusSeconds(200);
        DeploymentRecorder second = new DeploymentRecorder(store, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), new FakeEcs(), () -> now, Duration.ofMinutes(2), Fixtures.SERVED,
                new Log("second", quiet, () -> now));
        EcsEvent apiCompleted = scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed");
        EcsEvent workerFailed = scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60, "failed");
        boolean[] raced = {false};
        DeploymentRecords interleaving = (DeploymentRecords) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DeploymentRecords.class}, (proxy, method, args) -> {
                    if (method.getName().equals("record") && !raced[0]) {
                        raced[0] = true;
                        second.record(workerFailed);
                    }
                    return method.invoke(store, args);
                });
        DeploymentRecorder first = new DeploymentRecorder(interleaving, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), new FakeEcs(), () -> now, Duration.ofMinutes(2), Fixtures.SERVED,
                new Log("first", quiet, () -> now));

        first.record(apiCompleted);

        assertThat(store.conflicts).as("the first writer lost the race and read again").isEqualTo(1);
        assertThat(store.setsEnded).isEqualTo(1);
        DeploymentRecords.SetRecord set = store.setRecord(Scenario.SET_ID).orElseThrow();
        assertThat(set.set().status()).isEqualTo(ReleaseSetStatus.PARTIAL);
        assertThat(set.set().statusReason()).startsWith("1 of 2 failed: worker FAILED: failed").endsWith("succeeded: api");
    }
}
