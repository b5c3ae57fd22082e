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

    private static List<String> fitted(int width, List<Map<String, Object>> rows) {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text), width, Output.Colours.NONE).table(rows);
        return text.toString().lines().toList();
    }

    @Test
    void onANarrowTerminalTheWidestColumnsAreCutFirstThenTheLastLeftOutAndSaid() {
        List<Map<String, Object>> rows = List.of(
                row("service", "id_minter", "status", "COMPLETED", "why", "Roll out the batch minting change, RFC 013", "by", "alice"),
                row("service", "search", "status", "ROLLED_BACK", "why", "second", "by", "bob"));

        assertThat(fitted(0, rows).get(0)).as("no width: as wide as it comes").isEqualTo("SERVICE    STATUS       WHY"
                + "                                         BY");
        List<String> cut = fitted(60, rows);
        assertThat(cut).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
        assertThat(cut.get(1)).as("the widest column is cut first, as little as it takes")
                .isEqualTo("id_minter  COMPLETED    Roll out the batch minting c…  alice");
        List<String> dropped = fitted(40, rows);
        assertThat(dropped.subList(0, dropped.size() - 1)).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(40));
        assertThat(dropped.get(0)).isEqualTo("SERVICE    STATUS");
        assertThat(dropped.get(2)).as("an outcome word is not cut").isEqualTo("search     ROLLED_BACK");
        assertThat(dropped.get(dropped.size() - 1)).startsWith("(2 columns left out to fit the terminal: WHY, BY; --wide");
    }

    @Test
    void outcomeWordsAreColouredWhereColoursAreOnAndColumnsStayAligned() {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text), 0, (cell, sgr) -> "<" + sgr + ">" + cell + "</>")
                .table(List.of(row("service", "api", "outcome", "ROLLED_BACK ffee001 (runs a1b2c3d)"),
                        row("service", "search", "outcome", "COMPLETED")));

        assertThat(text.toString().lines()).containsExactly(
                "SERVICE  OUTCOME",
                "api      <31>ROLLED_BACK ffee001 (runs a1b2c3d)</>",
                "search   <32>COMPLETED</>");
        assertThat(Output.sgr("never deployed")).isZero();
        assertThat(Output.sgr("IN_PROGRESS")).isEqualTo(34);
        assertThat(Output.sgr("TIMED_OUT ffee001")).isEqualTo(33);
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
