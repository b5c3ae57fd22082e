package dev.harbourmaster.cli.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.manifest.ManifestParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * weco-deploy's .wellcome_project (written like its own examples) as a harbourmaster.yml that
 * ManifestParser accepts: what maps, the placeholders to fill in, and what does not map, with why.
 */
class WecoManifestTest {

    static Path fixture() {
        try {
            return Path.of(WecoManifestTest.class.getResource("/weco/wellcome_project.yml").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WecoManifest.Mapping map(String project) {
        return WecoManifest.map(WecoConfig.read(fixture()).project(project), ".wellcome_project");
    }

    private static Project parsed(WecoManifest.Mapping mapping) throws Exception {
        return new ManifestParser().parse("harbourmaster.yml", mapping.text());
    }

    @Test
    void weCoDeploysOwnExampleProjectsAreReadAsItReadThem() {
        WecoConfig file = WecoConfig.read(fixture());

        assertThat(file.projects()).containsOnlyKeys("calm_adapter", "sierra_adapter", "catalogue_api");
        WecoConfig.Project calm = file.project("calm_adapter");
        assertThat(calm.name()).isEqualTo("Calm Adapter");
        assertThat(calm.region()).isEqualTo("us-east-1");
        assertThat(calm.regionFrom()).isEqualTo("aws_region_name");
        assertThat(calm.environments()).containsExactly(new WecoConfig.Environment("prod", "Production"));
        assertThat(calm.imageRepositories()).extracting(WecoConfig.ImageRepository::id, WecoConfig.ImageRepository::services)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("calm_adapter", List.of("calm-adapter")),
                        org.assertj.core.groups.Tuple.tuple("calm_deletion_checker", List.of()));
        assertThat(file.project("sierra_adapter").region()).as("weco-deploy's default applies later").isNull();
        assertThat(file.project("catalogue_api").unknownKeys()).containsExactly("slack_channel");
    }

    @Test
    void sierraAdapterBecomesAManifestWithOneServiceSetAndAPlaceholderClusterPerEnvironment() throws Exception {
        WecoManifest.Mapping mapping = map("sierra_adapter");
        Project project = parsed(mapping);

        assertThat(project.id()).isEqualTo("sierra_adapter");
        assertThat(project.name()).isEqualTo("Sierra Adapter");
        assertThat(project.environments()).extracting(Environment::id, Environment::name, Environment::cluster,
                Environment::ecsServiceName).containsExactly(
                org.assertj.core.groups.Tuple.tuple("prod", "Production", "FILL-IN-cluster-of-prod", "{service}-{env}"),
                org.assertj.core.groups.Tuple.tuple("staging", "Staging", "FILL-IN-cluster-of-staging", "{service}-{env}"));
        assertThat(project.environments()).extracting(Environment::placement).containsOnly(
                new Placement("760097843905", "eu-west-1", "arn:aws:iam::760097843905:role/platform-ci"));
        assertThat(project.serviceSets()).singleElement().satisfies(set -> {
            assertThat(set.id()).isEqualTo("sierra_adapter");
            assertThat(set.services()).extracting(Service::id).containsExactly("bibs-merger", "items-merger", "holdings-merger");
            assertThat(set.services()).flatExtracting(Service::containers).containsOnly(
                    new Container("bibs-merger", "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/sierra_merger"),
                    new Container("items-merger", "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/sierra_merger"),
                    new Container("holdings-merger", "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/sierra_merger"));
        });
        assertThat(mapping.fillIn()).extracting(WecoManifest.Note::what).containsExactly("environments[].region",
                "environments[].roleArn", "environments[prod].cluster", "environments[staging].cluster",
                "serviceSets[].services[]", "environments[].ecsServiceName");
        assertThat(mapping.fillIn().get(0).why()).contains("weco-deploy's default eu-west-1");
        assertThat(mapping.text()).contains("    # FILL IN: the ECS cluster. weco-deploy found services tagged"
                + " deployment:env=prod in every cluster.\n    cluster: FILL-IN-cluster-of-prod\n");
    }

    @Test
    void aServiceFedByTwoRepositoriesHasAContainerForEachAndPerRepositoryAccountsNameTheRegistry() throws Exception {
        WecoManifest.Mapping mapping = map("catalogue_api");
        Project project = parsed(mapping);

        String platform = "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/";
        assertThat(project.service("search-api").orElseThrow().containers()).containsExactly(
                new Container("search", "756629837203.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/search"),
                new Container("nginx_apigw", platform + "nginx_apigw"));
        assertThat(project.service("items-api").orElseThrow().containers()).containsExactly(
                new Container("nginx_apigw", platform + "nginx_apigw"), new Container("items", platform + "items"));
        assertThat(project.environments()).extracting(Environment::placement).containsOnly(
                new Placement("756629837203", "eu-west-1", "arn:aws:iam::756629837203:role/catalogue-ci"));
        assertThat(mapping.environments()).containsExactly(java.util.Map.entry("stage", "stage"), java.util.Map.entry("prod", "prod"));
        assertThat(mapping.feeds().get("nginx_apigw")).extracting(WecoManifest.Feed::serviceId, WecoManifest.Feed::container)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("search-api", "nginx_apigw"),
                        org.assertj.core.groups.Tuple.tuple("items-api", "nginx_apigw"));
        assertThat(mapping.notMapped()).extracting(WecoManifest.Note::what).containsExactly(
                "image_repositories[items].role_arn", "env.<environment> tags", "slack_channel");
    }

    @Test
    void whatCannotBeMappedIsListedWithTheReason() throws Exception {
        WecoManifest.Mapping mapping = map("calm_adapter");
        parsed(mapping);

        assertThat(mapping.notMapped()).extracting(WecoManifest.Note::toString).containsExactly(
                "image_repositories[calm_deletion_checker]: feeds no service in .wellcome_project (weco-deploy only moved"
                        + " its env.* tags): Harbourmaster deploys ECS services, so it is left out",
                "env.<environment> tags: weco-deploy deployed by moving the floating ECR tag env.<id> and forcing a new ECS"
                        + " deployment of services whose task definitions ran :env.<id>; Harbourmaster registers a task"
                        + " definition revision pinned to the image digest instead, and moves no tag");
        assertThat(mapping.text()).doesNotContain("calm_deletion_checker")
                .contains("repository: 123456789012.dkr.ecr.us-east-1.amazonaws.com/uk.ac.wellcome/calm_adapter");
    }

    @Test
    void aRoleTheManifestCannotTakeIsLeftOutAndSaidAndTheManifestStillParses() throws Exception {
        // tests/conftest.py's role: a ten-digit account, which IAM never has.
        WecoConfig file = WecoConfig.parse(Path.of(".wellcome_project"), """
                example_project:
                  environments:
                    - id: Prod
                      name: Production
                  image_repositories:
                    - id: example_project
                      services:
                        - id: Example.Service
                  name: Example Project
                  role_arn: arn:aws:iam::1234567890:role/role-abc
                """);
        WecoManifest.Mapping mapping = WecoManifest.map(file.project(null), ".wellcome_project");
        Project project = parsed(mapping);

        assertThat(project.environments()).extracting(Environment::id, Environment::placement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("prod", new Placement(null, "eu-west-1", null)));
        assertThat(project.service("example-service")).isPresent();
        assertThat(project.serviceSets().get(0).services().get(0).containers().get(0).repository())
                .as("no account: the stack's own registry").isEqualTo("uk.ac.wellcome/example_project");
        assertThat(mapping.notMapped()).extracting(WecoManifest.Note::toString).contains(
                "role_arn: 'arn:aws:iam::1234567890:role/role-abc' is not an IAM role ARN the manifest accepts"
                        + " (arn:aws:iam::<12 digits>:role/NAME): the environments get no roleArn",
                "environments[Prod].id: 'Prod' is not a Harbourmaster id (lower-case letters, digits, '-', '_'):"
                        + " written as 'prod'");
        assertThat(mapping.fillIn()).extracting(WecoManifest.Note::what).contains("repository uk.ac.wellcome/example_project");
    }

    @Test
    void aProjectWithNoEnvironmentsOrServicesMakesAManifestThatDoesNotParseAndSaysWhy() {
        // weco-deploy's defaults (tests/test_models.py): no environments, no image repositories.
        WecoConfig file = WecoConfig.parse(Path.of(".wellcome_project"), """
                example_project:
                  name: Example Project
                  role_arn: arn:aws:iam::123456789012:role/example-ci
                """);
        WecoManifest.Mapping mapping = WecoManifest.map(file.project("example_project"), ".wellcome_project");

        assertThatThrownBy(() -> parsed(mapping)).hasMessageContaining("environments: must not be empty")
                .hasMessageContaining("serviceSets: must not be empty");
        assertThat(mapping.notMapped()).extracting(WecoManifest.Note::what).contains("environments", "image_repositories");
    }

    @Test
    void badFilesAreRefusedWithEveryProblemAndTheFix() {
        assertThatThrownBy(() -> WecoConfig.parse(Path.of(".wellcome_project"), """
                example_project:
                  environments:
                    - id: prod
                      name: Production
                    - id: prod
                      name: Production
                  image_repositories:
                    - services: [{id: x}]
                    - id: b
                      services: nope
                """)).isInstanceOf(CliException.class).satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2))
                .hasMessage(String.join(System.lineSeparator(), ".wellcome_project: 3 problems",
                        "  example_project.environments[1].id: duplicate environment id 'prod' (weco-deploy refused it too)",
                        "  example_project.image_repositories[0].id: missing",
                        "  example_project.image_repositories[1].services: must be a list of mappings (- id: …), not 'nope'",
                        "Fix .wellcome_project and run the command again."));
        assertThatThrownBy(() -> WecoConfig.parse(Path.of(".wellcome_project"), "test_project: true"))
                .hasMessageContaining("test_project: a project's configuration must be a mapping");
        assertThatThrownBy(() -> WecoConfig.parse(Path.of(".wellcome_project"), "- just\n- a list\n"))
                .hasMessageContaining("not a weco-deploy project file");
    }
}
