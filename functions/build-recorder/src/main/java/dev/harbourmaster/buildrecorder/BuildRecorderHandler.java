package dev.harbourmaster.buildrecorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lambda entry point for EventBridge "ECR Image Action" events ({@link PushRecorder}). Events that
 * are not ours are logged and acknowledged, never recorded (a retry could never succeed); AWS
 * errors propagate so that Lambda's bounded retries and the dead-letter queue keep the event.
 */
public final class BuildRecorderHandler implements RequestStreamHandler {

    private final PushRecorder pushes;

    public BuildRecorderHandler() {
        this(BuildRecorderWiring.forLambda(System.getenv()));
    }

    public BuildRecorderHandler(PushRecorder pushes) {
        this.pushes = pushes;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        PushRecorder.Answer answer = pushes.answer(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        Json.MAPPER.writeValue(output, Json.MAPPER.createObjectNode().put("outcome", answer.outcome()).put("detail", answer.detail()));
    }

    /** @return the outcome's name, or IGNORED for an event that is not ours */
    public String handle(String eventJson) {
        return pushes.handle(eventJson);
    }
}
