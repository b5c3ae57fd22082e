package dev.harbourmaster.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Fixtures;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The property the recorder promises: the same ECS events, in any order and with any repeats,
 * give the same final record (deployments, the set's outcome, current-state rows), and the set
 * ends exactly once. Each order is replayed as Lambda would: an event the recorder defers is
 * delivered again later (the clock moves a minute on each retry).
 */
class ShuffledEventsTest {

    private static final int ORDERS = 500;
    private static final long SEED = 20261126L;

    /** Everything of the record that the events decide; revisions (how many writes it took) and bookkeeping are left out. */
    record FinalRecord(List<Object> deployments, ReleaseSetStatus status, String reason, List<Object> rows,
                       int outOfBand, int setsEnded) {}

    @Test
    void anyOrderOfTheSameEventsWithRepeatsGivesTheSameRecord() {
        List<EcsEvent> story = new Scenario().story();
        FinalRecord inOrder = replay(story);

        assertThat(inOrder.status()).isEqualTo(ReleaseSetStatus.PARTIAL);
        assertThat(inOrder.setsEnded()).isEqualTo(1);
        assertThat(inOrder.outOfBand()).isZero();
        assertThat(inOrder.deployments().toString()).as("the pause hook, approved, is on the record")
                .contains("HookState[hookId=ecs-pause-api, hookType=PAUSE, lifecycleStage=POST_TEST_TRAFFIC_SHIFT, status=SUCCEEDED");

        Random random = new Random(SEED);
        paths = new int[2];
        for (int order = 0; order < ORDERS; order++) {
            List<EcsEvent> events = new ArrayList<>(story);
            int repeats = random.nextInt(story.size());
            for (int i = 0; i < repeats; i++) {
                events.add(story.get(random.nextInt(story.size())));
            }
            Collections.shuffle(events, random);
            assertThat(replay(events)).as("order %d: %s", order, events.stream().map(ShuffledEventsTest::label).toList())
                    .isEqualTo(inOrder);
        }
        assertThat(paths[0]).as("orders in which an event was deferred and delivered again").isPositive();
        assertThat(paths[1]).as("orders in which a rollback was first taken for an out-of-band change").isPositive();
    }

    /** How often the rarer paths ran: deferrals, and out-of-band records absorbed as rollbacks. */
    private static int[] paths = new int[2];

    private static FinalRecord replay(List<EcsEvent> events) {
        InMemoryDeploymentRecords records = Scenario.records();
        AtomicReference<Instant> now = new AtomicReference<>(Scenario.T0.plusSeconds(130));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        DeploymentRecorder recorder = new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), new FakeEcs(), now::get, Duration.ofMinutes(2), Fixtures.SERVED,
                new Log("test", quiet, now::get));
        Deque<EcsEvent> queue = new ArrayDeque<>(events);
        while (!queue.isEmpty()) {
            EcsEvent event = queue.poll();
            try {
                recorder.record(event);
            } catch (NotRecordedYetException deferred) {
                now.set(now.get().plus(Duration.ofMinutes(1)));
                queue.add(event);
                paths[0]++;
            }
        }
        paths[1] += records.absorbed;
        ReleaseSet set = records.setRecord(Scenario.SET_ID).orElseThrow().set();
        List<Object> deployments = new ArrayList<>();
        for (Deployment d : records.setRecord(Scenario.SET_ID).orElseThrow().deployments()) {
            DeploymentEvidence e = d.evidence();
            deployments.add(List.of(d.serviceId(), d.status(), String.valueOf(d.reason()), String.valueOf(d.endedAt()),
                    e.reports(), e.tasks(), e.notices(), String.valueOf(e.rollback()), e.hooks()));
        }
        List<Object> rows = new ArrayList<>();
        for (String service : List.of(Scenario.API, Scenario.WORKER)) {
            CurrentState row = records.currentState("catalogue", "staging", service).orElseThrow();
            rows.add(List.of(String.valueOf(row.running()), String.valueOf(row.last()), String.valueOf(row.outOfBand())));
        }
        assertThat(records.deployments.values()).extracting(Deployment::status)
                .doesNotContain(DeploymentStatus.IN_PROGRESS);
        return new FinalRecord(deployments, set.status(), set.statusReason(), rows, records.outOfBand.size(),
                records.setsEnded);
    }

    private static String label(EcsEvent e) {
        return switch (e) {
            case EcsEvent.DeploymentStateChange d -> d.deploymentId().substring(8) + ":" + d.state();
            case EcsEvent.TaskStateChange t -> "task:" + t.taskArn().substring(t.taskArn().lastIndexOf('/') + 1) + ":" + t.lastStatus();
            case EcsEvent.ServiceAction s -> "action:" + s.eventName();
            case EcsEvent.HookStateChange h -> "hook:" + h.hookId() + ":" + h.status();
        };
    }
}
