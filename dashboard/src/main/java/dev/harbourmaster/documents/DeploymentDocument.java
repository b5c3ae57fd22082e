package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.FailureCause;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import java.util.List;

/**
 * One deployment with everything ECS told of it: hm show, hm deploy's result and /api.
 * {@code cause}: why it failed, in a few words (null for a success); {@code reason}: everything, ids included;
 * {@code logs}: where the revision's containers log (awslogs with a stream prefix).
 */
public record DeploymentDocument(String service, String releaseHash, String status, String cause, String reason,
                                 String cluster,
                                 String ecsService, String ecsDeploymentId, String taskDefinition,
                                 String previousTaskDefinition, List<ImageDocument> images, List<ContainerLog> logs,
                                 String startedAt,
                                 String endedAt, Long durationMillis, Evidence evidence) {

    public record Evidence(List<Report> reports, List<Task> tasks, List<Notice> notices, Rollback rollback,
                           String timedOut, String timedOutAt) {}

    public record Report(String state, String at, String reason, String source) {}

    public record Task(String taskArn, String lastStatus, String taskDefinition, String startedAt, String stoppedAt,
                       String stopCode, String stoppedReason, List<Container> containers) {}

    public record Container(String name, String imageDigest, Long exitCode, String reason) {}

    public record Notice(String eventId, String at, String eventType, String eventName, List<String> reasons) {}

    public record Rollback(String deploymentId, String toDeploymentId, String state, String at) {}

    public static DeploymentDocument of(Deployment d) {
        return new DeploymentDocument(d.serviceId(), d.releaseHash(), d.status().name(), FailureCause.of(d), d.reason(),
                d.cluster(),
                d.ecsServiceName(), d.ecsDeploymentId(), d.taskDefinition(), d.previousTaskDefinition(),
                ImageDocument.all(d.images()), d.logs(), format(d.startedAt()), format(d.endedAt()), d.durationMillis(),
                evidence(d.evidence()));
    }

    private static Evidence evidence(DeploymentEvidence e) {
        var r = e.rollback();
        return new Evidence(e.reports().stream().map(DeploymentDocument::report).toList(),
                e.tasks().stream().map(DeploymentDocument::task).toList(),
                e.notices().stream().map(DeploymentDocument::notice).toList(),
                r == null ? null : new Rollback(r.deploymentId(), r.toDeploymentId(), r.state(), format(r.at())),
                e.timedOut(), format(e.timedOutAt()));
    }

    private static Report report(EcsReport r) {
        return new Report(r.state(), format(r.at()), r.reason(), r.source());
    }

    private static Task task(TaskEvidence t) {
        return new Task(t.taskArn(), t.lastStatus(), t.taskDefinitionArn(), format(t.startedAt()), format(t.stoppedAt()),
                t.stopCode(), t.stoppedReason(), t.containers().stream()
                .map(c -> new Container(c.name(), c.imageDigest(), c.exitCode(), c.reason())).toList());
    }

    private static Notice notice(ServiceNotice n) {
        return new Notice(n.eventId(), format(n.at()), n.eventType(), n.eventName(), n.reasons());
    }
}
