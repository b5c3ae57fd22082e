package dev.harbourmaster.recorder;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Lambda entry point for the ECS events EventBridge delivers ("ECS Deployment State Change", "ECS
 * Task State Change", "ECS Service Action"), recorded by {@link EcsEventRecorder}. Events that are
 * not ours, or malformed, are logged and acknowledged; an event that may be about a deployment not
 * yet written down, and AWS errors, propagate: Lambda retries the event, then dead-letters it.
 */
public final class EcsEventHandler implements RequestStreamHandler {

    private final EcsEventRecorder events;

    public EcsEventHandler() {
        this(RecorderWiring.forEcsEvents(System.getenv()));
    }

    public EcsEventHandler(EcsEventRecorder events) {
        this.events = events;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, String> answer = handle(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        output.write(Json.MAPPER.writeValueAsBytes(answer));
    }

    /** @return the outcome and its detail, as the invocation's answer */
    public Map<String, String> handle(String eventJson) {
        return events.handle(eventJson);
    }
}
