package dev.harbourmaster.local;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static dev.harbourmaster.testing.ImagePushes.push;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode whose stream calls stop answering (a proxy holds every DynamoDB Streams request): each
 * call gives up at the client's timeout, local mode says which readers make no progress, in the
 * terminal and its log, within the threshold it was given, and once the calls answer again the
 * readers go on from the last record they handed over and deploy what was pushed meanwhile.
 */
class LocalModeStallIT {

    private static final Duration STREAM_CALL_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STALLED_AFTER = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();

    @Test
    void aStreamReaderWhoseCallsNeverAnswerIsNamedWithinTheThresholdAndGoesOnAfterwards() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String table = "hm-local-stall-" + run;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Path log = dir.resolve("local.log");
        try (StallingProxy proxy = new StallingProxy(URI.create(System.getenv("AWS_ENDPOINT_URL")), "DynamoDBStreams_");
             LocalMode mode = LocalMode.start(new LocalMode.Options()
                     .home(Emulator.repositoryRoot())
                     .manifest(Fixtures.exampleManifestOnClusters(dir, run))
                     .endpoint(proxy.endpoint())
                     .table(table)
                     .prefix("hm-local-stall-" + run)
                     .busName("harbourmaster-local-stall-" + run)
                     .settle(Duration.ofMillis(500))
                     .stalledAfter(STALLED_AFTER)
                     .streamCallTimeout(STREAM_CALL_TIMEOUT)
                     .logFile(log)
                     .out(new PrintStream(said, true, StandardCharsets.UTF_8)))) {
            proxy.hold(true);
            String hash = newHash();
            push(emulator.ecr(), "catalogue/id_minter", hash);

            // Each call gives up at the client's timeout, and the reader tries again with a fresh iterator.
            await("the deployer's reader named as stalled", Duration.ofSeconds(15), said,
                    "the stream reader of DeployerFunction has made no progress for ");
            assertThat(said.toString(StandardCharsets.UTF_8)).contains("each try fails: ")
                    .contains("ApiCallTimeoutException");
            assertThat(proxy.held()).as("stream calls were held").isPositive();
            assertThat(Files.readString(log)).contains("\"message\":\"local mode loop stalled\"",
                    "\"loop\":\"the stream reader of DeployerFunction\"");

            proxy.hold(false);
            await("the deployer's reader going on", Duration.ofSeconds(30), said,
                    "the stream reader of DeployerFunction goes on again");
            DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
            ReleaseSet set = ImagePushes.await("the set pushed during the stall SUCCEEDED", Duration.ofSeconds(30),
                    () -> releaseSets.releaseSets("catalogue", "staging", 5).stream()
                            .filter(s -> s.status() == ReleaseSetStatus.SUCCEEDED).findFirst(),
                    () -> said.toString(StandardCharsets.UTF_8));
            assertThat(set.releases()).singleElement().satisfies(r -> assertThat(r.releaseHash()).isEqualTo(hash));
        }
    }

    private static void await(String what, Duration timeout, ByteArrayOutputStream said, String line) {
        ImagePushes.await(what, timeout, () -> Optional.of(said.toString(StandardCharsets.UTF_8))
                .filter(text -> text.contains(line)), () -> "local mode said:\n" + said.toString(StandardCharsets.UTF_8));
    }
}
