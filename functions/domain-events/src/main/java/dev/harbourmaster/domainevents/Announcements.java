package dev.harbourmaster.domainevents;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domainevents.EmbeddedMetrics.Unit;
import dev.harbourmaster.support.Log;

/**
 * What is written once an event was accepted: one JSON log line ("deployment finished", "release
 * set finished") and its Embedded Metric Format metrics. A correction (a final status followed by
 * another) is logged again but not counted again.
 */
final class Announcements {

    private final EmbeddedMetrics metrics;
    private final Log log;

    Announcements(EmbeddedMetrics metrics, Log log) {
        this.metrics = metrics;
        this.log = log;
    }

    void announce(DeploymentFinished detail, Deployment d) {
        (detail.succeeded() ? log.info("deployment finished") : log.warn("deployment finished"))
                .with("project", detail.project())
                .with("environment", detail.environment())
                .with("service", detail.service())
                .with("releaseSet", detail.releaseSet())
                .with("releaseHash", detail.releaseHash())
                .with("ecsDeploymentId", detail.ecsDeploymentId())
                .with("outcome", detail.outcome())
                .with("previousOutcome", detail.previousOutcome())
                .with("reason", detail.reason())
                .with("requestedBy", detail.requestedBy())
                .with("requestedByArn", detail.requestedByArn())
                .with("description", detail.description())
                .with("kind", detail.kind())
                .with("startedAt", detail.startedAt())
                .with("endedAt", detail.endedAt())
                .with("durationMs", detail.durationMs())
                .with("leadTimeMs", detail.leadTimeMs())
                .write();
        if (detail.previousOutcome() != null && DeploymentStatus.valueOf(detail.previousOutcome()).isFinal()) {
            return; // a correction (FAILED, then ROLLED_BACK): announced again, but already counted
        }
        EmbeddedMetrics.Entry entry = metrics.entry()
                .dimension("Project", detail.project())
                .dimension("Environment", detail.environment())
                .dimension("Outcome", detail.outcome())
                .metric("Deployments", Unit.COUNT, 1, "Project", "Environment", "Outcome");
        // Only a deployment ECS rolled has a duration worth a percentile: UNCHANGED, or FAILED before
        // ECS answered, would pull it towards zero.
        if (detail.durationMs() != null && d.ecsDeploymentId() != null) {
            entry.metric("DeploymentDuration", Unit.MILLISECONDS, detail.durationMs(), "Project", "Environment");
        }
        if (detail.leadTimeMs() != null) {
            entry.metric("LeadTime", Unit.MILLISECONDS, detail.leadTimeMs(), "Project", "Environment");
        }
        entry.property("service", detail.service())
                .property("releaseSet", detail.releaseSet())
                .property("ecsDeploymentId", detail.ecsDeploymentId())
                .write();
    }

    void announce(ReleaseSetFinished detail) {
        (detail.succeeded() ? log.info("release set finished") : log.warn("release set finished"))
                .with("project", detail.project())
                .with("environment", detail.environment())
                .with("serviceSet", detail.serviceSet())
                .with("releaseSet", detail.releaseSet())
                .with("kind", detail.kind())
                .with("outcome", detail.outcome())
                .with("previousOutcome", detail.previousOutcome())
                .with("reason", detail.reason())
                .with("requestedBy", detail.requestedBy())
                .with("requestedByArn", detail.requestedByArn())
                .with("description", detail.description())
                .with("requestedAt", detail.requestedAt())
                .with("services", detail.serviceIds())
                .write();
        if (detail.previousOutcome() != null && ReleaseSetStatus.valueOf(detail.previousOutcome()).isFinal()) {
            return; // an outcome corrected by late evidence: announced again, but already counted
        }
        metrics.entry()
                .dimension("Project", detail.project())
                .dimension("Environment", detail.environment())
                .dimension("Outcome", detail.outcome())
                .metric("ReleaseSets", Unit.COUNT, 1, "Project", "Environment", "Outcome")
                .property("releaseSet", detail.releaseSet())
                .property("serviceSet", detail.serviceSet())
                .property("kind", detail.kind())
                .write();
    }
}
