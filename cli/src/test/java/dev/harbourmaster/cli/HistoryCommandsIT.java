package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * hm status, history and show on the emulator, over records written the way the deployer and the
 * deployment-recorder write them: release sets in two environments, deployments with ECS
 * evidence, current-state rows, a lock, a set in flight and a change made outside Harbourmaster.
 * Every hm call's AWS requests are counted.
 */
class HistoryCommandsIT {

    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";
    private static final String NEXT = "c3d4e5f60718293a4b5c6d7e8f90123456789012";
    private static final String LONG_WHY = "Mint identifiers in batches of 500 so the ingest pipeline stops waiting on the minter";
    private static final Pattern ID_COLUMN = Pattern.compile("^([0-9A-HJKMNP-TV-Z]{26})\\s", Pattern.MULTILINE);
    private static final Pattern NEXT_PAGE = Pattern.compile("^Next page: hm (.*)$", Pattern.MULTILINE);

    private final Emulator emulator = new Emulator();
    /** The session's client is the emulator's, which counts every request. */
    private final HmRunner hm = new HmRunner(new Session() {
        @Override
        public synchronized DynamoDbClient dynamo() {
            return emulator.dynamo();
        }
    });
    private final Project project = Fixtures.exampleProject();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private final List<ReleaseSet> sets = new ArrayList<>();
    private String table;
    private RecordSeeder seeder;
    private ReleaseSet first;
    private ReleaseSet partial;
    private ReleaseSet inFlight;

    private HmRunner.Run hm(String... args) {
        HmRunner.Run run = hmMayFail(args);
        assertThat(run.exitCode()).as("hm %s: %s", String.join(" ", args), run.err()).isZero();
        return run;
    }

    private HmRunner.Run hmMayFail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--table", table));
        emulator.resetCalls();
        return hm.run(all.toArray(String[]::new));
    }

    private List<Release> releases(String hash, Instant at, String... services) {
        return Arrays.stream(services).map(s -> seeder.release(s, hash, at)).toList();
    }

    private Instant ago(Duration duration) {
        return now.minus(duration);
    }

    @BeforeEach
    void seed() {
        table = emulator.newTable();
        hm("project", "apply", "-f", Emulator.repositoryRoot().resolve("examples/harbourmaster.yml").toString());
        seeder = new RecordSeeder(emulator, table, project);

        // Old history the filters must skip: 40 staging sets every 3 h from 6 days ago (1 in 6 releases
        // search; 1 in 4 was rejected), 10 prod sets every 10 h (1 in 5 releases search).
        for (int i = 0; i < 40; i++) {
            Instant at = ago(Duration.ofDays(6)).plus(Duration.ofHours(3L * i));
            List<Release> releases = new ArrayList<>(releases("%07x".formatted(i), at, "id_minter"));
            if (i % 6 == 0) {
                releases.addAll(releases("%07x".formatted(i), at, "search"));
            }
            ReleaseSet set = seeder.request("staging", at, "ecr-push", "push " + i, null, releases);
            if (i % 4 == 1) {
                seeder.reject(set, "staging is locked by carol: release freeze");
            }
            sets.add(set);
        }
        for (int i = 0; i < 10; i++) {
            Instant at = ago(Duration.ofDays(6)).plus(Duration.ofHours(10L * i + 1));
            List<Release> releases = new ArrayList<>(releases("%07x".formatted(100 + i), at, "requests"));
            if (i % 5 == 0) {
                releases.addAll(releases("%07x".formatted(100 + i), at, "search"));
            }
            sets.add(seeder.request("prod", at, "bob@example.com", "prod " + i, "api", releases));
        }

        Instant t1 = ago(Duration.ofDays(1));
        ReleaseSet prod = seeder.request("prod", t1, "bob@example.com", "pipeline to prod", "pipeline",
                releases(OLD, t1, "id_minter", "ingestor"));
        seeder.deploy(prod, Map.of("id_minter", RecordSeeder.completed(prod.releases().get(0), t1),
                "ingestor", RecordSeeder.completed(prod.releases().get(1), t1)));
        seeder.outOfBand("prod", "ingestor", "ecs-svc/4242424242", ago(Duration.ofMinutes(10)));
        seeder.lock("prod", "carol", "release freeze", ago(Duration.ofMinutes(10)), now.plus(Duration.ofHours(2)));
        sets.add(prod);

        Instant t2 = ago(Duration.ofHours(5));
        first = seeder.request("staging", t2, "alice@example.com", "first release of everything", null,
                releases(OLD, t2, "id_minter", "ingestor", "requests", "search"));
        seeder.deploy(first, Map.of(
                "id_minter", RecordSeeder.completed(first.releases().get(0), t2),
                "ingestor", RecordSeeder.completed(first.releases().get(1), t2),
                "requests", RecordSeeder.completed(first.releases().get(2), t2),
                "search", RecordSeeder.completed(first.releases().get(3), t2)));
        sets.add(first);

        Instant t3 = ago(Duration.ofHours(2));
        partial = seeder.request("staging", t3, "dave@example.com", LONG_WHY, null, releases(NEW, t3, "id_minter", "search"));
        seeder.deploy(partial, Map.of("id_minter", RecordSeeder.completed(partial.releases().get(0), t3),
                "search", RecordSeeder.rolledBack(partial.releases().get(1), t3)));
        sets.add(partial);

        Instant t4 = ago(Duration.ofMinutes(30));
        inFlight = seeder.request("staging", t4, "erin@example.com", "ingestor fix", "pipeline", releases(NEXT, t4, "ingestor"));
        seeder.deploy(inFlight, Map.of());
        sets.add(inFlight);
    }

    private List<String> newestFirst(Predicate<ReleaseSet> filter) {
        return sets.stream().filter(filter).map(ReleaseSet::id).sorted(Comparator.reverseOrder()).toList();
    }

    private static Predicate<ReleaseSet> releases(String service) {
        return s -> s.serviceIds().contains(service);
    }

    private static List<String> idsOf(String tableOutput) {
        List<String> ids = new ArrayList<>();
        Matcher m = ID_COLUMN.matcher(tableOutput);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String row(String out, String environment, String service) {
        return out.lines().filter(l -> l.matches(environment + "\\s+" + service + "\\s.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + environment + "/" + service + " in\n" + out));
    }

    @Test
    void statusShowsEachEnvironmentAndServiceTheLockAndTheSetInFlightFromOneQueryPlusOnePerEnvironmentAndSetInFlight() {
        HmRunner.Run run = hm("status", "--project", "catalogue");
        String out = run.out();

        // The project's partition (catalogue, every current-state row, the sets in flight, the verifications),
        // the environments' locks, then each environment's newest sets for those that wait, then staging's set
        // in flight (its deployments: where each stands in its rollout).
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:Query",
                "DynamoDb:Query", "DynamoDb:Query");
        assertThat(out).contains("staging: release set " + inFlight.id() + " in flight, holds the environment until ");
        assertThat(out).containsPattern("prod: LOCKED by carol \\(ARN not recorded\\) since \\S+ \\(10m ago\\) until \\S+ \\(in (1|2)h\\): release freeze");
        // Ages count from the end of the deployment that put the release there (4m12s after the request).
        assertThat(row(out, "staging", "id_minter")).as("1h56m ago, to the nearest hour")
                .contains("b2c3d4e", "sha256:", " 2h ", "COMPLETED", "dave@example.com",
                "Mint identifiers in batches of 500 so the ing...");
        assertThat(row(out, "staging", "search")).contains("a1b2c3d", " 5h ", "ROLLED_BACK b2c3d4e (runs a1b2c3d)",
                "dave@example.com");
        assertThat(row(out, "staging", "ingestor")).contains("a1b2c3d", "COMPLETED", "alice@example.com",
                "first release of everything");
        assertThat(row(out, "prod", "ingestor")).contains("a1b2c3d", " 1d ", "COMPLETED", "ecs-svc/4242424242 10m ago");
        assertThat(row(out, "prod", "id_minter")).contains("a1b2c3d").doesNotContain("ecs-svc/");
        assertThat(row(out, "prod", "requests")).contains("never deployed");
        assertThat(row(out, "prod", "search")).contains("never deployed");
        assertThat(out.indexOf("LOCKED")).as("the gates come above the matrix").isLessThan(out.indexOf("ENVIRONMENT"));

        hm("status", "--project", "catalogue", "--env", "prod");
        assertThat(emulator.calls()).as("one environment: one Query for its sets").containsExactly("DynamoDb:Query",
                "DynamoDb:BatchGetItem", "DynamoDb:Query");
    }

    @Test
    void statusShowsTheSetsThatWaitAQueuedOneAndThoseNoDeployerClaimed() {
        ReleaseSet queued = seeder.request("staging", ago(Duration.ofMinutes(20)), "ecr-push", "push 77", null,
                releases(NEXT, ago(Duration.ofMinutes(20)), "id_minter"));
        assertThat(seeder.releaseSets().queue(queued, "queued behind release set " + inFlight.id()
                + ": it starts when that one ends")).isTrue();
        ReleaseSet unclaimed = seeder.request("prod", ago(Duration.ofMinutes(5)), "frank@example.com", "nobody listens", null,
                releases(NEXT, ago(Duration.ofMinutes(5)), "requests"));
        ReleaseSet fresh = seeder.request("prod", ago(Duration.ofSeconds(10)), "gina@example.com", "just asked", null,
                releases(NEXT, ago(Duration.ofSeconds(10)), "search"));

        String out = hm("status", "--project", "catalogue").out();

        assertThat(out).contains(
                "staging: release set " + queued.id() + " QUEUED 20m ago by ecr-push: waits for release set " + inFlight.id()
                        + " in flight",
                "prod: release set " + unclaimed.id() + " REQUESTED 5m ago by frank@example.com (ARN not recorded): no deployer has claimed it");
        assertThat(out).as("a set requested seconds ago is not waiting yet").doesNotContain(fresh.id());
        // The seed's old sets were never claimed: those among each environment's newest 20 sets wait too,
        // the newest 5 listed.
        assertThat(out).contains("staging: release set " + sets.get(39).id() + " REQUESTED 1d ago by ecr-push: no"
                        + " deployer has claimed it",
                "staging: 8 older release sets wait too: hm history --project catalogue --env staging",
                "prod: 6 older release sets wait too: hm history --project catalogue --env prod")
                .doesNotContain(sets.get(24).id());
        assertThat(out.indexOf(unclaimed.id())).as("above the matrix").isLessThan(out.indexOf("ENVIRONMENT"));

        JsonNode json = hm("status", "--project", "catalogue", "--output", "json").json();
        JsonNode staging = json.at("/environments/0/waiting");
        assertThat(staging).as("the queued set and 12 of the 16 old sets (4 were rejected)").hasSize(13);
        assertThat(staging.get(0).get("releaseSet").asText()).isEqualTo(sets.get(24).id());
        assertThat(staging.toString()).as("an environment's newest 20 sets are read").doesNotContain(sets.get(23).id());
        JsonNode last = staging.get(staging.size() - 1);
        assertThat(last.get("releaseSet").asText()).isEqualTo(queued.id());
        assertThat(last.get("status").asText()).isEqualTo("QUEUED");
        assertThat(last.get("waitsFor").asText()).isEqualTo(inFlight.id());
        assertThat(last.get("waitsForInFlight").asBoolean()).isTrue();
        assertThat(last.get("requestedBy").asText()).isEqualTo("ecr-push");
        JsonNode prod = json.at("/environments/1/waiting");
        assertThat(prod).as("the unclaimed set and the 10 old ones, not the fresh one").hasSize(11);
        JsonNode newest = prod.get(prod.size() - 1);
        assertThat(newest.get("releaseSet").asText()).isEqualTo(unclaimed.id());
        assertThat(newest.get("status").asText()).isEqualTo("REQUESTED");
        assertThat(newest.get("requestedAt").asText()).isEqualTo(Times.format(unclaimed.requestedAt()));
        assertThat(newest.get("hint").asText()).isEqualTo("no deployer has claimed it");
        assertThat(newest.get("waitsFor").isNull()).isTrue();
    }

    @Test
    void statusJsonIsCompleteAndErrorsSayWhatToDo() {
        JsonNode json = hm("status", "--project", "catalogue", "--output", "json").json();

        JsonNode minter = json.get("services").get(0);
        assertThat(minter.get("environment").asText() + "/" + minter.get("service").asText()).isEqualTo("staging/id_minter");
        assertThat(minter.get("running").get("releaseHash").asText()).isEqualTo(NEW);
        assertThat(minter.get("running").get("images").get(0).get("digest").asText())
                .isEqualTo(partial.releases().get(0).images().get(0).digest());
        assertThat(minter.get("last").get("description").asText()).isEqualTo(LONG_WHY);
        JsonNode prod = json.get("environments").get(1);
        assertThat(prod.get("lock").get("owner").asText()).isEqualTo("carol");
        assertThat(prod.get("lock").get("inForce").asBoolean()).isTrue();
        assertThat(json.get("environments").get(0).get("inFlight").get("releaseSet").asText()).isEqualTo(inFlight.id());
        assertThat(json.get("services")).hasSize(8);

        HmRunner.Run unknownProject = hmMayFail("status", "--project", "nope");
        HmRunner.Run unknownEnvironment = hmMayFail("status", "--project", "catalogue", "--env", "qa");
        assertThat(unknownProject.exitCode()).isEqualTo(1);
        assertThat(unknownProject.err()).contains("project 'nope' is not registered: register it with 'hm project apply -f harbourmaster.yml'");
        assertThat(unknownEnvironment.exitCode()).isEqualTo(1);
        assertThat(unknownEnvironment.err()).contains("environment 'qa' is not in project 'catalogue'; its environments are: staging, prod");
    }

    @Test
    void historyPagesAServiceFilterThatSkipsMostSetsWithoutRepeatsOrGaps() {
        List<String> expected = newestFirst(s -> s.environmentId().equals("staging") && releases("search").test(s));
        List<String> shown = new ArrayList<>();
        List<Integer> requests = new ArrayList<>();
        String token = null;
        do {
            List<String> args = new ArrayList<>(List.of("history", "--project", "catalogue", "--env", "staging",
                    "--service", "search", "--limit", "2", "--output", "json"));
            if (token != null) {
                args.addAll(List.of("--page", token));
            }
            JsonNode page = hm(args.toArray(String[]::new)).json();
            requests.add(emulator.calls().size());
            assertThat(emulator.calls()).containsOnly("DynamoDb:Query");
            page.get("releaseSets").forEach(s -> shown.add(s.get("id").asText()));
            token = page.get("nextPage").isNull() ? null : page.get("nextPage").asText();
        } while (token != null && requests.size() < 50);

        assertThat(expected).hasSize(9);
        assertThat(shown).containsExactlyElementsOf(expected);
        assertThat(requests).hasSize(5);
        // Each page: 1 Query for the project (names checked), then the environment's sets in reads
        // that double while the filter skips (3, 6, 12, ... items).
        System.out.println("hm history --env staging --service search --limit 2: requests per page " + requests);
    }

    @Test
    void historyAcrossEnvironmentsFollowsThePrintedNextPageCommand() {
        List<String> expected = newestFirst(releases("search"));
        List<String> shown = new ArrayList<>();
        List<String> args = List.of("history", "--project", "catalogue", "--service", "search", "--limit", "3");
        int pages = 0;
        while (args != null && pages++ < 50) {
            String out = hm(args.toArray(String[]::new)).out();
            shown.addAll(idsOf(out));
            Matcher next = NEXT_PAGE.matcher(out);
            if (next.find()) {
                // The printed command names the table it was given; hm(...) adds it again.
                List<String> words = new ArrayList<>(List.of(next.group(1).split(" ")));
                int table = words.indexOf("--table");
                assertThat(words.get(table + 1)).isEqualTo(this.table);
                words.subList(table, table + 2).clear();
                args = words;
            } else {
                args = null;
            }
        }

        assertThat(expected).hasSize(11);
        assertThat(shown).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void historySinceAndWithoutFilters() {
        HmRunner.Run recent = hm("history", "--project", "catalogue", "--since", "3h");
        assertThat(idsOf(recent.out())).containsExactly(inFlight.id(), partial.id());
        assertThat(recent.out()).doesNotContain("Next page");
        assertThat(recent.out()).containsPattern(partial.id() + "\\s+staging\\s+DEPLOY\\s+PARTIAL\\s+dave@example.com \\(ARN not recorded\\)\\s+2h\\s+2\\s+"
                + "Mint identifiers in batches of 500 so the ing\\.\\.\\.\\s+1 of 2 failed: search ROLLED_BACK");

        String since = now.minus(Duration.ofDays(1)).toString().substring(0, 10);
        List<String> sinceDate = idsOf(hm("history", "--project", "catalogue", "--since", since, "--limit", "1000").out());
        Instant midnight = Instant.parse(since + "T00:00:00Z");
        assertThat(sinceDate).containsExactlyElementsOf(newestFirst(s -> !s.requestedAt().isBefore(midnight)));

        JsonNode all = hm("history", "--project", "catalogue", "--limit", "1000", "--output", "json").json();
        assertThat(all.get("releaseSets")).extracting(s -> s.get("id").asText()).containsExactlyElementsOf(newestFirst(s -> true));
        assertThat(all.get("nextPage").isNull()).isTrue();
        assertThat(emulator.calls()).as("the project, then one Query per environment").hasSize(3);

        HmRunner.Run none = hm("history", "--project", "catalogue", "--env", "prod", "--service", "ingestor", "--since", "2h");
        assertThat(none.out()).contains("No release sets match.");
        HmRunner.Run badService = hmMayFail("history", "--project", "catalogue", "--service", "nope");
        assertThat(badService.exitCode()).isEqualTo(1);
        assertThat(badService.err()).contains("service 'nope' is not in project 'catalogue'; its services are:");
    }

    @Test
    void showPrintsTheSetItsDeploymentsAndTheirEvidenceFromOneQuery() {
        HmRunner.Run run = hm("show", partial.id().toLowerCase(Locale.ROOT));
        String out = run.out();

        assertThat(emulator.calls()).containsExactly("DynamoDb:Query");
        assertThat(out).contains("Release set " + partial.id(), "  environment  staging", "dave@example.com",
                "  why          " + LONG_WHY, "  status       PARTIAL: 1 of 2 failed: search ROLLED_BACK: app exit code 137 OutOfMemoryError"
                        + " (EssentialContainerExited); succeeded: id_minter",
                "  cause        app exit code 137 OutOfMemoryError (EssentialContainerExited), rolled back");
        assertThat(out).containsPattern("id_minter\\s+b2c3d4e\\s+COMPLETED\\s+ecs-svc/\\d+\\s+\\S+\\s+\\S+\\s+4m12s");
        assertThat(out).containsPattern("search\\s+b2c3d4e\\s+ROLLED_BACK\\s+ecs-svc/\\d+\\s+\\S+\\s+\\S+\\s+10m00s");
        assertThat(out).contains(
                "search: ROLLED_BACK (b2c3d4e)",
                "(EssentialContainerExited): Essential container in task exited; app sha256:",
                "exit code 137 OutOfMemoryError: Container killed due to memory usage",
                "WARN SERVICE_TASK_START_IMPAIRED: tasks keep stopping",
                "  rollback     ECS circuit breaker rolled back to ecs-svc/previous",
                "id_minter: COMPLETED (b2c3d4e)",
                "(the release's)");
        assertThat(out).doesNotContainPattern("sha256:[0-9a-f]{13}");

        JsonNode json = hm("show", inFlight.id(), "--output", "json").json();
        JsonNode ingestor = json.get("deployments").get(0);
        assertThat(ingestor.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(ingestor.get("ecsDeploymentId").asText()).startsWith("ecs-svc/");
        assertThat(ingestor.get("images").get(0).get("digest").asText()).hasSize(71);
        assertThat(json.get("releaseSet").get("status").asText()).isEqualTo("IN_PROGRESS");

        HmRunner.Run rejected = hm("show", sets.get(1).id());
        assertThat(rejected.out()).contains("REJECTED: staging is locked by carol", "not deployed (set rejected)");

        HmRunner.Run unknown = hmMayFail("show", "01JDZZZZZZZZZZZZZZZZZZZZZZ");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("release set 01JDZZZZZZZZZZZZZZZZZZZZZZ not found; list them with hm history --project PROJECT");
    }
}
