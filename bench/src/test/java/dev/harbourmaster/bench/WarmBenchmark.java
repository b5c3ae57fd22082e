package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.SweeperHandler;
import dev.harbourmaster.domainevents.DomainEventsHandler;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * `make bench`, section warm: per-event latency of each handler in this JVM after warm-up, on
 * clients that count their AWS calls, against moto on loopback.
 */
class WarmBenchmark {

    static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    static final int EVENTS = Integer.getInteger("bench.events", 200);

    private final Emulator emulator = new Emulator();

    @Test
    void warm() throws Exception {
        int n = WARMUP + EVENTS;
        World world = new World(emulator, "warm", 1, n).withEcsServices(n);
        StringBuilder md = new StringBuilder("## Warm handling\n\n");
        md.append("Per-event latency of each handler in one JVM after ").append(WARMUP).append(" warm-up events, over ")
                .append(EVENTS).append(" events, against moto on loopback. **median / p99** are wall times, mostly moto's")
                .append(" answers (the calls section counts them); **own** is the handler's wall time less the time some")
                .append(" AWS call of it was under way (an SDK interceptor times each, from the SDK's start of the call to")
                .append(" the answer parsed, so the SDK's own marshalling counts as the call's): our code's cost per")
                .append(" event, paid on Lambda beside DynamoDB's and ECS's few milliseconds per call.\n\n");
        md.append("| handler | event | median ms | p99 ms | own ms (median) | own p99 | AWS calls per event |\n")
                .append("|---|---|---|---|---|---|---|\n");

        BuildRecorderHandler pushes = world.buildRecorder();
        md.append(row("BuildRecorderHandler", "ECR push of a new tagged image (1 service)", n, i -> () ->
                pushes.handle(World.push("bench/svc0", "warm-push-" + i, String.format("%07x", i + 1)))));

        DeployerHandler deployer = world.deployer();
        List<ReleaseSet> sets = new ArrayList<>();
        md.append(row("DeployerHandler", "release set of 1 service, REQUESTED (an environment each)", n, i -> {
            ReleaseSet set = world.request("env" + i, world.releases(String.format("%07x", i + 1)));
            sets.add(set);
            DynamodbEvent event = World.insertOf(set.id());
            return () -> deployer.handleRequest(event, null);
        }));

        List<Deployment> deployments = sets.stream().map(s -> world.releaseSets.deployments(s.id()).get(0)).toList();
        assertThat(deployments).allMatch(d -> d.ecsDeploymentId() != null);
        EcsEventHandler recorder = world.ecsEvents();
        md.append(row("EcsEventHandler", "ECS Task State Change: a task of our deployment RUNNING", n, i -> {
            String event = World.ecsEvent("ecs-task-running.json", deployments.get(i), "warm-task-" + i);
            return () -> recorder.handle(event);
        }));
        TableStream stream = new TableStream(emulator.dynamo(), DynamoDbStreamsClient.builder().build(), world.table);
        stream.poll();
        md.append(row("EcsEventHandler", "ECS Deployment State Change: COMPLETED (closes deployment and set)", n, i -> {
            String event = World.ecsEvent("ecs-deployment-completed.json", deployments.get(i), "warm-done-" + i);
            return () -> recorder.handle(event);
        }));

        List<DynamodbEvent.DynamodbStreamRecord> finished = stream.poll().getRecords().stream()
                .filter(WarmBenchmark::finishedSomething).toList();
        DomainEventsHandler publisher = world.domainEvents();
        int published = Math.min(n, finished.size());
        md.append(row("DomainEventsHandler", "stream record of a finished deployment or release set", published, i -> {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(List.of(finished.get(i)));
            return () -> publisher.handleRequest(event, null);
        }));

        SweeperHandler sweeper = world.sweeper();
        String schedule = Fixtures.event("schedule-sweeper.json");
        md.append(row("SweeperHandler", "scheduled sweep, nothing in flight", n, i -> () -> {
            try {
                sweeper.handleRequest(new ByteArrayInputStream(schedule.getBytes()), new ByteArrayOutputStream(), null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }));
        md.append("\nDomainEventsHandler publishes to EventBridge (PutEvents) and reads the set's deployments for a")
                .append(" finished set; the sweeper's run with nothing in flight is one Query.\n");
        System.out.println(md);
        BenchmarkReport.writeSection("warm", md.toString());
    }

    /** Stream records the domain-events filter lets through: a deployment or set whose new image has a final status. */
    private static boolean finishedSomething(DynamodbEvent.DynamodbStreamRecord r) {
        var image = r.getDynamodb().getNewImage();
        var old = r.getDynamodb().getOldImage();
        if (image == null || image.get("status") == null || image.get("type") == null) {
            return false;
        }
        String status = image.get("status").getS();
        boolean isFinal = Set.of("COMPLETED", "COMPLETED_UNVERIFIED", "DIGEST_MISMATCH", "FAILED", "ROLLED_BACK", "TIMED_OUT",
                "SUCCEEDED", "PARTIAL").contains(status);
        return isFinal && (old == null || old.get("status") == null || !status.equals(old.get("status").getS()));
    }

    interface Prepared {
        Runnable prepare(int i) throws Exception;
    }

    /** Prepares event i (not timed), handles it (timed); the first WARMUP are not counted. */
    private String row(String handler, String what, int n, Prepared prepared) throws Exception {
        List<Double> millis = new ArrayList<>();
        List<Double> own = new ArrayList<>();
        long calls = 0;
        for (int i = 0; i < n; i++) {
            Runnable run = prepared.prepare(i);
            emulator.resetCalls();
            long start = System.nanoTime();
            run.run();
            long elapsed = System.nanoTime() - start;
            if (i >= Math.min(WARMUP, n / 2)) {
                millis.add(elapsed / 1e6);
                own.add((elapsed - emulator.nanosWaitingForAws()) / 1e6);
                calls += emulator.calls().size();
            }
        }
        String line = String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f |%n", handler, what,
                Stats.median(millis), Stats.percentile(millis, 99), Stats.median(own), Stats.percentile(own, 99),
                calls / (double) millis.size());
        System.out.print(line);
        return line;
    }

}
