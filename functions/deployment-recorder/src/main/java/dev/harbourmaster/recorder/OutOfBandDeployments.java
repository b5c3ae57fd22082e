package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Placement;

/**
 * Deployments ECS reported that Harbourmaster did not start (console, Terraform, another tool). They
 * belong to no release set; the service's newest deployment of ours, if any, says which project,
 * environment and service they changed. Their status is what ECS said, with no release to verify.
 */
final class OutOfBandDeployments {

    private OutOfBandDeployments() {}

    /** @param place the event's account and region, normalized: the out-of-band deployment is kept under its service there */
    static Deployment first(String ecsDeploymentId, EcsEvent e, Placement place, Deployment newestOfOurs) {
        return Deployment.builder().projectId(newestOfOurs == null ? null : newestOfOurs.projectId())
                .environmentId(newestOfOurs == null ? null : newestOfOurs.environmentId())
                .serviceId(newestOfOurs == null ? null : newestOfOurs.serviceId())
                .cluster(e.cluster()).ecsServiceName(e.serviceName()).ecsDeploymentId(ecsDeploymentId)
                .placement(newestOfOurs == null ? place : newestOfOurs.placement())
                .status(DeploymentStatus.IN_PROGRESS).startedAt(e.time()).build();
    }

    static Deployment withEvidence(Deployment d, DeploymentEvidence more) {
        DeploymentEvidence all = d.evidence().with(more);
        EcsReport failed = all.report(EcsReport.FAILED);
        EcsReport completed = all.report(EcsReport.COMPLETED);
        EcsReport decisive = failed != null ? failed : completed;
        DeploymentStatus status = failed != null ? DeploymentStatus.FAILED
                : completed != null ? DeploymentStatus.COMPLETED_UNVERIFIED : DeploymentStatus.IN_PROGRESS;
        String reason = "changed outside Harbourmaster: ECS deployment " + d.ecsDeploymentId() + " "
                + (decisive == null ? "in progress" : decisive.state().toLowerCase().replace('_', ' '))
                + (decisive != null && decisive.reason() != null ? " (" + decisive.reason() + ")" : "");
        return d.toBuilder().status(status).reason(reason).endedAt(decisive == null ? null : decisive.at()).evidence(all)
                .build();
    }
}
