package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.cli.importing.WecoItems;
import dev.harbourmaster.testing.Emulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * hm import weco against the emulator: weco-deploy's release store made as weco-deploy made it (its
 * _create_table: key release_id, project_gsi and deployment_gsi) and filled with releases in its item
 * shape; the manifest the import writes taken by hm project apply as it is; the history read back through
 * hm history and hm show with who, why and when; a dry run and a second import write nothing.
 */
class ImportWecoIT {

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private final HmRunner hm = new HmRunner(new Session() {
        @Override
        public synchronized DynamoDbClient dynamo() {
            return emulator.dynamo();
        }
    });
    private String table;
    private String wecoTable;
    private Path config;
    private Path manifest;

    private HmRunner.Run hm(String... args) {
        return hm.succeeds(table, args);
    }

    @BeforeEach
    void wecoDeploysTableAndProjectFile() throws Exception {
        table = emulator.newTable();
        wecoTable = "wellcome-releases-catalogue_api-" + UUID.randomUUID();
        emulator.dynamo().createTable(b -> b.tableName(wecoTable)
                .keySchema(key("release_id", KeyType.HASH))
                .attributeDefinitions(attribute("release_id"), attribute("project_id"), attribute("date_created"),
                        attribute("last_date_deployed"))
                .globalSecondaryIndexes(index("project_gsi", "date_created"), index("deployment_gsi", "last_date_deployed"))
                .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L)));
        for (Map<String, AttributeValue> item : WecoItems.catalogueApiHistory()) {
            emulator.dynamo().putItem(b -> b.tableName(wecoTable).item(item));
        }
        config = dir.resolve(".wellcome_project");
        Files.copy(Path.of(getClass().getResource("/weco/wellcome_project.yml").toURI()), config);
        manifest = dir.resolve("harbourmaster.yml");
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static GlobalSecondaryIndex index(String name, String range) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(key("project_id", KeyType.HASH), key(range, KeyType.RANGE))
                .projection(p -> p.projectionType(ProjectionType.ALL))
                .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L)).build();
    }

    private HmRunner.Run importing(String... more) {
        List<String> args = new ArrayList<>(List.of("import", "weco", "--config", config.toString(), "--weco-project",
                "catalogue_api", "--manifest", manifest.toString()));
        args.addAll(List.of(more));
        return hm(args.toArray(String[]::new));
    }

    /** Every item of Harbourmaster's table, in key order: what a write would change. */
    private List<Map<String, AttributeValue>> everything() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        emulator.dynamo().scanPaginator(b -> b.tableName(table)).forEach(page -> items.addAll(page.items()));
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("PK").s()).thenComparing(i -> i.get("SK").s()));
        return items;
    }

    @Test
    void theHistoryReadsBackThroughHmHistoryWithWhoWhyAndWhenAndASecondImportChangesNothing() throws Exception {
        importing();
        assertThat(hm("project", "apply", "-f", manifest.toString(), "--dry-run").out())
                .as("apply takes the manifest as it is").contains("Project catalogue_api: ");
        hm("project", "apply", "-f", manifest.toString());
        List<Map<String, AttributeValue>> registered = everything();

        HmRunner.Run dryRun = importing("--weco-table", wecoTable, "--history-only", "--dry-run");
        assertThat(dryRun.out()).contains("History from " + wecoTable + ": 4 releases with 5 deployments (5 items in 1 page;"
                        + " 1 of other projects left alone)",
                "  4 release sets of kind IMPORTED: 4 would be written (dry run, nothing written), 0 already imported");
        assertThat(everything()).as("a dry run writes nothing").isEqualTo(registered);

        HmRunner.Run imported = importing("--weco-table", wecoTable, "--history-only");
        assertThat(imported.out()).contains("  4 release sets of kind IMPORTED: 4 written, 0 already imported",
                "    image snapshot_generator: in 1 release, but it feeds no service of the manifest: left out of their sets",
                "    environment test: 1 deployment not imported: not an environment of the project file");

        JsonNode history = hm("history", "--project", "catalogue_api", "-o", "json").json().get("releaseSets");
        assertThat(history).hasSize(4);
        JsonNode newest = history.get(0);
        assertThat(newest.path("kind").asText()).isEqualTo("IMPORTED");
        assertThat(newest.path("status").asText()).as("weco-deploy recorded no outcome").isEqualTo("UNKNOWN");
        assertThat(newest.path("environment").asText()).isEqualTo("stage");
        assertThat(newest.path("requestedAt").asText()).isEqualTo("2021-04-01T15:10:00.000Z");
        assertThat(newest.path("requestedBy").asText()).isEqualTo(WecoItems.BOB);
        assertThat(newest.path("description").asText()).isEqualTo("Snapshot and search together");
        assertThat(newest.path("statusReason").asText()).startsWith("imported from weco-deploy, which recorded no outcome;"
                + " release c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f");
        assertThat(history.get(1).path("requestedBy").asText()).isEqualTo(WecoItems.BOB);
        assertThat(history.get(1).path("environment").asText()).isEqualTo("prod");
        assertThat(history.get(2).path("description").asText()).isEqualTo("Deploy the search relevance change");
        assertThat(history.get(2).path("requestedBy").asText()).isEqualTo(WecoItems.ALICE);
        assertThat(history.get(2).path("requestedAt").asText()).isEqualTo("2021-03-01T10:05:00.654Z");
        assertThat(history.get(2).path("releases").get(0).path("releaseHash").asText())
                .isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
        assertThat(history.get(3).path("requestedAt").asText()).isEqualTo("2020-10-01T12:00:00.500Z");

        String prod = hm("history", "--project", "catalogue_api", "--env", "prod", "--wide").out();
        assertThat(prod).contains("IMPORTED", "UNKNOWN", WecoItems.BOB, "Promote search relevance to prod");

        String id = history.get(2).path("id").asText();
        String shown = hm("show", id).out();
        assertThat(shown).contains("IMPORTED, service set catalogue_api",
                "UNKNOWN: imported from weco-deploy, which recorded no outcome;",
                "ECS deployments it started: search catalogue-stage/search-api",
                "not recorded (imported history)");

        List<Map<String, AttributeValue>> once = everything();
        HmRunner.Run again = importing("--weco-table", wecoTable, "--history-only");
        assertThat(again.out()).contains("  4 release sets of kind IMPORTED: 0 written, 4 already imported");
        assertThat(everything()).as("a second import changes nothing").isEqualTo(once);

        assertThat(hm("status", "--project", "catalogue_api").out()).as("imported sets wait for nothing")
                .doesNotContain("REQUESTED", "no deployer has claimed it");
    }

    @Test
    void aTableThatIsNotThereIsNamedWithWhereWecoDeployKeptIt() {
        HmRunner.Run run = hm.run("import", "weco", "--config", config.toString(), "--weco-project", "catalogue_api",
                "--manifest", manifest.toString(), "--weco-table", "wellcome-releases-nowhere", "--history-only",
                "--table", table);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hm: weco-deploy's table 'wellcome-releases-nowhere' not found in this account and"
                + " region: weco-deploy named it wellcome-releases-catalogue_api and kept it in eu-west-1 (aws_region_name),"
                + " in the account of arn:aws:iam::756629837203:role/catalogue-ci; run with AWS_REGION and AWS_PROFILE for"
                + " that account, and --weco-table NAME" + System.lineSeparator());
    }
}
