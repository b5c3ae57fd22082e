package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One service of a release set rolled out in one environment. Build one with {@link #builder()} and
 * copy one with {@link #toBuilder()}: most of its parts are strings, so each is set by its name, where
 * a swap of two positions would go unnoticed.
 *
 * @param images                 what the service must run when it is done (digest-pinned)
 * @param ecsDeploymentId        the new PRIMARY deployment ECS made (null until UpdateService answered, or when not rolled)
 * @param serviceDeploymentArn   the same deployment in ECS's service deployments API (its second id; null before ECS
 *                               had that API, or when UpdateService did not name it)
 * @param plan                   how ECS rolls it out (strategy, bake times, hooks), as the service said when it started
 * @param previousTaskDefinition what ran before: what a rollback returns to
 * @param evidence               what ECS told us of it; once ECS has the deployment, the status follows from it
 * @param revision               how many times the record was written: the condition of the next write
 * @param logs                   where the revision's containers send their logs (those that name a stream prefix)
 * @param placement              the account, region and role of the environment's ECS when it was rolled: where it is
 *                               followed ({@link Placement#HOME} for the stack's own, and for deployments recorded before)
 * @param config                 the revision it registered and how its configuration differs from the one before; null
 *                               when it registered none, and for deployments recorded before it was kept
 */
public record Deployment(String releaseSetId, String projectId, String environmentId, String serviceId,
                         String cluster, String ecsServiceName, String releaseHash, List<ReleaseImage> images,
                         String ecsDeploymentId, String previousTaskDefinition, String taskDefinition,
                         DeploymentStatus status, String reason, Instant startedAt, Instant endedAt,
                         DeploymentEvidence evidence, long revision, List<ContainerLog> logs, String serviceDeploymentArn,
                         RolloutPlan plan, Placement placement, DeploymentConfig config) {

    public Deployment {
        images = List.copyOf(images);
        plan = plan == null ? RolloutPlan.ROLLING_PLAN : plan;
        placement = placement == null ? Placement.HOME : placement;
        logs = logs == null ? List.of() : List.copyOf(logs);
        evidence = evidence == null ? DeploymentEvidence.NONE : evidence;
        reason = StoredText.text(reason);
    }

    /** A deployment without its configuration's record. */
    public Deployment(String releaseSetId, String projectId, String environmentId, String serviceId,
                      String cluster, String ecsServiceName, String releaseHash, List<ReleaseImage> images,
                      String ecsDeploymentId, String previousTaskDefinition, String taskDefinition,
                      DeploymentStatus status, String reason, Instant startedAt, Instant endedAt,
                      DeploymentEvidence evidence, long revision, List<ContainerLog> logs, String serviceDeploymentArn,
                      RolloutPlan plan, Placement placement) {
        this(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName, releaseHash, images, ecsDeploymentId,
                previousTaskDefinition, taskDefinition, status, reason, startedAt, endedAt, evidence, revision, logs,
                serviceDeploymentArn, plan, placement, null);
    }

    /** The configuration changes it made; none when it registered no revision, or when they were not recorded. */
    public ConfigChanges configChanges() {
        return config == null ? ConfigChanges.NONE : config.changes();
    }

    /** Nothing set: no images, no evidence, revision 0, every other part null. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Deployment started(String newTaskDefinition, String deploymentId) {
        return toBuilder().ecsDeploymentId(deploymentId).taskDefinition(newTaskDefinition)
                .status(DeploymentStatus.IN_PROGRESS).reason(null).endedAt(null).build();
    }

    public Deployment ended(DeploymentStatus outcome, String why, Instant at) {
        return toBuilder().status(outcome).reason(why).endedAt(at).build();
    }

    /**
     * The deployment with more evidence, its status, reason and end decided again from all of it.
     * Only a deployment ECS has (one the deployer started) is decided by evidence; one the deployer
     * ended itself (failed to start, unchanged) only keeps the evidence.
     */
    public Deployment withEvidence(DeploymentEvidence more) {
        DeploymentEvidence all = evidence.with(more);
        if (ecsDeploymentId == null || status == DeploymentStatus.UNCHANGED) {
            return toBuilder().evidence(all).build();
        }
        DeploymentVerdict verdict = DeploymentVerdict.of(images, all, startedAt);
        return toBuilder().status(verdict.status()).reason(verdict.reason()).endedAt(verdict.endedAt()).evidence(all)
                .build();
    }

    public Deployment withRevision(long next) {
        return toBuilder().revision(next).build();
    }

    public boolean isSuccess() {
        return status.isSuccess();
    }

    /** How many tasks were last seen RUNNING with every container on the release's digest. */
    public long tasksOnRelease() {
        return evidence.tasks().stream().filter(t -> "RUNNING".equals(t.lastStatus()) && runsRelease(t)).count();
    }

    private boolean runsRelease(TaskEvidence task) {
        return images.stream().allMatch(i -> task.containers().stream()
                .anyMatch(c -> i.container().equals(c.name()) && i.digest().equals(c.imageDigest())));
    }

    /**
     * When the sweeper may give up on it while it is in flight: its start plus what its plan takes
     * ({@link RolloutPlan#expected}, {@code rollout} for the rolling part), plus each pause hook's timeout
     * while no hook has been heard of; once hooks are known, never before the latest of them (its expiry
     * while it waits, its end once it ended) plus what the plan takes after. Null without a start.
     */
    public Instant deadline(Duration rollout) {
        if (startedAt == null) {
            return null;
        }
        Duration plan = this.plan.expected(rollout);
        if (evidence.hooks().isEmpty()) {
            return startedAt.plus(plan).plusSeconds(60L * this.plan.pauseHookMinutes().stream().mapToLong(m -> m).sum());
        }
        Instant deadline = startedAt.plus(plan);
        for (HookState hook : evidence.hooks()) {
            Instant heard = hook.awaitingAction() && hook.expiresAt() != null ? hook.expiresAt() : hook.at();
            if (heard != null && heard.plus(plan).isAfter(deadline)) {
                deadline = heard.plus(plan);
            }
        }
        return deadline;
    }

    /** How long it took, from the claim to its end; null while in flight, and for an end dated before the start. */
    public Long durationMillis() {
        return startedAt == null || endedAt == null || endedAt.isBefore(startedAt) ? null
                : endedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    /** Sets each part of a {@link Deployment} by its name. */
    public static final class Builder {
        private String releaseSetId;
        private String projectId;
        private String environmentId;
        private String serviceId;
        private String cluster;
        private String ecsServiceName;
        private String releaseHash;
        private List<ReleaseImage> images = List.of();
        private String ecsDeploymentId;
        private String previousTaskDefinition;
        private String taskDefinition;
        private DeploymentStatus status;
        private String reason;
        private Instant startedAt;
        private Instant endedAt;
        private DeploymentEvidence evidence = DeploymentEvidence.NONE;
        private long revision;
        private List<ContainerLog> logs = List.of();
        private String serviceDeploymentArn;
        private RolloutPlan plan;
        private Placement placement;
        private DeploymentConfig config;

        private Builder() {}

        private Builder(Deployment d) {
            releaseSetId = d.releaseSetId;
            projectId = d.projectId;
            environmentId = d.environmentId;
            serviceId = d.serviceId;
            cluster = d.cluster;
            ecsServiceName = d.ecsServiceName;
            releaseHash = d.releaseHash;
            images = d.images;
            ecsDeploymentId = d.ecsDeploymentId;
            previousTaskDefinition = d.previousTaskDefinition;
            taskDefinition = d.taskDefinition;
            status = d.status;
            reason = d.reason;
            startedAt = d.startedAt;
            endedAt = d.endedAt;
            evidence = d.evidence;
            revision = d.revision;
            logs = d.logs;
            serviceDeploymentArn = d.serviceDeploymentArn;
            plan = d.plan;
            placement = d.placement;
            config = d.config;
        }

        public Builder config(DeploymentConfig config) {
            this.config = config;
            return this;
        }

        public Builder serviceDeploymentArn(String serviceDeploymentArn) {
            this.serviceDeploymentArn = serviceDeploymentArn;
            return this;
        }

        public Builder plan(RolloutPlan plan) {
            this.plan = plan;
            return this;
        }

        public Builder placement(Placement placement) {
            this.placement = placement;
            return this;
        }

        public Builder logs(List<ContainerLog> logs) {
            this.logs = logs;
            return this;
        }

        public Builder releaseSetId(String releaseSetId) {
            this.releaseSetId = releaseSetId;
            return this;
        }

        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        public Builder environmentId(String environmentId) {
            this.environmentId = environmentId;
            return this;
        }

        public Builder serviceId(String serviceId) {
            this.serviceId = serviceId;
            return this;
        }

        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder ecsServiceName(String ecsServiceName) {
            this.ecsServiceName = ecsServiceName;
            return this;
        }

        public Builder releaseHash(String releaseHash) {
            this.releaseHash = releaseHash;
            return this;
        }

        public Builder images(List<ReleaseImage> images) {
            this.images = images;
            return this;
        }

        public Builder ecsDeploymentId(String ecsDeploymentId) {
            this.ecsDeploymentId = ecsDeploymentId;
            return this;
        }

        public Builder previousTaskDefinition(String previousTaskDefinition) {
            this.previousTaskDefinition = previousTaskDefinition;
            return this;
        }

        public Builder taskDefinition(String taskDefinition) {
            this.taskDefinition = taskDefinition;
            return this;
        }

        public Builder status(DeploymentStatus status) {
            this.status = status;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        public Builder endedAt(Instant endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        public Builder evidence(DeploymentEvidence evidence) {
            this.evidence = evidence;
            return this;
        }

        public Builder revision(long revision) {
            this.revision = revision;
            return this;
        }

        public Deployment build() {
            return new Deployment(releaseSetId, projectId, environmentId, serviceId, cluster, ecsServiceName,
                    releaseHash, images, ecsDeploymentId, previousTaskDefinition, taskDefinition, status, reason,
                    startedAt, endedAt, evidence, revision, logs, serviceDeploymentArn, plan, placement, config);
        }

        /** A service claimed by the deployer, before anything is asked of ECS: in progress since {@code at}. */
        public Deployment claimedAt(Instant at) {
            return status(DeploymentStatus.IN_PROGRESS).startedAt(at).build();
        }
    }
}
