package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.DeploymentConfig;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.FailureCause;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import java.util.List;

/**
 * One deployment with everything ECS told of it: hm show, hm deploy's result and /api.
 * {@code cause}: why it failed, in a few words (null for a success); {@code reason}: everything, ids included;
 * {@code logs}: where the revision's containers log (awslogs with a stream prefix); {@code config}: the revision it
 * registered and what that changed in configuration (null when it registered none, or was recorded before it was kept).
 */
public record DeploymentDocument(String service, String releaseHash, String status, String cause, String reason,
                                 String cluster,
                                 String ecsService, String ecsDeploymentId, String taskDefinition,
                                 String previousTaskDefinition, List<ImageDocument> images, List<ContainerLog> logs,
                                 String startedAt,
                                 String endedAt, Long durationMillis, String serviceDeploymentArn, Rollout rollout,
                                 Evidence evidence, Config config) {

    /**
     * @param base               {@code running} or {@code latest}: what the registered revision copied
     * @param baseTaskDefinition the revision copied
     * @param configOnly         no image changed: the deployment changed configuration only
     * @param changes            {@code +FEATURE_X}, {@code ~LOG_LEVEL}, {@code -OLD_FLAG}, {@code memory 512→1024}, …
     * @param fingerprint        the registered revision's configuration: variables by name with a hash of each value,
     *                           secrets by valueFrom, sizes, ports, hashes of command and health check
     */
    public record Config(String base, String baseTaskDefinition, boolean configOnly, List<String> changes,
                         ConfigFingerprint fingerprint) {

        static Config of(DeploymentConfig c) {
            return c == null ? null : new Config(c.base().word(), c.baseTaskDefinition(), c.configOnly(), c.changes().lines(),
                    c.fingerprint());
        }
    }

    /** How ECS rolls it out, as the service was configured when it started ("LINEAR 10% every 6 min, bake 10 min"). */
    public record Rollout(String strategy, String description) {}

    public record Evidence(List<Report> reports, List<Task> tasks, List<Notice> notices, Rollback rollback,
                           String timedOut, String timedOutAt, ServiceDeployment serviceDeployment, List<Hook> hooks,
                           List<Action> actions, String supersededBy, String supersededBySet) {}

    /** What ECS's service deployments API said of it, last. */
    public record ServiceDeployment(String status, String statusReason, String lifecycleStage, String updatedAt,
                                    String finishedAt, String rollbackReason, String alarms, List<String> triggeredAlarms,
                                    String circuitBreaker, Integer failureCount, Integer threshold) {}

    public record Hook(String hookId, String hookType, String lifecycleStage, String status, String expiresAt,
                       String timeoutAction, String at) {}

    /** A person's answer: APPROVE, REJECT, STOP or STOP_ROLLBACK, by whom, why and when. */
    public record Action(String action, String hookId, String by, String why, String at) {}

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
                d.serviceDeploymentArn(), d.plan() == null ? null : new Rollout(d.plan().strategy(), d.plan().describe()),
                evidence(d.evidence()), Config.of(d.config()));
    }

    private static Evidence evidence(DeploymentEvidence e) {
        var r = e.rollback();
        return new Evidence(e.reports().stream().map(DeploymentDocument::report).toList(),
                e.tasks().stream().map(DeploymentDocument::task).toList(),
                e.notices().stream().map(DeploymentDocument::notice).toList(),
                r == null ? null : new Rollback(r.deploymentId(), r.toDeploymentId(), r.state(), format(r.at())),
                e.timedOut(), format(e.timedOutAt()), serviceDeployment(e.serviceDeployment()),
                e.hooks().stream().map(h -> new Hook(h.hookId(), h.hookType(), h.lifecycleStage(), h.status(), format(h.expiresAt()),
                        h.timeoutAction(), format(h.at()))).toList(),
                e.actions().stream().map(a -> new Action(a.action(), a.hookId(), a.who(), a.why(), format(a.at()))).toList(),
                e.supersededBy(), e.supersededBySet());
    }

    private static ServiceDeployment serviceDeployment(ServiceDeploymentReport r) {
        return r == null ? null : new ServiceDeployment(r.status(), r.statusReason(), r.lifecycleStage(), format(r.updatedAt()),
                format(r.finishedAt()), r.rollbackReason(), r.alarmsStatus(), r.triggeredAlarms(), r.circuitBreakerStatus(),
                r.failureCount(), r.threshold());
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
