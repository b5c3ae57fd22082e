package dev.harbourmaster.buildrecorder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoDeploySetsTest {

    private static final Instant PUSHED = Instant.parse("2026-11-20T10:15:30Z");
    private static final ImagePush PUSH = new ImagePush("e1", "123456789012", "eu-west-1", "platform/nginx",
            "sha256:" + "f".repeat(64), "ref.abc1234", PUSHED);

    private static RepositoryFeed feed(String service, List<String> autoDeploy) {
        return new RepositoryFeed("platform/nginx", "shop", "web", new Service(service, service,
                List.of(new Container("nginx", "platform/nginx"))), "nginx", ReleaseHashRule.DEFAULT, autoDeploy);
    }

    private static final ReleaseImage NGINX = new ReleaseImage("nginx", "platform/nginx", PUSH.digest(),
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform/nginx@" + PUSH.digest(), "abc1234");

    private static Release release(String service) {
        return new Release("shop", "web", service, "abc1234", List.of(NGINX), "platform/nginx", PUSH.digest(), PUSHED,
                "Faster TLS");
    }

    @Test
    void aReleaseStillLackingAContainersImageRequestsNoSetTheOtherServicesGoOn() {
        // nginx pushed before the app of the same commit: "api" has no app image yet; its app's push will request it.
        RepositoryFeed api = new RepositoryFeed("platform/nginx", "shop", "web", new Service("api", "api",
                List.of(new Container("app", "shop/api"), new Container("nginx", "platform/nginx"))), "nginx",
                ReleaseHashRule.DEFAULT, List.of("staging"));

        List<ReleaseSet> sets = AutoDeploySets.of(List.of(release("api"), release("site")),
                List.of(api, feed("site", List.of("staging"))), PUSH.tag());

        assertThat(sets).singleElement().satisfies(set -> assertThat(set.serviceIds()).containsExactly("site"));
        assertThat(AutoDeploySets.of(List.of(release("api")), List.of(api), PUSH.tag())).isEmpty();
    }

    @Test
    void oneSetPerAutoDeployEnvironmentHoldsThePushsReleasesOfThatProject() {
        List<ReleaseSet> sets = AutoDeploySets.of(List.of(release("api"), release("site")),
                List.of(feed("api", List.of("staging", "dev")), feed("site", List.of("staging"))), PUSH.tag());

        assertThat(sets).extracting(ReleaseSet::environmentId).containsExactly("staging", "dev");
        assertThat(sets.get(0).serviceIds()).containsExactly("api", "site");
        assertThat(sets.get(1).serviceIds()).containsExactly("api");
        assertThat(sets.get(0)).satisfies(set -> {
            assertThat(set.kind()).isEqualTo(ReleaseSetKind.DEPLOY);
            assertThat(set.status()).isEqualTo(ReleaseSetStatus.REQUESTED);
            assertThat(set.requestedBy()).isEqualTo("ecr-push");
            assertThat(set.serviceSetId()).as("only the named services: the rest keep what runs").isNull();
            assertThat(set.requestedAt()).isEqualTo(PUSHED);
            assertThat(set.description()).isEqualTo("auto-deploy of platform/nginx:ref.abc1234 (api abc1234: Faster TLS; site abc1234: Faster TLS)");
        });
    }

    @Test
    void theSamePushRequestsTheSameSetIdsNamingTheirEnvironment() {
        List<RepositoryFeed> feeds = List.of(feed("api", List.of("staging")));

        String id = AutoDeploySets.of(List.of(release("api")), feeds, PUSH.tag()).get(0).id();
        assertThat(id).isEqualTo(AutoDeploySets.of(List.of(release("api")), feeds, PUSH.tag()).get(0).id())
                .startsWith("shop/staging/");
        assertThat(ReleaseSetIds.scope(id)).contains(new ReleaseSetIds.Scope("shop", "staging"));
        assertThat(Ulid.isValid(ReleaseSetIds.ulid(id))).isTrue();
    }

    @Test
    void noAutoDeployEnvironmentMeansNoSet() {
        assertThat(AutoDeploySets.of(List.of(release("api")), List.of(feed("api", List.of())), PUSH.tag())).isEmpty();
    }
}
