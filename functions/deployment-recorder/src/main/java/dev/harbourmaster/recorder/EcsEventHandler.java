package dev.harbourmaster.recorder;

import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Priming;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Lambda entry point for the ECS events EventBridge delivers ("ECS Deployment State Change", "ECS
 * Task State Change", "ECS Service Action"). Events that are not ours, or malformed, are logged
 * and acknowledged (a retry could never succeed). An event that may be about a deployment not yet
 * written down, and AWS errors, propagate: Lambda retries the event, then dead-letters it.
 *
 * <p>A CRaC resource: before a SnapStart snapshot it primes its clients, parser and item mapping
 * with reads only.
 */
public final class EcsEventHandler implements RequestStreamHandler, Resource {

    /** An ECS deployment event of a deployment no one recorded, parsed (never recorded) when priming. */
    static final String PRIMING_EVENT = """
            {"version":"0","id":"harbourmaster-priming","detail-type":"ECS Deployment State Change","source":"aws.ecs",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"eu-west-1",
             "resources":["arn:aws:ecs:eu-west-1:123456789012:service/harbourmaster-priming/harbourmaster-priming"],
             "detail":{"eventType":"INFO","eventName":"SERVICE_DEPLOYMENT_COMPLETED","deploymentId":"ecs-svc/0000000000000000000",
             "updatedAt":"2026-01-01T00:00:00Z","reason":"priming"}}""";

    private final EcsEventParser parser = new EcsEventParser();
    private final DeploymentRecorder recorder;
    private final Log log;
    private final Priming priming;

    public EcsEventHandler() {
        this(RecorderConfig.fromEnvironment(System.getenv()), AwsClients.httpClient());
        Core.getGlobalContext().register(this);
    }

    private EcsEventHandler(RecorderConfig config, SdkHttpClient http) {
        this(config, AwsClients.dynamoDb(http), AwsClients.ecs(http), new Log("deployment-recorder"));
    }

    private EcsEventHandler(RecorderConfig config, DynamoDbClient dynamo, EcsClient ecs, Log log) {
        this(defaultRecorder(config, dynamo, ecs, log), log,
                new Priming().read(() -> new EcsEventParser().parse(PRIMING_EVENT))
                        .read(() -> new DynamoDbDeploymentRecords(dynamo, config.tableName()).byEcsDeployment("ecs-svc/0000000000000000000"))
                        .ecs(ecs));
    }

    public EcsEventHandler(DeploymentRecorder recorder, Log log) {
        this(recorder, log, Priming.none());
    }

    private EcsEventHandler(DeploymentRecorder recorder, Log log, Priming priming) {
        this.recorder = recorder;
        this.log = log;
        this.priming = priming;
    }

    private static DeploymentRecorder defaultRecorder(RecorderConfig config, DynamoDbClient dynamo, EcsClient ecs, Log log) {
        return new DeploymentRecorder(new DynamoDbDeploymentRecords(dynamo, config.tableName()),
                new DynamoDbReleaseSets(dynamo, config.tableName()), new EcsContainerPlatform(ecs),
                Instant::now, config.unknownGrace(), config.served(), log);
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
        Map<String, String> answer = handle(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(Json.MAPPER.writeValueAsBytes(answer));
    }

    /** @return the outcome and its detail, as the invocation's answer */
    public Map<String, String> handle(String eventJson) {
        EcsEventParser.Result parsed = parser.parse(eventJson);
        if (parsed instanceof EcsEventParser.NotOurs notOurs) {
            log.warn("event ignored").with("reason", notOurs.reason()).write();
            return answer("IGNORED", notOurs.reason());
        }
        EcsEvent event = ((EcsEventParser.Parsed) parsed).event();
        try {
            DeploymentRecorder.Result result = recorder.record(event);
            log.info("ECS event handled").with("outcome", result.outcome()).with("detail", result.detail())
                    .with("eventId", event.eventId()).with("kind", event.getClass().getSimpleName())
                    .with("cluster", event.cluster()).with("ecsService", event.serviceName()).write();
            return answer(result.outcome().name(), result.detail());
        } catch (NotRecordedYetException e) {
            log.info("ECS event deferred: Lambda will deliver it again").with("eventId", event.eventId())
                    .with("reason", e.getMessage()).write();
            throw e;
        } catch (RuntimeException e) {
            log.error("ECS event not recorded: Lambda will retry it, then dead-letter it")
                    .with("eventId", event.eventId()).with("error", String.valueOf(e)).write();
            throw e;
        }
    }

    private static Map<String, String> answer(String outcome, String detail) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("outcome", outcome);
        answer.put("detail", detail);
        return answer;
    }
}
