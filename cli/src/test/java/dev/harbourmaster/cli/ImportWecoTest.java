package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.cli.importing.WecoItems;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ReleaseSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * hm import weco without AWS: the manifest it writes (and never overwrites without --force), what it
 * lists, its errors and exit codes; the history read page by page from a stand-in for weco-deploy's
 * table, written with conditional puts, and nothing written by --dry-run.
 */
class ImportWecoTest {

    @TempDir
    Path dir;

    private final Session session = mock(Session.class);
    private final HmRunner hm = new HmRunner(session);
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final Catalogue catalogue = mock(Catalogue.class);
    private final List<ScanRequest> scans = new ArrayList<>();
    private Path config;
    private Path manifest;

    @BeforeEach
    void aProjectFile() throws Exception {
        config = dir.resolve(".wellcome_project");
        Files.copy(Path.of(getClass().getResource("/weco/wellcome_project.yml").toURI()), config);
        manifest = dir.resolve("harbourmaster.yml");
    }

    private HmRunner.Run importing(String... more) {
        List<String> args = new ArrayList<>(List.of("import", "weco", "--config", config.toString(), "--manifest",
                manifest.toString()));
        args.addAll(List.of(more));
        return hm.run(args.toArray(String[]::new));
    }

    /** weco-deploy's table, two items a page (a Scan pages by size; the import must follow LastEvaluatedKey). */
    private void wecoTable(List<Map<String, AttributeValue>> items) {
        DynamoDbClient dynamo = new DynamoDbClient() {
            @Override
            public ScanResponse scan(ScanRequest request) {
                scans.add(request);
                int from = request.hasExclusiveStartKey() ? Integer.parseInt(request.exclusiveStartKey().get("page").n()) : 0;
                int to = Math.min(items.size(), from + 2);
                ScanResponse.Builder page = ScanResponse.builder().items(items.subList(from, to)).count(to - from);
                if (to < items.size()) {
                    page.lastEvaluatedKey(Map.of("page", AttributeValue.fromN(Integer.toString(to))));
                }
                return page.build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {}
        };
        when(session.dynamo()).thenReturn(dynamo);
        when(session.releaseSets(anyString())).thenReturn(releaseSets);
        when(session.catalogue(anyString())).thenReturn(catalogue);
    }

    @Test
    void theManifestIsWrittenParsesAndAnImportAgainLeavesItAsItIs() throws Exception {
        HmRunner.Run run = importing("--weco-project", "catalogue_api");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Project project = new ManifestParser().parse(manifest);
        assertThat(project.id()).isEqualTo("catalogue_api");
        assertThat(run.out()).contains("weco-deploy project catalogue_api (" + config + "): 2 environments,"
                        + " 3 image repositories, 2 services",
                "Manifest " + manifest + ": written",
                "Fill in or check before hm project apply:",
                "  environments[stage].cluster: weco-deploy names no cluster: it looked for services tagged"
                        + " deployment:env=stage in every cluster of the account; write the cluster they run in (aws ecs list-clusters)",
                "Not mapped:",
                "  slack_channel: not a key weco-deploy read: left out",
                "Next: fill in the FILL-IN placeholders of " + manifest + ", then hm project apply -f " + manifest
                        + "; import the history with --weco-table wellcome-releases-catalogue_api");
        verify(session, never()).dynamo();

        String written = Files.readString(manifest);
        HmRunner.Run again = importing("--weco-project", "catalogue_api");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Manifest " + manifest + ": unchanged, already what this import makes");
        assertThat(Files.readString(manifest)).isEqualTo(written);
    }

    @Test
    void aManifestThatDiffersIsNeverOverwrittenWithoutForce() throws Exception {
        Files.writeString(manifest, "# mine, with the clusters filled in\n");

        HmRunner.Run refused = importing("--weco-project", "calm_adapter");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("hm: " + manifest + " exists and is not what this import makes (edited since,"
                + " or another project's): nothing was written; pass --force to overwrite it, --manifest FILE to write"
                + " another, or --history-only to keep it and import the history alone" + System.lineSeparator());
        assertThat(Files.readString(manifest)).isEqualTo("# mine, with the clusters filled in\n");

        HmRunner.Run forced = importing("--weco-project", "calm_adapter", "--force");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.out()).contains(": overwritten (--force)");
        assertThat(new ManifestParser().parse(manifest).id()).isEqualTo("calm_adapter");
    }

    @Test
    void aDryRunPrintsTheManifestAndWritesNothing() {
        HmRunner.Run run = importing("--weco-project", "sierra_adapter", "--dry-run");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Manifest " + manifest + ": would be written (dry run, nothing written):",
                "    project:\n      id: sierra_adapter\n", "    cluster: FILL-IN-cluster-of-prod");
        assertThat(manifest).doesNotExist();
    }

    @Test
    void theJsonDocumentHasTheManifestTheFillInsAndWhatWasNotMapped() {
        JsonNode json = importing("--weco-project", "calm_adapter", "--dry-run", "-o", "json").json();

        assertThat(json.path("project").asText()).isEqualTo("calm_adapter");
        assertThat(json.path("wecoProject").asText()).isEqualTo("calm_adapter");
        assertThat(json.path("dryRun").asBoolean()).isTrue();
        assertThat(json.path("manifest").path("action").asText()).isEqualTo("WOULD_WRITE");
        assertThat(json.path("manifest").path("text").asText()).startsWith("# harbourmaster.yml for weco-deploy's project");
        assertThat(json.path("fillIn").get(0).path("what").asText()).isEqualTo("environments[].roleArn");
        assertThat(json.path("notMapped").get(0).path("what").asText()).isEqualTo("image_repositories[calm_deletion_checker]");
        assertThat(json.path("history").isNull()).isTrue();
    }

    @Test
    void badInputIsOneLineNamingTheFixAndExit2() throws Exception {
        HmRunner.Run missing = hm.run("import", "weco", "--config", dir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("hm: " + dir.resolve("nowhere") + ": file not found; pass weco-deploy's"
                + " project file with --config PATH");

        Files.writeString(config, "catalogue:\n  environments: [\n");
        HmRunner.Run malformed = importing();
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).startsWith("hm: " + config + ": line 3, column 1: not valid YAML:")
                .contains("fix the file");

        Files.copy(Path.of(getClass().getResource("/weco/wellcome_project.yml").toURI()), config,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        HmRunner.Run unknown = importing("--weco-project", "calm-adapter");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("hm: project 'calm-adapter' is not in " + config + "; its projects are"
                + " calm_adapter, sierra_adapter, catalogue_api; did you mean calm_adapter? (pass one with --weco-project ID)"
                + System.lineSeparator());

        HmRunner.Run several = importing();
        assertThat(several.exitCode()).isEqualTo(2);
        assertThat(several.err()).contains("has 3 projects (calm_adapter, sierra_adapter, catalogue_api): choose one"
                + " with --weco-project ID");

        Files.writeString(config, "example_project:\n  name: Example Project\n");
        HmRunner.Run empty = importing();
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("environments: must not be empty", "The manifest made from " + config
                + " would not parse, so it was not written: fix what it names in " + config);

        HmRunner.Run historyOnly = importing("--weco-project", "calm_adapter", "--history-only");
        assertThat(historyOnly.exitCode()).isEqualTo(2);
        assertThat(historyOnly.err()).contains("--history-only imports the history of weco-deploy's table: name it with"
                + " --weco-table NAME");
        assertThat(manifest).doesNotExist();
        verify(session, never()).dynamo();
    }

    @Test
    void helpExitsZeroWithExamples() {
        HmRunner.Run run = hm.run("import", "weco", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--config", "--weco-table", "--dry-run", "--force", "Examples:",
                "hm import weco --config .wellcome_project --dry-run");
        assertThat(hm.run("import", "--help").exitCode()).isZero();
    }

    @Test
    void theHistoryIsReadPageByPageAndEachSetWrittenWithAConditionalPut() {
        wecoTable(WecoItems.catalogueApiHistory());
        when(catalogue.project("catalogue_api")).thenReturn(Optional.empty());
        when(releaseSets.request(any())).thenReturn(true);

        HmRunner.Run run = importing("--weco-project", "catalogue_api", "--weco-table", "wellcome-releases-catalogue_api",
                "--table", "harbourmaster-test");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(scans).hasSize(3).allSatisfy(s -> assertThat(s.tableName()).isEqualTo("wellcome-releases-catalogue_api"));
        verify(session).releaseSets("harbourmaster-test");
        verify(releaseSets, times(4)).request(any(ReleaseSet.class));
        assertThat(run.out()).contains("History from wellcome-releases-catalogue_api: 4 releases with 5 deployments"
                        + " (5 items in 3 pages; 1 of other projects left alone)",
                "  4 release sets of kind IMPORTED: 4 written, 0 already imported",
                "    environment test: 1 deployment not imported: not an environment of the project file",
                "    project catalogue_api: not registered yet: hm history shows its sets once it is (hm project apply -f "
                        + manifest + ")",
                "see it with hm history --project catalogue_api");
    }

    @Test
    void aDryRunOfTheHistoryOnlyReadsAndSaysWhatItWouldWrite() {
        wecoTable(WecoItems.catalogueApiHistory());
        when(catalogue.project("catalogue_api")).thenReturn(Optional.empty());
        List<String> asked = new ArrayList<>();
        when(releaseSets.releaseSet(anyString())).thenAnswer(call -> {
            asked.add(call.getArgument(0));
            return asked.size() == 1 ? Optional.of(mock(ReleaseSet.class)) : Optional.empty();
        });

        HmRunner.Run run = importing("--weco-project", "catalogue_api", "--weco-table", "wellcome-releases-catalogue_api",
                "--history-only", "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        verify(releaseSets, never()).request(any());
        assertThat(asked).hasSize(4);
        assertThat(manifest).doesNotExist();
        assertThat(run.out()).contains("Manifest " + manifest + ": not written (--history-only)",
                "  4 release sets of kind IMPORTED: 3 would be written (dry run, nothing written), 1 already imported",
                "    2021-03-01T10:05:00.654Z  stage  " + WecoItems.ALICE + "  Deploy the search relevance change"
                        + "  (search-api, items-api)")
                .doesNotContain("Fill in or check");
    }
}
