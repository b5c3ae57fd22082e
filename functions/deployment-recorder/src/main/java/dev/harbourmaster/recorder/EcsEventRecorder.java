package dev.harbourmaster.recorder;

import dev.harbourmaster.support.Log;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ECS event, from its JSON to the table: parsed, ignored when it is not ours or malformed
 * (logged; a retry could never succeed), recorded ({@link DeploymentRecorder}), told in one log
 * line and answered. An event that may be about a deployment not yet written down, and AWS
 * errors, propagate: Lambda retries the event, then dead-letters it.
 */
public final class EcsEventRecorder {

    private final EcsEventParser parser = new EcsEventParser();
    private final DeploymentRecorder recorder;
    private final Log log;

    public EcsEventRecorder(DeploymentRecorder recorder, Log log) {
        this.recorder = recorder;
        this.log = log;
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
