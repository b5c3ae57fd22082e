package dev.harbourmaster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.buildrecorder.BuildRecorderConfig;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.buildrecorder.BuildRecorderWiring;
import dev.harbourmaster.dashboard.Dashboard;
import dev.harbourmaster.dashboard.DashboardServer;
import dev.harbourmaster.dashboard.DashboardWiring;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.harbourmaster.deployer.DeployerHandler;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.recorder.EcsEventHandler;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * `make bench`, section calls: the AWS calls of one job (a push, a release set of N services, an
 * ECS event), counted by an SDK interceptor on the handlers' clients, beside the minimum the job needs.
 */
class CallsBenchmark {

    private final Emulator emulator = new Emulator();

    @Test
    void callsPerJob() throws Exception {
        StringBuilder md = new StringBuilder("## AWS calls per job\n\n");
        md.append("Counted by an SDK `ExecutionInterceptor` on the handlers' clients (every attempt's operation;")
                .append(" moto answers without throttling, so there are no retries).\n\n");
        md.append("| job | calls | minimum | by operation |\n|---|---|---|---|\n");

        // One push: the example project, events/ecr-push-success.json (catalogue/id_minter feeds one service; staging auto-deploys).
        String table = emulator.newTable();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(Fixtures.exampleProject());
        BuildRecorderHandler pushes = new BuildRecorderHandler(BuildRecorderWiring.of(
                new BuildRecorderConfig(table, Fixtures.SERVED), emulator.dynamo(), emulator.ecr())
                .withLog(new Log("b", World.QUIET, Instant::now)).pushRecorder());
        emulator.resetCalls();
        String outcome = pushes.handle(Fixtures.event("ecr-push-success.json"));
        md.append(callsRow("one push (example project, auto-deploy to staging): " + outcome, 3));
        emulator.resetCalls();
        pushes.handle(Fixtures.event("ecr-push-success.json"));
        md.append(callsRow("the same push again (duplicate event)", 1));

        // The dashboard on the same table: the example project (4 services, staging and prod), its auto-deploy set requested.
        Dashboard dashboard = DashboardWiring.of(emulator.dynamo(), table, List.of("catalogue")).dashboard();
        try (DashboardServer server = DashboardServer.start(dashboard, 0)) {
            emulator.resetCalls();
            assertThat(page(server, "p/catalogue")).isEqualTo(200);
            md.append(callsRow("one dashboard page: the project's home (every environment × service and the sets that"
                    + " wait, no set in flight)", 3));
            emulator.resetCalls();
            assertThat(page(server, "p/catalogue/history")).isEqualTo(200);
            md.append(callsRow("one dashboard page: history of every environment (2), newest first", 2));
        }

        for (int n : new int[] {1, 10, 50}) {
            World world = new World(emulator, "calls" + n, n, 1).withEcsServices(1);
            DeployerHandler deployer = world.deployer();
            ReleaseSet set = world.request("env0", world.releases("abc1234"));
            DynamodbEvent insert = world.insertWithImage(set.id());
            emulator.resetCalls();
            deployer.handleRequest(insert, null);
            int minimum = 2 + (n + 99) / 100 + 1 + (n + 100) / 100 + (n + 9) / 10 + 3 * n;
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

    private static int page(DashboardServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String callsRow(String job, int minimum) {
        Map<String, Long> ops = emulator.calls().stream().collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
        long total = ops.values().stream().mapToLong(Long::longValue).sum();
        return "| " + job + " | " + total + " | " + minimum + " | "
                + ops.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + " |\n";
    }

}
