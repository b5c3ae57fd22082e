package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.ports.CatalogueChange;
import dev.harbourmaster.ports.CatalogueChange.Action;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DynamoDbCatalogueIT {

    private final Emulator emulator = new Emulator();
    private DynamoDbCatalogue catalogue;

    @BeforeEach
    void setUp() {
        catalogue = new DynamoDbCatalogue(emulator.dynamo(), emulator.newTable());
    }

    @Test
    void applyingAManifestTwiceChangesNothingTheSecondTime() {
        Project project = Fixtures.exampleProject();

        List<CatalogueChange> first = catalogue.apply(project);
        List<CatalogueChange> second = catalogue.apply(project);

        assertThat(first).extracting(CatalogueChange::action).containsOnly(Action.ADD);
        assertThat(first).extracting(CatalogueChange::toString).contains("+ Project catalogue", "+ Environment prod",
                "+ Service requests", "+ RepositoryFeed platform/nginx -> search/nginx");
        assertThat(second).isEmpty();
        assertThat(catalogue.project("catalogue")).contains(project);
    }

    @Test
    void theServicesARepositoryFeedsTakeOneQuery() {
        catalogue.apply(Fixtures.exampleProject());
        emulator.resetCalls();

        List<RepositoryFeed> feeds = catalogue.feedsOf("platform/nginx");

        assertThat(emulator.calls()).containsExactly("DynamoDb:Query");
        assertThat(feeds).extracting(f -> f.projectId() + "/" + f.service().id() + "/" + f.container())
                .containsExactly("catalogue/requests/nginx", "catalogue/search/nginx");
        assertThat(feeds.get(0).service().containers()).hasSize(2);
    }

    @Test
    void aServiceRemovedFromTheManifestIsRemovedWithItsFeeds() {
        Project project = Fixtures.exampleProject();
        catalogue.apply(project);
        ServiceSet api = project.serviceSets().get(1);
        Project withoutSearch = new Project(project.id(), project.name(), project.releaseHashRule(), project.environments(),
                List.of(project.serviceSets().get(0), new ServiceSet(api.id(), api.name(), List.of(api.services().get(0)))));

        List<CatalogueChange> plan = catalogue.plan(withoutSearch);
        List<CatalogueChange> applied = catalogue.apply(withoutSearch);

        assertThat(plan).isEqualTo(applied);
        assertThat(applied).extracting(CatalogueChange::toString).containsExactlyInAnyOrder(
                "- Service search", "- RepositoryFeed catalogue/search -> search/app",
                "- RepositoryFeed platform/nginx -> search/nginx");
    }

    @Test
    void anUnknownProjectIsEmpty() {
        assertThat(catalogue.project("nope")).isEmpty();
        assertThat(catalogue.feedsOf("nobody/feeds-this")).isEmpty();
    }
}
