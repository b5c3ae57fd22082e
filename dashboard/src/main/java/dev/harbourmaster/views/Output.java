package dev.harbourmaster.views;

import dev.harbourmaster.documents.JsonDocuments;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints rows either as an aligned text table or as JSON. Commands build their rows once
 * (ordered maps, column name → value) and both formats come from them.
 */
public final class Output {

    public enum Format { table, json }

    private final Format format;
    private final PrintWriter out;

    public Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    public boolean isJson() {
        return format == Format.json;
    }

    /** Text for a person; JSON output leaves it out so that it stays parseable. */
    public void say(String line) {
        if (!isJson()) {
            out.println(line);
        }
    }

    /** The rows as a table, or as a JSON document whose {@code items} they are. */
    public void rows(List<Map<String, Object>> rows, String empty) {
        if (isJson()) {
            json(new JsonDocuments.Items<>(rows));
        } else if (rows.isEmpty()) {
            out.println(empty);
        } else {
            table(rows);
        }
        out.flush();
    }

    /** A document (an object), as {@link JsonDocuments} writes every one. */
    public void json(Object document) {
        out.println(JsonDocuments.write(document));
        out.flush();
    }

    public void table(List<Map<String, Object>> rows) {
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = header(columns.get(c)).length();
            for (Map<String, Object> row : rows) {
                widths[c] = Math.max(widths[c], cell(row.get(columns.get(c))).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            pad(line, header(columns.get(c)), widths[c], c == columns.size() - 1);
        }
        out.println(line.toString().stripTrailing());
        for (Map<String, Object> row : rows) {
            line.setLength(0);
            for (int c = 0; c < columns.size(); c++) {
                pad(line, cell(row.get(columns.get(c))), widths[c], c == columns.size() - 1);
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    private static void pad(StringBuilder line, String text, int width, boolean last) {
        line.append(text);
        if (!last) {
            line.append(" ".repeat(width - text.length() + 2));
        }
    }

    /** camelCase column names become "CAMEL CASE" headers. */
    private static String header(String column) {
        return column.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "-" : String.join(",", list.stream().map(Output::cell).toList());
        }
        return Text.shortDigests(String.valueOf(value).replace('\n', ' '));
    }
}
