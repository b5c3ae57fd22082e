package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The start-up cache is trained on runs that go where real ones go: every command of the training succeeds. */
class StartupTrainingTest {

    @Test
    void everyCommandOfTheTrainingSucceedsOnItsProject() throws Exception {
        StringWriter said = new StringWriter();

        var codes = StartupTraining.train(new PrintWriter(said, true));

        assertThat(codes).as("exit codes; hm said:%n%s", said).containsOnly(0);
        assertThat(said.toString()).contains("Requested release set", "abc1234", "startup training");
    }
}
