package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.harbourmaster.cli.DefaultProject.Found;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where hm takes the project from when --project is left out, in order. */
class DefaultProjectTest {

    @TempDir
    Path root;
    private Path checkout;
    private Path deeper;

    @BeforeEach
    void directories() throws Exception {
        checkout = Files.createDirectories(root.resolve("checkout"));
        deeper = Files.createDirectories(checkout.resolve("services/api"));
    }

    private Optional<Found> find(Map<String, String> environment, Path directory) {
        return DefaultProject.find(environment, directory);
    }

    private static final String MANIFEST = "project: {id: from-manifest}\nenvironments: []\n";

    @Test
    void hmProjectComesFirst() throws Exception {
        Files.writeString(checkout.resolve(".harbourmaster"), "project: from-file\n");
        Files.writeString(checkout.resolve("harbourmaster.yml"), MANIFEST);

        assertThat(find(Map.of("HM_PROJECT", " shop "), checkout)).contains(new Found("shop", "HM_PROJECT"));
        assertThat(find(Map.of("HM_PROJECT", " "), checkout)).as("blank is unset").map(Found::id).contains("from-file");
    }

    @Test
    void theNearestHarbourmasterFileComesNextFromHereOrAParent() throws Exception {
        Path file = Files.writeString(checkout.resolve(".harbourmaster"), "# the project of this checkout\n\nproject: catalogue\n");
        Files.writeString(deeper.resolve("harbourmaster.yml"), MANIFEST);

        assertThat(find(Map.of(), deeper)).as("a parent's file wins over the manifest here")
                .contains(new Found("catalogue", file.toString()));
        Files.writeString(deeper.resolve(".harbourmaster"), "project: 'api'\n");
        assertThat(find(Map.of(), deeper)).as("the nearest file, quotes taken off").map(Found::id).contains("api");
    }

    @Test
    void theManifestOfThisDirectoryComesLastEvenWhenTheRestOfItIsWrong() throws Exception {
        Path manifest = Files.writeString(checkout.resolve("harbourmaster.yml"), MANIFEST);

        assertThat(find(Map.of(), checkout)).contains(new Found("from-manifest", manifest.toString()));
        assertThat(find(Map.of(), deeper)).as("only ./harbourmaster.yml, not a parent's").isEmpty();
    }

    @Test
    void nothingNamesNoProject() {
        assertThat(find(Map.of(), deeper)).isEmpty();
    }

    @Test
    void aHarbourmasterFileThatSaysSomethingElseIsExit2SayingWhatItHolds() throws Exception {
        Path file = checkout.resolve(".harbourmaster");

        Files.writeString(file, "project: catalogue\ntable: other\n");
        CliException other = catchThrowableOfType(CliException.class, () -> find(Map.of(), checkout));
        Files.writeString(file, "# nothing yet\n");
        CliException empty = catchThrowableOfType(CliException.class, () -> find(Map.of(), checkout));
        Files.writeString(file, "project:\n");
        CliException blank = catchThrowableOfType(CliException.class, () -> find(Map.of(), checkout));
        Files.writeString(file, "projcet: catalogue\n");
        CliException typo = catchThrowableOfType(CliException.class, () -> find(Map.of(), checkout));

        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.getMessage()).isEqualTo(file + " line 2: 'table: other' is not what the file holds: one line"
                + " 'project: ID' (blank lines and # comments aside)");
        assertThat(empty.getMessage()).isEqualTo(file + " names no project: write one line 'project: ID' in it");
        assertThat(blank.getMessage()).startsWith(file + " line 1: 'project:' is not what the file holds")
                .doesNotContain("did you mean");
        assertThat(typo.getMessage()).startsWith(file + " line 1: 'projcet: catalogue' is not what the file holds")
                .endsWith("; did you mean project?");
    }

    @Test
    void aManifestWithoutAUsableIdIsExit2WithItsProblem() throws Exception {
        Path manifest = Files.writeString(checkout.resolve("harbourmaster.yml"), "project: {name: Shop}\n");

        CliException error = catchThrowableOfType(CliException.class, () -> find(Map.of(), checkout));

        assertThat(error.exitCode()).isEqualTo(2);
        assertThat(error.getMessage()).startsWith(manifest + ": 1 problem").contains("project.id: missing",
                "Fix it to take the project from it, or pass --project ID.");
    }
}
