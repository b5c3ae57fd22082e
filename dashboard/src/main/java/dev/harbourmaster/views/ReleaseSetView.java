package dev.harbourmaster.views;


import static dev.harbourmaster.views.Text.duration;
import static dev.harbourmaster.views.Text.format;
import static dev.harbourmaster.views.Text.shortHash;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.documents.ReleaseSetDetailDocument;
import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.FailureCause;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What hm show prints of one release set: the set, a table of its deployments, then each one's evidence. */
public final class ReleaseSetView {

    private final ReleaseSetDetail detail;
    private final Instant now;

    public ReleaseSetView(ReleaseSetDetail detail, Instant now) {
        this.detail = detail;
        this.now = now;
    }

    /** The set itself: who, why, where, and how it ended. */
    public List<String> header() {
        ReleaseSet set = detail.set();
        List<String> lines = new ArrayList<>();
        lines.add("Release set " + set.id());
        lines.add(field("project", set.projectId()));
        lines.add(field("environment", set.environmentId()));
        lines.add(field("kind", set.kind().name() + (set.serviceSetId() == null ? ", chosen services"
                : ", service set " + set.serviceSetId())));
        lines.add(field("requested", when(set.requestedAt(), now) + " by " + Text.by(set.requestedBy(), set.requestedByArn())));
        lines.add(field("why", orDash(set.description())));
        lines.add(field("status", set.status().name() + (set.statusReason() == null ? "" : ": " + set.statusReason())));
        if (set.approval() != null) {
            lines.add(field("approval", (set.approval().at() == null ? ""
                    : when(set.approval().at(), now) + " ") + set.approval().describe()));
        }
        lines.add(field("releases", String.join(", ", set.releases().stream()
                .map(r -> r.serviceId() + "@" + shortHash(r.releaseHash())).toList())));
        return lines;
    }

    /** One row per service of the set, in the set's order; services not claimed yet have no status. */
    public List<Map<String, Object>> deploymentRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Release release : detail.set().releases()) {
            Optional<Deployment> found = detail.deployment(release.serviceId());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", release.serviceId());
            row.put("release", shortHash(release.releaseHash()));
            row.put("status", found.map(d -> d.status().name()).orElse(notStarted()));
            row.put("ecsDeployment", found.map(Deployment::ecsDeploymentId).orElse(null));
            row.put("started", found.map(d -> format(d.startedAt())).orElse(null));
            row.put("ended", found.map(d -> format(d.endedAt())).orElse(null));
            row.put("duration", found.map(d -> duration(d.durationMillis())).orElse(null));
            rows.add(row);
        }
        return rows;
    }

    private String notStarted() {
        return switch (detail.set().status()) {
            case REQUESTED -> "waiting for the deployer";
            case QUEUED -> "waiting for the release set in flight to end";
            case AWAITING_APPROVAL -> "waiting for approval";
            case REJECTED -> "not deployed (set rejected)";
            case UNKNOWN -> "not recorded (imported history)";
            default -> "not deployed";
        };
    }

    /** Per deployment: its reason and everything ECS told of it. Digests cut to 12 digits, as in tables. */
    public List<String> evidence() {
        List<String> lines = new ArrayList<>();
        for (Release release : detail.set().releases()) {
            Optional<Deployment> found = detail.deployment(release.serviceId());
            if (found.isEmpty()) {
                continue;
            }
            Deployment d = found.get();
            lines.add("");
            lines.add(d.serviceId() + ": " + d.status() + " (" + shortHash(d.releaseHash()) + ")");
            String cause = FailureCause.of(d);
            if (cause != null) {
                lines.add(field("cause", Text.failure(cause, d.reason(), d.status(), null)));
            }
            lines.add(field(cause == null ? "reason" : "details", orDash(Text.details(d.reason(), cause))));
            lines.add(field("ECS service", d.cluster() + "/" + d.ecsServiceName()
                    + (d.ecsDeploymentId() == null ? "" : ", deployment " + d.ecsDeploymentId())));
            if (d.taskDefinition() != null || d.previousTaskDefinition() != null) {
                lines.add(field("task def", orDash(d.taskDefinition()) + " (was " + orDash(d.previousTaskDefinition()) + ")"));
            }
            lines.add(field("images", String.join(", ", d.images().stream().map(i -> i.container() + "=" + i.image()).toList())));
            config(d).ifPresent(text -> lines.add(field("config", text)));
            DeploymentEvidence evidence = d.evidence();
            if (d.serviceDeploymentArn() != null || !RolloutPlan.ROLLING.equals(d.plan().strategy())) {
                lines.add(field("rollout", d.plan().describe() + (d.serviceDeploymentArn() == null ? ""
                        : ", service deployment " + d.serviceDeploymentArn().substring(d.serviceDeploymentArn().lastIndexOf('/') + 1))));
            }
            ServiceDeploymentReport api = evidence.serviceDeployment();
            if (api != null) {
                lines.add(field("ECS API", api.status() + (api.lifecycleStage() == null ? "" : " at " + api.lifecycleStage())
                        + (api.updatedAt() == null ? "" : " (" + format(api.updatedAt()) + ")")
                        + (api.statusReason() == null ? "" : ": " + api.statusReason())
                        + (api.triggeredAlarms().isEmpty() ? "" : "; alarms in ALARM: " + String.join(", ", api.triggeredAlarms()))
                        + (api.circuitBreakerTriggered() ? "; circuit breaker " + api.failureCount() + "/" + api.threshold() : "")));
            }
            for (HookState hook : evidence.hooks()) {
                lines.add(field("hook", Text.hook(hook, null)));
            }
            for (OperatorAction action : evidence.actions()) {
                lines.add(field("asked", (action.at() == null ? "" : format(action.at()) + " ") + action.describe()
                        + (action.hookId() == null ? "" : " at hook " + action.hookId())));
            }
            if (evidence.supersededBy() != null) {
                lines.add(field("replaced by", evidence.supersededBy()
                        + (evidence.supersededBySet() == null ? " (outside Harbourmaster)" : " (release set " + evidence.supersededBySet() + ")")));
            }
            for (EcsReport report : evidence.reports().stream().sorted(Comparator.comparing(EcsReport::at,
                    Comparator.nullsLast(Comparator.naturalOrder()))).toList()) {
                lines.add(field("ECS said", report.state() + (report.at() == null ? "" : " at " + format(report.at()))
                        + (report.reason() == null ? "" : ": " + report.reason())
                        + (report.source() == null ? "" : " [" + report.source() + "]")));
            }
            for (TaskEvidence task : evidence.tasks()) {
                lines.add(field("task", taskText(task, d.images())));
            }
            if (evidence.tasks().isEmpty() && d.ecsDeploymentId() != null) {
                lines.add(field("tasks", "none seen yet"));
            }
            for (ServiceNotice notice : evidence.notices()) {
                lines.add(field("notice", (notice.at() == null ? "" : format(notice.at()) + " ") + notice.describe()));
            }
            if (evidence.rollback() != null) {
                lines.add(field("rollback", "ECS circuit breaker rolled back to " + evidence.rollback().toDeploymentId()
                        + " (rollback " + evidence.rollback().deploymentId() + ", " + evidence.rollback().state()
                        + (evidence.rollback().at() == null ? "" : ", started " + format(evidence.rollback().at())) + ")"));
            }
            if (evidence.timedOut() != null) {
                lines.add(field("timed out", evidence.timedOut()
                        + (evidence.timedOutAt() == null ? "" : " at " + format(evidence.timedOutAt()))));
            }
        }
        return lines.stream().map(Text::shortDigests).toList();
    }

    /** "abcd1234 STOPPED (EssentialContainerExited): Essential container exited; app sha256:… (the release's) exit code 1". */
    private static String taskText(TaskEvidence task, List<ReleaseImage> wanted) {
        StringBuilder s = new StringBuilder(shortTask(task.taskArn())).append(' ').append(task.lastStatus());
        if (task.startedAt() != null) {
            s.append(" started ").append(format(task.startedAt()));
        }
        if (task.stopped()) {
            if (task.stoppedAt() != null) {
                s.append(" stopped ").append(format(task.stoppedAt()));
            }
            if (task.stopCode() != null) {
                s.append(" (").append(task.stopCode()).append(')');
            }
            if (task.stoppedReason() != null) {
                s.append(": ").append(task.stoppedReason());
            }
        }
        for (TaskEvidence.ContainerEvidence c : task.containers()) {
            s.append("; ").append(c.name());
            if (c.imageDigest() != null) {
                s.append(' ').append(c.imageDigest());
                wanted.stream().filter(i -> i.container().equals(c.name())).findFirst().ifPresent(i ->
                        s.append(i.digest().equals(c.imageDigest()) ? " (the release's)" : " (NOT the release's " + i.digest() + ")"));
            }
            if (c.exitCode() != null) {
                s.append(" exit code ").append(c.exitCode());
            }
            if (c.reason() != null) {
                s.append(' ').append(c.reason());
            }
        }
        return s.toString();
    }

    private static String shortTask(String taskArn) {
        return taskArn == null ? "?" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /**
     * What a deployment changed in configuration, and from which base: "+FEATURE_X, memory 512→1024 (base latest)",
     * "configuration only: …" when no image changed, "no change (base running)"; empty for one that registered
     * nothing, or was recorded before configuration was kept.
     */
    public static Optional<String> config(Deployment d) {
        if (d.config() == null) {
            return Optional.empty();
        }
        ConfigChanges changes = d.configChanges();
        String base = " (base " + d.config().base().word() + ")";
        if (changes.isEmpty()) {
            return Optional.of("no change" + base);
        }
        return Optional.of((d.config().configOnly() ? "configuration only: " : "") + changes.summary(ConfigChanges.KEPT) + base);
    }

    private static String field(String name, String value) {
        return "  " + String.format("%-12s", name) + " " + value;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** Everything, whole: the set with its releases' images, and each deployment with all its evidence. */
    public ReleaseSetDetailDocument json() {
        return ReleaseSetDetailDocument.of(detail);
    }
}
