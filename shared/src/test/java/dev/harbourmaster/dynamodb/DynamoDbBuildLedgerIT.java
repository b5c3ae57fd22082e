package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.PendingRelease;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.testing.DynamoDbFaults;
import dev.harbourmaster.testing.Emulator;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The ledger's writes against the emulator. Truly concurrent writers are not tested here: moto
 * rolls a cancelled transaction back by restoring a copy of the whole table taken when it began,
 * which can erase a concurrent transaction's writes, so only DynamoDB itself can show isolation.
 * A writer that lost the race meets exactly the condition a repeated write meets, tested below.
 */
class DynamoDbBuildLedgerIT {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.000Z");

    private final Emulator emulator = new Emulator();
    private String table;
    private DynamoDbBuildLedger ledger;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        ledger = new DynamoDbBuildLedger(emulator.dynamo(), table);
    }

    private static String digest(int n) {
        return "sha256:" + String.format("%064x", n);
    }

    private static Build build(String repository, int n, Instant pushedAt, String hash, BuildState state) {
        return new Build(repository, digest(n), "1.dkr.ecr.eu-west-1.amazonaws.com/" + repository,
                hash == null ? Set.of("latest") : Set.of("ref." + hash), pushedAt, hash, ImageMetadata.NONE, state);
    }

    private static Release release(Build build, String service) {
        return new Release("shop", "all", service, build.releaseHash(),
                List.of(new ReleaseImage(service, build.repository(), build.digest(), build.pinnedImage(), build.releaseHash())),
                build.repository(), build.digest(), build.pushedAt(), null);
    }

    private int itemCount() {
        return emulator.dynamo().scan(b -> b.tableName(table)).count();
    }

    @Test
    void aBuildIsRecordedOnceWithItsReleases() {
        Build build = build("shop/api", 1, T0, "abc1234", BuildState.RELEASED);

        boolean first = ledger.recordNewBuild(build, List.of(release(build, "api"), release(build, "worker")), List.of());
        boolean again = ledger.recordNewBuild(build, List.of(release(build, "api"), release(build, "worker")), List.of());

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(itemCount()).isEqualTo(3);
        assertThat(ledger.build("shop/api", digest(1))).contains(build);
    }

    @Test
    void aBuildByRepositoryAndDigestTakesOneGetItem() {
        Build build = build("shop/api", 3, T0, "abc1234", BuildState.RELEASED);
        ledger.recordNewBuild(build, List.of(), List.of());
        emulator.resetCalls();

        assertThat(ledger.build("shop/api", digest(3))).contains(build);
        assertThat(ledger.build("shop/api", digest(4))).isEmpty();
        assertThat(emulator.calls()).containsExactly("DynamoDb:GetItem", "DynamoDb:GetItem");
    }

    @Test
    void addingATagTwiceKeepsOneCopy() {
        ledger.recordNewBuild(build("shop/api", 5, T0, "abc1234", BuildState.RELEASED), List.of(), List.of());

        ledger.addTag("shop/api", digest(5), "v1.4.0");
        ledger.addTag("shop/api", digest(5), "v1.4.0");

        assertThat(ledger.build("shop/api", digest(5)).orElseThrow().tags()).containsExactlyInAnyOrder("ref.abc1234", "v1.4.0");
    }

    @Test
    void theLatestReleaseAndTheReleasesOfAServiceTakeOneQueryEach() {
        for (int i = 0; i < 5; i++) {
            Build build = build("shop/api", 10 + i, T0.plusSeconds(i), "000000" + i, BuildState.RELEASED);
            ledger.recordNewBuild(build, List.of(release(build, "api")), List.of());
        }
        Build other = build("shop/web", 20, T0.plusSeconds(30), "fffffff", BuildState.RELEASED);
        ledger.recordNewBuild(other, List.of(release(other, "web")), List.of());
        emulator.resetCalls();

        Release latest = ledger.latestRelease("shop", "api").orElseThrow();
        List<Release> newestFirst = ledger.releases("shop", "api", 3);
        List<Release> ofProject = ledger.releases("shop", 10);

        assertThat(emulator.calls()).containsExactly("DynamoDb:Query", "DynamoDb:Query", "DynamoDb:Query");
        assertThat(latest.releaseHash()).isEqualTo("0000004");
        assertThat(newestFirst).extracting(Release::releaseHash).containsExactly("0000004", "0000003", "0000002");
        assertThat(ofProject).extracting(Release::serviceId).containsExactly("web", "api", "api", "api", "api", "api");
        assertThat(ledger.builds("shop/api", 2)).extracting(Build::digest).containsExactly(digest(14), digest(13));
    }

    @Test
    void aReleaseIsReadByItsKeyInOneGetItem() {
        Build build = build("shop/api", 40, T0, "abc1234", BuildState.RELEASED);
        Release release = release(build, "api");
        ledger.recordNewBuild(build, List.of(release), List.of());
        emulator.resetCalls();

        assertThat(ledger.release("shop", "api", T0, build.digest())).contains(release);
        assertThat(emulator.calls()).containsExactly("DynamoDb:GetItem");
        assertThat(ledger.release("shop", "api", T0.plusMillis(1), build.digest())).isEmpty();
        assertThat(ledger.release("shop", "api", T0, digest(41))).isEmpty();
        assertThat(ledger.release("shop", "web", T0, build.digest())).isEmpty();
    }

    @Test
    void theReleasesOfASetAreReadAgainInOneBatchPerHundredInTheirOrder() {
        List<Release> recorded = new java.util.ArrayList<>();
        for (int i = 0; i < 130; i++) {
            Build build = build("shop/svc" + i, 100 + i, T0.plusSeconds(i), "abc1234", BuildState.RELEASED);
            Release release = release(build, "svc" + i);
            ledger.recordNewBuild(build, List.of(release), List.of());
            recorded.add(release);
        }
        Release forged = release(build("shop/svc0", 999, T0, "abc1234", BuildState.RELEASED), "svc0");
        Release untimed = new Release("shop", "all", "svc1", "abc1234", recorded.get(1).images(), "shop/svc1",
                recorded.get(1).sourceDigest(), null, null);
        List<Release> asked = new java.util.ArrayList<>(recorded);
        asked.add(5, forged);
        asked.add(untimed);
        emulator.resetCalls();

        List<java.util.Optional<Release>> found = ledger.recorded(asked);

        assertThat(emulator.calls()).containsExactly("DynamoDb:BatchGetItem", "DynamoDb:BatchGetItem");
        assertThat(found).hasSize(132);
        assertThat(found.get(5)).as("no release under the forged one's key").isEmpty();
        assertThat(found.get(131)).as("a release without a time has no key").isEmpty();
        assertThat(found.subList(0, 5)).containsExactlyElementsOf(recorded.subList(0, 5).stream().map(java.util.Optional::of).toList());
        assertThat(found.subList(6, 131)).containsExactlyElementsOf(recorded.subList(5, 130).stream().map(java.util.Optional::of).toList());
    }

    @Test
    void anUnreleasedBuildIsReleasedOnce() {
        Build waiting = build("shop/api", 30, T0, null, BuildState.UNRELEASED);
        ledger.recordNewBuild(waiting, List.of(), List.of());
        Build hashed = waiting.withReleaseHash("abc1234");

        boolean first = ledger.release(waiting, "ref.abc1234", "abc1234", List.of(release(hashed, "api")), List.of());
        boolean second = ledger.release(waiting, "ref.abc1234", "abc1234", List.of(release(hashed, "api")), List.of());

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        Build stored = ledger.build("shop/api", digest(30)).orElseThrow();
        assertThat(stored.releaseHash()).isEqualTo("abc1234");
        assertThat(stored.state()).isEqualTo(BuildState.RELEASED);
        assertThat(stored.tags()).as("the tag is written with the releases").containsExactlyInAnyOrder("latest", "ref.abc1234");
        assertThat(ledger.releases("shop", "api", 10)).hasSize(1);
    }

    @Test
    void aTagWhoseReleaseTransactionFailsIsNotWrittenEither() {
        Build waiting = build("shop/api", 31, T0, null, BuildState.UNRELEASED);
        ledger.recordNewBuild(waiting, List.of(), List.of());
        DynamoDbBuildLedger failing = new DynamoDbBuildLedger(
                DynamoDbFaults.neverArrives("TransactWriteItems", 1).client(emulator), table);

        assertThatThrownBy(() -> failing.release(waiting, "ref.abc1234", "abc1234",
                List.of(release(waiting.withReleaseHash("abc1234"), "api")), List.of())).isInstanceOf(SdkClientException.class);

        assertThat(ledger.build("shop/api", digest(31))).contains(waiting);
    }

    @Test
    void moreWritesThanATransactionTakesGoInChunksWithTheBuildReleasedLast() {
        Build build = build("shop/base", 50, T0, "abc1234", BuildState.RELEASED);

        boolean first = ledger.recordNewBuild(build, services(build, 250), List.of());
        List<String> calls = emulator.calls();
        boolean again = ledger.recordNewBuild(build, services(build, 250), List.of());

        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(calls).as("1 build + 250 releases + the build's last update: 100, 100, 52")
                .containsExactly("DynamoDb:TransactWriteItems", "DynamoDb:TransactWriteItems", "DynamoDb:TransactWriteItems");
        assertThat(ledger.build("shop/base", digest(50))).contains(build);
        assertThat(itemCount()).isEqualTo(251);
    }

    @Test
    void aFailureBetweenChunksLeavesTheBuildReleasingAndFinishingWritesTheRestOnce() {
        Build build = build("shop/base", 51, T0, "abc1234", BuildState.RELEASED);
        DynamoDbBuildLedger failing = new DynamoDbBuildLedger(
                DynamoDbFaults.neverArrives("TransactWriteItems", 2).client(emulator), table);

        assertThatThrownBy(() -> failing.recordNewBuild(build, services(build, 150), List.of()))
                .isInstanceOf(SdkClientException.class);

        Build releasing = ledger.build("shop/base", digest(51)).orElseThrow();
        assertThat(releasing.state()).isEqualTo(BuildState.RELEASING);
        assertThat(releasing.pending()).isEqualTo(new PendingRelease(T0, "ref.abc1234", true));
        assertThat(itemCount()).as("the first transaction: the build and 99 releases").isEqualTo(100);

        ledger.finishRelease(releasing, services(build, 150), List.of());
        ledger.finishRelease(releasing, services(build, 150), List.of());

        assertThat(ledger.build("shop/base", digest(51))).contains(build);
        assertThat(itemCount()).isEqualTo(151);
    }

    @Test
    void aLostAnswerBetweenChunksIsFinishedWithoutWritingAnythingTwice() {
        Build build = build("shop/base", 52, T0, "abc1234", BuildState.RELEASED);
        DynamoDbBuildLedger failing = new DynamoDbBuildLedger(
                DynamoDbFaults.answerLost("TransactWriteItems", 2).client(emulator), table);

        assertThatThrownBy(() -> failing.recordNewBuild(build, services(build, 250), List.of()))
                .isInstanceOf(SdkClientException.class);
        assertThat(itemCount()).as("the first two of three transactions").isEqualTo(200);

        ledger.finishRelease(ledger.build("shop/base", digest(52)).orElseThrow(), services(build, 250), List.of());

        assertThat(ledger.build("shop/base", digest(52))).contains(build);
        assertThat(itemCount()).isEqualTo(251);
    }

    @Test
    void anAdoptionStoppedBetweenChunksStaysAmongTheUnassignedBuildsUntilFinished() {
        Build orphan = build("later/base", 53, T0, "abc1234", BuildState.UNASSIGNED);
        ledger.recordNewBuild(orphan, List.of(), List.of());
        DynamoDbBuildLedger failing = new DynamoDbBuildLedger(
                DynamoDbFaults.neverArrives("TransactWriteItems", 2).client(emulator), table);

        assertThatThrownBy(() -> failing.adopt(orphan, services(orphan, 150))).isInstanceOf(SdkClientException.class);

        Build releasing = ledger.unassignedBuilds("later/base").get(0);
        assertThat(releasing.state()).isEqualTo(BuildState.RELEASING);
        assertThat(releasing.pending()).isEqualTo(new PendingRelease(T0, null, false));
        ledger.finishRelease(releasing, services(orphan, 150), List.of());
        assertThat(ledger.unassignedBuilds("later/base")).isEmpty();
        assertThat(ledger.build("later/base", digest(53)).orElseThrow().state()).isEqualTo(BuildState.RELEASED);
        assertThat(itemCount()).isEqualTo(151);
    }

    private static List<Release> services(Build build, int count) {
        return IntStream.range(0, count).mapToObj(i -> release(build, "svc" + i)).toList();
    }

    @Test
    void anUnassignedBuildIsAdoptedOnce() {
        Build orphan = build("later/api", 40, T0, "abc1234", BuildState.UNASSIGNED);
        ledger.recordNewBuild(orphan, List.of(), List.of());
        ledger.recordNewBuild(build("other/repo", 41, T0, "abc1234", BuildState.UNASSIGNED), List.of(), List.of());

        List<Build> orphans = ledger.unassignedBuilds("later/api");
        boolean first = ledger.adopt(orphan, List.of(release(orphan, "api")));
        boolean second = ledger.adopt(orphan, List.of(release(orphan, "api")));

        assertThat(orphans).containsExactly(orphan);
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(ledger.unassignedBuilds("later/api")).isEmpty();
        assertThat(ledger.build("later/api", digest(40)).orElseThrow().state()).isEqualTo(BuildState.RELEASED);
        assertThat(ledger.unassignedBuilds("other/repo")).hasSize(1);
    }
}
