package dev.harbourmaster.cli;

import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.support.Suggest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project of a command run without --project, from the first of: the HM_PROJECT variable; the
 * nearest .harbourmaster file, in the working directory or a parent, whose line {@code project: ID}
 * names it; the project id of ./harbourmaster.yml.
 */
public final class DefaultProject {

    public static final String VARIABLE = "HM_PROJECT";
    public static final String FILE = ".harbourmaster";
    public static final String MANIFEST = "harbourmaster.yml";

    /** Every way to name the project, for the error when none does. */
    static final String WAYS = "pass --project ID, set " + VARIABLE + "=ID, write 'project: ID' in a " + FILE
            + " file here or in a parent directory, or run hm in the directory of the project's " + MANIFEST;

    /** @param from where the id was found: the variable's name or the file's path */
    public record Found(String id, String from) {}

    private DefaultProject() {}

    /** @throws CliException (exit 2) when a .harbourmaster or harbourmaster.yml found cannot say which project */
    public static Optional<Found> find(Map<String, String> environment, Path directory) {
        String variable = environment.get(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return Optional.of(new Found(variable.strip(), VARIABLE));
        }
        for (Path dir = directory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(FILE);
            if (Files.isRegularFile(file)) {
                return Optional.of(new Found(fromFile(file), file.toString()));
            }
        }
        Path manifest = directory.toAbsolutePath().resolve(MANIFEST);
        if (Files.isRegularFile(manifest)) {
            try {
                return Optional.of(new Found(new ManifestParser().projectId(manifest), manifest.toString()));
            } catch (ManifestException e) {
                throw new CliException(e.getMessage() + System.lineSeparator() + "Fix it to take the project from it, or"
                        + " pass --project ID.", 2);
            }
        }
        return Optional.empty();
    }

    /** The id of a .harbourmaster file: one line {@code project: ID}; blank lines and # comments aside. */
    static String fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new CliException("cannot read " + file + ": " + e.getMessage(), 2);
        }
        String id = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] keyValue = line.split(":", 2);
            String key = keyValue[0].strip();
            String value = keyValue.length == 2 ? unquoted(keyValue[1].strip()) : "";
            if (!key.equals("project") || value.isEmpty() || id != null) {
                throw new CliException(file + " line " + (i + 1) + ": '" + line + "' is not what the file holds: one"
                        + " line 'project: ID' (blank lines and # comments aside)"
                        + (key.equals("project") ? "" : Suggest.didYouMean(key, List.of("project"))), 2);
            }
            id = value;
        }
        if (id == null) {
            throw new CliException(file + " names no project: write one line 'project: ID' in it", 2);
        }
        return id;
    }

    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1).strip() : value;
    }
}
