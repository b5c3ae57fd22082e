package dev.harbourmaster.cli.importing;

import static dev.harbourmaster.cli.importing.WecoItems.ALICE;
import static dev.harbourmaster.cli.importing.WecoItems.BOB;
import static dev.harbourmaster.cli.importing.WecoItems.CI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** weco-deploy's release store items as release sets of kind IMPORTED: who, why and when as it recorded them. */
class WecoHistoryTest {

    private static final String PLATFORM = "760097843905.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/";
    private static final String CATALOGUE = "756629837203.dkr.ecr.eu-west-1.amazonaws.com/uk.ac.wellcome/";

    private final WecoManifest.Mapping mapping = WecoManifest.map(
            WecoConfig.read(WecoManifestTest.fixture()).project("catalogue_api"), ".wellcome_project");

    private WecoHistory.Result imported() {
        return new WecoHistory("catalogue_api", mapping, List.of("stage", "prod")).sets(WecoItems.catalogueApiHistory());
    }

    @Test
    void eachDeploymentIsAnImportedSetWithWhoWhyAndWhenAsRecordedAndNoOutcome() {
        WecoHistory.Result result = imported();

        assertThat(result.releases()).isEqualTo(4);
        assertThat(result.deployments()).isEqualTo(5);
        assertThat(result.otherProjects()).isEqualTo(1);
        assertThat(result.sets()).extracting(ReleaseSet::environmentId, ReleaseSet::requestedAt, ReleaseSet::requestedBy,
                ReleaseSet::description).containsExactly(
                tuple("stage", Instant.parse("2020-10-01T12:00:00.500Z"), CI, "No description provided"),
                tuple("stage", Instant.parse("2021-03-01T10:05:00.654Z"), ALICE, "Deploy the search relevance change"),
                tuple("prod", Instant.parse("2021-03-02T09:00:00Z"), BOB, "Promote search relevance to prod"),
                tuple("stage", Instant.parse("2021-04-01T15:10:00Z"), BOB, "Snapshot and search together"));
        assertThat(result.sets()).allSatisfy(set -> {
            assertThat(set.kind()).isEqualTo(ReleaseSetKind.IMPORTED);
            assertThat(set.status()).as("weco-deploy never recorded an outcome").isEqualTo(ReleaseSetStatus.UNKNOWN);
            assertThat(set.requestedByArn()).isEqualTo(set.requestedBy());
            assertThat(set.projectId()).isEqualTo("catalogue_api");
            assertThat(ReleaseSetIds.scope(set.id())).hasValue(new ReleaseSetIds.Scope("catalogue_api", set.environmentId()));
            assertThat(ReleaseSetIds.isValid(set.id())).isTrue();
        });
    }

    @Test
    void theReleasesAreTheImagesTheReleaseNamedPerServiceByTagWithTheServicesOwnImageNamingTheRelease() {
        ReleaseSet stage = imported().sets().get(1);

        assertThat(stage.serviceSetId()).as("every service of the project").isEqualTo("catalogue_api");
        assertThat(stage.releases()).extracting(Release::serviceId, Release::releaseHash).containsExactly(
                tuple("search-api", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"),
                tuple("items-api", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"));
        assertThat(stage.releases().get(0).images()).containsExactly(
                new ReleaseImage("nginx_apigw", PLATFORM + "nginx_apigw", null, PLATFORM + "nginx_apigw:" + WecoItems.NGINX,
                        "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"),
                new ReleaseImage("search", CATALOGUE + "search", null, CATALOGUE + "search:" + WecoItems.SEARCH,
                        "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"));
        assertThat(stage.releases().get(0).createdAt()).isEqualTo(Instant.parse("2021-03-01T10:00:00.123Z"));
        // The older form: the whole ECR URI.
        assertThat(imported().sets().get(0).releases()).extracting(Release::serviceId, Release::releaseHash).containsExactly(
                tuple("items-api", "c3d4e5f60718293a4b5c6d7e8f90123456789012"),
                tuple("search-api", "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"));
    }

    @Test
    void theReasonSaysWhatWecoDeployRecordedBesides() {
        List<ReleaseSet> sets = imported().sets();

        assertThat(sets.get(1).statusReason()).isEqualTo("imported from weco-deploy, which recorded no outcome; release"
                + " 5b0c2e64-8d7e-4b2a-9a55-1f0e2d3c4b5a (prepared 2021-03-01T10:00:00.123456 by " + ALICE
                + ": Release based on latest); ECS deployments it started: search catalogue-stage/search-api ecs-svc/"
                + Math.abs(("search-api" + "stage" + WecoItems.SEARCH).hashCode())
                + "; tags already in place, nothing rolled: nginx_apigw");
        assertThat(sets.get(0).statusReason()).startsWith("imported from weco-deploy, which recorded no outcome; release"
                + " 0f6c7a52-3e8e-4c4e-8d0b-6a7d1c2b3a49 (prepared 2020-10-01T11:59:00.000000 by " + CI + ");");
    }

    @Test
    void whatCannotBeImportedIsListedWithWhy() {
        assertThat(imported().skipped()).extracting(WecoManifest.Note::toString).containsExactly(
                "image snapshot_generator: in 1 release, but it feeds no service of the manifest: left out of their sets",
                "environment test: 1 deployment not imported: not an environment of the project file");
    }

    @Test
    void importingAgainMakesTheSameIds() {
        assertThat(imported().sets()).extracting(ReleaseSet::id).isEqualTo(imported().sets().stream().map(ReleaseSet::id).toList())
                .doesNotHaveDuplicates();
    }

    @Test
    void environmentsTheRegisteredProjectLacksAreLeftOutAndSaid() {
        WecoHistory.Result result = new WecoHistory("catalogue_api", mapping, List.of("stage"))
                .sets(WecoItems.catalogueApiHistory());

        assertThat(result.sets()).extracting(ReleaseSet::environmentId).containsOnly("stage");
        assertThat(result.skipped()).extracting(WecoManifest.Note::toString)
                .contains("environment prod: 1 deployment not imported: the registered project has no environment prod");
    }

    @Test
    void pythonsIsoFormatIsReadAsUtcToTheMillisecond() {
        assertThat(WecoHistory.time("2021-03-01T10:05:00.654321")).isEqualTo(Instant.parse("2021-03-01T10:05:00.654Z"));
        assertThat(WecoHistory.time("2021-03-01T10:05:00")).isEqualTo(Instant.parse("2021-03-01T10:05:00Z"));
        assertThat(WecoHistory.time("2021-03-01T10:05:00+01:00")).isEqualTo(Instant.parse("2021-03-01T09:05:00Z"));
        assertThat(WecoHistory.time("yesterday")).isNull();
    }
}
