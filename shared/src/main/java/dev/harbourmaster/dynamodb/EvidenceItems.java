package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.bool;
import static dev.harbourmaster.dynamodb.Attributes.instant;
import static dev.harbourmaster.dynamodb.Attributes.map;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.number;
import static dev.harbourmaster.dynamodb.Attributes.optionalNumber;
import static dev.harbourmaster.dynamodb.Attributes.string;
import static dev.harbourmaster.dynamodb.Attributes.strings;

import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A deployment's evidence as a nested map: ECS reports, tasks, service notices, rollback, timeout. */
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
                bool(m, "askedEcs", false), string(m, "timedOut"), instant(m, "timedOutAt"));
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
