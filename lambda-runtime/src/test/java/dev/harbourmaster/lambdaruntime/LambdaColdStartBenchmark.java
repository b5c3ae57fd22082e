package dev.harbourmaster.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.githubdeployments.LoopbackGitHub;
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
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * `make bench`, section cold-start-lambda: cold start as Lambda reports it. Each function of
 * template.yaml in a fresh execution environment per run (RIE in front of the runtime interface
 * client on Java 21, as {@link RuntimeContractIT} runs it), invoked once with the event of a real
 * first job against a new table: the init phase from the emulator's INIT REPORT line, the first
 * invocation from its REPORT line (which, in RIE, includes the init it started), and the second,
 * warm invocation of the same event. Each function runs on Java 21 (the template's java21) and on the
 * Java 25 this machine builds with (Lambda's java25 runtime, with the same launcher flags), taking turns.
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
        FIRST_EVENTS.put("GitHubDeploymentsFunction", LambdaColdStartBenchmark::requestedSetOfAGitHubRepository);
        FIRST_EVENTS.put("DashboardFunction", world -> Fixtures.event("function-url-get-home.json"));
        FIRST_EVENTS.put("DashboardApiFunction", world -> Fixtures.event("http-api-get-status.json"));
    }

    @TempDir
    Path dir;

    record Run(double initMs, double firstMs, double warmMs, double roundTripMs) {}

    @Test
    void coldStartUnderTheLambdaRuntime() throws IOException {
        TemplateFunctions java21 = TemplateFunctions.prepare();
        TemplateFunctions java25 = java21.on(Path.of(System.getProperty("java.home")));
        assertThat(Runtime.version().feature()).as("the benchmarks' JVM is the Java 25 compared").isGreaterThanOrEqualTo(25);
        assertThat(FIRST_EVENTS.keySet()).as("a first event for every function of the template")
                .containsExactlyInAnyOrderElementsOf(java21.logicalIds());
        String loadBefore = load();
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
             LoopbackGitHub github = new LoopbackGitHub(GITHUB_TOKEN)) {
            secrets.createSecret(b -> b.name(GITHUB_SECRET).secretString(GITHUB_TOKEN));
            coldStart(java21, java25, loadBefore, github);
        }
    }

    private void coldStart(TemplateFunctions java21, TemplateFunctions java25, String loadBefore, LoopbackGitHub github)
            throws IOException {
        StringBuilder rows = new StringBuilder();
        StringBuilder compared = new StringBuilder();
        List<String> console = new ArrayList<>();
        for (var entry : FIRST_EVENTS.entrySet()) {
            String logicalId = entry.getKey();
            Path taskRoot = TemplateFunctions.taskRoot(logicalId, dir);
            Map<String, List<Run>> byJava = new LinkedHashMap<>();
            int memory = 0;
            for (int i = 0; i <= RUNS; i++) {
                for (TemplateFunctions functions : List.of(java21, java25)) { // taking turns: the machine's moods fall on both
                    List<Run> runs = byJava.computeIfAbsent(functions.javaVersion(), v -> new ArrayList<>());
                    ContractWorld world = ContractWorld.registered();
                    if (logicalId.equals("DeployerFunction")) {
                        world = ContractWorld.withStagingServices();
                    }
                    String event = entry.getValue().apply(world);
                    LambdaFunction function = withGitHub(functions.function(logicalId, world.table, world.bus), github);
                    memory = function.memoryMb();
                    Run run;
                    try (BusQueue bus = new BusQueue(world.bus); LambdaRuntime runtime = functions.start(function, taskRoot, line -> {})) {
                        run = measure(logicalId, runtime, event);
                    }
                    if (i > 0) {
                        runs.add(run);
                    }
                }
            }
            List<Double> coldMs = new ArrayList<>();
            for (var java : byJava.entrySet()) {
                List<Run> runs = java.getValue();
                double init = median(runs, Run::initMs);
                double first = median(runs, Run::firstMs);
                double warm = median(runs, Run::warmMs);
                double roundTrip = median(runs, Run::roundTripMs);
                coldMs.add(init + first);
                rows.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n", logicalId,
                        java.getKey(), memory, init, first, init + first, roundTrip, warm));
                console.add(String.format(Locale.ROOT, "%-28s Java %-8s INIT REPORT %5.0f ms  first event %5.0f ms  warm %4.0f ms",
                        logicalId, java.getKey(), init, first, warm));
            }
            compared.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |%n", logicalId, coldMs.get(0), coldMs.get(1),
                    coldMs.get(1) / coldMs.get(0)));
        }
        String md = "## Cold start as Lambda reports it\n\n"
                + "Each function of template.yaml in a fresh execution environment per run: AWS's Runtime Interface Emulator"
                + " in front of the Java runtime interface client, on Java " + java21.javaVersion() + " (the template's java21)"
                + " and on Java " + java25.javaVersion() + " (what Lambda's java25 runtime would run; the same launcher flags),"
                + " taking turns, with the template's memory, Handler and environment (the runtime contract test's set-up),"
                + " median of " + RUNS + " runs after one discarded, each against a new table. **init**: the emulator's `INIT REPORT` duration"
                + " (JVM start, runtime client, handler class and constructor: Lambda's Init Duration; the REPORT line's"
                + " \"Init Duration\" of RIE is something else, a fraction of a millisecond); **first event**: the first"
                + " invocation's REPORT duration less init (RIE starts the runtime inside the first invocation); **round trip**:"
                + " the first invocation as its caller timed it; **warm**: the same event again. Each function's first event is"
                + " real work: a push recorded, a set of two services rolled (claim, task definitions, UpdateService), a"
                + " deployment's ECS event recorded, a sweep that closes one deployment, a finished deployment announced, a set"
                + " told to GitHub (a loopback GitHub), the dashboard's home page and status API. Load average before and after: " + loadBefore + "; " + load() + ".\n\n"
                + "Targets, in these terms: **init under 1 s** and **first event under 1 s** for every function. SnapStart"
                + " cannot be measured here: RIE does not answer the restore API, so the primed first event (what a"
                + " SnapStart restore sees) stays measured by the section above, in-process.\n\n"
                + "| function | Java | memory MB | init ms (INIT REPORT) | first event ms | init + first | round trip ms | warm ms |\n"
                + "|---|---|---|---|---|---|---|---|\n" + rows
                + "\nJava 25 beside Java 21, init + first event (ms; a ratio under 1 is Java 25 faster):\n\n"
                + "| function | Java 21 | Java 25 | Java 25 / Java 21 |\n|---|---|---|---|\n" + compared
                + "\n" + JAVA25;
        console.forEach(System.out::println);
        BenchmarkReport.writeSection("cold-start-lambda", md);
    }

    static final String JAVA25 = """
            Lambda has offered a java25 managed runtime since November 2025 (Amazon Linux 2023), and SnapStart is
            available on every Java runtime from Java 11 on, so a move would keep it. The template stays on java21
            unless Java 25 wins by a clear margin here (a fifth of init + first event, function by function): with
            SnapStart on, a restore replaces init, so init matters for the first version published and wherever
            SnapStart is off. Not measured: an AOT cache or CDS archive shipped in the function's zip. Lambda starts
            the JVM itself (`-Xshare:auto` with the JDK's own default archive, which both JVMs here have, as
            Lambda's do); a function's own archive would need JAVA_TOOL_OPTIONS naming it, made on the runtime's
            exact JVM build, which is not to be had here, and a restored snapshot would not read it. The functions
            set TLS up at their first HTTPS request, not when their HTTP client is made (AwsClients): against moto
            on plain HTTP, as here, they never do. On Lambda the first call to DynamoDB or ECS does (some 50 to 100
            ms), inside SnapStart's priming where SnapStart is on.
            """;

    private static Run measure(String logicalId, LambdaRuntime runtime, String event) {
        Invocation first = runtime.invoke(event);
        assertThat(first.succeeded()).as("%s's first event: a first event that failed would time a failure:%n%s%n%s", logicalId,
                first.body(), String.join("\n", runtime.output())).isTrue();
        runtime.invoke(event);
        double init = runtime.initReportMillis().orElseThrow(() -> new AssertionError(logicalId + ": no INIT REPORT line"));
        List<Double> durations = runtime.reportedDurationsMillis(2, Duration.ofSeconds(5));
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

    private static final String GITHUB_TOKEN = "github_pat_bench";
    private static final String GITHUB_SECRET = "harbourmaster/github-bench-" + UUID.randomUUID();

    /** GitHubDeploymentsFunction as a stack with GitHubTokenSecret has it, GitHub on a loopback port; the others as they are. */
    private static LambdaFunction withGitHub(LambdaFunction function, LoopbackGitHub github) {
        return !function.logicalId().equals("GitHubDeploymentsFunction") ? function
                : function.withEnvironment(Map.of("GITHUB_TOKEN_SECRET", GITHUB_SECRET, "GITHUB_API_URL", github.url()));
    }

    /** A set requested of an image built from a github.com repository: GitHub hears of a deployment. */
    private static String requestedSetOfAGitHubRepository(ContractWorld world) {
        ReleaseSet set = world.requestedOfAGitHubRepository();
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
