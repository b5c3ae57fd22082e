package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.bool;
import static dev.harbourmaster.dynamodb.Attributes.decimal;
import static dev.harbourmaster.dynamodb.Attributes.instant;
import static dev.harbourmaster.dynamodb.Attributes.map;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.number;
import static dev.harbourmaster.dynamodb.Attributes.optionalNumber;
import static dev.harbourmaster.dynamodb.Attributes.string;
import static dev.harbourmaster.dynamodb.Attributes.strings;

import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A deployment's evidence as a nested map (ECS reports, tasks, service notices, rollback, the service deployment, hooks, what people asked, supersession, timeout), and its rollout plan. */
final class EvidenceItems {

    private EvidenceItems() {}

    static Map<String, AttributeValue> evidenceMap(DeploymentEvidence evidence) {
        return new Attributes.Item()
                .putMaps("reports", evidence.reports(), r -> new Attributes.Item().put("state", r.state())
                        .put("at", r.at()).put("reason", r.reason()).put("source", r.source()).build())
                .putMaps("tasks", evidence.tasks(), EvidenceItems::taskMap)
                .putMaps("notices", evidence.notices(), n -> new Attributes.Item().put("eventId", n.eventId())
                        .put("at", n.at()).put("eventType", n.eventType()).put("eventName", n.eventName())
                        .putStrings("reasons", n.reasons()).build())
                .putMap("rollback", evidence.rollback() == null ? null : new Attributes.Item()
                        .put("deploymentId", evidence.rollback().deploymentId())
                        .put("toDeploymentId", evidence.rollback().toDeploymentId())
                        .put("state", evidence.rollback().state())
                        .put("at", evidence.rollback().at()).build())
                .put("askedEcs", evidence.askedEcs())
                .putMap("serviceDeployment", evidence.serviceDeployment() == null ? null
                        : serviceDeploymentMap(evidence.serviceDeployment()))
                .putMaps("hooks", evidence.hooks(), h -> new Attributes.Item().put("hookId", h.hookId())
                        .put("hookType", h.hookType()).put("lifecycleStage", h.lifecycleStage()).put("status", h.status())
                        .put("expiresAt", h.expiresAt()).put("timeoutAction", h.timeoutAction()).put("at", h.at()).build())
                .putMaps("actions", evidence.actions(), a -> new Attributes.Item().put("action", a.action())
                        .put("hookId", a.hookId()).put("who", a.who()).put("why", a.why()).put("at", a.at()).build())
                .put("supersededBy", evidence.supersededBy())
                .put("supersededBySet", evidence.supersededBySet())
                .put("timedOut", evidence.timedOut())
                .put("timedOutAt", evidence.timedOutAt())
                .build();
    }

    static DeploymentEvidence evidence(Map<String, AttributeValue> m) {
        if (m == null) {
            return DeploymentEvidence.NONE;
        }
        return new DeploymentEvidence(
                maps(m, "reports", r -> new EcsReport(string(r, "state"), instant(r, "at"), string(r, "reason"),
                        string(r, "source"))),
                maps(m, "tasks", EvidenceItems::task),
                maps(m, "notices", n -> new ServiceNotice(string(n, "eventId"), instant(n, "at"), string(n, "eventType"),
                        string(n, "eventName"), strings(n, "reasons"))),
                map(m, "rollback", r -> new Rollback(string(r, "deploymentId"), string(r, "toDeploymentId"),
                        string(r, "state"), instant(r, "at"))),
                bool(m, "askedEcs", false),
                map(m, "serviceDeployment", EvidenceItems::serviceDeployment),
                maps(m, "hooks", h -> new HookState(string(h, "hookId"), string(h, "hookType"), string(h, "lifecycleStage"),
                        string(h, "status"), instant(h, "expiresAt"), string(h, "timeoutAction"), instant(h, "at"))),
                maps(m, "actions", a -> new OperatorAction(string(a, "action"), string(a, "hookId"), string(a, "who"),
                        string(a, "why"), instant(a, "at"))),
                string(m, "supersededBy"), string(m, "supersededBySet"),
                string(m, "timedOut"), instant(m, "timedOutAt"));
    }

    private static Map<String, AttributeValue> serviceDeploymentMap(ServiceDeploymentReport r) {
        return new Attributes.Item().put("arn", r.arn()).put("status", r.status()).put("statusReason", r.statusReason())
                .put("lifecycleStage", r.lifecycleStage()).put("updatedAt", r.updatedAt()).put("finishedAt", r.finishedAt())
                .put("rollbackReason", r.rollbackReason()).put("rollbackStartedAt", r.rollbackStartedAt())
                .put("alarmsStatus", r.alarmsStatus()).putStrings("triggeredAlarms", r.triggeredAlarms())
                .put("circuitBreakerStatus", r.circuitBreakerStatus())
                .put("failureCount", r.failureCount() == null ? null : Long.valueOf(r.failureCount()))
                .put("threshold", r.threshold() == null ? null : Long.valueOf(r.threshold())).build();
    }

    private static ServiceDeploymentReport serviceDeployment(Map<String, AttributeValue> r) {
        Long failures = optionalNumber(r, "failureCount");
        Long threshold = optionalNumber(r, "threshold");
        return new ServiceDeploymentReport(string(r, "arn"), string(r, "status"), string(r, "statusReason"),
                string(r, "lifecycleStage"), instant(r, "updatedAt"), instant(r, "finishedAt"), string(r, "rollbackReason"),
                instant(r, "rollbackStartedAt"), string(r, "alarmsStatus"), strings(r, "triggeredAlarms"),
                string(r, "circuitBreakerStatus"), failures == null ? null : failures.intValue(),
                threshold == null ? null : threshold.intValue());
    }

    static Map<String, AttributeValue> planMap(RolloutPlan plan) {
        return new Attributes.Item().put("strategy", plan.strategy()).put("bakeTimeMinutes", plan.bakeTimeMinutes())
                .put("stepPercent", plan.stepPercent()).put("stepBakeMinutes", plan.stepBakeMinutes())
                .put("canaryPercent", plan.canaryPercent()).put("canaryBakeMinutes", plan.canaryBakeMinutes())
                .putStrings("pauseHookMinutes", plan.pauseHookMinutes().stream().map(String::valueOf).toList())
                .put("earlySuccessPercent", plan.earlySuccessPercent() == null ? null : Long.valueOf(plan.earlySuccessPercent()))
                .build();
    }

    static RolloutPlan plan(Map<String, AttributeValue> p) {
        return new RolloutPlan(string(p, "strategy"), (int) number(p, "bakeTimeMinutes", 0), decimal(p, "stepPercent"),
                (int) number(p, "stepBakeMinutes", 0), decimal(p, "canaryPercent"), (int) number(p, "canaryBakeMinutes", 0),
                strings(p, "pauseHookMinutes").stream().map(Integer::valueOf).toList(), earlySuccessPercent(p));
    }

    private static Integer earlySuccessPercent(Map<String, AttributeValue> p) {
        Long percent = optionalNumber(p, "earlySuccessPercent");
        return percent == null ? null : percent.intValue();
    }

    private static Map<String, AttributeValue> taskMap(TaskEvidence t) {
        return new Attributes.Item().put("taskArn", t.taskArn()).put("version", t.version())
                .put("lastStatus", t.lastStatus()).put("taskDefinition", t.taskDefinitionArn())
                .putMaps("containers", t.containers(), c -> new Attributes.Item().put("name", c.name())
                        .put("imageDigest", c.imageDigest()).put("exitCode", c.exitCode()).put("reason", c.reason()).build())
                .put("stoppedReason", t.stoppedReason()).put("stopCode", t.stopCode())
                .put("startedAt", t.startedAt()).put("stoppedAt", t.stoppedAt())
                .build();
    }

    private static TaskEvidence task(Map<String, AttributeValue> t) {
        return new TaskEvidence(string(t, "taskArn"), number(t, "version", 0), string(t, "lastStatus"),
                string(t, "taskDefinition"),
                maps(t, "containers", c -> new TaskEvidence.ContainerEvidence(string(c, "name"), string(c, "imageDigest"),
                        optionalNumber(c, "exitCode"), string(c, "reason"))),
                string(t, "stoppedReason"), string(t, "stopCode"), instant(t, "startedAt"), instant(t, "stoppedAt"));
    }
}
