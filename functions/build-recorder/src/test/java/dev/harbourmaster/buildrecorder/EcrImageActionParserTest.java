package dev.harbourmaster.buildrecorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcrImageActionParserTest {

    private static final String SUCCESS_HEX = "4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";

    private final EcrImageActionParser parser = new EcrImageActionParser();

    @ParameterizedTest
    @ValueSource(strings = {"ecr-push-success.json", "ecr-push-second-tag.json", "ecr-push-failure.json", "ecr-delete.json",
            "ecr-push-unknown-repository.json", "ecr-push-no-release-hash.json", "ecr-push-malformed.json",
            "ecr-push-forged-account.json", "ecr-push-other-account.json", "ecr-push-other-region.json",
            "ecr-push-malformed-digest.json"})
    void fixturesAreEventBridgeEventsAsAwsSendsThem(String fixture) {
        ScheduledEvent event = EventLoader.loadScheduledEvent(Emulator.repositoryRoot().resolve("events").resolve(fixture).toString());

        assertThat(event.getSource()).isEqualTo("aws.ecr");
        assertThat(event.getDetailType()).isEqualTo("ECR Image Action");
        assertThat(event.getDetail()).containsKey("action-type");
    }

    @Test
    void aSuccessfulPushIsRead() {
        EcrImageActionParser.Result result = parser.parse(Fixtures.event("ecr-push-success.json"));

        assertThat(result).isEqualTo(new EcrImageActionParser.Push(new ImagePush(
                "6f1c3b2e-0a41-4c8e-9d0e-1f2a3b4c5d01", "123456789012", "eu-west-1", "catalogue/id_minter",
                "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807", "ref.3f9c2ab",
                Instant.parse("2026-11-20T10:15:30Z"))));
        assertThat(((EcrImageActionParser.Push) result).push().imageRepositoryUri())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ecr-push-failure.json   | push result FAILURE: only SUCCESS records a build",
            "ecr-delete.json         | action-type DELETE: only PUSH records a build",
            "ecr-push-malformed.json | malformed event: missing detail.repository-name, detail.image-digest",
            "ecr-image-scan.json     | not an ECR Image Action event (source 'aws.ecr', detail-type 'ECR Image Scan')",
    })
    void eventsThatAreNotOursSayWhy(String fixture, String reason) {
        assertThat(parser.parse(Fixtures.event(fixture))).isEqualTo(new EcrImageActionParser.NotOurs(reason));
    }

    @Test
    void truncatedJsonIsReportedNotThrown() {
        assertThat(parser.parse(Fixtures.event("ecr-push-truncated.json")))
                .isInstanceOfSatisfying(EcrImageActionParser.NotOurs.class,
                        notOurs -> assertThat(notOurs.reason()).startsWith("malformed JSON: "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[]                                                              | malformed event: not a JSON object",
            "{\"source\": \"aws.ecs\", \"detail-type\": \"ECS Task State Change\"} | not an ECR Image Action event (source 'aws.ecs', detail-type 'ECS Task State Change')",
    })
    void otherShapesAreNotOurs(String json, String reason) {
        assertThat(parser.parse(json)).isEqualTo(new EcrImageActionParser.NotOurs(reason));
    }

    @Test
    void aDigestOrTimeThatIsNotOneIsMalformed() {
        String badDigest = Fixtures.event("ecr-push-success.json").replaceAll("sha256:[0-9a-f]+", "latest");
        String badTime = Fixtures.event("ecr-push-success.json").replace("2026-11-20T10:15:30Z", "yesterday");

        assertThat(parser.parse(badDigest)).isEqualTo(new EcrImageActionParser.NotOurs("malformed event: detail.image-digest"
                + " 'latest' is not sha256: followed by 64 lower-case hex digits: it has no algorithm (sha256:)"));
        assertThat(parser.parse(badTime)).isEqualTo(new EcrImageActionParser.NotOurs(
                "malformed event: time 'yesterday' is not an ISO-8601 instant"));
    }

    /** The real samples showed the old check (any algorithm, 32 to 128 hex digits) let these through. */
    @Test
    void aDigestInUpperCaseIsMalformed() {
        assertThat(parser.parse(Fixtures.event("ecr-push-malformed-digest.json"))).isEqualTo(new EcrImageActionParser.NotOurs(
                "malformed event: detail.image-digest 'sha256:" + SUCCESS_HEX.toUpperCase() + "' is not sha256: followed by"
                        + " 64 lower-case hex digits: it has upper-case hex digits"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a29180   | it has 63 hex digits",
            "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a2918070 | it has 65 hex digits",
            "sha512:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807"
                    + "4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807 | its algorithm is 'sha512', Harbourmaster reads sha256 only",
    })
    void aDigestOfAnotherLengthOrAlgorithmIsMalformed(String digest, String why) {
        String push = Fixtures.event("ecr-push-success.json").replace("sha256:" + SUCCESS_HEX, digest);

        assertThat(parser.parse(push)).isEqualTo(new EcrImageActionParser.NotOurs("malformed event: detail.image-digest '"
                + digest + "' is not sha256: followed by 64 lower-case hex digits: " + why));
    }

    @Test
    void sixtyFourLowerCaseHexDigitsOfAnyValueAreADigest() {
        String zeros = "sha256:" + "0".repeat(64);
        String push = Fixtures.event("ecr-push-success.json").replace("sha256:" + SUCCESS_HEX, zeros);

        assertThat(parser.parse(push)).isInstanceOfSatisfying(EcrImageActionParser.Push.class,
                read -> assertThat(read.push().digest()).isEqualTo(zeros));
    }

    @Test
    void aPushByDigestHasNoTag() {
        String untagged = Fixtures.event("ecr-push-success.json").replace("\"image-tag\": \"ref.3f9c2ab\",", "");

        assertThat(((EcrImageActionParser.Push) parser.parse(untagged)).push().tag()).isNull();
    }
}
