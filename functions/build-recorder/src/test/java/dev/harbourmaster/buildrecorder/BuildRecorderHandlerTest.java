package dev.harbourmaster.buildrecorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.ServedAccounts;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;

class BuildRecorderHandlerTest {

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final BuildRecording recording = mock(BuildRecording.class);
    private final BuildRecorderHandler handler = new BuildRecorderHandler(new PushRecorder(recording, Fixtures.SERVED,
            new Log("build-recorder", new PrintStream(logs, true, StandardCharsets.UTF_8), () -> Instant.EPOCH), Clock.systemUTC()));

    private JsonNode lastLogLine() throws Exception {
        List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecr-push-failure.json", "ecr-delete.json", "ecr-push-malformed.json", "ecr-push-truncated.json",
            "ecr-image-scan.json", "ecr-push-malformed-digest.json"})
    void eventsThatAreNotOursAreLoggedAndAcknowledged(String fixture) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(Fixtures.event(fixture).getBytes(StandardCharsets.UTF_8)), output,
                mock(Context.class));

        JsonNode answer = Json.MAPPER.readTree(output.toString(StandardCharsets.UTF_8));
        assertThat(answer.path("outcome").asText()).isEqualTo("IGNORED");
        assertThat(lastLogLine().get("level").asText()).isEqualTo("WARN");
        assertThat(lastLogLine().get("reason").asText()).isNotBlank();
        assertThat(answer.path("detail").asText()).as("the reason, in the answer too").isEqualTo(lastLogLine().get("reason").asText());
        verifyNoInteractions(recording);
    }

    /** Found by the review of 2026-12: a push "of account evil.example/x" was recorded, released and deployed. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ecr-push-forged-account.json | account 'evil.example/x' is not an AWS account id (12 digits)",
            "ecr-push-other-account.json  | account 999999999999 region eu-west-1 is not one this stack serves (123456789012:eu-west-1;",
            "ecr-push-other-region.json   | account 123456789012 region us-east-1 is not one this stack serves (123456789012:eu-west-1;"})
    void aPushToAnAccountOrRegionTheStackDoesNotServeIsIgnoredUnrecorded(String fixture, String reason) throws Exception {
        assertThat(handler.handle(Fixtures.event(fixture))).isEqualTo("IGNORED");

        verifyNoInteractions(recording);
        JsonNode line = lastLogLine();
        assertThat(line.get("level").asText()).isEqualTo("WARN");
        assertThat(line.get("reason").asText()).startsWith("push not recorded: " + reason);
        assertThat(line.get("repository").asText()).isEqualTo("catalogue/id_minter");
    }

    @Test
    void aPushToAnAccountAndRegionOfTheAllowListIsRecorded() {
        BuildRecorderHandler trusting = new BuildRecorderHandler(new PushRecorder(recording, new ServedAccounts(Fixtures.SERVED.own(),
                List.of(new ServedAccounts.AccountRegion("999999999999", "eu-west-1"))), new Log("build-recorder",
                new PrintStream(logs, true, StandardCharsets.UTF_8), () -> Instant.EPOCH), Clock.systemUTC()));
        Build build = new Build("catalogue/id_minter", "sha256:x", "uri", Set.of(), Instant.EPOCH, null,
                ImageMetadata.NONE, BuildState.UNRELEASED);
        when(recording.record(any())).thenReturn(new BuildRecording.Result(BuildRecording.Outcome.RECORDED, build, List.of(), List.of()));

        assertThat(trusting.handle(Fixtures.event("ecr-push-other-account.json"))).isEqualTo("RECORDED");
        assertThat(handler.handle(Fixtures.event("ecr-push-other-account.json"))).isEqualTo("IGNORED");
    }

    @Test
    void aPushIsRecordedAndLoggedWithItsIds() throws Exception {
        Build build = new Build("catalogue/id_minter", "sha256:x", "uri", Set.of("ref.3f9c2ab"), Instant.EPOCH, "3f9c2ab",
                ImageMetadata.NONE, BuildState.RELEASED);
        Release release = new Release("catalogue", "pipeline", "id_minter", "3f9c2ab", List.of(), "catalogue/id_minter",
                "sha256:x", Instant.EPOCH, null);
        when(recording.record(any())).thenReturn(new BuildRecording.Result(BuildRecording.Outcome.RECORDED, build, List.of(release), List.of()));

        String outcome = handler.handle(Fixtures.event("ecr-push-success.json"));

        assertThat(outcome).isEqualTo("RECORDED");
        JsonNode line = lastLogLine();
        assertThat(line.get("message").asText()).isEqualTo("build recorded");
        assertThat(line.get("repository").asText()).isEqualTo("catalogue/id_minter");
        assertThat(line.get("digest").asText()).startsWith("sha256:4b1e0c3a");
        assertThat(line.get("releaseHash").asText()).isEqualTo("3f9c2ab");
        assertThat(line.get("timestamp").asText()).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(line.get("releases").get(0).asText()).isEqualTo("catalogue/id_minter@3f9c2ab");
    }

    @Test
    void aPushDatedPastItsReceiptIsDatedWhenReceivedSoItCannotBeLatestForGood() throws Exception {
        // The review's push dated 9999-12-31 made release RELEASE#9999-… and a set id that topped hm history for good.
        Instant received = Instant.parse("2026-11-20T10:15:31Z");
        BuildRecorderHandler handler = new BuildRecorderHandler(new PushRecorder(recording, Fixtures.SERVED, new Log("build-recorder",
                new PrintStream(logs, true, StandardCharsets.UTF_8), () -> received), Clock.fixed(received, ZoneOffset.UTC)));
        Build build = new Build("catalogue/id_minter", "sha256:x", "uri", Set.of("ref.3f9c2ab"), received, "3f9c2ab",
                ImageMetadata.NONE, BuildState.RELEASED);
        ArgumentCaptor<ImagePush> pushes = ArgumentCaptor.forClass(ImagePush.class);
        when(recording.record(pushes.capture())).thenReturn(new BuildRecording.Result(BuildRecording.Outcome.RECORDED, build));

        handler.handle(Fixtures.event("ecr-push-year-9999.json"));
        JsonNode warning = Json.MAPPER.readTree(logs.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        handler.handle(Fixtures.event("ecr-push-success.json"));

        assertThat(pushes.getAllValues()).extracting(ImagePush::pushedAt)
                .containsExactly(received, Instant.parse("2026-11-20T10:15:30Z"));
        assertThat(warning.get("level").asText()).isEqualTo("WARN");
        assertThat(warning.get("eventTime").asText()).isEqualTo("9999-12-31T23:59:59.000Z");
        assertThat(warning.get("receivedAt").asText()).isEqualTo("2026-11-20T10:15:31.000Z");
    }

    @Test
    void anEventTimeIsBelievedUpToFiveMinutesAheadAndAnyTimeBehindButNotBefore1970() {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        ImagePush push = new ImagePush("e", "123456789012", "eu-west-1", "r", "sha256:x", "t", now.plus(ImagePush.MAX_AHEAD));

        assertThat(push.receivedAt(now)).isSameAs(push);
        assertThat(push.receivedAt(now.minusMillis(1)).pushedAt()).isEqualTo(now.minusMillis(1));
        ImagePush replayed = new ImagePush("e", "123456789012", "eu-west-1", "r", "sha256:x", "t", now.minus(Duration.ofDays(400)));
        assertThat(replayed.receivedAt(now)).isSameAs(replayed);
        ImagePush before1970 = new ImagePush("e", "123456789012", "eu-west-1", "r", "sha256:x", "t", Instant.EPOCH.minusMillis(1));
        assertThat(before1970.receivedAt(now).pushedAt()).isEqualTo(now);
    }

    @Test
    void aBuildWithoutReleaseHashSaysWhyNoReleaseWasMade() throws Exception {
        Build build = new Build("catalogue/id_minter", "sha256:x", "uri", Set.of("latest"), Instant.EPOCH, null,
                ImageMetadata.NONE, BuildState.RELEASED);
        when(recording.record(any())).thenReturn(new BuildRecording.Result(BuildRecording.Outcome.RECORDED, build, List.of(), List.of()));

        handler.handle(Fixtures.event("ecr-push-no-release-hash.json"));

        assertThat(lastLogLine().get("message").asText())
                .isEqualTo("build recorded without release: neither its tag nor its annotations give a release hash");
    }
}
