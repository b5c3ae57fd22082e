package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * `make bench`, section cold-start: each function's handler in a fresh JVM started from its shaded
 * jar with Lambda's JVM flags, against moto: time to construct the handler (init) and to handle a
 * real fixture from events/ (first event), without and with the SnapStart priming (the CRaC
 * beforeCheckpoint hook) done before the first event; what init is made of; the jar sizes.
 */
class ColdStartBenchmark {

    static final int RUNS = Integer.getInteger("bench.coldRuns", 5);
    /** Lambda's java21 runtime starts the JVM with these (the template sets the tiered ones too). */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    record Function(String logicalId, String handler, String jar, String event, boolean dynamodb) {}

    static final List<Function> FUNCTIONS = List.of(
            new Function("BuildRecorderFunction", "dev.harbourmaster.buildrecorder.BuildRecorderHandler",
                    "functions/build-recorder/target/build-recorder.jar", "ecr-push-success.json", false),
            new Function("DeployerFunction", "dev.harbourmaster.deployer.DeployerHandler",
                    "functions/deployer/target/deployer.jar", "dynamodb-stream-release-set-requested.json", true),
            new Function("DeploymentRecorderFunction", "dev.harbourmaster.recorder.EcsEventHandler",
                    "functions/deployment-recorder/target/deployment-recorder.jar", "ecs-deployment-unknown-deployment.json", false),
            new Function("SweeperFunction", "dev.harbourmaster.recorder.SweeperHandler",
                    "functions/deployment-recorder/target/deployment-recorder.jar", "schedule-sweeper.json", false),
            new Function("DomainEventsFunction", "dev.harbourmaster.domainevents.DomainEventsHandler",
                    "functions/domain-events/target/domain-events.jar", "(release-set-succeeded)", true));

    private final Emulator emulator = new Emulator();
    private final Path root = Emulator.repositoryRoot();

    record Run(Map<String, String> values) {
        double get(String key) {
            return Double.parseDouble(values.getOrDefault(key, "NaN"));
        }
    }

    @Test
    void coldStart() throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Cold start and SnapStart priming\n\n");
        md.append("A fresh JVM per run (`java ").append(String.join(" ", LAMBDA_FLAGS))
                .append(" -cp <function jar>`), median of ").append(RUNS).append(" runs after one discarded run, each against a")
                .append(" new table holding examples/harbourmaster.yml. **init**: loading and constructing the handler (what")
                .append(" Lambda's init phase does); **first event**: handling the fixture (for the stream functions, including")
                .append(" the Lambda runtime's own deserialization into `DynamodbEvent`); **primed**: the handler's CRaC")
                .append(" `beforeCheckpoint` hook (reads only) run after init, then the first event, as a SnapStart restore")
                .append(" would see it. Target: jar under 15 MB (init and first event are held to theirs as Lambda reports them, in the next")
                .append(" section).\n\n");
        md.append("| function | jar MB | init ms | first event ms | init + first | priming ms | first event, primed ms | primed saves | first event's outcome |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder phases = new StringBuilder();
        phases.append("| function | JVM to main | Jackson | HTTP client | DynamoDB client | second client | rest of the handler | classes loaded |\n");
        phases.append("|---|---|---|---|---|---|---|---|\n");
        List<String> console = new ArrayList<>();
        for (Function f : FUNCTIONS) {
            Path jar = root.resolve(f.jar());
            assertThat(jar).as("run `make build` first").exists();
            List<Run> plain = new ArrayList<>();
            List<Run> primed = new ArrayList<>();
            for (int i = 0; i <= RUNS; i++) {
                Run p = probe(f, false, false);
                Run q = probe(f, true, false);
                if (i > 0) {
                    plain.add(p);
                    primed.add(q);
                }
            }
            // A first event that threw times a failure, not the function: no number for it, primed or not.
            assertThat(java.util.stream.Stream.concat(plain.stream(), primed.stream()).toList())
                    .as("%s's first event (stack traces in bench/target/cold-start-probe.log)", f.logicalId())
                    .extracting(r -> r.values().getOrDefault("outcome", "?")).noneMatch(o -> o.startsWith("threw"));
            Run parts = probe(f, false, true);
            double init = Stats.median(plain.stream().map(r -> r.get("initMs")).toList());
            double first = Stats.median(plain.stream().map(r -> r.get("firstEventMs")).toList());
            double prime = Stats.median(primed.stream().map(r -> r.get("primeMs")).toList());
            double firstPrimed = Stats.median(primed.stream().map(r -> r.get("firstEventMs")).toList());
            double mb = Files.size(jar) / 1e6;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f%% | %s |%n", f.logicalId(), mb,
                    init, first, init + first, prime, firstPrimed, 100 * (1 - firstPrimed / first),
                    plain.get(0).values().getOrDefault("outcome", "?").replace("|", "/")));
            phases.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", f.logicalId(),
                    parts.values().get("jvmToMainMs") + " ms", cell(parts, "jackson"), cell(parts, "httpClient"),
                    cell(parts, "dynamoDbClient"), cell(parts, "secondClient"), cell(parts, "handlerRest"),
                    parts.values().get("classesTotal")));
            console.add(String.format(Locale.ROOT, "%-28s jar %5.1f MB  init %5.0f ms  first %5.0f ms  primed first %5.0f ms",
                    f.logicalId(), mb, init, first, firstPrimed));
        }
        md.append("\nWhat init is made of (one run each, `-Xlog`-free: timed around each step in the child JVM before the")
                .append(" handler is constructed; each step pays for the classes it is the first to load; \"second client\" is")
                .append(" ECR for build-recorder, EventBridge for domain-events, ECS for the others; ms and classes loaded):\n\n")
                .append(phases);
        md.append("\n").append(Notes.COLD_START);
        console.forEach(System.out::println);
        BenchmarkReport.writeSection("cold-start", md.toString());
    }

    private static String cell(Run run, String phase) {
        return run.values().get(phase + "Ms") + " ms, " + run.values().get(phase + "Classes");
    }

    private Run probe(Function f, boolean prime, boolean phases) throws IOException, InterruptedException {
        String table = emulator.newTable();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(Fixtures.exampleProject());
        Path event = eventFile(f);
        String serialization = Path.of(LambdaEventSerializers.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        String probeClasses = Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_FLAGS);
        command.add("-cp");
        // The function's jar first: only the probe comes from the benchmark's classes.
        command.add(String.join(java.io.File.pathSeparator, root.resolve(f.jar()).toString(), serialization, probeClasses));
        command.add(ColdStartProbe.class.getName());
        command.addAll(List.of(f.handler(), event.toString(), f.dynamodb() ? "dynamodb" : "stream"));
        if (prime) {
            command.add("prime");
        }
        if (phases) {
            command.add("phases");
        }
        Path log = root.resolve("bench/target/cold-start-probe.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TABLE_NAME", table);
        builder.environment().put("HM_ACCOUNT_ID", "123456789012");
        builder.environment().put("EVENT_BUS_NAME", "default");
        builder.environment().put("METRICS_NAMESPACE", "HarbourmasterBench");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("probe of %s said nothing (exit %s); see %s", f.logicalId(), process.exitValue(), log).contains("initMs=");
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : out.lines().reduce((a, b) -> b).orElseThrow().split("\t")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new Run(values);
    }

    /**
     * The fixture, dated now and of the emulator's region, as the functions accept events (they ignore
     * other regions, and the recorder events dated over 15 days before they arrive); for domain-events,
     * the requested-set fixture turned into a finished set (what its stream filter lets through).
     */
    private Path eventFile(Function f) throws IOException {
        Path file = root.resolve("bench/target/first-event-" + f.logicalId() + ".json");
        Files.createDirectories(file.getParent());
        String event = !f.event().startsWith("(") ? Fixtures.event(f.event())
                : Fixtures.event("dynamodb-stream-release-set-requested.json")
                        .replace("\"INSERT\"", "\"MODIFY\"").replace("\"REQUESTED\"", "\"SUCCEEDED\"");
        Files.writeString(file, event.replace("eu-west-1", System.getenv().getOrDefault("AWS_REGION", "eu-west-1"))
                .replaceAll("2026-11-20T[0-9:]+Z", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        return file;
    }
}
