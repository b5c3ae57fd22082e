package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/moto.sh and scripts/with-moto.sh run by someone whose shell holds real AWS credentials:
 * what they print (a terminal, a CI log) and hand on carries moto's test keys, never those.
 */
class EmulatorScriptsIT {

    private static final Path ROOT = Emulator.repositoryRoot();
    private static final Map<String, String> CALLERS_CREDENTIALS = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIAFAKEREALKEY00000",
            "AWS_SECRET_ACCESS_KEY", "pretend/real+secret",
            "AWS_SESSION_TOKEN", "pretend-session-token");

    @TempDir
    Path runDir;

    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Runs a bash command line in the repository, with the caller's credentials and its own .run directory. */
    private Run bash(String commandLine) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", commandLine).directory(ROOT.toFile());
        builder.environment().putAll(CALLERS_CREDENTIALS);
        builder.environment().put("MOTO_RUN_DIR", runDir.toString());
        builder.redirectError(runDir.resolve("stderr").toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s ends", commandLine).isTrue();
        return new Run(process.exitValue(), out, Files.readString(runDir.resolve("stderr")));
    }

    private static void assertNoneOfTheCallersCredentials(Run run) {
        for (String secret : CALLERS_CREDENTIALS.values()) {
            assertThat(run.all()).as("what the script printed").doesNotContain(secret);
        }
    }

    @Test
    void motoShPrintsItsTestKeysAndNoneOfTheCallersCredentials() throws Exception {
        try {
            Run start = bash("scripts/moto.sh start");
            Run status = bash("scripts/moto.sh status");
            Run evaluated = bash("eval \"$(scripts/moto.sh status)\" && echo \"$AWS_ACCESS_KEY_ID $AWS_SECRET_ACCESS_KEY\"");

            assertThat(start.exitCode()).as(start.err()).isZero();
            assertThat(start.out()).startsWith("export AWS_ENDPOINT_URL=http://127.0.0.1:")
                    .contains(" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing");
            assertThat(start.err()).contains("moto gets its test keys", "not the AWS credentials in your environment");
            assertThat(status.exitCode()).isZero();
            assertThat(status.out()).isEqualTo(start.out());
            assertThat(evaluated.out()).endsWith("testing testing\n");
            assertNoneOfTheCallersCredentials(start);
            assertNoneOfTheCallersCredentials(status);
            assertNoneOfTheCallersCredentials(evaluated);
        } finally {
            bash("scripts/moto.sh stop");
        }
    }

    @Test
    void withMotoShHandsItsCommandTheTestKeysAndNoSessionToken() throws Exception {
        Run env = bash("scripts/with-moto.sh env");

        assertThat(env.exitCode()).as(env.err()).isZero();
        assertThat(env.out().lines()).contains("AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing")
                .noneMatch(line -> line.startsWith("AWS_SESSION_TOKEN="));
        assertThat(env.err()).contains("moto gets its test keys");
        assertNoneOfTheCallersCredentials(env);
    }
}
