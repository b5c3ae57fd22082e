package dev.harbourmaster.buildrecorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.ecr.EcrImageRegistry;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Lambda entry point for EventBridge "ECR Image Action" events. Events that are not ours are
 * logged and acknowledged (a retry could never succeed); AWS errors propagate so that Lambda's
 * bounded retries and the dead-letter queue keep the event.
 */
public final class BuildRecorderHandler implements RequestStreamHandler {

    private final EcrImageActionParser parser = new EcrImageActionParser();
    private final BuildRecording recording;
    private final Log log;

    public BuildRecorderHandler() {
        this(defaultRecording(BuildRecorderConfig.fromEnvironment(System.getenv())), new Log("build-recorder"));
    }

    public BuildRecorderHandler(BuildRecording recording, Log log) {
        this.recording = recording;
        this.log = log;
    }

    private static BuildRecording defaultRecording(BuildRecorderConfig config) {
        SdkHttpClient http = AwsClients.httpClient();
        var dynamo = AwsClients.dynamoDb(http);
        return new BuildRecording(new DynamoDbCatalogue(dynamo, config.tableName()),
                new DynamoDbBuildLedger(dynamo, config.tableName()), new EcrImageRegistry(AwsClients.ecr(http)));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String outcome = handle(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(("{\"outcome\":\"" + outcome + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** @return the outcome's name, or IGNORED for an event that is not ours */
    public String handle(String eventJson) {
        EcrImageActionParser.Result parsed = parser.parse(eventJson);
        if (parsed instanceof EcrImageActionParser.NotOurs notOurs) {
            log.warn("event ignored").with("reason", notOurs.reason()).write();
            return "IGNORED";
        }
        ImagePush push = ((EcrImageActionParser.Push) parsed).push();
        BuildRecording.Result result = recording.record(push);
        Log.Line line = log.info(messageOf(result))
                .with("outcome", result.outcome())
                .with("eventId", push.eventId())
                .with("repository", push.repository())
                .with("digest", push.digest())
                .with("tag", push.tag())
                .with("releaseHash", result.build().releaseHash());
        if (!result.releases().isEmpty()) {
            line.with("releases", result.releases().stream().map(BuildRecorderHandler::describe).toList());
        }
        if (!result.autoDeploys().isEmpty()) {
            line.with("autoDeployReleaseSets", result.autoDeploys().stream()
                    .map(set -> set.id() + " -> " + set.projectId() + "/" + set.environmentId()).toList());
        }
        line.write();
        return result.outcome().name();
    }

    private static String messageOf(BuildRecording.Result result) {
        return switch (result.outcome()) {
            case RECORDED -> !result.releases().isEmpty() ? "build recorded"
                    : result.build().tags().isEmpty()
                    ? "untagged build recorded (a platform manifest, or a push by digest): releases wait for a tag"
                    : "build recorded without release: neither its tag nor its annotations give a release hash";
            case UNASSIGNED -> "build recorded as unassigned: no manifest mentions this repository";
            case TAG_ADDED -> "tag added to a known build";
            case RELEASED -> "known build released: its new tag gives the release hash";
            case DUPLICATE -> "duplicate push: nothing changed";
        };
    }

    private static String describe(Release release) {
        return release.projectId() + "/" + release.serviceId() + "@" + release.releaseHash();
    }
}
