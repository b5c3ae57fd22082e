package dev.harbourmaster.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * `make bench`, section cold-start-lambda: cold start as Lambda reports it. Each function of
 * template.yaml in a fresh execution environment per run (RIE in front of the runtime interface
 * client on Java 21, as {@link RuntimeContractIT} runs it), invoked once with the event of a real
 * first job against a new table: the init phase from the emulator's INIT REPORT line, the first
 * invocation from its REPORT line (which, in RIE, includes the init it started), and the second,
 * warm invocation of the same event.
 */
class LambdaColdStartBenchmark {

    static final int RUNS = Integer.getInteger("bench.coldRuns", 5);

    /** Each function's first job: what the world must hold, and the event that starts it. */
    private static final Map<String, Function<ContractWorld, String>> FIRST_EVENTS = new LinkedHashMap<>();

    static {
        FIRST_EVENTS.put("BuildRecorderFunction", world -> Fixtures.event("ecr-push-success.json"));
        FIRST_EVENTS.put("DeployerFunction", LambdaColdStartBenchmark::requestedSet);
        FIRST_EVENTS.put("DeploymentRecorderFunction", world ->
                world.ecs("ecs-deployment-in-progress.json", world.idMinterDeploying(Duration.ofMinutes(5)), Instant.now()));
        FIRST_EVENTS.put("SweeperFunction", world -> {
            world.idMinterDeploying(Duration.ofHours(2));
            world.emulator.ecs().createCluster(b -> b.clusterName("catalogue-staging"));
            return Fixtures.event("schedule-sweeper.json");
        });
        FIRST_EVENTS.put("DomainEventsFunction", LambdaColdStartBenchmark::finishedDeployment);
        FIRST_EVENTS.put("DashboardFunction", world -> Fixtures.event("function-url-get-home.json"));
        FIRST_EVENTS.put("DashboardApiFunction", world -> Fixtures.event("http-api-get-status.json"));
    }

    @TempDir
    Path dir;

    record Run(double initMs, double firstMs, double warmMs, double roundTripMs) {}

    @Test
    void coldStartUnderTheLambdaRuntime() throws IOException {
        TemplateFunctions functions = TemplateFunctions.prepare();
        assertThat(FIRST_EVENTS.keySet()).as("a first event for every function of the template")
                .containsExactlyInAnyOrderElementsOf(functions.logicalIds());
        String loadBefore = load();
        StringBuilder rows = new StringBuilder();
        List<String> console = new ArrayList<>();
        for (var entry : FIRST_EVENTS.entrySet()) {
            String logicalId = entry.getKey();
            Path taskRoot = TemplateFunctions.taskRoot(logicalId, dir);
            List<Run> runs = new ArrayList<>();
            int memory = 0;
            for (int i = 0; i <= RUNS; i++) {
                ContractWorld world = ContractWorld.registered();
                if (logicalId.equals("DeployerFunction")) {
                    world = ContractWorld.withStagingServices();
                }
                String event = entry.getValue().apply(world);
                LambdaFunction function = functions.function(logicalId, world.table, world.bus);
                memory = function.memoryMb();
                Run run;
                try (BusQueue bus = new BusQueue(world.bus); LambdaRuntime runtime = functions.start(function, taskRoot, line -> {})) {
                    run = measure(logicalId, runtime, event);
                }
                if (i > 0) {
                    runs.add(run);
                }
            }
            double init = median(runs, Run::initMs);
            double first = median(runs, Run::firstMs);
            double warm = median(runs, Run::warmMs);
            double roundTrip = median(runs, Run::roundTripMs);
            rows.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n", logicalId, memory, init, first,
                    init + first, roundTrip, warm));
            console.add(String.format(Locale.ROOT, "%-28s INIT REPORT %5.0f ms  first event %5.0f ms  warm %4.0f ms",
                    logicalId, init, first, warm));
        }
        String md = "## Cold start as Lambda reports it\n\n"
                + "Each function of template.yaml in a fresh execution environment per run: AWS's Runtime Interface Emulator"
                + " in front of the Java runtime interface client, on Java " + functions.javaVersion() + " with the java21 launcher's"
                + " flags and the template's memory, Handler and environment (the runtime contract test's set-up), median of "
                + RUNS + " runs after one discarded, each against a new table. **init**: the emulator's `INIT REPORT` duration"
                + " (JVM start, runtime client, handler class and constructor: Lambda's Init Duration; the REPORT line's"
                + " \"Init Duration\" of RIE is something else, a fraction of a millisecond); **first event**: the first"
                + " invocation's REPORT duration less init (RIE starts the runtime inside the first invocation); **round trip**:"
                + " the first invocation as its caller timed it; **warm**: the same event again. Each function's first event is"
                + " real work: a push recorded, a set of two services rolled (claim, task definitions, UpdateService), a"
                + " deployment's ECS event recorded, a sweep that closes one deployment, a finished deployment announced, the"
                + " dashboard's home page and status API. Load average before and after: " + loadBefore + "; " + load() + ".\n\n"
                + "Targets, in these terms: **init under 1 s** and **first event under 1 s** for every function. SnapStart"
                + " cannot be measured here: RIE does not answer the restore API, so the primed first event (what a"
                + " SnapStart restore sees) stays measured by the section above, in-process.\n\n"
                + "| function | memory MB | init ms (INIT REPORT) | first event ms | init + first | round trip ms | warm ms |\n"
                + "|---|---|---|---|---|---|---|\n" + rows;
        console.forEach(System.out::println);
        BenchmarkReport.writeSection("cold-start-lambda", md);
    }

    private static Run measure(String logicalId, LambdaRuntime runtime, String event) {
        Invocation first = runtime.invoke(event);
        assertThat(first.succeeded()).as("%s's first event: a first event that failed would time a failure:%n%s%n%s", logicalId,
                first.body(), String.join("\n", runtime.output())).isTrue();
        runtime.invoke(event);
        double init = runtime.initReportMillis().orElseThrow(() -> new AssertionError(logicalId + ": no INIT REPORT line"));
        List<Double> durations = runtime.reportedDurationsMillis();
        assertThat(durations).as("%s: a REPORT line per invocation", logicalId).hasSize(2);
        return new Run(init, durations.get(0) - init, durations.get(1), first.took().toNanos() / 1e6);
    }

    /** A set of the pipeline's two services, requested, as the table stream gives it to the deployer. */
    private static String requestedSet(ContractWorld world) {
        Instant at = Instant.now().minus(Duration.ofMinutes(1));
        List<Release> releases = List.of(world.seeder.release("id_minter", "3f9c2ab", at), world.seeder.release("ingestor", "3f9c2ab", at));
        releases.forEach(release -> RecordSeeder.recorded(world.emulator.dynamo(), world.table, release));
        ReleaseSet set = world.seeder.request("staging", at, "alice", "bench", "pipeline", releases);
        return world.streamEvent(ContractWorld.key("RELEASESET#" + set.id(), "RELEASESET"), null,
                world.item("RELEASESET#" + set.id(), "RELEASESET"));
    }

    /** A deployment's record turning COMPLETED, as the table stream gives it to domain-events. */
    private static String finishedDeployment(ContractWorld world) {
        ReleaseSet set = world.idMinterDeploying(Duration.ofMinutes(5));
        Map<String, AttributeValue> before = world.item("RELEASESET#" + set.id(), "DEPLOYMENT#id_minter");
        world.seeder.record(set.id(), "id_minter", RecordSeeder.completed(set.releases().get(0), Instant.now().minus(Duration.ofMinutes(4))));
        return world.streamEvent(ContractWorld.key("RELEASESET#" + set.id(), "DEPLOYMENT#id_minter"), before,
                world.item("RELEASESET#" + set.id(), "DEPLOYMENT#id_minter"));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static String load() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }
}
