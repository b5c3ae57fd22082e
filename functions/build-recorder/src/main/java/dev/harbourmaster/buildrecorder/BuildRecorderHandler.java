package dev.harbourmaster.buildrecorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.ecr.EcrImageRegistry;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import dev.harbourmaster.support.ServedAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Lambda entry point for EventBridge "ECR Image Action" events. Events that are not ours (among
 * them pushes to an account or region the stack does not serve, whose images the deployer would
 * refuse) are logged and acknowledged, never recorded (a retry could never succeed); AWS errors
 * propagate so that Lambda's bounded retries and the dead-letter queue keep the event.
 *
 * <p>A CRaC resource: before a SnapStart snapshot it primes its clients and parser with reads only.
 */
public final class BuildRecorderHandler implements RequestStreamHandler, Resource {

    /** An ECR push of a repository no manifest names, parsed (never recorded) when priming. */
    static final String PRIMING_EVENT = """
            {"version":"0","id":"harbourmaster-priming","detail-type":"ECR Image Action","source":"aws.ecr",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"eu-west-1","resources":[],
             "detail":{"result":"SUCCESS","repository-name":"harbourmaster/priming","action-type":"PUSH","image-tag":"ref.0000000",
             "image-digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}}""";

    private final EcrImageActionParser parser = new EcrImageActionParser();
    private final BuildRecording recording;
    private final ServedAccounts served;
    private final Log log;
    private final Priming priming;
    private final Clock clock;

    public BuildRecorderHandler() {
        this(BuildRecorderConfig.fromEnvironment(System.getenv()), AwsClients.httpClient());
        Core.getGlobalContext().register(this);
    }

    private BuildRecorderHandler(BuildRecorderConfig config, SdkHttpClient http) {
        this(config, AwsClients.dynamoDb(http), AwsClients.ecr(http));
    }

    private BuildRecorderHandler(BuildRecorderConfig config, DynamoDbClient dynamo,
                                 EcrClient ecr) {
        this(new BuildRecording(new DynamoDbCatalogue(dynamo, config.tableName()),
                        new DynamoDbBuildLedger(dynamo, config.tableName()), new EcrImageRegistry(ecr)),
                config.served(), new Log("build-recorder"),
                new Priming().read(() -> new EcrImageActionParser().parse(PRIMING_EVENT))
                        .read(() -> ReleaseHashRule.DEFAULT.hashOf("ref.0000000"))
                        .read(() -> new DynamoDbCatalogue(dynamo, config.tableName()).feedsOf("harbourmaster/priming"))
                        .dynamoDb(dynamo, config.tableName()).ecr(ecr));
    }

    public BuildRecorderHandler(BuildRecording recording, ServedAccounts served, Log log) {
        this(recording, served, log, Clock.systemUTC());
    }

    public BuildRecorderHandler(BuildRecording recording, ServedAccounts served, Log log, Clock clock) {
        this(recording, served, log, Priming.none(), clock);
    }

    private BuildRecorderHandler(BuildRecording recording, ServedAccounts served, Log log, Priming priming) {
        this(recording, served, log, priming, Clock.systemUTC());
    }

    private BuildRecorderHandler(BuildRecording recording, ServedAccounts served, Log log, Priming priming, Clock clock) {
        this.recording = recording;
        this.served = served;
        this.log = log;
        this.priming = priming;
        this.clock = clock;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: the SDK clients reopen connections and refresh credentials themselves.
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
        ImagePush event = ((EcrImageActionParser.Push) parsed).push();
        Optional<String> foreign = served.refusal(event.account(), event.region());
        if (foreign.isPresent()) {
            log.warn("event ignored").with("reason", "push not recorded: " + foreign.get())
                    .with("eventId", event.eventId()).with("repository", event.repository()).with("digest", event.digest())
                    .write();
            return "IGNORED";
        }
        ImagePush push = event.receivedAt(clock.instant());
        if (push != event) {
            log.warn("event time not believed: the build is dated when the event was received")
                    .with("eventId", event.eventId()).with("eventTime", event.pushedAt()).with("receivedAt", push.pushedAt())
                    .with("repository", event.repository()).with("digest", event.digest()).write();
        }
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
            case RELEASED -> "known build released: its tags give the release hash";
            case FINISHED -> "releases an earlier delivery began were finished";
            case DUPLICATE -> "duplicate push: nothing changed";
        };
    }

    private static String describe(Release release) {
        return release.projectId() + "/" + release.serviceId() + "@" + release.releaseHash();
    }
}
