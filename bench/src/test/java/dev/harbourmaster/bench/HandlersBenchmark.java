package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.local.TableStream;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.recorder.SweeperHandler;
import dev.harbourmaster.recorder.publish.DomainEventsHandler;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * `make bench`, sections warm, calls and burst: the handlers in this JVM, on clients that count
 * their AWS calls, against moto on loopback.
 */
class HandlersBenchmark {

    static final int WARMUP = Integer.getInteger("bench.warmup", 30);
    static final int EVENTS = Integer.getInteger("bench.events", 200);
    static final Set<DeploymentStatus> FINAL = Set.of(DeploymentStatus.COMPLETED, DeploymentStatus.COMPLETED_UNVERIFIED,
            DeploymentStatus.DIGEST_MISMATCH, DeploymentStatus.FAILED, DeploymentStatus.ROLLED_BACK, DeploymentStatus.TIMED_OUT);

    private final Emulator emulator = new Emulator();

    // ------------------------------------------------------------------ warm

    @Test
    void warm() throws Exception {
        int n = WARMUP + EVENTS;
        World world = new World(emulator, "warm", 1, n).withEcsServices(n);
        StringBuilder md = new StringBuilder("## Warm handling\n\n");
        md.append("Per-event latency of each handler in one JVM after ").append(WARMUP).append(" warm-up events, over ")
                .append(EVENTS).append(" events, against moto on loopback (each AWS call is a few ms of moto's time, so")
                .append(" these are mostly moto's answers; the calls section counts them).\n\n");
        md.append("| handler | event | median ms | p99 ms | AWS calls per event |\n|---|---|---|---|---|\n");

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
                .filter(HandlersBenchmark::finishedSomething).toList();
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
        long calls = 0;
        for (int i = 0; i < n; i++) {
            Runnable run = prepared.prepare(i);
            emulator.resetCalls();
            long start = System.nanoTime();
            run.run();
            long elapsed = System.nanoTime() - start;
            if (i >= Math.min(WARMUP, n / 2)) {
                millis.add(elapsed / 1e6);
                calls += emulator.calls().size();
            }
        }
        String line = String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.1f |%n", handler, what, Stats.median(millis),
                Stats.percentile(millis, 99), calls / (double) millis.size());
        System.out.print(line);
        return line;
    }

    // ------------------------------------------------------------------ calls

    @Test
    void callsPerJob() throws Exception {
        StringBuilder md = new StringBuilder("## AWS calls per job\n\n");
        md.append("Counted by an SDK `ExecutionInterceptor` on the handlers' clients (every attempt's operation;")
                .append(" moto answers without throttling, so there are no retries).\n\n");
        md.append("| job | calls | minimum | by operation |\n|---|---|---|---|\n");

        // One push: the example project, events/ecr-push-success.json (catalogue/id_minter feeds one service; staging auto-deploys).
        String table = emulator.newTable();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(Fixtures.exampleProject());
        BuildRecorderHandler pushes = new BuildRecorderHandler(new dev.harbourmaster.buildrecorder.BuildRecording(
                new DynamoDbCatalogue(emulator.dynamo(), table), new dev.harbourmaster.dynamodb.DynamoDbBuildLedger(emulator.dynamo(), table),
                new dev.harbourmaster.ecr.EcrImageRegistry(emulator.ecr())), new dev.harbourmaster.support.Log("b", World.QUIET, java.time.Instant::now));
        emulator.resetCalls();
        String outcome = pushes.handle(Fixtures.event("ecr-push-success.json"));
        md.append(callsRow("one push (example project, auto-deploy to staging): " + outcome, 3));
        emulator.resetCalls();
        pushes.handle(Fixtures.event("ecr-push-success.json"));
        md.append(callsRow("the same push again (duplicate event)", 1));

        for (int n : new int[] {1, 10, 50}) {
            World world = new World(emulator, "calls" + n, n, 1).withEcsServices(1);
            DeployerHandler deployer = world.deployer();
            ReleaseSet set = world.request("env0", world.releases("abc1234"));
            emulator.resetCalls();
            deployer.handleRequest(World.insertOf(set.id()), null);
            int minimum = 3 + 3 * n + (n + 9) / 10 + (n + 99) / 100;
            md.append(callsRow("one release set of " + n + " service" + (n > 1 ? "s" : "") + " (deployer)", minimum));
            if (n == 1) {
                Deployment d = world.releaseSets.deployments(set.id()).get(0);
                EcsEventHandler recorder = world.ecsEvents();
                emulator.resetCalls();
                recorder.handle(World.ecsEvent("ecs-task-running.json", d, "calls-task"));
                md.append(callsRow("one ECS event: task of our deployment RUNNING", 2));
                emulator.resetCalls();
                recorder.handle(World.ecsEvent("ecs-deployment-completed.json", d, "calls-done"));
                md.append(callsRow("one ECS event: deployment COMPLETED, closing the deployment and its set", 3));
            }
        }
        md.append("\n").append(Notes.CALLS);
        System.out.println(md);
        BenchmarkReport.writeSection("calls", md.toString());
    }

    private String callsRow(String job, int minimum) {
        Map<String, Long> ops = emulator.calls().stream().collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
        long total = ops.values().stream().mapToLong(Long::longValue).sum();
        return "| " + job + " | " + total + " | " + minimum + " | "
                + ops.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + " |\n";
    }

    // ------------------------------------------------------------------ burst

    @Test
    void burst() throws Exception {
        StringBuilder md = new StringBuilder("## Burst\n\n");
        int threads = Integer.getInteger("bench.burstThreads", 2);
        md.append("Events handed to one handler instance from ").append(threads).append(" threads at once (as concurrent")
                .append(" Lambda invocations would be, though moto, one Python process, serves them nearly one at a time);")
                .append(" an event whose handler threw is delivered again, as Lambda retries; then the table is counted with a")
                .append(" Scan (not through the code under test).\n\n");
        md.append("| burst | events | seconds | events/s | retried | records afterwards | check |\n|---|---|---|---|---|---|---|\n");

        // 1,000 pushes across 20 repositories.
        World pushes = new World(emulator, "burst", 20, 1);
        BuildRecorderHandler recorder = pushes.buildRecorder();
        List<String> events = new ArrayList<>();
        int total = Integer.getInteger("bench.pushes", 1000);
        for (int i = 0; i < total; i++) {
            events.add(World.push("bench/svc" + (i % 20), "burst-push-" + i, String.format("%07x", 0x100000 + i)));
        }
        Result r = dispatch(threads, events, recorder::handle);
        System.out.printf(Locale.ROOT, "burst: %d pushes in %.1f s (%d retried)%n", events.size(), r.seconds, r.retried);
        Map<String, Integer> items = pushes.itemsByType();
        int builds = items.getOrDefault("Build", -1);
        int releases = items.getOrDefault("Release", -1);
        boolean ok = builds == total && releases == total;
        md.append(String.format(Locale.ROOT, "| %,d ECR pushes, 20 repositories, build-recorder | %d | %.1f | %.0f | %d | %s | %s |%n",
                total, events.size(), r.seconds, events.size() / r.seconds, r.retried, items, ok
                        ? "OK: " + total + " builds, " + total + " releases (none lost, none doubled)"
                        : "FAILED: expected " + total + " builds and " + total + " releases"));

        // 200 ECS events for 50 deployments, shuffled and duplicated.
        World fifty = new World(emulator, "burst50", 50, 1).withEcsServices(1);
        ReleaseSet set = fifty.request("env0", fifty.releases("def5678"));
        fifty.deployer().handleRequest(World.insertOf(set.id()), null);
        List<Deployment> deployments = fifty.releaseSets.deployments(set.id());
        assertThat(deployments).hasSize(50);
        List<String> ecsEvents = new ArrayList<>();
        for (Deployment d : deployments) {
            String running = World.ecsEvent("ecs-task-running.json", d, "task-" + d.serviceId());
            String completed = World.ecsEvent("ecs-deployment-completed.json", d, "done-" + d.serviceId());
            ecsEvents.addAll(List.of(running, running, completed, completed)); // each event delivered twice
        }
        Collections.shuffle(ecsEvents, new Random(7));
        EcsEventHandler ecs = fifty.ecsEvents();
        Result e = dispatch(threads, ecsEvents, ecs::handle);
        List<Deployment> after = fifty.releaseSets.deployments(set.id());
        Map<DeploymentStatus, Long> statuses = after.stream().collect(Collectors.groupingBy(Deployment::status, TreeMap::new, Collectors.counting()));
        Map<String, Integer> items50 = fifty.itemsByType();
        String setStatus = fifty.releaseSets.releaseSet(set.id()).orElseThrow().status().name();
        boolean ok50 = after.size() == 50 && items50.getOrDefault("Deployment", -1) == 50
                && after.stream().allMatch(d -> FINAL.contains(d.status())) && items50.getOrDefault("ReleaseSet", -1) == 1;
        md.append(String.format(Locale.ROOT, "| 200 ECS events (50 deployments × task RUNNING + COMPLETED, each twice, shuffled), deployment-recorder"
                        + " | %d | %.1f | %.0f | %d | deployments %s, release set %s; items %s | %s |%n",
                ecsEvents.size(), e.seconds, ecsEvents.size() / e.seconds, e.retried, statuses, setStatus, items50, ok50
                        ? "OK: 50 deployments, each closed once; 1 release set" : "FAILED"));
        md.append("\n").append(Notes.BURST);
        System.out.println(md);
        BenchmarkReport.writeSection("burst", md.toString());
        assertThat(ok).as("pushes: %s", items).isTrue();
        assertThat(ok50).as("ECS events: %s %s", statuses, items50).isTrue();
    }

    record Result(double seconds, int retried) {}

    interface Handler {
        Object handle(String event);
    }

    /** Every event handled once successfully; a throw is retried (up to 5 times, as Lambda's retries would). */
    private static Result dispatch(int threads, List<String> events, Handler handler) throws Exception {
        AtomicInteger retried = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String event : events) {
                futures.add(pool.submit(() -> {
                    for (int attempt = 1; ; attempt++) {
                        try {
                            handler.handle(event);
                            return null;
                        } catch (RuntimeException e) {
                            if (attempt == 5) {
                                throw e;
                            }
                            retried.incrementAndGet();
                            Thread.sleep(50L * attempt);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Result((System.nanoTime() - start) / 1e9, retried.get());
    }
}
