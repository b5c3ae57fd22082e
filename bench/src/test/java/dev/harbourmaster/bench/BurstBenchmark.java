package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * `make bench`, section burst: many events handed to one handler from several threads at once,
 * then the table counted with a Scan: none lost, none doubled.
 */
class BurstBenchmark {

    private final Emulator emulator = new Emulator();

    @Test
    void burst() throws Exception {
        StringBuilder md = new StringBuilder("## Burst\n\n");
        int threads = Integer.getInteger("bench.burstThreads", 2);
        md.append("Events handed to one handler instance from ").append(threads).append(" threads at once (as concurrent")
                .append(" Lambda invocations would be, though moto, one Python process, serves them nearly one at a time);")
                .append(" an event whose handler threw is delivered again, as Lambda retries; then the table is counted with a")
                .append(" Scan (not through the code under test).\n\n");
        md.append("| burst | events | seconds | events/s | AWS calls per event | retried | records afterwards | check |\n")
                .append("|---|---|---|---|---|---|---|---|\n");

        // 1,000 pushes across 20 repositories.
        World pushes = new World(emulator, "burst", 20, 1);
        BuildRecorderHandler recorder = pushes.buildRecorder();
        List<String> events = new ArrayList<>();
        int total = Integer.getInteger("bench.pushes", 1000);
        for (int i = 0; i < total; i++) {
            events.add(World.push("bench/svc" + (i % 20), "burst-push-" + i, String.format("%07x", 0x100000 + i)));
        }
        emulator.resetCalls();
        Result r = dispatch(threads, events, recorder::handle);
        double pushCalls = emulator.calls().size() / (double) events.size();
        System.out.printf(Locale.ROOT, "burst: %d pushes in %.1f s (%d retried)%n", events.size(), r.seconds, r.retried);
        Map<String, Integer> items = pushes.itemsByType();
        int builds = items.getOrDefault("Build", -1);
        int releases = items.getOrDefault("Release", -1);
        boolean ok = builds == total && releases == total;
        md.append(String.format(Locale.ROOT, "| %,d ECR pushes, 20 repositories, build-recorder | %d | %.1f | %.1f | %.1f | %d | %s | %s |%n",
                total, events.size(), r.seconds, events.size() / r.seconds, pushCalls, r.retried, items, ok
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
        emulator.resetCalls();
        Result e = dispatch(threads, ecsEvents, ecs::handle);
        double ecsCalls = emulator.calls().size() / (double) ecsEvents.size();
        List<Deployment> after = fifty.releaseSets.deployments(set.id());
        Map<DeploymentStatus, Long> statuses = after.stream().collect(Collectors.groupingBy(Deployment::status, TreeMap::new, Collectors.counting()));
        Map<String, Integer> items50 = fifty.itemsByType();
        String setStatus = fifty.releaseSets.releaseSet(set.id()).orElseThrow().status().name();
        // Every event tells of success: each deployment COMPLETED once, the set SUCCEEDED, a current-state row each.
        boolean ok50 = after.size() == 50 && items50.getOrDefault("Deployment", -1) == 50
                && statuses.equals(Map.of(DeploymentStatus.COMPLETED, 50L)) && "SUCCEEDED".equals(setStatus)
                && items50.getOrDefault("ReleaseSet", -1) == 1 && items50.getOrDefault("CurrentState", -1) == 50;
        md.append(String.format(Locale.ROOT, "| 200 ECS events (50 deployments × task RUNNING + COMPLETED, each twice, shuffled), deployment-recorder"
                        + " | %d | %.1f | %.1f | %.1f | %d | deployments %s, release set %s; items %s | %s |%n",
                ecsEvents.size(), e.seconds, ecsEvents.size() / e.seconds, ecsCalls, e.retried, statuses, setStatus, items50, ok50
                        ? "OK: 50 deployments, each COMPLETED once; the set SUCCEEDED once" : "FAILED: expected 50 COMPLETED, the set SUCCEEDED"));
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
