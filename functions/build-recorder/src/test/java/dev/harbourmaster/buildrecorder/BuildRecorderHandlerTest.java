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
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BuildRecorderHandlerTest {

    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final BuildRecording recording = mock(BuildRecording.class);
    private final BuildRecorderHandler handler = new BuildRecorderHandler(recording, Fixtures.SERVED,
            new Log("build-recorder", new PrintStream(logs, true, StandardCharsets.UTF_8), () -> Instant.EPOCH));

    private JsonNode lastLogLine() throws Exception {
        List<String> lines = logs.toString(StandardCharsets.UTF_8).lines().toList();
        return Json.MAPPER.readTree(lines.get(lines.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecr-push-failure.json", "ecr-delete.json", "ecr-push-malformed.json", "ecr-push-truncated.json"})
    void eventsThatAreNotOursAreLoggedAndAcknowledged(String fixture) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(Fixtures.event(fixture).getBytes(StandardCharsets.UTF_8)), output,
                mock(Context.class));

        assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("{\"outcome\":\"IGNORED\"}");
        assertThat(lastLogLine().get("level").asText()).isEqualTo("WARN");
        assertThat(lastLogLine().get("reason").asText()).isNotBlank();
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
        BuildRecorderHandler trusting = new BuildRecorderHandler(recording, new ServedAccounts(Fixtures.SERVED.own(),
                List.of(new ServedAccounts.AccountRegion("999999999999", "eu-west-1"))), new Log("build-recorder",
                new PrintStream(logs, true, StandardCharsets.UTF_8), () -> Instant.EPOCH));
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
    void aBuildWithoutReleaseHashSaysWhyNoReleaseWasMade() throws Exception {
        Build build = new Build("catalogue/id_minter", "sha256:x", "uri", Set.of("latest"), Instant.EPOCH, null,
                ImageMetadata.NONE, BuildState.RELEASED);
        when(recording.record(any())).thenReturn(new BuildRecording.Result(BuildRecording.Outcome.RECORDED, build, List.of(), List.of()));

        handler.handle(Fixtures.event("ecr-push-no-release-hash.json"));

        assertThat(lastLogLine().get("message").asText())
                .isEqualTo("build recorded without release: neither its tag nor its annotations give a release hash");
    }
}
