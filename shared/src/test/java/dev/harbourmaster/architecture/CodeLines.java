package dev.harbourmaster.architecture;

import java.util.List;

/** The lines of a Java source that are code: not blank, not a comment, not the package or an import. */
final class CodeLines {

    private CodeLines() {}

    static long count(List<String> source) {
        long code = 0;
        boolean inComment = false;
        for (String raw : source) {
            String line = raw.strip();
            if (inComment) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.startsWith("/*")) {
                inComment = !line.contains("*/");
                continue;
            }
            if (line.isEmpty() || line.startsWith("//") || line.startsWith("package ") || line.startsWith("import ")) {
                continue;
            }
            code++;
        }
        return code;
    }
}
