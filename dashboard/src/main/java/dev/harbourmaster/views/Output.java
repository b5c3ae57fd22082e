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

    /** Columns wider than this are cut to it first, before any column is left out. */
    static final int COMFORTABLE = 24;

    /** Once columns are left out, the rest may be cut to this, the last resort. */
    static final int NARROWEST = 12;

    /** How a terminal shows an outcome word in a colour: (text, SGR code) → text marked for it. */
    public interface Colours {
        Colours NONE = (text, sgr) -> text;

        String colour(String text, int sgr);
    }

    private final Format format;
    private final PrintWriter out;
    private final int width;
    private final Colours colours;

    /** Tables as wide as they come (a pipe, a CI log, --wide), without colour. */
    public Output(Format format, PrintWriter out) {
        this(format, out, 0, Colours.NONE);
    }

    /**
     * @param width   the terminal's columns: tables are fitted to it (0: as wide as they come)
     * @param colours how outcome words are coloured in tables ({@link Colours#NONE}: not)
     */
    public Output(Format format, PrintWriter out, int width, Colours colours) {
        this.format = format;
        this.out = out;
        this.width = width;
        this.colours = colours;
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

    /**
     * An aligned table. On a terminal narrower than it, columns wider than {@link #COMFORTABLE} are
     * cut to it (with "…"), then columns are left out from the right (the first ones say what and
     * where), then the widest are cut further, to {@link #NARROWEST}; a last line names the columns
     * left out, and that --wide shows them.
     */
    public void table(List<Map<String, Object>> rows) {
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        List<Integer> widths = new ArrayList<>();
        for (String column : columns) {
            int w = header(column).length();
            for (Map<String, Object> row : rows) {
                w = Math.max(w, cell(row.get(column)).length());
            }
            widths.add(w);
        }
        List<String> left = fit(columns, widths);
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < columns.size(); c++) {
            pad(line, header(columns.get(c)), widths.get(c), c == columns.size() - 1);
        }
        out.println(line.toString().stripTrailing());
        for (Map<String, Object> row : rows) {
            line.setLength(0);
            for (int c = 0; c < columns.size(); c++) {
                pad(line, cell(row.get(columns.get(c))), widths.get(c), c == columns.size() - 1);
            }
            out.println(line.toString().stripTrailing());
        }
        if (!left.isEmpty()) {
            out.println("(" + left.size() + (left.size() == 1 ? " column" : " columns") + " left out to fit the terminal: "
                    + String.join(", ", left.stream().map(Output::header).toList()) + "; --wide shows every column)");
        }
        out.flush();
    }

    /** Cuts and leaves out columns (in place) until the table fits {@link #width}; returns those left out. */
    private List<String> fit(List<String> columns, List<Integer> widths) {
        List<String> left = new ArrayList<>();
        if (width <= 0) {
            return left;
        }
        cut(widths, COMFORTABLE);
        while (total(widths) > width && columns.size() > 2) {
            left.add(0, columns.remove(columns.size() - 1));
            widths.remove(widths.size() - 1);
        }
        cut(widths, NARROWEST);
        return left;
    }

    /** Cuts the widest columns, one character at a time, while the table is too wide and they are wider than {@code floor}. */
    private void cut(List<Integer> widths, int floor) {
        while (total(widths) > width) {
            int widest = 0;
            for (int c = 1; c < widths.size(); c++) {
                if (widths.get(c) > widths.get(widest)) {
                    widest = c;
                }
            }
            if (widths.get(widest) <= floor) {
                return;
            }
            widths.set(widest, widths.get(widest) - 1);
        }
    }

    private static int total(List<Integer> widths) {
        return widths.stream().mapToInt(Integer::intValue).sum() + 2 * (widths.size() - 1);
    }

    private void pad(StringBuilder line, String text, int width, boolean last) {
        String shown = text.length() <= width ? text : text.substring(0, width - 1) + "…";
        int sgr = sgr(shown);
        line.append(sgr == 0 ? shown : colours.colour(shown, sgr));
        if (!last) {
            line.append(" ".repeat(width - shown.length() + 2));
        }
    }

    /** The colour of a cell that starts with an outcome word: green done, red failed, yellow in doubt, blue under way. */
    static int sgr(String cell) {
        return switch (Tone.of(cell.split("[ :(]", 2)[0])) {
            case OK -> 32;
            case BAD -> 31;
            case WARN -> 33;
            case BUSY -> 34;
            case NONE -> 0;
        };
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
