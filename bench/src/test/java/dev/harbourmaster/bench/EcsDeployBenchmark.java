package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * `make bench`, section ecs-deploy: the same deploy (a new digest-pinned image for each of 1, 10
 * and 50 services) with fabfuel's `ecs deploy` (one process per service, as it takes one service)
 * and with `hm deploy` (bin/hm as a process, with its flags and start-up cache, then the deployer handler on the release set it
 * wrote), against the same moto, every AWS request counted by the same loopback proxy.
 */
class EcsDeployBenchmark {

    /** Runs of each tool at each size; the table has the median run's time. */
    private static final int ROUNDS = 3;

    private final Emulator emulator = new Emulator();
    private final Path root = Emulator.repositoryRoot();

    record Side(double seconds, Map<String, Long> calls) {
        long total() {
            return calls.values().stream().mapToLong(Long::longValue).sum();
        }

        long ecs() {
            return calls.entrySet().stream().filter(e -> e.getKey().startsWith("Ecs:")).mapToLong(Map.Entry::getValue).sum();
        }
    }

    @Test
    void sideBySide() throws Exception {
        Path ecsCli = root.resolve(".venv/ecs-deploy/bin/ecs");
        assertThat(ecsCli).as("ecs-deploy is not installed: run scripts/python-env.sh ecs-deploy (make bench does)").exists();
        Path hmJar = root.resolve("cli/target/hm.jar");
        assertThat(hmJar).as("run make build first").exists();
        HmLauncher.ensureCache();

        StringBuilder md = new StringBuilder("## Side by side with ecs-deploy\n\n");
        md.append("| services | ecs-deploy s | hm deploy s | floor s | time ratio (ecs-deploy / hm) | hm / floor | ecs-deploy calls (ECS) | hm calls (ECS + DynamoDB) | floor calls | calls ratio (all) | ECS calls ratio |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> detail = new ArrayList<>();
        try (CountingProxy proxy = new CountingProxy(System.getenv("AWS_ENDPOINT_URL"))) {
            for (int n : new int[] {1, 10, 50}) {
                List<Side> ecsDeploys = new ArrayList<>();
                List<Side> hms = new ArrayList<>();
                List<Side> floors = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) { // interleaved, so that the machine's moods fall on all three
                    ecsDeploys.add(ecsDeploy(proxy, ecsCli, n, round));
                    hms.add(hm(proxy, n, round));
                    floors.add(floor(proxy, n, round));
                }
                Side ecsDeploy = median(ecsDeploys);
                Side hm = median(hms);
                Side floor = median(floors);
                md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.3f | %.2f | %.1f | %d | %d (%d + %d) | %d | %.2f | %.2f |%n", n,
                        ecsDeploy.seconds(), hm.seconds(), floor.seconds(), ecsDeploy.seconds() / hm.seconds(),
                        hm.seconds() / floor.seconds(), ecsDeploy.total(), hm.total(), hm.ecs(), hm.total() - hm.ecs(),
                        floor.total(), ecsDeploy.total() / (double) hm.total(), ecsDeploy.ecs() / (double) hm.ecs()));
                detail.add("| " + n + " | ecs-deploy | " + ops(ecsDeploy.calls()) + " |");
                detail.add("| " + n + " | hm deploy + deployer | " + ops(hm.calls()) + " |");
            }
        }
        md.append("\nRequests by operation (as the proxy saw them):\n\n| services | tool | operations |\n|---|---|---|\n");
        detail.forEach(d -> md.append(d).append('\n'));
        md.append("\n").append(Notes.ECS_DEPLOY);
        System.out.println(md);
        BenchmarkReport.writeSection("ecs-deploy", md.toString());
    }

    /** The round of median time; every round makes the same calls. */
    private static Side median(List<Side> rounds) {
        assertThat(rounds).extracting(Side::calls).as("the same requests every round").containsOnly(rounds.get(0).calls());
        List<Side> sorted = rounds.stream().sorted(java.util.Comparator.comparingDouble(Side::seconds)).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String ops(Map<String, Long> calls) {
        return calls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /**
     * The floor: a warm client in this JVM making only the ECS calls a deploy of n services needs
     * (DescribeServices per 10, then per service DescribeTaskDefinition, RegisterTaskDefinition with the
     * new image, UpdateService), one after another, through the same proxy; no record kept.
     */
    private Side floor(CountingProxy proxy, int n, int round) {
        World world = new World(emulator, "floor" + n + "r" + round, n, 1).withEcsServices(1);
        var releases = world.releases("f0f0f0" + n);
        EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(proxy.endpoint())).build();
        ecs.listClusters(); // warm: the client's first request pays for its set-up
        proxy.reset();
        long start = System.nanoTime();
        for (int from = 0; from < n; from += 10) {
            List<String> names = releases.subList(from, Math.min(n, from + 10)).stream().map(r -> r.serviceId() + "-env0").toList();
            for (var service : ecs.describeServices(b -> b.cluster(world.cluster).services(names)).services()) {
                var release = releases.stream().filter(r -> service.serviceName().equals(r.serviceId() + "-env0")).findFirst().orElseThrow();
                var definition = ecs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition();
                String arn = ecs.registerTaskDefinition(b -> b.family(definition.family()).containerDefinitions(definition
                        .containerDefinitions().stream().map(c -> c.toBuilder().image(release.images().get(0).image()).build())
                        .toList())).taskDefinition().taskDefinitionArn();
                ecs.updateService(b -> b.cluster(world.cluster).service(service.serviceName()).taskDefinition(arn));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Side(seconds, proxy.counts());
    }

    /** `ecs deploy CLUSTER SERVICE --image CONTAINER IMAGE --timeout -1` per service, one after the other. */
    private Side ecsDeploy(CountingProxy proxy, Path ecsCli, int n, int round) throws Exception {
        World world = new World(emulator, "ecsd" + n + "r" + round, n, 1).withEcsServices(1);
        var releases = world.releases("e0e0e0" + n);
        proxy.reset();
        long start = System.nanoTime();
        for (var release : releases) {
            String service = release.serviceId() + "-env0";
            List<String> command = List.of(ecsCli.toString(), "deploy", world.cluster, service,
                    "--image", release.images().get(0).container(), release.images().get(0).image(), "--timeout", "-1");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("AWS_ENDPOINT_URL", proxy.endpoint());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("ecs deploy said:%n%s", out).isZero();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> calls = proxy.counts();
        for (var release : releases) {
            String image = emulator.ecs().describeTaskDefinition(b -> b.taskDefinition(emulator.ecs().describeServices(s -> s
                    .cluster(world.cluster).services(release.serviceId() + "-env0")).services().get(0).taskDefinition()))
                    .taskDefinition().containerDefinitions().get(0).image();
            assertThat(image).isEqualTo(release.images().get(0).image());
        }
        return new Side(seconds, calls);
    }

    /** `hm deploy --project P --env env0 --yes --no-wait`, then the deployer handler on the set it requested. */
    private Side hm(CountingProxy proxy, int n, int round) throws Exception {
        URI endpoint = URI.create(proxy.endpoint());
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(endpoint).build();
        EcsClient ecs = EcsClient.builder().endpointOverride(endpoint).build();
        World world = new World(emulator, "hmd" + n + "r" + round, n, 1, dynamo, ecs, emulator.ecr(), EventBridgeClient.builder().build())
                .withEcsServices(1);
        BuildRecorderHandler pushes = world.buildRecorder(); // before the count starts: not part of the deploy
        for (int i = 0; i < n; i++) {
            pushes.handle(World.push("bench/svc" + i, "hm-" + n + "-" + i, "e0e0e0" + n));
        }
        DeployerHandler deployer = world.deployer();
        proxy.reset();
        long start = System.nanoTime();
        Path out = Files.createTempFile("hm-deploy", ".txt");
        // As a person starts it: bin/hm, its flags and its start-up cache.
        HmLauncher.run(Map.of("AWS_ENDPOINT_URL", proxy.endpoint(), "HM_ACTOR", "bench@example.com"), out, "deploy",
                "--project", world.project.id(), "--env", "env0", "--yes", "--no-wait", "--table", world.table, "-m", "benchmark");
        double seconds = (System.nanoTime() - start) / 1e9;
        // What the stream hands the deployer, read outside the count and the clock.
        ReleaseSet set = world.releaseSets.releaseSets(world.project.id(), "env0", 1).get(0);
        DynamodbEvent insert = world.insertWithImage(set.id());
        start = System.nanoTime();
        deployer.handleRequest(insert, null);
        seconds += (System.nanoTime() - start) / 1e9;
        Map<String, Long> calls = proxy.counts();
        List<Deployment> deployments = world.releaseSets.deployments(set.id());
        assertThat(deployments).hasSize(n).allMatch(d -> d.ecsDeploymentId() != null);
        return new Side(seconds, calls);
    }
}
