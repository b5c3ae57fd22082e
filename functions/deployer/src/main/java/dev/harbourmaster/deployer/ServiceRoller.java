package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentConfig;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.StartedDeployment;
import dev.harbourmaster.ports.TaskDefinition;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Rolls one service: its claim (the deployment written before anything is rolled, so that a
 * repeated delivery cannot roll it twice), then a task-definition revision pinned to the release's
 * digests, and the ECS service pointed at it.
 */
final class ServiceRoller {

    private final Supplier<Instant> clock;

    ServiceRoller(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /**
     * The deployment that claims the service, as written before it is rolled.
     *
     * @param placement where the environment's ECS is, kept on the deployment so it is followed there
     */
    Deployment claimOf(String releaseSetId, String projectId, String environmentId, ServicePlan plan, Placement placement,
                       Instant claimedAt) {
        return Deployment.builder().releaseSetId(releaseSetId).projectId(projectId)
                .environmentId(environmentId).serviceId(plan.release().serviceId()).cluster(plan.cluster())
                .ecsServiceName(plan.ecsServiceName()).releaseHash(plan.release().releaseHash())
                .images(plan.release().images()).previousTaskDefinition(plan.current() == null ? null : plan.current().arn())
                .placement(placement).config(configOf(plan)).claimedAt(claimedAt);
    }

    /** What the revision it will register copies and changes; null for a service that cannot be rolled. */
    private static DeploymentConfig configOf(ServicePlan plan) {
        if (plan.base() == null) {
            return null;
        }
        ConfigChanges changes = plan.configChanges();
        return new DeploymentConfig(plan.baseKind(), plan.base().arn(), plan.base().config(), changes,
                plan.imagesRunning() && !changes.isEmpty());
    }

    /** A deployment that changes no image says so, and what it changes instead. */
    static String configOnlyReason(DeploymentConfig config) {
        return "configuration only, images unchanged: " + config.changes().summary(10);
    }

    /**
     * What rolling the claimed service came to: started in ECS, or ended here (unchanged, or failed).
     *
     * @param platform the environment's ECS (in its account and region)
     */
    Deployment roll(Deployment claimed, ServicePlan plan, ContainerPlatform platform) {
        if (plan.problem() != null) {
            return claimed.ended(DeploymentStatus.FAILED, plan.problem(), clock.get());
        }
        if (plan.alreadyRunning()) {
            return claimed.ended(DeploymentStatus.UNCHANGED, "already runs " + plan.release().releaseHash(), clock.get());
        }
        try {
            TaskDefinition revision = platform.registerRevision(plan.base(), plan.wantedImages());
            StartedDeployment started = platform.updateService(plan.cluster(), plan.ecsServiceName(), revision.arn());
            DeploymentConfig config = claimed.config() == null ? null : claimed.config().withFingerprint(revision.config());
            return claimed.started(revision.arn(), started.ecsDeploymentId()).toBuilder().logs(revision.logs())
                    .serviceDeploymentArn(started.serviceDeploymentArn()).plan(started.plan()).config(config)
                    .reason(config != null && config.configOnly() ? configOnlyReason(config) : null).build();
        } catch (ContainerPlatformException e) {
            return claimed.ended(DeploymentStatus.FAILED, e.getMessage(), clock.get());
        }
    }
}
