package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbDeploymentHistoryIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final Emulator emulator = new Emulator();
    private final Project project = Fixtures.exampleProject();
    private String table;
    private RecordSeeder seeder;
    private DynamoDbDeploymentHistory history;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project);
        seeder = new RecordSeeder(emulator, table, project);
        history = new DynamoDbDeploymentHistory(emulator.dynamo(), table);
    }

    private Release release(String service, String hash, Instant at) {
        return seeder.release(service, hash, at);
    }

    /**
     * {@code count} REQUESTED sets, one minute apart from T0, alternating staging and prod; set i
     * releases id_minter, plus search when i is a multiple of {@code searchEvery}.
     */
    private List<ReleaseSet> manySets(int count, int searchEvery) {
        List<ReleaseSet> sets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant at = T0.plus(Duration.ofMinutes(i));
            List<Release> releases = new ArrayList<>(List.of(release("id_minter", "a" + i, at)));
            if (i % searchEvery == 0) {
                releases.add(release("search", "a" + i, at));
            }
            sets.add(seeder.request(i % 2 == 0 ? "staging" : "prod", at, "dev" + i + "@example.com", "set " + i, null, releases));
        }
        return sets;
    }

    private static List<String> newestFirst(List<ReleaseSet> sets, Predicate<ReleaseSet> filter) {
        return sets.stream().filter(filter).map(ReleaseSet::id).sorted(Comparator.reverseOrder()).toList();
    }

    /** Every page of a query, following the tokens; the requests each page took. */
    private record Paged(List<String> ids, List<Integer> pageSizes, List<Integer> requests) {}

    private Paged pageThrough(HistoryQuery first, List<String> environments) {
        List<String> ids = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Integer> requests = new ArrayList<>();
        String token = null;
        do {
            emulator.resetCalls();
            HistoryPage page = history.history(new HistoryQuery(first.projectId(), first.environmentId(), first.serviceId(),
                    first.since(), first.limit(), token), environments);
            requests.add(emulator.calls().size());
            assertThat(emulator.calls()).containsOnly("DynamoDb:Query");
            page.releaseSets().forEach(s -> ids.add(s.id()));
            sizes.add(page.releaseSets().size());
            token = page.nextPageToken();
            assertThat(sizes).as("a page with a next token is never empty").doesNotContain(0);
        } while (token != null && sizes.size() < 100);
        return new Paged(ids, sizes, requests);
    }

    @Test
    void projectStateIsOneQueryOfTheCatalogueAndEveryCurrentStateRowAndOneBatchGetOfTheLocks() {
        ReleaseSet staging = seeder.request("staging", T0, "alice@example.com", "first", "pipeline",
                List.of(release("id_minter", "1111111", T0), release("ingestor", "1111111", T0)));
        seeder.deploy(staging, Map.of(
                "id_minter", RecordSeeder.completed(staging.releases().get(0), T0),
                "ingestor", RecordSeeder.rolledBack(staging.releases().get(1), T0)));
        ReleaseSet prod = seeder.request("prod", T0.plusSeconds(60), "bob@example.com", "to prod", null,
                List.of(release("search", "2222222", T0)));
        seeder.deploy(prod, Map.of("search", RecordSeeder.completed(prod.releases().get(0), T0.plusSeconds(60))));
        emulator.resetCalls();

        ProjectState state = history.projectState("catalogue").orElseThrow();

        // The locks have partitions of their own (rights per environment): one BatchGetItem reads every environment's.
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem");
        assertThat(state.project()).isEqualTo(project);
        assertThat(state.rows()).extracting(r -> r.environmentId() + "/" + r.serviceId())
                .containsExactlyInAnyOrder("staging/id_minter", "staging/ingestor", "prod/search");
        CurrentState minter = state.row("staging", "id_minter").orElseThrow();
        assertThat(minter.running().releaseHash()).isEqualTo("1111111");
        assertThat(minter.running().requestedBy()).isEqualTo("alice@example.com");
        assertThat(minter.last().status()).isEqualTo(DeploymentStatus.COMPLETED);
        CurrentState ingestor = state.row("staging", "ingestor").orElseThrow();
        assertThat(ingestor.running()).isNull();
        assertThat(ingestor.last().status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(state.row("prod", "id_minter")).isEmpty();
    }

    @Test
    void theStateForAChangeToOneEnvironmentReadsItsLockWithTheProjectAndLeavesTheOtherGatesOut() {
        ReleaseSet staging = seeder.request("staging", T0, "alice@example.com", "first", null,
                List.of(release("id_minter", "1111111", T0)));
        seeder.deploy(staging, Map.of("id_minter", RecordSeeder.completed(staging.releases().get(0), T0)));
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        releaseSets.lock(new Lock("catalogue", "staging", "bob", "freeze", T0, null, null));
        releaseSets.lock(new Lock("catalogue", "prod", "carol", "audit", T0, null, null));
        ProjectState whole = history.projectState("catalogue").orElseThrow();
        emulator.resetCalls();

        ProjectState forStaging = history.projectStateFor("catalogue", "staging").orElseThrow();

        // The same two requests as the whole state, the lock's asked with the Query rather than after it.
        assertThat(emulator.calls()).containsExactlyInAnyOrder("DynamoDb:Query", "DynamoDb:BatchGetItem");
        assertThat(forStaging.project()).isEqualTo(whole.project());
        assertThat(forStaging.rows()).isEqualTo(whole.rows());
        assertThat(forStaging.verifications()).isEqualTo(whole.verifications());
        assertThat(forStaging.gate("staging")).isEqualTo(whole.gate("staging"));
        assertThat(forStaging.gate("staging").lock()).hasValueSatisfying(l -> assertThat(l.owner()).isEqualTo("bob"));
        assertThat(whole.gate("prod").lock()).isPresent();
        assertThat(forStaging.gate("prod")).isEqualTo(ReleaseSets.Gate.OPEN);
        assertThat(history.projectStateFor("nope", "staging")).isEmpty();
    }

    @Test
    void anUnregisteredProjectHasNoState() {
        assertThat(history.projectState("nope")).isEmpty();
        assertThat(history.history(new HistoryQuery("nope", null, null, null, 5, null)).releaseSets()).isEmpty();
    }

    @Test
    void pagesAcrossEnvironmentsNeitherRepeatNorSkipAndEndWithoutAToken() {
        List<ReleaseSet> sets = manySets(23, 5);

        Paged paged = pageThrough(new HistoryQuery("catalogue", null, null, null, 4, null), List.of("staging", "prod"));

        assertThat(paged.ids()).containsExactlyElementsOf(newestFirst(sets, s -> true));
        assertThat(paged.pageSizes()).containsExactly(4, 4, 4, 4, 4, 3);
        assertThat(paged.requests()).as("one Query per environment and page").containsOnly(2);
    }

    @Test
    void aServiceFilterThatSkipsMostSetsStillPagesExactly() {
        List<ReleaseSet> sets = manySets(80, 7);
        List<String> expected = newestFirst(sets, s -> s.environmentId().equals("staging") && s.serviceIds().contains("search"));

        Paged paged = pageThrough(new HistoryQuery("catalogue", "staging", "search", null, 2, null), List.of());

        assertThat(expected).hasSize(6);
        assertThat(paged.ids()).containsExactlyElementsOf(expected);
        assertThat(paged.pageSizes()).containsExactly(2, 2, 2);
        // 40 staging sets, 1 in 7 with search: the reads double (3, 6, 12, ...) until 3 match.
        assertThat(paged.requests()).allSatisfy(n -> assertThat(n).isBetween(1, 6));
        System.out.println("service filter, 40 sets, 6 match, limit 2: requests per page " + paged.requests());
    }

    @Test
    void aFilteredExactMultipleEndsWithoutAnEmptyPage() {
        List<ReleaseSet> sets = manySets(12, 1);

        Paged paged = pageThrough(new HistoryQuery("catalogue", "prod", "search", null, 3, null), List.of());

        assertThat(paged.ids()).containsExactlyElementsOf(newestFirst(sets, s -> s.environmentId().equals("prod")));
        assertThat(paged.pageSizes()).containsExactly(3, 3);
    }

    @Test
    void sinceKeepsSetsFromThatMillisecondOnAndCombinesWithTheToken() {
        List<ReleaseSet> sets = manySets(30, 3);
        // Set 9 was made exactly then: it is in; set 6, three minutes earlier, is out.
        Instant since = T0.plus(Duration.ofMinutes(9));
        List<String> expected = newestFirst(sets, s -> !s.requestedAt().isBefore(since) && s.serviceIds().contains("search"));

        Paged paged = pageThrough(new HistoryQuery("catalogue", null, "search", since, 2, null), List.of("staging", "prod"));

        assertThat(paged.ids()).containsExactlyElementsOf(expected);
        assertThat(expected).hasSize(7);
        assertThat(paged.pageSizes()).containsExactly(2, 2, 2, 1);
        assertThat(history.history(new HistoryQuery("catalogue", null, null, T0.plus(Duration.ofDays(1)), 5, null),
                List.of("staging", "prod")).releaseSets()).isEmpty();
        // A token older than since: nothing between them, and no request at all.
        emulator.resetCalls();
        assertThat(history.history(new HistoryQuery("catalogue", null, null, since, 5, Ulid.lowest(T0)),
                List.of("staging", "prod"))).isEqualTo(new HistoryPage(List.of(), null));
        assertThat(emulator.calls()).isEmpty();
    }

    @Test
    void allEnvironmentsAreReadFromTheCatalogueWithOneMoreQuery() {
        List<ReleaseSet> sets = manySets(6, 1);
        emulator.resetCalls();

        HistoryPage page = history.history(new HistoryQuery("catalogue", null, null, null, 10, null));

        assertThat(page.releaseSets()).extracting(ReleaseSet::id).containsExactlyElementsOf(newestFirst(sets, s -> true));
        assertThat(page.nextPageToken()).isNull();
        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query");
    }

    @Test
    void setsWrittenBeforeTheServicesAttributeAreFilteredByTheirReleases() {
        // Staging: set 0 and set 4 release search, set 2 does not; 2 and 4 lose the attribute.
        List<ReleaseSet> sets = manySets(6, 4);
        for (ReleaseSet old : List.of(sets.get(2), sets.get(4))) {
            emulator.dynamo().updateItem(b -> b.tableName(table)
                    .key(Map.of("PK", AttributeValue.fromS("RELEASESET#" + old.id()), "SK", AttributeValue.fromS("RELEASESET")))
                    .updateExpression("REMOVE services"));
        }

        HistoryPage page = history.history(new HistoryQuery("catalogue", "staging", "search", null, 10, null), List.of());

        assertThat(page.releaseSets()).extracting(ReleaseSet::id).containsExactly(sets.get(4).id(), sets.get(0).id());
    }

    @Test
    void aReleaseSetWithItsDeploymentsIsOneQuery() {
        ReleaseSet set = seeder.request("staging", T0, "alice@example.com", "both", "pipeline",
                List.of(release("id_minter", "3333333", T0), release("ingestor", "3333333", T0)));
        seeder.deploy(set, Map.of("id_minter", RecordSeeder.completed(set.releases().get(0), T0),
                "ingestor", RecordSeeder.rolledBack(set.releases().get(1), T0)));
        emulator.resetCalls();

        ReleaseSetDetail detail = history.releaseSet(set.id()).orElseThrow();

        assertThat(emulator.calls()).containsExactly("DynamoDb:Query");
        assertThat(detail.set().status()).isEqualTo(ReleaseSetStatus.PARTIAL);
        assertThat(detail.set().statusReason()).contains("ingestor ROLLED_BACK");
        assertThat(detail.deployments()).extracting(d -> d.serviceId() + " " + d.status())
                .containsExactly("id_minter COMPLETED", "ingestor ROLLED_BACK");
        assertThat(detail.deployment("ingestor").orElseThrow().evidence().rollback().toDeploymentId()).isEqualTo("ecs-svc/previous");
        assertThat(history.releaseSet(Ulid.random(T0))).isEmpty();
    }

    @Test
    void aMalformedSetIsReportedByItsId() {
        ReleaseSet set = manySets(1, 1).get(0);
        emulator.dynamo().updateItem(b -> b.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS("RELEASESET#" + set.id()), "SK", AttributeValue.fromS("RELEASESET")))
                .updateExpression("SET kind = :k").expressionAttributeValues(Map.of(":k", AttributeValue.fromS("YOLO"))));

        assertThatThrownBy(() -> history.history(new HistoryQuery("catalogue", "staging", null, null, 5, null)))
                .isInstanceOf(MalformedReleaseSetException.class).hasMessageContaining(set.id());
        assertThatThrownBy(() -> history.releaseSet(set.id()))
                .isInstanceOf(MalformedReleaseSetException.class).hasMessageContaining(set.id());
    }

    @Test
    void aSetWrittenUnderStagingsKeyThatSaysProdIsNotProdsHistoryNorBreaksIt() {
        ReleaseSet prod = seeder.request("prod", T0, "bob@example.com", "real", null, List.of(release("id_minter", "1111111", T0)));
        ReleaseSet forged = new ReleaseSet(ReleaseSetIds.random("catalogue", "staging", T0.plusSeconds(60)), "catalogue", "prod",
                null, List.of(release("id_minter", "2222222", T0)), ReleaseSetKind.DEPLOY, "mallory", "forged", T0.plusSeconds(60),
                ReleaseSetStatus.SUCCEEDED, null, "arn:aws:iam::123456789012:user/mallory");
        new DynamoDbReleaseSets(emulator.dynamo(), table).request(forged);

        assertThat(history.history(new HistoryQuery("catalogue", "prod", null, null, 5, null)).releaseSets())
                .extracting(ReleaseSet::id).containsExactly(prod.id());
        assertThatThrownBy(() -> history.releaseSet(forged.id())).isInstanceOf(MalformedReleaseSetException.class)
                .hasMessageContaining("names catalogue/staging in its id but catalogue/prod");
    }
}
