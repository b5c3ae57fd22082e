package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.dynamodb.DynamoDbVerifications;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.support.Parallel;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.BenchmarkReport;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.RecordSeeder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's pages over a big project: 50 services × 4 environments, 10,000 release sets of
 * history, a current-state row per cell, on the emulator. Not a test (its name ends in neither
 * Test nor IT): make bench runs it, prints a table and rewrites the "dashboard" section of
 * docs/BENCHMARKS.md.
 */
class DashboardBenchmark {

    private static final int SERVICES = 50;
    private static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod", "prod-eu");
    private static final int SETS = Integer.getInteger("bench.sets", 10_000);
    private static final int WARM_UP = 3;
    private static final int RUNS = 11;
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private final Emulator emulator = new Emulator();
    private final Random random = new Random(42);

    @Test
    void pagesOfABigProject() {
        String table = emulator.newTable();
        Project project = project();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project);
        long seeding = System.nanoTime();
        Map<String, ReleaseSet> newest = seed(table, project);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;
        System.out.printf(Locale.ROOT, "seeded %d release sets in %.0f s%n", SETS, seedSeconds);
        Dashboard dashboard = DashboardWiring.of(emulator.dynamo(), table, List.of("bench")).dashboard();
        ProjectState state = new DynamoDbDeploymentHistory(emulator.dynamo(), table).projectState("bench").orElseThrow();
        assertThat(state.rows()).hasSize(SERVICES * ENVIRONMENTS.size());

        List<Row> rows = new ArrayList<>();
        rows.add(measure("home page (the matrix, 200 cells)", () -> dashboard.get("/p/bench", null)));
        rows.add(measure("status JSON (/api/p/bench/status)", () -> dashboard.get("/api/p/bench/status", null)));
        rows.add(measure("history, newest 50 of all environments", () -> dashboard.get("/p/bench/history", null)));
        rows.add(measure("history, one environment", () -> dashboard.get("/p/bench/history", "env=prod")));
        rows.add(measure("history, one service (1 set in 25 matches)", () -> dashboard.get("/p/bench/history", "service=svc-07")));
        // A token as the "older" link gives it, half-way back in prod's history.
        String deep = Ulid.lowest(newest.get("prod").requestedAt().minus(Duration.ofMinutes(SETS / 2)));
        rows.add(measure("history, one environment, half-way back", () -> dashboard.get("/p/bench/history", "env=prod&page=" + deep)));
        rows.add(measure("release set page (3 services)", () -> dashboard.get("/sets/" + newest.get("staging").id(), null)));

        StringBuilder md = new StringBuilder();
        md.append("### Dashboard: pages of a project of ").append(SERVICES).append(" services × ").append(ENVIRONMENTS.size())
                .append(" environments with ").append(String.format(Locale.ROOT, "%,d", SETS)).append(" release sets\n\n")
                .append("Each page is asked ").append(RUNS).append(" times after ").append(WARM_UP)
                .append(" warm-up requests, in one JVM, through the dashboard's code (Dashboard.get: the reads and the")
                .append(" rendering; the loopback HTTP server adds well under a millisecond). Seeding took ")
                .append(String.format(Locale.ROOT, "%.0f", seedSeconds)).append(" s.\n\n")
                .append("| page | server-side ms (median) | p90 | with the emulator's answers ms (median) | requests | read |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %d | %s |%n", row.name, row.ownMedian,
                    row.ownP90, row.totalMedian, row.requests, row.calls));
        }
        md.append("\n**Server-side** is the dashboard's own time for a page: its wall time less the time spent")
                .append(" waiting for AWS answers (measured around each call by an SDK interceptor; calls made at the")
                .append(" same time are waited for once): turning items into")
                .append(" records, deciding, and writing the HTML or JSON. **With the emulator's answers** adds moto's")
                .append(" time, which here is not DynamoDB's: moto answers every Query by walking all the items of the")
                .append(" table (moto/dynamodb/models/table.py, Table.query iterates all_items()), so with 10,000 sets")
                .append(" in the table one Query takes seconds on moto where DynamoDB takes single-digit milliseconds.")
                .append(" With DynamoDB's usual latency a page is its server-side time plus one round trip (the history's")
                .append(" environments are asked at the same time).\n");
        md.append("\nThe home page is one Query of the project's partition (catalogue, current-state rows, locks, sets in")
                .append(" flight, last verifications), plus one Query per environment for its sets that wait (the newest")
                .append(" 20 sets, filtered on status; asked at the same time) and one per release set in flight (none")
                .append(" here). A history")
                .append(" page is that Query (the project, to check the filters) and one Query per environment (four")
                .append(" here, one with an environment filter), asked at the same time, each for one")
                .append(" more set than the page: the page token is the last set's id, so a page deep in the past costs")
                .append(" the same as the first. A service filter is a FilterExpression: DynamoDB reads until it has")
                .append(" enough matches (pages double up to 1,000 items).\n");
        System.out.println(md);
        BenchmarkReport.writeSection("dashboard", md.toString());
        // The benchmarks after this one share the emulator, which keeps every table in memory.
        emulator.dynamo().deleteTable(b -> b.tableName(table));
        rows.stream().filter(r -> r.name.startsWith("home page ("))
                .forEach(r -> assertThat(r.requests).isEqualTo(1 + ENVIRONMENTS.size()));
    }

    private record Row(String name, double ownMedian, double ownP90, double totalMedian, int requests, String calls) {}

    private Row measure(String name, Supplier<Response> page) {
        System.out.println("measuring: " + name);
        for (int i = 0; i < WARM_UP; i++) {
            assertThat(page.get().status()).as(name).isEqualTo(200);
        }
        List<Double> own = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        int requests = 0;
        String calls = "";
        for (int i = 0; i < RUNS; i++) {
            emulator.resetCalls();
            long start = System.nanoTime();
            Response response = page.get();
            long wall = System.nanoTime() - start;
            assertThat(response.status()).as(name).isEqualTo(200);
            total.add(wall / 1e6);
            own.add(Math.max(0, wall - emulator.nanosWaitingForAws()) / 1e6);
            List<String> made = emulator.calls();
            requests = made.size();
            calls = summary(made);
        }
        return new Row(name, median(own), percentile(own, 0.9), median(total), requests, calls);
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }

    private static String summary(List<String> calls) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        calls.forEach(c -> counts.merge(c.replace("DynamoDb:", ""), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k));
        return String.join(", ", parts);
    }

    private static Project project() {
        List<ServiceSet> sets = new ArrayList<>();
        for (int s = 0; s < SERVICES / 10; s++) {
            List<Service> services = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String id = String.format(Locale.ROOT, "svc-%02d", s * 10 + i);
                services.add(new Service(id, id, List.of(new Container("app", "bench/" + id))));
            }
            sets.add(new ServiceSet("set-" + s, "set " + s, services));
        }
        List<Environment> environments = ENVIRONMENTS.stream()
                .map(e -> new Environment(e, e, "bench-" + e, "{service}-{env}", e.equals("dev"))).toList();
        return new Project("bench", "Bench", ReleaseHashRule.DEFAULT, environments, sets);
    }

    /** A row per cell and a verification per environment; then 10,000 ended release sets, one a minute, round the environments. */
    private Map<String, ReleaseSet> seed(String table, Project project) {
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        List<Service> services = project.services().toList();
        Instant first = NOW.minus(Duration.ofMinutes(SETS));
        List<ReleaseSet> all = new ArrayList<>();
        for (int i = 0; i < SETS; i++) {
            Instant at = first.plus(Duration.ofMinutes(i));
            String env = ENVIRONMENTS.get(i % ENVIRONMENTS.size());
            int count = 1 + random.nextInt(3);
            List<Release> releases = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                Service service = services.get((i + k * 17) % services.size());
                releases.add(release(service, String.format(Locale.ROOT, "%040x", (long) i * 31 + k), at));
            }
            boolean failed = random.nextInt(10) == 0;
            all.add(new ReleaseSet(Ulid.random(at), "bench", env, null, releases, ReleaseSetKind.DEPLOY,
                    "person-" + random.nextInt(12) + "@example.com", "change " + i + ": tune the thing <b>safely</b>", at,
                    failed ? ReleaseSetStatus.FAILED : ReleaseSetStatus.SUCCEEDED,
                    failed ? releases.get(0).serviceId() + " FAILED: ECS deployment circuit breaker: tasks failed to start." : null));
        }
        DynamoDbDeploymentRecords records = new DynamoDbDeploymentRecords(emulator.dynamo(), table);
        Map<String, ReleaseSet> newest = new LinkedHashMap<>();
        for (ReleaseSet set : all) {
            newest.put(set.environmentId(), set);
        }
        for (String env : ENVIRONMENTS) {
            ReleaseSet set = newest.get(env);
            for (Service service : services) {
                Release release = release(service, String.format(Locale.ROOT, "%040x", service.id().hashCode() & 0xffffffffL),
                        set.requestedAt());
                CurrentState row = new CurrentState("bench", env, service.id(), new CurrentState.Running(release.releaseHash(),
                        release.images(), set.id(), DeploymentStatus.COMPLETED, set.requestedAt(), set.requestedBy(),
                        set.description(), "ecs-svc/1"), new CurrentState.LastDeployment(set.id(), release.releaseHash(),
                        DeploymentStatus.COMPLETED, null, set.requestedAt(), set.requestedBy(), set.description(),
                        set.requestedAt()), null, 0);
                assertThat(records.writeCurrentState(null, row)).isTrue();
            }
            new DynamoDbVerifications(emulator.dynamo(), table).save(new EnvironmentVerification("bench", env, NOW, "bench",
                    services.stream().map(s -> new EnvironmentVerification.ServiceVerdict(s.id(), "OK", null)).toList()));
        }
        // The sets last: the emulator copies the whole table for each transaction (the rows above),
        // which would be slow with 10,000 sets in it.
        List<Callable<Boolean>> writes = new ArrayList<>();
        all.forEach(set -> writes.add(() -> releaseSets.request(set)));
        Parallel.all(writes, 4, IllegalStateException::new);
        return newest;
    }

    private static Release release(Service service, String hash, Instant at) {
        String repository = service.containers().get(0).repository();
        String digest = RecordSeeder.digest(repository + hash);
        return new Release("bench", null, service.id(), hash, List.of(new ReleaseImage("app", repository, digest,
                RecordSeeder.REGISTRY + repository + "@" + digest, hash)), repository, digest, at, "change " + hash);
    }
}
