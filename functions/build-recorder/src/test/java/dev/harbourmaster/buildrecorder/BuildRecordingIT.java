package dev.harbourmaster.buildrecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.buildrecorder.BuildRecording.Outcome;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.manifest.ProjectRegistration;
import dev.harbourmaster.support.ServedAccounts;
import dev.harbourmaster.testing.DynamoDbFaults;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.WideProjects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * build-recorder's writes on the emulator when a write fails half-way and Lambda delivers the
 * event again, when another event comes first, and when two deliveries race: no release or
 * release set is lost, none is written twice. The faults are injected in the SDK client
 * ({@link DynamoDbFaults}): a transaction that never arrived, or one that took effect and lost its answer.
 */
class BuildRecordingIT {

    private static final String DIGEST = "sha256:" + "b".repeat(64);
    private static final Instant PUSHED = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant TAGGED = PUSHED.plusSeconds(300);
    private static final String BASE = "platform/base";

    private final Emulator emulator = new Emulator();
    private String table;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
    }

    private BuildRecording recording(DynamoDbClient dynamo) {
        return new BuildRecording(new DynamoDbCatalogue(dynamo, table), new DynamoDbBuildLedger(dynamo, table),
                (repository, digest) -> ImageMetadata.NONE);
    }

    private BuildRecording recording() {
        return recording(emulator.dynamo());
    }

    private static ImagePush push(String repository, String tag, Instant at) {
        return new ImagePush("event-" + tag + "-" + at, "123456789012", "eu-west-1", repository, DIGEST, tag, at);
    }

    private void apply(Project project) {
        new ProjectRegistration(new DynamoDbCatalogue(emulator.dynamo(), table), ledger()).apply(project);
    }

    private DynamoDbBuildLedger ledger() {
        return new DynamoDbBuildLedger(emulator.dynamo(), table);
    }

    private Build build(String repository) {
        return ledger().build(repository, DIGEST).orElseThrow();
    }

    private List<Release> releases(String project) {
        return ledger().releases(project, 1000);
    }

    private List<ReleaseSet> sets(String project, String environment) {
        return new DynamoDbReleaseSets(emulator.dynamo(), table).releaseSets(project, environment, 100);
    }

    /** Every item of the table, keyed by PK and SK: what "nothing changed" compares. */
    private Map<String, String> snapshot() {
        return emulator.dynamo().scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
                .collect(Collectors.toMap(i -> i.get("PK").s() + " " + i.get("SK").s(), i -> new TreeMap<>(i).toString()));
    }

    /** catalogue/api in two accounts are two repositories: a push feeds only the services of its own registry. */
    @Test
    void aPushFeedsOnlyTheServicesOfItsOwnRegistry() {
        String elsewhere = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop/api";
        apply(WideProjects.of("here", "shop/api", 1, List.of("staging")));
        apply(WideProjects.of("there", elsewhere, 1, List.of("staging")));
        ServedAccounts served = new ServedAccounts(Fixtures.SERVED.own(),
                List.of(new ServedAccounts.AccountRegion("210987654321", "eu-west-1")));
        ImagePush fromThere = new ImagePush("event-there", "210987654321", "eu-west-1", "shop/api", DIGEST, "ref.abc1234",
                PUSHED).inRegistryOf(served);

        BuildRecording.Result result = recording().record(fromThere);

        assertThat(result.outcome()).isEqualTo(Outcome.RECORDED);
        assertThat(build(elsewhere).imageRepositoryUri()).isEqualTo(elsewhere);
        assertThat(releases("there")).singleElement().satisfies(r -> assertThat(r.images()).singleElement()
                .satisfies(i -> assertThat(i.image()).as("pinned by its full registry URI and digest, as ECS there pulls it")
                        .isEqualTo(elsewhere + "@" + DIGEST)));
        assertThat(releases("here")).as("the same name in the stack's own registry is another repository").isEmpty();
        assertThat(ledger().build("shop/api", DIGEST)).isEmpty();
    }

    // 1. A tag that releases a known build is written with its releases.

    @Test
    void aTagWhoseReleaseFailedReleasesTheBuildWhenDeliveredAgain() {
        apply(WideProjects.of("shop", "shop/api", 1, List.of("staging")));
        assertThat(recording().record(push("shop/api", null, PUSHED)).outcome()).isEqualTo(Outcome.RECORDED);
        BuildRecording failing = recording(DynamoDbFaults.neverArrives("TransactWriteItems", 1).client(emulator));

        assertThatThrownBy(() -> failing.record(push("shop/api", "ref.abc1234", TAGGED))).isInstanceOf(SdkClientException.class);
        BuildRecording.Result again = recording().record(push("shop/api", "ref.abc1234", TAGGED));

        assertThat(again.outcome()).isEqualTo(Outcome.RELEASED);
        assertThat(build("shop/api").state()).isEqualTo(BuildState.RELEASED);
        assertThat(releases("shop")).singleElement().satisfies(r -> {
            assertThat(r.releaseHash()).isEqualTo("abc1234");
            assertThat(r.createdAt()).isEqualTo(TAGGED);
        });
        assertThat(sets("shop", "staging")).singleElement()
                .satisfies(set -> assertThat(set.status()).isEqualTo(ReleaseSetStatus.REQUESTED));
        Map<String, String> released = snapshot();
        assertThat(recording().record(push("shop/api", "ref.abc1234", TAGGED)).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(snapshot()).isEqualTo(released);
    }

    @Test
    void aTagWhoseReleaseTookEffectButLostItsAnswerIsNotReleasedTwice() {
        apply(WideProjects.of("shop", "shop/api", 1, List.of("staging")));
        recording().record(push("shop/api", null, PUSHED));
        BuildRecording answerLost = recording(DynamoDbFaults.answerLost("TransactWriteItems", 1).client(emulator));

        assertThatThrownBy(() -> answerLost.record(push("shop/api", "ref.abc1234", TAGGED))).isInstanceOf(SdkClientException.class);

        assertThat(recording().record(push("shop/api", "ref.abc1234", TAGGED)).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(releases("shop")).hasSize(1);
        assertThat(sets("shop", "staging")).hasSize(1);
    }

    @Test
    void aBuildWhoseTagWasWrittenWithoutItsReleasesIsReleasedByTheNextDelivery() {
        // What a failed release left before tags went into the release transaction: the tag, no release.
        apply(WideProjects.of("shop", "shop/api", 1, List.of("staging")));
        recording().record(push("shop/api", null, PUSHED));
        ledger().addTag("shop/api", DIGEST, "ref.abc1234");

        assertThat(recording().record(push("shop/api", "ref.abc1234", TAGGED)).outcome()).isEqualTo(Outcome.RELEASED);
        assertThat(releases("shop")).hasSize(1);
        assertThat(sets("shop", "staging")).hasSize(1);
    }

    // 3. A repository may feed more services than one transaction takes (100 writes).

    private int bigServices;
    private int smallServices;

    /**
     * One repository feeding services of two projects: "big" (staging and dev deploy each push) and
     * "small" (staging). 200 + 50 make three transactions of a push, 100 + 30 two (and a test faster).
     */
    private void applyTwoWideProjects(int big, int small) {
        bigServices = big;
        smallServices = small;
        apply(WideProjects.of("big", BASE, big, List.of("staging", "dev")));
        apply(WideProjects.of("small", BASE, small, List.of("staging")));
    }

    private void assertEveryReleaseAndSetOnce(Instant releasedAt, String tag) {
        assertThat(build(BASE).state()).isEqualTo(BuildState.RELEASED);
        assertThat(releases("big")).hasSize(bigServices).allSatisfy(r -> assertThat(r.createdAt()).isEqualTo(releasedAt));
        assertThat(releases("small")).hasSize(smallServices);
        for (var expected : Map.of("big/staging", bigServices, "big/dev", bigServices, "small/staging", smallServices).entrySet()) {
            String[] target = expected.getKey().split("/");
            assertThat(sets(target[0], target[1])).as(expected.getKey()).singleElement().satisfies(set -> {
                assertThat(set.serviceIds()).hasSize(expected.getValue());
                assertThat(set.status()).isEqualTo(ReleaseSetStatus.REQUESTED);
                assertThat(set.requestedAt()).isEqualTo(releasedAt);
                assertThat(set.description()).startsWith("auto-deploy of " + BASE + ":" + tag + " (");
            });
        }
    }

    @Test
    void aPushFeeding250ServicesOfTwoProjectsRecordsEveryReleaseAndSet() {
        applyTwoWideProjects(200, 50);
        emulator.resetCalls();
        long started = System.nanoTime();

        BuildRecording.Result result = recording().record(push(BASE, "ref.abc1234", PUSHED));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> calls = emulator.calls();
        assertThat(result.outcome()).isEqualTo(Outcome.RECORDED);
        assertThat(result.releases()).hasSize(250);
        assertEveryReleaseAndSetOnce(PUSHED, "ref.abc1234");
        assertThat(calls.stream().filter(c -> c.endsWith("TransactWriteItems")))
                .as("build + 250 releases + 3 sets + the build RELEASED: 255 writes").hasSize(3);
        System.out.printf("a push feeding 250 services: %d requests (%s), %d ms on the emulator%n", calls.size(),
                calls.stream().collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting())), took.toMillis());
    }

    @Test
    void aFailureBetweenTransactionsIsFinishedByTheRedeliveryAndADuplicateChangesNothing() {
        applyTwoWideProjects(200, 50);
        BuildRecording failing = recording(DynamoDbFaults.neverArrives("TransactWriteItems", 2).client(emulator));

        assertThatThrownBy(() -> failing.record(push(BASE, "ref.abc1234", PUSHED))).isInstanceOf(SdkClientException.class);
        assertThat(build(BASE).state()).isEqualTo(BuildState.RELEASING);
        assertThat(releases("big").size() + releases("small").size()).as("the first transaction's").isEqualTo(99);
        assertThat(sets("big", "staging")).as("no set before all its releases").isEmpty();

        assertThat(recording().record(push(BASE, "ref.abc1234", PUSHED)).outcome()).isEqualTo(Outcome.FINISHED);

        assertEveryReleaseAndSetOnce(PUSHED, "ref.abc1234");
        Map<String, String> recorded = snapshot();
        assertThat(recording().record(push(BASE, "ref.abc1234", PUSHED)).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(snapshot()).isEqualTo(recorded);
    }

    @Test
    void aTransactionThatTookEffectButLostItsAnswerIsNotWrittenTwiceByTheRedelivery() {
        applyTwoWideProjects(200, 50);
        BuildRecording answerLost = recording(DynamoDbFaults.answerLost("TransactWriteItems", 2).client(emulator));

        assertThatThrownBy(() -> answerLost.record(push(BASE, "ref.abc1234", PUSHED))).isInstanceOf(SdkClientException.class);
        assertThat(recording().record(push(BASE, "ref.abc1234", PUSHED)).outcome()).isEqualTo(Outcome.FINISHED);

        assertEveryReleaseAndSetOnce(PUSHED, "ref.abc1234");
    }

    @Test
    void anotherTagOfTheDigestFinishesTheReleasesAsTheirOwnPushBeganThem() {
        applyTwoWideProjects(100, 30);
        BuildRecording failing = recording(DynamoDbFaults.neverArrives("TransactWriteItems", 2).client(emulator));
        assertThatThrownBy(() -> failing.record(push(BASE, "ref.abc1234", PUSHED))).isInstanceOf(SdkClientException.class);

        BuildRecording.Result other = recording().record(push(BASE, "v2", TAGGED));

        assertThat(other.outcome()).isEqualTo(Outcome.FINISHED);
        assertEveryReleaseAndSetOnce(PUSHED, "ref.abc1234");
        assertThat(build(BASE).tags()).containsExactlyInAnyOrder("ref.abc1234", "v2");
    }

    @Test
    void aTagReleasingAKnownBuildOfManyServicesIsFinishedByItsRedelivery() {
        applyTwoWideProjects(100, 30);
        recording().record(push(BASE, null, PUSHED));
        BuildRecording failing = recording(DynamoDbFaults.neverArrives("TransactWriteItems", 2).client(emulator));

        assertThatThrownBy(() -> failing.record(push(BASE, "ref.abc1234", TAGGED))).isInstanceOf(SdkClientException.class);
        assertThat(recording().record(push(BASE, "ref.abc1234", TAGGED)).outcome()).isEqualTo(Outcome.FINISHED);

        assertEveryReleaseAndSetOnce(TAGGED, "ref.abc1234");
    }

    @Test
    void aDeliveryThatFinishesWhileTheFirstIsStillWritingLeavesEachReleaseAndSetOnce() {
        applyTwoWideProjects(100, 30);
        BuildRecording.Result[] second = new BuildRecording.Result[1];
        // The second delivery runs to its end between the first one's first and second transactions.
        BuildRecording first = recording(DynamoDbFaults.meanwhile("TransactWriteItems", 2,
                () -> second[0] = recording().record(push(BASE, "ref.abc1234", PUSHED))).client(emulator));

        assertThat(first.record(push(BASE, "ref.abc1234", PUSHED)).outcome()).isEqualTo(Outcome.RECORDED);

        assertThat(second[0].outcome()).isEqualTo(Outcome.FINISHED);
        assertEveryReleaseAndSetOnce(PUSHED, "ref.abc1234");
    }

    @Test
    void twoDeliveriesThatBothFoundNoBuildRecordItOnce() {
        applyTwoWideProjects(100, 30);
        BuildRecording.Result[] second = new BuildRecording.Result[1];
        // The second delivery read "no build" too, and writes everything before the first one's first write.
        BuildRecording first = recording(DynamoDbFaults.meanwhile("TransactWriteItems", 1,
                () -> second[0] = recording().record(push(BASE, "ref.abc1234", PUSHED))).client(emulator));

        assertThat(first.record(push(BASE, "ref.abc1234", PUSHED)).outcome()).isEqualTo(Outcome.DUPLICATE);

        assertThat(second[0].outcome()).isEqualTo(Outcome.RECORDED);
        assertEveryReleaseAndSetOnce(PUSHED, "ref.abc1234");
    }
}
