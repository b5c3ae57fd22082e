package dev.harbourmaster.buildrecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.PendingRelease;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ImageRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class BuildRecordingTest {

    private static final String REPO = "shop/api";
    private static final String DIGEST = "sha256:" + "d".repeat(64);
    private static final Instant PUSHED = Instant.parse("2026-11-20T10:15:30Z");
    private static final Service API = new Service("api", "API", List.of(new Container("api", REPO)));
    private static final RepositoryFeed FEED = new RepositoryFeed(REPO, "shop", "all", API, "api", ReleaseHashRule.DEFAULT,
            List.of());

    @Mock Catalogue catalogue;
    @Mock BuildLedger ledger;
    @Mock ImageRegistry registry;
    private BuildRecording recording;

    @BeforeEach
    void setUp() {
        recording = new BuildRecording(catalogue, ledger, registry);
    }

    private static ImagePush push(String tag) {
        return new ImagePush("e1", "123456789012", "eu-west-1", REPO, DIGEST, tag, PUSHED);
    }

    private static Build known(Set<String> tags, String hash, BuildState state) {
        return new Build(REPO, DIGEST, "uri", tags, PUSHED, hash, ImageMetadata.NONE, state);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aNewPushRecordsTheBuildAndOneReleasePerFedService() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.empty());
        when(registry.metadataOf(REPO, DIGEST)).thenReturn(new ImageMetadata(null, "https://git.example/shop", null, null));
        when(ledger.recordNewBuild(any(), anyList(), anyList())).thenReturn(true);

        BuildRecording.Result result = recording.record(push("ref.abc1234"));

        ArgumentCaptor<Build> build = ArgumentCaptor.forClass(Build.class);
        ArgumentCaptor<List<Release>> releases = ArgumentCaptor.forClass(List.class);
        verify(ledger).recordNewBuild(build.capture(), releases.capture(), anyList());
        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.RECORDED);
        assertThat(build.getValue().releaseHash()).isEqualTo("abc1234");
        assertThat(build.getValue().tags()).containsExactly("ref.abc1234");
        assertThat(build.getValue().metadata().source()).isEqualTo("https://git.example/shop");
        assertThat(build.getValue().state()).isEqualTo(BuildState.RELEASED);
        assertThat(releases.getValue()).singleElement().satisfies(r -> {
            assertThat(r.serviceId()).isEqualTo("api");
            assertThat(r.images().get(0).image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api@" + DIGEST);
        });
    }

    @Test
    void aPushToARepositoryNoManifestMentionsIsKeptUnassigned() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of());
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.empty());
        when(registry.metadataOf(REPO, DIGEST)).thenReturn(ImageMetadata.NONE);
        when(ledger.recordNewBuild(any(), eq(List.of()), eq(List.of()))).thenReturn(true);

        BuildRecording.Result result = recording.record(push("ref.abc1234"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.UNASSIGNED);
        assertThat(result.build().state()).isEqualTo(BuildState.UNASSIGNED);
        assertThat(result.build().releaseHash()).isEqualTo("abc1234");
    }

    @Test
    void theSamePushAgainChangesNothingAndDoesNotAskTheRegistry() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.of(known(Set.of("ref.abc1234"), "abc1234", BuildState.RELEASED)));

        BuildRecording.Result result = recording.record(push("ref.abc1234"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.DUPLICATE);
        verify(registry, never()).metadataOf(any(), any());
        verify(ledger, never()).addTag(any(), any(), any());
        verify(ledger, never()).recordNewBuild(any(), anyList(), anyList());
    }

    @Test
    void aSecondTagOnAKnownDigestAddsTheTagOnly() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.of(known(Set.of("ref.abc1234"), "abc1234", BuildState.RELEASED)));

        BuildRecording.Result result = recording.record(push("v1.4.0"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.TAG_ADDED);
        verify(ledger).addTag(REPO, DIGEST, "v1.4.0");
        verify(ledger, never()).release(any(), any(), any(), anyList(), anyList());
    }

    @Test
    void aKnownBuildWithoutHashGetsItsReleasesWhenAHashTagArrives() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        Build latestOnly = known(Set.of("latest"), null, BuildState.UNRELEASED);
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.of(latestOnly));
        when(ledger.release(eq(latestOnly), eq("ref.abc1234"), eq("abc1234"), anyList(), anyList())).thenReturn(true);

        BuildRecording.Result result = recording.record(push("ref.abc1234"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.RELEASED);
        assertThat(result.releases()).extracting(Release::releaseHash).containsExactly("abc1234");
        assertThat(result.releases().get(0).createdAt()).isEqualTo(PUSHED);
        verify(ledger, never()).addTag(any(), any(), any());
    }

    @Test
    void anUnreleasedBuildWhoseTagsAlreadyGiveAHashIsReleasedByTheSameEventAgain() {
        // What the tag's first delivery left when its tag and its releases were two writes and the second failed.
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        Build taggedOnly = known(Set.of("ref.abc1234"), null, BuildState.UNRELEASED);
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.of(taggedOnly));
        when(ledger.release(eq(taggedOnly), eq("ref.abc1234"), eq("abc1234"), anyList(), anyList())).thenReturn(true);

        BuildRecording.Result result = recording.record(push("ref.abc1234"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.RELEASED);
        assertThat(result.releases()).extracting(Release::releaseHash).containsExactly("abc1234");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBuildLeftReleasingIsFinishedAsItsFirstDeliveryBeganThenGetsTheNewTag() {
        Instant tagged = PUSHED.plusSeconds(60);
        RepositoryFeed autoDeployed = new RepositoryFeed(REPO, "shop", "all", API, "api", ReleaseHashRule.DEFAULT, List.of("staging"));
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(autoDeployed));
        Build releasing = known(Set.of("ref.abc1234"), "abc1234", BuildState.UNRELEASED)
                .releasing(new PendingRelease(tagged, "ref.abc1234", true));
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.of(releasing));

        BuildRecording.Result result = recording.record(push("v2"));

        ArgumentCaptor<List<Release>> releases = ArgumentCaptor.forClass(List.class);
        ArgumentCaptor<List<ReleaseSet>> sets = ArgumentCaptor.forClass(List.class);
        verify(ledger).finishRelease(eq(releasing), releases.capture(), sets.capture());
        assertThat(releases.getValue()).singleElement().satisfies(r -> assertThat(r.createdAt()).isEqualTo(tagged));
        assertThat(sets.getValue()).singleElement().satisfies(set -> {
            assertThat(set.requestedAt()).isEqualTo(tagged);
            assertThat(set.description()).startsWith("auto-deploy of shop/api:ref.abc1234 ");
        });
        verify(ledger).addTag(REPO, DIGEST, "v2");
        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.FINISHED);
        assertThat(result.build().state()).isEqualTo(BuildState.RELEASED);
        assertThat(result.build().tags()).containsExactlyInAnyOrder("ref.abc1234", "v2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anUntaggedPushIsRecordedUnreleasedEvenWithARevisionAnnotation() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.empty());
        when(registry.metadataOf(REPO, DIGEST)).thenReturn(new ImageMetadata("abc1234", null, null, null));
        when(ledger.recordNewBuild(any(), anyList(), anyList())).thenReturn(true);

        BuildRecording.Result result = recording.record(push(null));

        ArgumentCaptor<List<Release>> releases = ArgumentCaptor.forClass(List.class);
        verify(ledger).recordNewBuild(any(), releases.capture(), anyList());
        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.RECORDED);
        assertThat(result.build().state()).isEqualTo(BuildState.UNRELEASED);
        assertThat(result.build().releaseHash()).isEqualTo("abc1234");
        assertThat(releases.getValue()).isEmpty();
    }

    @Test
    void aTagOnAnUnreleasedBuildThatAnotherEventReleasedFirstOnlyAddsTheTag() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        ImageMetadata annotated = new ImageMetadata("abc1234", null, null, null);
        Build waiting = new Build(REPO, DIGEST, "uri", Set.of(), PUSHED, "abc1234", annotated, BuildState.UNRELEASED);
        Build releasedByOther = new Build(REPO, DIGEST, "uri", Set.of("v1"), PUSHED, "abc1234", annotated, BuildState.RELEASED);
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.of(waiting), Optional.of(releasedByOther));
        when(ledger.release(eq(waiting), eq("v2"), eq("abc1234"), anyList(), anyList())).thenReturn(false);

        BuildRecording.Result result = recording.record(push("v2"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.TAG_ADDED);
        verify(ledger).addTag(REPO, DIGEST, "v2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void losingTheRaceToAnotherDeliveryFallsBackToTheKnownBuild() {
        when(catalogue.feedsOf(REPO)).thenReturn(List.of(FEED));
        when(ledger.build(REPO, DIGEST)).thenReturn(Optional.empty(), Optional.of(known(Set.of("ref.abc1234"), "abc1234", BuildState.RELEASED)));
        when(registry.metadataOf(REPO, DIGEST)).thenReturn(ImageMetadata.NONE);
        when(ledger.recordNewBuild(any(), anyList(), anyList())).thenReturn(false);

        BuildRecording.Result result = recording.record(push("ref.abc1234"));

        assertThat(result.outcome()).isEqualTo(BuildRecording.Outcome.DUPLICATE);
    }
}
