package dev.harbourmaster.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/invoke.sh as the README runs it (here, after every jar is built: the script makes what is stale): each function's handler from its own shaded jar, in a
 * JVM of its own, handed an event fixture, against the emulator. The jars leave out what Lambda
 * does not need, so this is where a class the script itself needs would be missed.
 */
class InvokeScriptIT {

    private static final Path ROOT = Emulator.repositoryRoot();
    private static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";

    private final Emulator emulator = new Emulator();
    @TempDir
    Path dir;
    private String table;

    /** What the script printed: the function's answer on stdout, the function's and the runtime's lines on stderr. */
    record Run(int exitCode, String answer, String output) {}

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(Fixtures.exampleProject());
    }

    private Run invoke(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("scripts/invoke.sh").toString()));
        command.addAll(List.of(args));
        Path errors = dir.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectError(errors.toFile());
        builder.environment().put("HM_TABLE", table);
        Process process = builder.start();
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("scripts/invoke.sh %s ends", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), answer, Files.readString(errors));
    }

    /**
     * The fixture dated now, as the README has it: the recorder ignores events dated more than 15 days
     * before they arrive, and the fixtures are of 2026-11-20.
     */
    private Path redated(String fixture) throws IOException {
        Path copy = dir.resolve(fixture);
        Files.writeString(copy, Fixtures.event(fixture).replaceAll("2026-11-20T[0-9:]+Z",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        return copy;
    }

    private Run succeeds(String... args) throws IOException, InterruptedException {
        Run run = invoke(args);
        assertThat(run.exitCode()).as("scripts/invoke.sh %s:%n%s%n%s", String.join(" ", args), run.output(), run.answer()).isZero();
        return run;
    }

    @Test
    void eachFunctionHandlesItsFixtureFromItsOwnJar() throws Exception {
        assertThat(succeeds("BuildRecorderFunction", "events/ecr-push-success.json").answer()).isEqualTo(
                "{\"outcome\":\"RECORDED\",\"detail\":\"build recorded: catalogue/id_minter@" + FIXTURE_DIGEST + "\"}");
        assertThat(new DynamoDbBuildLedger(emulator.dynamo(), table).build("catalogue/id_minter", FIXTURE_DIGEST))
                .get().extracting(Build::releaseHash).isEqualTo("3f9c2ab");
        assertThat(succeeds("BuildRecorderFunction", "events/ecr-push-success.json").answer()).isEqualTo(
                "{\"outcome\":\"DUPLICATE\",\"detail\":\"duplicate push: nothing changed: catalogue/id_minter@" + FIXTURE_DIGEST + "\"}");

        assertThat(succeeds("DeploymentRecorderFunction", "events/ecs-deployment-dated-1970.json").answer())
                .startsWith("{\"outcome\":\"IGNORED\",\"detail\":\"event time 1970-01-01T00:00:00Z is not within 15 days");
        assertThat(succeeds("DeploymentRecorderFunction", redated("ecs-deployment-unknown-deployment.json").toString()).answer())
                .startsWith("{\"outcome\":\"OUT_OF_BAND\"");
        assertThat(succeeds("DeploymentRecorderFunction", "events/ecs-event-malformed.json").answer())
                .startsWith("{\"outcome\":\"IGNORED\"");
        assertThat(succeeds("SweeperFunction", "events/schedule-sweeper.json").answer())
                .isEqualTo("{\"setsLookedAt\":0,\"deploymentsClosed\":0,\"setsEnded\":0}");
    }

    @Test
    void aStreamFunctionGetsItsTypedEventThroughLambdasDeserializer() throws Exception {
        Run run = succeeds("DeployerFunction", "events/dynamodb-stream-malformed.json");

        assertThat(run.answer()).isEqualTo("{\"batchItemFailures\":[]}");
        assertThat(run.output()).contains("INIT REPORT");
    }

    @Test
    void aFunctionTheTemplateDoesNotHaveIsNamedWithTheOnesItHas() throws Exception {
        Run run = invoke("DeployFunction", "events/dynamodb-stream-release-set-requested.json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("template.yaml has no function DeployFunction",
                "BuildRecorderFunction, DeployerFunction");
    }
}
