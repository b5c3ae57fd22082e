package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleaseMakerTest {

    private static final Instant PUSHED = Instant.parse("2026-11-20T10:15:30Z");
    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final Service API = new Service("api", "API", List.of(new Container("api", "shop/api")));
    private static final Service WEB = new Service("web", "Web", List.of(
            new Container("app", "shop/web"), new Container("nginx", "platform/nginx")));

    private static Build build(String repository, Set<String> tags, ImageMetadata metadata) {
        return new Build(repository, DIGEST, "1.dkr.ecr.eu-west-1.amazonaws.com/" + repository, tags, PUSHED, null, metadata,
                BuildState.UNRELEASED);
    }

    private static RepositoryFeed feed(Service service, String container, String repository) {
        return new RepositoryFeed(repository, "shop", "all", service, container, ReleaseHashRule.DEFAULT, List.of());
    }

    @Test
    void theRevisionAnnotationWinsOverTheTag() {
        Build build = build("shop/api", Set.of("ref.1111111"), new ImageMetadata("2222222222", null, null, null));

        assertThat(ReleaseMaker.releaseHashOf(build, ReleaseHashRule.DEFAULT)).contains("2222222222");
    }

    @Test
    void aRevisionThatIsNoGitRefStaysMetadataAndTheTagGivesTheHash() {
        // The review's push: this revision became a release, was deployed to prod and offered in a git command.
        String hostile = "$(touch${IFS}/tmp/owned)";
        Build build = build("shop/api", Set.of("ref.1111111"), new ImageMetadata(hostile, null, null, null));

        assertThat(ReleaseMaker.releaseHashOf(build, ReleaseHashRule.DEFAULT)).contains("1111111");
        assertThat(ReleaseMaker.releaseHashOf(build("shop/api", Set.of("latest"), build.metadata()), ReleaseHashRule.DEFAULT))
                .isEmpty();
        assertThat(build.metadata().revision()).isEqualTo(hostile);
    }

    @Test
    void aSingleContainerServiceGetsThePinnedImage() {
        Build build = build("shop/api", Set.of("ref.1111111"), new ImageMetadata(null, null, null, "Fix the cart"));

        List<Release> releases = ReleaseMaker.releasesOf(build, List.of(feed(API, "api", "shop/api")), PUSHED,
                (p, s) -> { throw new AssertionError("no previous release is needed"); });

        assertThat(releases).singleElement().satisfies(release -> {
            assertThat(release.releaseHash()).isEqualTo("1111111");
            assertThat(release.images()).containsExactly(new ReleaseImage("api", "shop/api", DIGEST,
                    "1.dkr.ecr.eu-west-1.amazonaws.com/shop/api@" + DIGEST, "1111111"));
            assertThat(release.description()).isEqualTo("Fix the cart");
            assertThat(release.createdAt()).isEqualTo(PUSHED);
            assertThat(release.missingContainers(API)).isEmpty();
        });
    }

    @Test
    void otherContainersKeepThePreviousReleasesImage() {
        ReleaseImage previousNginx = new ReleaseImage("nginx", "platform/nginx", "sha256:" + "b".repeat(64), "n@sha256:b", "0000000");
        Release previous = new Release("shop", "all", "web", "0000000", List.of(previousNginx), "platform/nginx",
                previousNginx.digest(), PUSHED.minusSeconds(60), null);
        Build build = build("shop/web", Set.of("3333333"), ImageMetadata.NONE);

        List<Release> releases = ReleaseMaker.releasesOf(build, List.of(feed(WEB, "app", "shop/web")), PUSHED,
                (p, s) -> Optional.of(previous));

        assertThat(releases).singleElement().satisfies(release -> {
            assertThat(release.images()).extracting(ReleaseImage::container).containsExactly("app", "nginx");
            assertThat(release.images().get(1)).isEqualTo(previousNginx);
            assertThat(release.missingContainers(WEB)).isEmpty();
        });
    }

    @Test
    void aFirstReleaseOfAMultiContainerServiceNamesWhatIsMissing() {
        Build build = build("shop/web", Set.of("3333333"), ImageMetadata.NONE);

        Release release = ReleaseMaker.releasesOf(build, List.of(feed(WEB, "app", "shop/web")), PUSHED, (p, s) -> Optional.empty()).get(0);

        assertThat(release.missingContainers(WEB)).containsExactly("nginx");
    }

    @Test
    void oneRepositoryFeedingTwoServicesMakesTwoReleases() {
        Service other = new Service("search", "Search", List.of(new Container("nginx", "platform/nginx")));
        Build build = build("platform/nginx", Set.of("ref.4444444"), ImageMetadata.NONE);

        List<Release> releases = ReleaseMaker.releasesOf(build,
                List.of(feed(WEB, "nginx", "platform/nginx"), feed(other, "nginx", "platform/nginx")), PUSHED, (p, s) -> Optional.empty());

        assertThat(releases).extracting(Release::serviceId).containsExactly("web", "search");
    }

    @Test
    void noReleaseHashMeansNoRelease() {
        Build build = build("shop/api", Set.of("latest"), ImageMetadata.NONE);

        assertThat(ReleaseMaker.releasesOf(build, List.of(feed(API, "api", "shop/api")), PUSHED, (p, s) -> Optional.empty())).isEmpty();
    }

    @Test
    void anUntaggedBuildMakesNoReleaseEvenWithARevision() {
        Build platformManifest = build("shop/api", Set.of(), new ImageMetadata("abc1234", null, null, null));

        assertThat(ReleaseMaker.releasesOf(platformManifest, List.of(feed(API, "api", "shop/api")), PUSHED,
                (p, s) -> Optional.empty())).isEmpty();
    }

    @Test
    void releasesCarryTheTimeTheyBecameDeployable() {
        Build build = build("shop/api", Set.of("ref.1111111"), ImageMetadata.NONE);
        Instant tagged = PUSHED.plusSeconds(90);

        assertThat(ReleaseMaker.releasesOf(build, List.of(feed(API, "api", "shop/api")), tagged, (p, s) -> Optional.empty()))
                .singleElement().extracting(Release::createdAt).isEqualTo(tagged);
    }
}
