package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.metrics.DeliveryMetrics;
import dev.harbourmaster.metrics.DeliveryReport;
import dev.harbourmaster.metrics.DeliveryReport.Measures;
import dev.harbourmaster.metrics.Window;
import dev.harbourmaster.metrics.Window.BucketSize;
import dev.harbourmaster.ports.DeliveryRecords.History;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoDbDeliveryRecordsIT {

    private static final Instant T0 = Instant.parse("2026-10-01T00:00:00Z");
    private static final Window WINDOW = new Window(T0, T0.plus(Duration.ofDays(30)), BucketSize.DAY);
    private static final List<String> SERVICES = List.of("id_minter", "ingestor", "search");

    private final Emulator emulator = new Emulator();
    private final Project project = Fixtures.exampleProject();
    private String table;
    private RecordSeeder seeder;
    private DynamoDbDeliveryRecords records;

    private final List<ReleaseSet> sets = new ArrayList<>();
    private final List<Deployment> deployments = new ArrayList<>();
    private final List<Map<String, AttributeValue>> items = new ArrayList<>();

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        seeder = new RecordSeeder(emulator, table, project);
        records = new DynamoDbDeliveryRecords(emulator.dynamo(), table, p -> p.normalized("123456789012", "eu-west-1"));
    }

    /** A set of the three services requested at {@code at}, written as the deployer and recorder write them. */
    private void set(String env, Instant at, Instant started, ReleaseSetKind kind, Duration sincePush,
                     Map<String, DeploymentStatus> statuses, long minutes) {
        List<Release> releases = SERVICES.stream()
                .map(s -> seeder.release(s, Long.toHexString(at.toEpochMilli()) + s.length(), at.minus(sincePush)))
                .toList();
        ReleaseSet set = new ReleaseSet(Ulid.random(at), project.id(), env, null, releases, kind, "ada@example.com",
                "change at " + at, at, ReleaseSetStatus.SUCCEEDED, null);
        sets.add(set);
        items.add(ReleaseSetItems.releaseSetItem(set));
        Environment environment = project.environment(env).orElseThrow();
        for (Release release : releases) {
            DeploymentStatus status = statuses.getOrDefault(release.serviceId(), DeploymentStatus.COMPLETED);
            String ecsService = environment.ecsServiceNameOf(project.id(), release.serviceSetId(), release.serviceId());
            Deployment deployment = Deployment.builder().releaseSetId(set.id()).projectId(project.id()).environmentId(env)
                    .serviceId(release.serviceId()).cluster(environment.cluster()).ecsServiceName(ecsService)
                    .releaseHash(release.releaseHash()).images(release.images())
                    .ecsDeploymentId("ecs-svc/" + set.id() + release.serviceId())
                    .previousTaskDefinition("td:1").taskDefinition("td:2")
                    .status(status).reason(status == DeploymentStatus.COMPLETED ? null : "because").startedAt(started)
                    .endedAt(status == DeploymentStatus.IN_PROGRESS ? null : started.plus(Duration.ofMinutes(minutes)))
                    .revision(2).build();
            deployments.add(deployment);
            items.add(ReleaseSetItems.deploymentItem(deployment));
        }
    }

    private void write() {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = items.subList(i, Math.min(items.size(), i + 25)).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            assertThat(emulator.dynamo().batchWriteItem(b -> b.requestItems(Map.of(table, batch))).unprocessedItems())
                    .isEmpty();
        }
    }

    /**
     * 2 environments × 3 services × 60 sets over 30 days: promotions in prod, a rollback set every
     * twelfth, circuit-breaker rollbacks, failures, timeouts, digest mismatches, unverified and
     * unchanged services, the last set of each environment still in flight.
     */
    private void history() {
        for (String env : List.of("staging", "prod")) {
            boolean prod = env.equals("prod");
            for (int i = 0; i < 60; i++) {
                Instant at = T0.plus(Duration.ofHours(12L * i + (prod ? 7 : 1)));
                ReleaseSetKind kind = i % 12 == 7 ? ReleaseSetKind.ROLLBACK : prod ? ReleaseSetKind.PROMOTE : ReleaseSetKind.DEPLOY;
                Map<String, DeploymentStatus> statuses = new java.util.HashMap<>();
                if (i == 59) {
                    SERVICES.forEach(s -> statuses.put(s, DeploymentStatus.IN_PROGRESS));
                } else {
                    if (i % 9 == 0) statuses.put("id_minter", DeploymentStatus.UNCHANGED);
                    if (i % 20 == 11) statuses.put("id_minter", DeploymentStatus.TIMED_OUT);
                    if (i % 10 == 3) statuses.put("ingestor", DeploymentStatus.ROLLED_BACK);
                    if (i % 8 == 2) statuses.put("search", DeploymentStatus.COMPLETED_UNVERIFIED);
                    if (i % 15 == 4) statuses.put("search", DeploymentStatus.FAILED);
                    if (i % 25 == 13) statuses.put("search", DeploymentStatus.DIGEST_MISMATCH);
                }
                set(env, at, at.plusSeconds(2), kind, Duration.ofMinutes(prod ? 1200 + i : 30 + i), statuses, 5 + i % 7);
            }
        }
    }

    @Test
    void aMonthOfTwoEnvironmentsIsOneQueryPerServiceAndOneBatchGetPerHundredSets() {
        history();
        // Outside the window: a set and its deployments the day before, and one on the window's end.
        set("staging", T0.minus(Duration.ofDays(1)), T0.minus(Duration.ofDays(1)), ReleaseSetKind.DEPLOY,
                Duration.ofHours(1), Map.of(), 5);
        set("prod", WINDOW.to(), WINDOW.to(), ReleaseSetKind.PROMOTE, Duration.ofHours(1), Map.of(), 5);
        // Requested before the window, started in it (it waited its turn): read, with its set.
        set("staging", T0.minusSeconds(600), T0.plusSeconds(1), ReleaseSetKind.DEPLOY, Duration.ofHours(1), Map.of(), 5);
        // A deployment item someone broke by hand: read with no status, and ignored.
        Map<String, AttributeValue> broken = new java.util.HashMap<>(ReleaseSetItems.deploymentItem(deployments.get(0)));
        broken.put(Keys.SK, AttributeValue.fromS("DEPLOYMENT#broken"));
        broken.put("status", AttributeValue.fromS("EXPLODED"));
        items.add(broken);
        write();
        emulator.resetCalls();

        History history = records.read(project, WINDOW.from(), WINDOW.to());

        // 2 environments × 4 services of the manifest (one never deployed), and 121 sets in 2 batches.
        assertThat(emulator.calls()).hasSize(10);
        assertThat(emulator.calls().stream().filter("DynamoDb:Query"::equals)).hasSize(8);
        assertThat(emulator.calls().stream().filter("DynamoDb:BatchGetItem"::equals)).hasSize(2);
        assertThat(history.deployments()).hasSize(2 * 60 * 3 + 3 + 1);
        assertThat(history.releaseSets()).hasSize(121);
        assertThat(history.deployments()).filteredOn(d -> d.status() == null).hasSize(1);

        DeliveryReport fromTable = DeliveryMetrics.compute(WINDOW, project, history);
        List<Deployment> written = new ArrayList<>(deployments);
        Deployment first = deployments.get(0);
        written.add(Deployment.builder().releaseSetId(first.releaseSetId()).projectId(first.projectId())
                .environmentId(first.environmentId()).serviceId(first.serviceId()).cluster(first.cluster())
                .ecsServiceName(first.ecsServiceName()).releaseHash(first.releaseHash())
                .startedAt(first.startedAt()).endedAt(first.endedAt()).build());
        DeliveryReport fromMemory = DeliveryMetrics.compute(WINDOW, project, new History(sets, written));
        assertThat(fromTable).as("the table gives what was written").isEqualTo(fromMemory);

        assertThat(fromTable.ignoredDeployments()).isEqualTo(1);
        assertThat(fromTable.withoutReleaseSet()).isZero();
        Measures staging = fromTable.environment("staging").orElseThrow();
        assertThat(staging.deploymentFrequency().series()).hasSize(30);
        assertThat(staging.deploymentFrequency().n()).isPositive();
        assertThat(staging.changeFailureRate().failed()).isPositive();
        assertThat(staging.changeFailureRate().n()).isGreaterThan(staging.changeFailureRate().failed());
        assertThat(staging.leadTime().n()).isPositive();
        assertThat(staging.timeToRestore().n()).isPositive();
        assertThat(fromTable.service("staging", "requests").orElseThrow().deploymentFrequency().n()).isZero();
        Measures prod = fromTable.environment("prod").orElseThrow();
        assertThat(prod.leadTime().median()).as("promotions: pushed about 20 hours before").isGreaterThan(Duration.ofHours(20));
    }

    /**
     * A plan's known-bad releases: staging's rows keep what went wrong (they saw every deployment end),
     * prod's were written before rows kept it, so prod's services' deployments are read, and those of
     * a staging service whose row let some of a busy month go; the answer is the one every deployment
     * of the month gives.
     */
    @Test
    void knownBadReleasesAreTheRowsWhereTheyKeepThemAndTheDeploymentsWhereTheyDoNot() {
        history();
        write();
        Map<String, ReleaseSet> setsById = new java.util.HashMap<>();
        sets.forEach(set -> setsById.put(set.id(), set));
        List<dev.harbourmaster.domain.CurrentState> rows = new ArrayList<>();
        for (String service : SERVICES) {
            dev.harbourmaster.domain.CurrentState row = null;
            for (Deployment d : deployments.stream().filter(d -> d.environmentId().equals("staging")
                    && d.serviceId().equals(service) && d.status().isFinal())
                    .sorted(java.util.Comparator.comparing(Deployment::startedAt)).toList()) {
                dev.harbourmaster.domain.CurrentState after = dev.harbourmaster.domain.CurrentStates.after(row, d,
                        setsById.get(d.releaseSetId()));
                row = after == null ? row : after;
            }
            rows.add(row);
            rows.add(new dev.harbourmaster.domain.CurrentState(project.id(), "prod", service, null, null, null, 7, null));
        }
        dev.harbourmaster.ports.DeploymentHistory.ProjectState state = new dev.harbourmaster.ports.DeploymentHistory.ProjectState(
                project, rows);
        emulator.resetCalls();

        dev.harbourmaster.domain.KnownBadReleases known = records.knownBad(state, WINDOW.to());

        long overflowing = rows.stream().filter(r -> r.bad() != null && r.bad().since().isAfter(WINDOW.from())).count();
        assertThat(overflowing).as("a staging row that let outcomes of the month go").isBetween(1L, 2L);
        assertThat(emulator.calls().stream().filter("DynamoDb:Query"::equals))
                .as("prod's three services, and the staging ones whose rows let some go").hasSize(3 + (int) overflowing);
        History all = records.read(project, WINDOW.from(), WINDOW.to());
        dev.harbourmaster.domain.KnownBadReleases everything = dev.harbourmaster.domain.KnownBadReleases.of(all.deployments(),
                all.releaseSets());
        java.util.Set<String> hashes = new java.util.TreeSet<>();
        deployments.forEach(d -> hashes.add(d.serviceId() + " " + d.releaseHash()));
        assertThat(hashes).hasSizeGreaterThan(100);
        int bad = 0;
        for (String serviceAndHash : hashes) {
            String[] parts = serviceAndHash.split(" ");
            assertThat(known.of(parts[0], parts[1])).as(serviceAndHash)
                    .containsExactlyInAnyOrderElementsOf(everything.of(parts[0], parts[1]));
            bad += everything.of(parts[0], parts[1]).isEmpty() ? 0 : 1;
        }
        assertThat(bad).as("failures and rollbacks in both environments").isGreaterThan(20);
    }

    @Test
    void readsWhatTheDeployerAndRecorderWrite() {
        Instant at = T0.plus(Duration.ofHours(1));
        Release minter = seeder.release("id_minter", "1111111", T0);
        Release ingestor = seeder.release("ingestor", "1111111", T0);
        ReleaseSet first = seeder.request("staging", at, "ada@example.com", "first", "pipeline", List.of(minter, ingestor));
        seeder.deploy(first, Map.of("id_minter", RecordSeeder.completed(minter, at),
                "ingestor", RecordSeeder.rolledBack(ingestor, at)));
        Instant later = at.plus(Duration.ofHours(1));
        Release old = seeder.release("id_minter", "0000000", T0.minus(Duration.ofDays(3)));
        ReleaseSet rollback = seeder.request("staging", later, ReleaseSetKind.ROLLBACK, "ada@example.com", "back", null,
                List.of(old));
        seeder.deploy(rollback, Map.of("id_minter", RecordSeeder.completed(old, later)));
        emulator.resetCalls();

        DeliveryReport report = DeliveryMetrics.of(project, records, WINDOW);

        assertThat(emulator.calls()).containsExactlyInAnyOrder("DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query",
                "DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query",
                "DynamoDb:BatchGetItem");
        Measures staging = report.environment("staging").orElseThrow();
        assertThat(staging.deploymentFrequency().n()).isEqualTo(2);
        assertThat(staging.changeFailureRate().failed()).as("the rolled-back ingestor and the undone id_minter").isEqualTo(2);
        assertThat(staging.changeFailureRate().n()).isEqualTo(2);
        assertThat(staging.leadTime().n()).as("id_minter's first release; not the rollback's").isEqualTo(1);
        assertThat(staging.leadTime().median()).isEqualTo(Duration.ofHours(1).plusSeconds(252));
        assertThat(report.service("staging", "id_minter").orElseThrow().timeToRestore().n()).isEqualTo(1);
        assertThat(report.service("staging", "ingestor").orElseThrow().timeToRestore().stillFailing()).hasSize(1);
        assertThat(report.environment("prod").orElseThrow().deploymentFrequency().n()).isZero();
    }
}
