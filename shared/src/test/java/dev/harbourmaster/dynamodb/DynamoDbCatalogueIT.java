package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.CatalogueChange;
import dev.harbourmaster.ports.CatalogueChange.Action;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbCatalogueIT {

    private final Emulator emulator = new Emulator();
    private DynamoDbCatalogue catalogue;
    private String table;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        catalogue = new DynamoDbCatalogue(emulator.dynamo(), table);
    }

    @Test
    void anApplyThatChangesSomethingKeepsWhoAppliedItAndARerunByAnotherChangesNothing() {
        Project project = Fixtures.exampleProject();
        Catalogue.AppliedBy ada = new Catalogue.AppliedBy("ada", "arn:aws:iam::123456789012:user/ada",
                Instant.parse("2026-11-20T10:00:00Z"));
        catalogue.apply(project, ada);
        List<ServiceSet> fewer = project.serviceSets().subList(0, 1);
        Project smaller = new Project(project.id(), project.name(), project.releaseHashRule(), project.environments(), fewer);

        assertThat(catalogue.apply(project, new Catalogue.AppliedBy("bob", "arn:aws:iam::123456789012:user/bob",
                Instant.parse("2026-11-20T11:00:00Z")))).isEmpty();
        assertThat(projectItem()).containsEntry("appliedBy", AttributeValue.fromS("ada"))
                .containsEntry("appliedByArn", AttributeValue.fromS("arn:aws:iam::123456789012:user/ada"));
        assertThat(catalogue.apply(smaller, new Catalogue.AppliedBy("carol", "arn:aws:iam::123456789012:user/carol",
                Instant.parse("2026-11-20T12:00:00Z")))).isNotEmpty();
        assertThat(projectItem()).as("a change that only removes still records who made it")
                .containsEntry("appliedByArn", AttributeValue.fromS("arn:aws:iam::123456789012:user/carol"))
                .containsEntry("appliedAt", AttributeValue.fromS("2026-11-20T12:00:00.000Z"));
        assertThat(catalogue.project("catalogue")).contains(smaller);
    }

    private Map<String, AttributeValue> projectItem() {
        return emulator.dynamo().getItem(b -> b.tableName(table).key(Map.of("PK", AttributeValue.fromS("PROJECT#catalogue"),
                "SK", AttributeValue.fromS("PROJECT")))).item();
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
    void movingAnEnvironmentToAnotherAccountIsOneChangeOfItsItemAndReadsBack() {
        Project project = Fixtures.exampleProject();
        catalogue.apply(project);
        Environment prod = project.environment("prod").orElseThrow();
        Placement elsewhere = new Placement("210987654321", "us-east-1", "arn:aws:iam::210987654321:role/Deployer");
        Project moved = new Project(project.id(), project.name(), project.releaseHashRule(), List.of(
                project.environment("staging").orElseThrow(), new Environment(prod.id(), prod.name(), prod.cluster(),
                        prod.ecsServiceName(), prod.autoDeploy(), prod.approval(), elsewhere)), project.serviceSets());

        assertThat(catalogue.plan(moved)).extracting(CatalogueChange::toString).containsExactly("~ Environment prod");
        catalogue.apply(moved);

        assertThat(catalogue.project("catalogue").orElseThrow().environment("prod").orElseThrow().placement())
                .isEqualTo(elsewhere);
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
