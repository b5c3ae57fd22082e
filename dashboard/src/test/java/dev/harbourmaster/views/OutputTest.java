package dev.harbourmaster.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }

    private static String print(Output.Format format, List<Map<String, Object>> rows) {
        StringWriter text = new StringWriter();
        new Output(format, new PrintWriter(text)).rows(rows, "Nothing yet.");
        return text.toString();
    }

    @Test
    void tablesAlignColumnsAndShowMissingValuesAsDashes() {
        List<Map<String, Object>> rows = new ArrayList<>(List.of(
                row("service", "api", "releaseHash", "abc1234", "tags", List.of("a", "b")),
                row("service", "search-api", "releaseHash", null, "tags", List.of())));

        assertThat(print(Output.Format.table, rows).lines()).containsExactly(
                "SERVICE     RELEASE HASH  TAGS",
                "api         abc1234       a,b",
                "search-api  -             -");
    }

    @Test
    void tablesShortenDigestsAndJsonKeepsThemWhole() {
        String digest = "sha256:" + "0123456789ab".repeat(5) + "cdef";
        List<Map<String, Object>> rows = List.of(row("image", "repo@" + digest));

        assertThat(print(Output.Format.table, rows)).contains("repo@sha256:0123456789ab" + System.lineSeparator());
        assertThat(print(Output.Format.json, rows)).contains(digest);
    }

    @Test
    void jsonRowsAreTheItemsOfAVersionedDocumentWithTheColumnNamesAndValues() {
        String json = print(Output.Format.json, List.of(row("service", "api", "releaseHash", null)));

        assertThat(json.replaceAll("\\s", ""))
                .isEqualTo("{\"schemaVersion\":1,\"items\":[{\"service\":\"api\",\"releaseHash\":null}]}");
    }

    @Test
    void emptyResultsSaySoInTablesAndAreAnEmptyListInJson() {
        assertThat(print(Output.Format.table, List.of())).isEqualTo("Nothing yet." + System.lineSeparator());
        assertThat(print(Output.Format.json, List.of()).replaceAll("\\s", "")).isEqualTo("{\"schemaVersion\":1,\"items\":[]}");
        assertThat(Arrays.asList(Output.Format.values())).hasSize(2);
    }

    record Doc(String project, Integer count, List<String> names) {}

    @Test
    void everyDocumentStartsWithItsSchemaVersionAndKeepsItsFieldsAsTheyWere() {
        StringWriter text = new StringWriter();
        new Output(Output.Format.json, new PrintWriter(text)).json(new Doc("shop", null, List.of("a")));

        assertThat(text.toString()).isEqualTo("""
                {
                  "schemaVersion" : 1,
                  "project" : "shop",
                  "count" : null,
                  "names" : [ "a" ]
                }
                """.replace("\n", System.lineSeparator()));
    }

    @Test
    void aDocumentIsAnObjectAndWritesNoVersionOfItsOwn() {
        Output out = new Output(Output.Format.json, new PrintWriter(new StringWriter()));

        assertThatThrownBy(() -> out.json(List.of("a"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrap a list in JsonDocuments.Items");
        assertThatThrownBy(() -> out.json(Map.of("schemaVersion", 2))).isInstanceOf(IllegalArgumentException.class);
    }
}
