package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.cli.deploy.Records.NOW;
import static dev.harbourmaster.cli.deploy.Records.release;
import static dev.harbourmaster.cli.deploy.Records.running;
import static dev.harbourmaster.cli.deploy.Records.set;
import static dev.harbourmaster.cli.deploy.Records.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";

    private final BuildLedger ledger = mock(BuildLedger.class);
    private final List<String> gitAsked = new ArrayList<>();
    private final Planner planner = new Planner(ledger, (from, to) -> {
        gitAsked.add(from + ".." + to);
        return List.of(to.substring(0, 7) + " Mint identifiers in batches", "9f8e7d6 Fix the retry loop");
    }, NOW);

    @BeforeEach
    void theProjectsNewestReleasesAnswerForNoServiceUnlessATestSaysSo() {
        when(ledger.newestReleases(anyString(), anyInt())).thenReturn(new BuildLedger.NewestReleases(List.of(), false));
    }

    private void projectHasNewest(boolean all, Release... newestFirst) {
        when(ledger.newestReleases("catalogue", Planner.PROJECT_RELEASES_READ))
                .thenReturn(new BuildLedger.NewestReleases(List.of(newestFirst), all));
    }

    private void latest(Release release) {
        when(ledger.releases("catalogue", release.serviceId(), Planner.SAME_HASH_SEARCHED)).thenReturn(List.of(release));
    }

    // deploy

    @Test
    void deployPlansEveryServiceWithAReleaseAndSaysWhichAreLeftOut() {
        Release minterOld = release("id_minter", OLD, NOW.minusSeconds(7200));
        latest(release("id_minter", NEW, NOW.minusSeconds(60)));
        latest(release("ingestor", OLD, NOW.minusSeconds(7200)));

        Plan plan = planner.deploy(state(running("staging", minterOld, "S1"),
                running("staging", release("ingestor", OLD, NOW.minusSeconds(7200)), "S1")), "staging", null, "latest");

        assertThat(plan.kind()).isEqualTo(ReleaseSetKind.DEPLOY);
        assertThat(plan.changes()).extracting(ServiceChange::serviceId).containsExactly("id_minter", "ingestor");
        assertThat(plan.changing()).extracting(ServiceChange::serviceId).containsExactly("id_minter");
        assertThat(plan.changes().get(1).unchanged()).isTrue();
        assertThat(plan.serviceSetId()).as("id_minter and ingestor make up the pipeline set").isEqualTo("pipeline");
        assertThat(plan.notes()).containsExactly("requests: no release yet, left out (keeps what runs)",
                "search: no release yet, left out (keeps what runs)");
        assertThat(gitAsked).as("commits only where the release changes").containsExactly(OLD + ".." + NEW);
        assertThat(plan.changes().get(0).commits()).hasSize(2);
        assertThat(plan.defaultDescription()).isEqualTo("Mint identifiers in batches (+1 more)");
        assertThat(plan.releases()).hasSize(2);
    }

    @Test
    void chosenServicesAreTheOnlyOnesInTheSetAndTheRestKeepsWhatRuns() {
        latest(release("id_minter", NEW, NOW));
        latest(release("ingestor", NEW, NOW));

        Plan plan = planner.deploy(state(), "staging", List.of("id_minter", "ingestor"), "latest");

        assertThat(plan.releases()).extracting(Release::serviceId).containsExactly("id_minter", "ingestor");
        assertThat(plan.serviceSetId()).as("chosen services: no service set").isNull();
        assertThat(plan.notes()).containsExactly("the rest keeps what runs: requests, search");
        assertThat(plan.changes()).allSatisfy(c -> assertThat(c.now()).isNull());
        assertThat(gitAsked).as("never deployed: no range to ask git for").isEmpty();
        assertThat(plan.defaultDescription()).isEqualTo("deploy b2c3d4e");
    }

    @Test
    void aReleaseHashIsFoundByItsBeginningInTheServicesReleases() {
        Release wanted = release("id_minter", OLD, NOW.minusSeconds(7200));
        when(ledger.releases("catalogue", "id_minter", Planner.RELEASES_SEARCHED))
                .thenReturn(List.of(release("id_minter", NEW, NOW), wanted));

        Plan plan = planner.deploy(state(), "staging", List.of("id_minter"), "A1B2C3D");

        assertThat(plan.releases()).containsExactly(wanted);
    }

    @Test
    void anUnknownHashOfANamedServiceNamesItAndHowToListItsReleases() {
        when(ledger.releases("catalogue", "id_minter", Planner.RELEASES_SEARCHED)).thenReturn(List.of(release("id_minter", NEW, NOW)));

        assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("id_minter"), "deadbee"))
                .isInstanceOf(CliException.class)
                .hasMessage("service 'id_minter' has no release 'deadbee': list its releases with hm releases --project catalogue"
                        + " --service id_minter");
    }

    @Test
    void anUnknownHashAcrossTheProjectSaysHowToListReleases() {
        assertThatThrownBy(() -> planner.deploy(state(), "staging", null, "deadbee"))
                .hasMessage("no service of project 'catalogue' has a release 'deadbee': list the releases with"
                        + " hm releases --project catalogue");
    }

    @Test
    void anAmbiguousHashAsksForMoreOfIt() {
        when(ledger.releases("catalogue", "id_minter", Planner.RELEASES_SEARCHED)).thenReturn(List.of(
                release("id_minter", "abc1234", NOW), release("id_minter", "abc9999", NOW)));

        assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("id_minter"), "abc"))
                .hasMessage("release 'abc' of id_minter is ambiguous: it begins abc1234, abc9999; give more of the hash");
    }

    @Test
    void unknownEnvironmentServiceAndNoReleaseAtAllEachSayWhatToDo() {
        assertThatThrownBy(() -> planner.deploy(state(), "qa", null, "latest"))
                .hasMessage("environment 'qa' is not in project 'catalogue'; its environments are: staging, prod");
        assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("billing"), "latest"))
                .hasMessageStartingWith("service 'billing' is not in project 'catalogue'; its services are: id_minter,")
                .hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> planner.deploy(state(), "Staging", null, "latest"))
                .hasMessage("environment 'Staging' is not in project 'catalogue'; its environments are: staging, prod;"
                        + " did you mean staging?");
        assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("id_mintr"), "latest"))
                .hasMessage("service 'id_mintr' is not in project 'catalogue'; its services are: id_minter, ingestor,"
                        + " requests, search; did you mean id_minter?");
        assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("id_minter"), "latest"))
                .hasMessage("service 'id_minter' has no release yet: push an image of it tagged ref.<git sha>"
                        + " (hm builds --project catalogue --service id_minter shows what was pushed)");
        assertThatThrownBy(() -> planner.deploy(state(), "staging", null, "latest"))
                .hasMessageStartingWith("no service of project 'catalogue' has a release yet: push an image tagged ref.<git sha>");
    }

    @Test
    void aReleaseMissingAContainerIsLeftOutOrRefusedWhenNamed() {
        Release full = release("requests", NEW, NOW);
        Release appOnly = new Release(full.projectId(), full.serviceSetId(), "requests", NEW,
                List.of(full.images().get(0)), full.sourceRepository(), full.sourceDigest(), NOW, null);
        latest(appOnly);
        latest(release("search", NEW, NOW));

        Plan plan = planner.deploy(state(), "staging", null, "latest");

        assertThat(plan.releases()).extracting(Release::serviceId).containsExactly("search");
        assertThat(plan.notes()).contains("requests: release b2c3d4e has no image for nginx, left out (keeps what runs)");
        assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("requests"), "latest"))
                .hasMessageStartingWith("requests: release b2c3d4e has no image for nginx: push an image of nginx too");
    }

    @Test
    void ofReleasesOfOneHashPushedTogetherTheCompleteOneIsPlannedWhicheverSortsFirst() {
        // app and nginx of one commit pushed in the same second: the app push recorded a release without
        // nginx, the nginx push a whole one; their keys (push second, digest) may sort either way.
        Release whole = release("requests", NEW, NOW);
        Release appOnly = new Release(whole.projectId(), whole.serviceSetId(), "requests", NEW,
                List.of(whole.images().get(0)), whole.sourceRepository(), "sha256:" + "f".repeat(64), NOW, null);
        Release older = release("requests", OLD, NOW.minusSeconds(3600));
        when(ledger.releases("catalogue", "requests", Planner.SAME_HASH_SEARCHED)).thenReturn(List.of(appOnly, whole, older));
        when(ledger.releases("catalogue", "requests", Planner.RELEASES_SEARCHED)).thenReturn(List.of(appOnly, whole, older));

        assertThat(planner.deploy(state(), "staging", List.of("requests"), "latest").releases()).containsExactly(whole);
        assertThat(planner.deploy(state(), "staging", List.of("requests"), NEW).releases()).containsExactly(whole);
        assertThat(planner.deploy(state(), "staging", List.of("requests"), NEW.substring(0, 7)).releases())
                .containsExactly(whole);
    }

    @Test
    void theProjectsNewestReleasesAreTheOneReadOfLatestWhenTheyAreAllItHas() {
        projectHasNewest(true, release("ingestor", NEW, NOW), release("id_minter", NEW, NOW.minusSeconds(60)),
                release("id_minter", OLD, NOW.minusSeconds(7200)));

        Plan plan = planner.deploy(state(), "staging", null, "latest");

        assertThat(plan.releases()).extracting(Release::serviceId, Release::releaseHash)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id_minter", NEW), org.assertj.core.groups.Tuple.tuple("ingestor", NEW));
        assertThat(plan.notes()).contains("requests: no release yet, left out (keeps what runs)");
        verify(ledger, never()).releases(anyString(), anyString(), anyInt());
    }

    @Test
    void aServiceTheProjectsNewestDoNotAnswerForIsReadOnItsOwn() {
        // More releases than one Query reads: requests' newest there lacks nginx, and an older whole one may be beyond.
        Release whole = release("requests", NEW, NOW.minusSeconds(5));
        Release appOnly = new Release(whole.projectId(), whole.serviceSetId(), "requests", NEW,
                List.of(whole.images().get(0)), whole.sourceRepository(), "sha256:" + "f".repeat(64), NOW, null);
        projectHasNewest(false, appOnly, release("id_minter", NEW, NOW.minusSeconds(1)));
        when(ledger.releases("catalogue", "requests", Planner.SAME_HASH_SEARCHED)).thenReturn(List.of(appOnly, whole));

        Plan plan = planner.deploy(state(), "staging", List.of("id_minter", "requests"), "latest");

        assertThat(plan.releases()).extracting(Release::serviceId, Release::releaseHash)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("id_minter", NEW), org.assertj.core.groups.Tuple.tuple("requests", NEW));
        assertThat(plan.releases().get(1)).isEqualTo(whole);
        verify(ledger).releases("catalogue", "requests", Planner.SAME_HASH_SEARCHED);
        verify(ledger, never()).releases("catalogue", "id_minter", Planner.SAME_HASH_SEARCHED);
        verify(ledger, times(1)).newestReleases("catalogue", Planner.PROJECT_RELEASES_READ);
    }

    @Test
    void projectReleasesReadAheadAreTheOnesThePlanUsesAndAreReadOnce() {
        Release minter = release("id_minter", NEW, NOW.minusSeconds(1));
        projectHasNewest(true, minter);

        planner.readProjectReleasesAhead("catalogue");
        Plan plan = planner.deploy(state(), "staging", List.of("id_minter"), "latest");

        assertThat(plan.releases()).containsExactly(minter);
        verify(ledger, times(1)).newestReleases("catalogue", Planner.PROJECT_RELEASES_READ);
    }

    @Test
    void aReadAheadThatFailedFailsThePlanWithItsOwnException() {
        when(ledger.newestReleases("catalogue", Planner.PROJECT_RELEASES_READ))
                .thenThrow(new IllegalStateException("throttled"));

        planner.readProjectReleasesAhead("catalogue");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> planner.deploy(state(), "staging", List.of("id_minter"), "latest"))
                .isInstanceOf(IllegalStateException.class).hasMessage("throttled");
    }

    @Test
    void theDefaultDescriptionNamesEachServiceWhenHashesDiffer() {
        Planner quiet = new Planner(ledger, (a, b) -> List.of(), NOW);
        latest(release("id_minter", NEW, NOW));
        latest(release("ingestor", OLD, NOW));

        assertThat(quiet.deploy(state(), "staging", null, "latest").defaultDescription())
                .isEqualTo("deploy id_minter b2c3d4e, ingestor a1b2c3d");
    }

    // promote

    @Test
    void promoteTakesWhatRunsInTheSourceFromTheSetsThatPutItThereAndLeavesOutWhatNeverRanThere() {
        Release minter = release("id_minter", NEW, NOW.minusSeconds(600));
        Release search = release("search", OLD, NOW.minusSeconds(9000));
        ReleaseSet staging = set("staging", NOW.minusSeconds(500), ReleaseSetStatus.SUCCEEDED, minter);

        Plan plan = planner.promote(state(running("staging", minter, staging.id()), running("staging", search, "GONE"),
                        running("prod", release("id_minter", OLD, NOW.minusSeconds(9000)), "P1")), "staging", "prod",
                id -> id.equals(staging.id()) ? Optional.of(staging) : Optional.empty());

        assertThat(plan.kind()).isEqualTo(ReleaseSetKind.PROMOTE);
        assertThat(plan.environmentId()).isEqualTo("prod");
        assertThat(plan.releases().get(0)).as("the whole release, from its set").isEqualTo(minter);
        Release rebuilt = plan.releases().get(1);
        assertThat(rebuilt.serviceId()).isEqualTo("search");
        assertThat(rebuilt.images()).isEqualTo(search.images());
        assertThat(rebuilt.createdAt()).as("from the row: when it started running").isEqualTo(NOW.minusSeconds(3600));
        assertThat(plan.notes()).containsExactly(
                "ingestor: never deployed in staging, left out (prod keeps what runs)",
                "requests: never deployed in staging, left out (prod keeps what runs)");
        assertThat(plan.context()).containsExactly("What runs in staging, for prod:");
        assertThat(plan.defaultDescription()).startsWith("promote staging to prod: Mint identifiers in batches");
    }

    @Test
    void promoteOfAnAdoptedBaselineTakesTheRecordedReleaseWithItsDigestsAndLeavesOutOneThatHasNone() {
        Release minter = release("id_minter", NEW, NOW.minusSeconds(86400));
        Release search = release("search", OLD, NOW.minusSeconds(86400));
        when(ledger.releases("catalogue", "id_minter", Planner.RELEASES_SEARCHED))
                .thenReturn(List.of(release("id_minter", OLD, NOW.minusSeconds(60)), minter));
        when(ledger.releases("catalogue", "search", Planner.RELEASES_SEARCHED)).thenReturn(List.of());

        Plan plan = planner.promote(state(adopted("staging", minter), adopted("staging", search)), "staging", "prod",
                id -> Optional.empty());

        assertThat(plan.releases()).as("the ledger's release, which the deployer checks a set's against").containsExactly(minter);
        assertThat(plan.notes()).contains("search: what runs in staging was adopted, and no recorded release has its images,"
                + " left out: deploy a release there first");
    }

    private static dev.harbourmaster.domain.CurrentState adopted(String environmentId, Release release) {
        return new dev.harbourmaster.domain.CurrentState("catalogue", environmentId, release.serviceId(),
                dev.harbourmaster.domain.CurrentState.Running.adopted(release.releaseHash(), release.images(), NOW.minusSeconds(60),
                        "carol", null, "adopted", "ecs-svc/1", "arn:aws:ecs:eu-west-1:123456789012:task-definition/x:1", null),
                null, null, 0);
    }

    @Test
    void promoteWithNothingRunningInTheSourceSaysToDeployThereFirst() {
        assertThatThrownBy(() -> planner.promote(state(), "staging", "prod", id -> Optional.empty()))
                .hasMessage("nothing runs in catalogue/staging yet to promote: deploy there first"
                        + " (hm deploy --project catalogue --env staging)");
    }

    @Test
    void promoteOfAReleaseSetTakesItsReleases() {
        ReleaseSet source = set("staging", NOW.minusSeconds(500), ReleaseSetStatus.SUCCEEDED,
                release("id_minter", NEW, NOW), release("ingestor", NEW, NOW));

        Plan plan = planner.promoteSet(state(), "prod", source);

        assertThat(plan.releases()).isEqualTo(source.releases());
        assertThat(plan.context().get(0)).startsWith("The releases of release set " + source.id() + " (staging, SUCCEEDED,");
    }

    private static ReleaseSet imported(String environmentId, java.time.Instant at, Release... releases) {
        ReleaseSet set = set(environmentId, at, ReleaseSetStatus.UNKNOWN, releases);
        return new ReleaseSet(set.id(), set.projectId(), set.environmentId(), null, set.releases(), ReleaseSetKind.IMPORTED,
                "arn:aws:sts::760097843905:assumed-role/platform-developer/alex", "weco-deploy's deploy", at,
                ReleaseSetStatus.UNKNOWN, "imported from weco-deploy: it recorded no outcome");
    }

    @Test
    void anImportedSetIsNeitherPromotedNorRolledBackToAndTheErrorSaysWhatToDoInstead() {
        ReleaseSet history = imported("staging", NOW.minusSeconds(500), release("id_minter", NEW, NOW));

        assertThatThrownBy(() -> planner.promoteSet(state(), "prod", history)).isInstanceOf(CliException.class)
                .hasMessage("release set " + history.id() + " is IMPORTED history (hm import weco): its releases are image tags"
                        + " weco-deploy recorded, not builds Harbourmaster recorded, so it cannot be deployed again; deploy the"
                        + " release by its hash instead (hm deploy --project catalogue --env staging --release HASH, after its"
                        + " image is pushed or adopted)");
        assertThatThrownBy(() -> planner.rollbackTo(state(), "staging", history)).hasMessageContaining("is IMPORTED history");
    }

    // rollback

    private DeploymentHistory history(ReleaseSet... sets) {
        List<ReleaseSet> newestFirst = new ArrayList<>(List.of(sets));
        newestFirst.sort(Comparator.comparing(ReleaseSet::id).reversed());
        DeploymentHistory history = mock(DeploymentHistory.class);
        when(history.history(any(HistoryQuery.class), anyList())).thenAnswer(call -> {
            HistoryQuery q = call.getArgument(0);
            List<ReleaseSet> after = newestFirst.stream()
                    .filter(s -> q.pageToken() == null || s.id().compareTo(q.pageToken()) < 0).toList();
            // pages of two, whatever the limit, so that paging is exercised
            List<ReleaseSet> page = after.subList(0, Math.min(2, after.size()));
            return new HistoryPage(page, after.size() > 2 ? page.get(1).id() : null);
        });
        return history;
    }

    private static ReleaseSet at(int hoursAgo, ReleaseSetStatus status, Release... releases) {
        return set("staging", NOW.minus(Duration.ofHours(hoursAgo)), status, releases);
    }

    @Test
    void rollbackGoesBackToTheLastSucceededSetBeforeTheNewestThatRanSkippingRejectedAndInFlightOnes() {
        ReleaseSet good = at(5, ReleaseSetStatus.SUCCEEDED, release("id_minter", OLD, NOW), release("ingestor", OLD, NOW));
        ReleaseSet failed = at(4, ReleaseSetStatus.FAILED, release("id_minter", "c0ffee0", NOW));
        ReleaseSet current = at(3, ReleaseSetStatus.SUCCEEDED, release("id_minter", NEW, NOW), release("ingestor", NEW, NOW));
        ReleaseSet rejected = at(2, ReleaseSetStatus.REJECTED, release("id_minter", "1234567", NOW));
        ReleaseSet requested = at(1, ReleaseSetStatus.REQUESTED, release("ingestor", "7654321", NOW));

        Plan plan = planner.rollback(state(running("staging", current.releases().get(0), current.id()),
                running("staging", current.releases().get(1), current.id())), "staging",
                history(good, failed, current, rejected, requested));

        assertThat(plan.kind()).isEqualTo(ReleaseSetKind.ROLLBACK);
        assertThat(plan.releases()).isEqualTo(good.releases());
        assertThat(plan.changes()).extracting(ServiceChange::origin).containsOnly(good.id());
        assertThat(plan.serviceSetId()).isEqualTo("pipeline");
        assertThat(plan.context().get(0)).startsWith("Current: release set " + current.id() + " (SUCCEEDED, requested ")
                .endsWith(", the newest that ran in staging");
        assertThat(plan.context().get(1)).startsWith("Back to: release set " + good.id() + " (SUCCEEDED, requested ")
                .endsWith(", the last SUCCEEDED set before it");
        assertThat(plan.defaultDescription()).startsWith("roll back " + current.id() + " to " + good.id());
    }

    @Test
    void rollbackNeitherUndoesNorGoesBackToImportedHistory() {
        ReleaseSet good = at(5, ReleaseSetStatus.SUCCEEDED, release("id_minter", OLD, NOW));
        ReleaseSet weco = imported("staging", NOW.minus(Duration.ofHours(4)), release("id_minter", "c0ffee0", NOW));
        ReleaseSet current = at(3, ReleaseSetStatus.SUCCEEDED, release("id_minter", NEW, NOW));
        ReleaseSet newerWeco = imported("staging", NOW.minus(Duration.ofHours(2)), release("id_minter", "1234567", NOW));

        Plan plan = planner.rollback(state(running("staging", current.releases().get(0), current.id())), "staging",
                history(good, weco, current, newerWeco));

        assertThat(plan.releases()).isEqualTo(good.releases());
        assertThat(plan.context().get(0)).startsWith("Current: release set " + current.id());
    }

    @Test
    void rollbackUndoesOnlyWhatTheCurrentSetChangedEachServiceToItsLastGoodRelease() {
        // One set per push (auto-deploy): the set just before the current one released another service.
        ReleaseSet all = at(6, ReleaseSetStatus.SUCCEEDED, release("id_minter", OLD, NOW), release("search", OLD, NOW));
        ReleaseSet minter = at(5, ReleaseSetStatus.SUCCEEDED, release("id_minter", NEW, NOW));
        ReleaseSet current = at(4, ReleaseSetStatus.SUCCEEDED, release("search", NEW, NOW));

        Plan plan = planner.rollback(state(running("staging", minter.releases().get(0), minter.id()),
                running("staging", current.releases().get(0), current.id())), "staging", history(all, minter, current));

        assertThat(plan.releases()).containsExactly(all.releases().get(1));
        assertThat(plan.context()).anyMatch(line -> line.contains("only the services the current set released go back;"
                + " id_minter keep what runs"));
    }

    @Test
    void rollbackWithNoEarlierSucceededSetSaysSoAndHowToNameOne() {
        ReleaseSet only = at(3, ReleaseSetStatus.SUCCEEDED, release("id_minter", NEW, NOW));
        ReleaseSet failedBefore = at(4, ReleaseSetStatus.FAILED, release("id_minter", OLD, NOW));

        assertThatThrownBy(() -> planner.rollback(state(), "staging", history(failedBefore, only)))
                .isInstanceOf(CliException.class)
                .hasMessage("no SUCCEEDED release set before " + only.id() + " in catalogue/staging released id_minter:"
                        + " nothing to roll back to; name a release set with --to ID (hm history --project catalogue --env staging)");
        assertThatThrownBy(() -> planner.rollback(state(), "staging", history()))
                .hasMessage("nothing to roll back in catalogue/staging: no release set has run there yet"
                        + " (hm history --project catalogue --env staging)");
    }

    @Test
    void rollbackToANamedSetOfAnotherEnvironmentPointsToPromote() {
        ReleaseSet prod = set("prod", NOW, ReleaseSetStatus.SUCCEEDED, release("id_minter", OLD, NOW));

        assertThatThrownBy(() -> planner.rollbackTo(state(), "staging", prod))
                .hasMessage("release set " + prod.id() + " was for prod, not staging: to deploy its releases to staging,"
                        + " use hm promote --project catalogue --to staging --release-set " + prod.id());
        Plan plan = planner.rollbackTo(state(), "prod", prod);
        assertThat(plan.releases()).isEqualTo(prod.releases());
        assertThat(plan.context()).containsExactly("Back to: release set " + prod.id() + " (SUCCEEDED, requested "
                + "2026-11-20T12:00:00.000Z (0s ago) by alice@example.com (ARN not recorded): why 2026-11-20T12:00:00Z), as named");
    }

    @Test
    void aServiceRunsTheReleaseWhenEveryContainerRunsItsDigest() {
        Release r = release("requests", NEW, NOW);
        ServiceChange same = new ServiceChange("requests", running("staging", r, "S").running(), r, List.of(), null);
        List<ReleaseImage> otherNginx = List.of(r.images().get(0), new ReleaseImage("nginx", "platform/nginx",
                Records.digest("other"), "x@" + Records.digest("other"), NEW));
        Release changed = new Release(r.projectId(), r.serviceSetId(), "requests", NEW, otherNginx, null, null, NOW, null);

        assertThat(same.unchanged()).isTrue();
        assertThat(new ServiceChange("requests", same.now(), changed, List.of(), null).unchanged()).isFalse();
        assertThat(new ServiceChange("requests", null, r, List.of(), null).unchanged()).isFalse();
        assertThat(Planner.wholeServiceSet(Records.PROJECT, List.of(same))).isNull();
    }
}
