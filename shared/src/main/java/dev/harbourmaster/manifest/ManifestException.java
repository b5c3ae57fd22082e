package dev.harbourmaster.manifest;

import java.util.List;

/** A manifest that cannot be used, with every problem found, each prefixed by its path in the file. */
public class ManifestException extends Exception {

    private final List<String> problems;

    public ManifestException(String source, List<String> problems) {
        super(source + ": " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
