package dev.harbourmaster.deployer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.invoke.TableStream;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * `make bench`: one release set of 1 and of 50 services through the real handler against moto on
 * loopback, from the insert to every deployment recorded; AWS calls counted per operation. Not a
 * test (its name ends in neither Test nor IT): it prints a table and rewrites docs/BENCHMARKS.md.
 */
class DeployerBenchmark {

    private static final int RUNS = 5;
    private static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";

    private final Emulator emulator = new Emulator();

    /** Typical API latencies in a region, added to each call in the "AWS-like latency" rows: moto answers in about 5 ms. */
    private static final Duration ECS_LATENCY = Duration.ofMillis(50);
    private static final Duration DYNAMODB_LATENCY = Duration.ofMillis(10);

    private record Measure(String name, int services, int concurrency, List<Long> millis, Map<String, Long> calls) {
        long median() {
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(sorted.size() / 2);
        }

        long totalCalls() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void releaseSetRollout() {
        List<Measure> measures = List.of(
                measure("1 service", 1, 8, false),
                measure("50 services, 8 at a time", 50, 8, false),
                measure("50 services, one at a time", 50, 1, false),
                measure("1 service, AWS-like latency", 1, 8, true),
                measure("50 services, 8 at a time, AWS-like latency", 50, 8, true),
                measure("50 services, one at a time, AWS-like latency", 50, 1, true));
        String report = report(measures);
        System.out.println(report);
        write(report);
        assertThat(measures.get(1).median()).isPositive();
    }

    private Measure measure(String name, int services, int concurrency, boolean awsLikeLatency) {
        List<Long> millis = new ArrayList<>();
        Map<String, Long> calls = new TreeMap<>();
        for (int run = 0; run <= RUNS; run++) {
            String table = emulator.newTable();
            String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            Project project = project(cluster, services);
            var dynamo = emulator.dynamo();
            new DynamoDbCatalogue(dynamo, table).apply(project);
            emulator.ecs().createCluster(b -> b.clusterName(cluster));
            project.services().forEach(s -> createService(cluster, s.id()));
            DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(dynamo, table);
            TableStream stream = new TableStream(dynamo, DynamoDbStreamsClient.builder().build(), table);
            stream.poll();
            var handlerDynamo = awsLikeLatency ? DynamoDbClient.builder().overrideConfiguration(c -> c
                    .addExecutionInterceptor(emulator.counter()).addExecutionInterceptor(delay(DYNAMODB_LATENCY))).build() : dynamo;
            var handlerEcs = awsLikeLatency ? EcsClient.builder().overrideConfiguration(c -> c
                    .addExecutionInterceptor(emulator.counter()).addExecutionInterceptor(delay(ECS_LATENCY))).build() : emulator.ecs();
            DeployerHandler handler = new DeployerHandler(DeployerWiring.of(
                    new DeployerConfig(table, concurrency, Duration.ofHours(2), Fixtures.SERVED), handlerDynamo, handlerEcs).deployer(),
                    new Log("bench", new PrintStream(OutputStream.nullOutputStream()), Instant::now));
            ReleaseSet set = set(project, run);
            // Recorded as build-recorder records them: the deployer reads each release again.
            set.releases().forEach(r -> RecordSeeder.recorded(dynamo, table, r));

            emulator.resetCalls();
            long start = System.nanoTime();
            releaseSets.request(set);
            handler.handleRequest(stream.poll(), null);
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            List<String> made = emulator.calls(); // before this benchmark's own check reads the table

            assertThat(releaseSets.deployments(set.id())).hasSize(services);
            if (run == 0) {
                continue; // warm-up: class loading and connection set-up are not the deployer's cost
            }
            millis.add(elapsed);
            if (run == 1) {
                made.stream().filter(c -> !c.startsWith("DynamoDbStreams:")).forEach(c -> calls.merge(c, 1L, Long::sum));
            }
        }
        return new Measure(name, services, concurrency, millis, calls);
    }

    private static ExecutionInterceptor delay(Duration latency) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                try {
                    Thread.sleep(latency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    private void createService(String cluster, String service) {
        String arn = emulator.ecs().registerTaskDefinition(b -> b.family(cluster + "-" + service)
                .containerDefinitions(ContainerDefinition.builder().name(service).image(REGISTRY + "bench/" + service + ":old")
                        .memory(256).essential(true).build())).taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName(service + "-bench").taskDefinition(arn).desiredCount(1));
    }

    private static Project project(String cluster, int services) {
        List<Service> list = IntStream.range(0, services)
                .mapToObj(i -> new Service("svc" + i, "svc" + i, List.of(new Container("svc" + i, "bench/svc" + i)))).toList();
        return new Project("bench", "bench", ReleaseHashRule.DEFAULT,
                List.of(new Environment("bench", "bench", cluster, "{service}-{env}", false)),
                List.of(new ServiceSet("all", "all", list)));
    }

    private static ReleaseSet set(Project project, int run) {
        String hash = String.format("%07x", run + 1);
        List<Release> releases = project.services().map(s -> {
            String digest = "sha256:" + String.format("%064x", (long) s.id().hashCode() * 31 + run);
            return new Release("bench", "all", s.id(), hash,
                    List.of(new ReleaseImage(s.id(), "bench/" + s.id(), digest, REGISTRY + "bench/" + s.id() + "@" + digest, hash)),
                    "bench/" + s.id(), digest, Instant.now(), null);
        }).toList();
        return new ReleaseSet(Ulid.random(Instant.now()), "bench", "bench", "all", releases, ReleaseSetKind.DEPLOY,
                "bench", "benchmark", Instant.now(), ReleaseSetStatus.REQUESTED, null);
    }

    private static String report(List<Measure> measures) {
        StringBuilder out = new StringBuilder();
        out.append("### Deployer: one release set, insert to every deployment recorded\n\n");
        out.append("| release set | median ms | runs (ms) | AWS calls | calls per service |\n|---|---|---|---|---|\n");
        for (Measure m : measures) {
            out.append("| ").append(m.name()).append(" | ").append(m.median()).append(" | ")
                    .append(m.millis().stream().map(String::valueOf).collect(Collectors.joining(", "))).append(" | ")
                    .append(m.totalCalls()).append(" | ")
                    .append(String.format("%.2f", m.totalCalls() / (double) m.services())).append(" |\n");
        }
        for (int i = 0; i < measures.size(); i += 3) {
            Measure one = measures.get(i);
            Measure fifty = measures.get(i + 1);
            Measure serial = measures.get(i + 2);
            out.append(String.format("%n%s: 50 services take %.1f × the time of one (target: about 5 × or less);"
                            + " 8 at a time is %.1f × faster than one at a time.%n",
                    i == 0 ? "Plain moto" : "AWS-like latency", fifty.median() / (double) one.median(),
                    serial.median() / (double) fifty.median()));
        }
        out.append("\n");
        out.append("""
                Why these calls: rolling a service needs its task definition (DescribeTaskDefinition), a new
                revision pinned to the digest (RegisterTaskDefinition) and the service pointed at it
                (UpdateService); DescribeServices answers for ten services at a time. Per set, whatever its
                size (up to 96 services): the set (GetItem) and the project (Query), the releases read again from the ledger (one
                BatchGetItem: the set is a table item anyone who may write the table can write), the claim of the
                environment with every service's deployment (one TransactWriteItems: "at most once" needs the
                claim durable before ECS is touched), and what came of them, the ECS deployment ids, in one more
                (TransactWriteItems per 100).
                The "AWS-like latency" rows add %d ms to each ECS call and %d ms to each DynamoDB call (moto
                answers in a few ms, and, being one Python process, serves one request at a time, so concurrency
                cannot show against it alone).

                """.formatted(ECS_LATENCY.toMillis(), DYNAMODB_LATENCY.toMillis()));
        out.append("AWS calls for the 50-service set, by operation:\n\n| operation | calls |\n|---|---|\n");
        measures.get(1).calls().forEach((op, n) -> out.append("| ").append(op).append(" | ").append(n).append(" |\n"));
        return out.toString();
    }

    private static void write(String report) {
        BenchmarkReport.writeSection("deployer", "## Deployer: release sets through the handler\n\nMedians of " + RUNS
                + " runs after one warm-up run.\n\n" + report);
    }
}
