package dev.harbourmaster.lambdaruntime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events as AWS publishes them (its documentation's and its repositories' samples, in
 * src/test/resources/aws-samples, sources in SOURCES.md there), not as this project wrote them:
 * every sample to every function of template.yaml under the Lambda runtime. Each must be handled
 * or refused with a reason, never crash the function, and, none being of this stack's project,
 * leave the table as it was.
 */
class AwsSamplesIT {

    private static final Path SAMPLES = TemplateFunctions.ROOT.resolve("lambda-runtime/src/test/resources/aws-samples");

    private static TemplateFunctions functions;

    @TempDir
    Path dir;

    @BeforeAll
    static void prepare() {
        functions = TemplateFunctions.prepare();
    }

    static Stream<String> logicalIds() {
        return TemplateFunctions.prepare().logicalIds().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logicalIds")
    void everySampleIsHandledOrRefusedWithAReason(String logicalId) {
        ContractWorld world = ContractWorld.registered();
        List<String> table = world.items();
        List<String> answers = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        try (LambdaRuntime function = functions.start(logicalId, world.table, world.bus, dir)) {
            for (Path sample : samples()) {
                String name = sample.getFileName().toString();
                Invocation invocation = function.invoke(read(sample));
                answers.add(name + " -> " + invocation.body());
                softly.assertThat(invocation.errorType()).as("%s crashed %s: %s", name, logicalId, invocation.body()).isEmpty();
                softly.assertThat(invocation.httpStatus()).as("%s: HTTP status", name).isEqualTo(200);
                softly.assertThat(refusalOrAnswer(invocation.json())).as("%s: %s answered neither work done nor a reason: %s",
                        name, logicalId, invocation.body()).isTrue();
                softly.assertThat(world.items()).as("%s changed the table", name).isEqualTo(table);
            }
        }
        System.out.println(logicalId + " answered:\n  " + String.join("\n  ", answers));
        softly.assertAll();
    }

    /**
     * What each kind of function answers when it handled an event or refused it: an outcome with its
     * detail (the EventBridge functions), Lambda's partial batch response (the stream functions),
     * the sweep's counts (the sweeper), an HTTP response (the dashboard's).
     */
    private static boolean refusalOrAnswer(JsonNode answer) {
        if (answer.has("outcome")) {
            return !answer.path("outcome").asText().equals("IGNORED") || !answer.path("detail").asText().isBlank();
        }
        return answer.path("batchItemFailures").isArray() || answer.has("setsLookedAt") || answer.path("statusCode").isInt();
    }

    private static List<Path> samples() {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            List<Path> samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(samples).as("AWS's samples in %s", SAMPLES).hasSizeGreaterThan(20);
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path sample) {
        try {
            return Files.readString(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
