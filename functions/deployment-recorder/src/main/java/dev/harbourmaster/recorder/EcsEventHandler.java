package dev.harbourmaster.recorder;

import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.ecs.EcsContainerPlatform;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Lambda entry point for the ECS events EventBridge delivers ("ECS Deployment State Change", "ECS
 * Task State Change", "ECS Service Action"). Events that are not ours, or malformed, are logged
 * and acknowledged (a retry could never succeed). An event that may be about a deployment not yet
 * written down, and AWS errors, propagate: Lambda retries the event, then dead-letters it.
 */
public final class EcsEventHandler implements RequestStreamHandler {

    private final EcsEventParser parser = new EcsEventParser();
    private final DeploymentRecorder recorder;
    private final Log log;

    public EcsEventHandler() {
        this(defaultRecorder(RecorderConfig.fromEnvironment(System.getenv()), new Log("deployment-recorder")),
                new Log("deployment-recorder"));
    }

    public EcsEventHandler(DeploymentRecorder recorder, Log log) {
        this.recorder = recorder;
        this.log = log;
    }

    static DeploymentRecorder defaultRecorder(RecorderConfig config, Log log) {
        SdkHttpClient http = AwsClients.httpClient();
        var dynamo = AwsClients.dynamoDb(http);
        return new DeploymentRecorder(new DynamoDbDeploymentRecords(dynamo, config.tableName()),
                new DynamoDbReleaseSets(dynamo, config.tableName()), new EcsContainerPlatform(AwsClients.ecs(http)),
                Instant::now, config.unknownGrace(), log);
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
