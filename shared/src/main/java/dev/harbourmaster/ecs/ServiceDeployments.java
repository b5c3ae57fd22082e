package dev.harbourmaster.ecs;

import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.ports.ServiceDeploymentState;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/** ECS's service deployments API and deployment configuration, in the domain's words. */
final class ServiceDeployments {

    private ServiceDeployments() {}

    /** How ECS will roll out under this configuration (a service without one rolls). */
    static RolloutPlan planOf(DeploymentConfiguration configuration) {
        if (configuration == null) {
            return RolloutPlan.ROLLING_PLAN;
        }
        var linear = configuration.linearConfiguration();
        var canary = configuration.canaryConfiguration();
        List<Integer> pauseHooks = configuration.lifecycleHooks().stream().filter(h -> "PAUSE".equals(h.targetTypeAsString()))
                .map(ServiceDeployments::timeoutMinutes).toList();
        var early = configuration.earlySuccessCriteria();
        return new RolloutPlan(configuration.strategyAsString(), orZero(configuration.bakeTimeInMinutes()),
                linear == null ? null : linear.stepPercent(), linear == null ? 0 : orZero(linear.stepBakeTimeInMinutes()),
                canary == null ? null : canary.canaryPercent(), canary == null ? 0 : orZero(canary.canaryBakeTimeInMinutes()),
                pauseHooks, early != null && Boolean.TRUE.equals(early.enable()) ? early.healthyPercent() : null);
    }

    static ServiceDeploymentState stateOf(ServiceDeployment d) {
        var alarms = d.alarms();
        var breaker = d.deploymentCircuitBreaker();
        var rollback = d.rollback();
        ServiceDeploymentReport report = new ServiceDeploymentReport(d.serviceDeploymentArn(), d.statusAsString(), d.statusReason(),
                d.lifecycleStageAsString(), d.updatedAt(), d.finishedAt() != null ? d.finishedAt() : d.stoppedAt(),
                rollback == null ? null : rollback.reason(), rollback == null ? null : rollback.startedAt(),
                alarms == null ? null : alarms.statusAsString(), alarms == null ? List.of() : alarms.triggeredAlarmNames(),
                breaker == null ? null : breaker.statusAsString(), breaker == null ? null : breaker.failureCount(),
                breaker == null ? null : breaker.threshold());
        // The API names no hook's stage: the deployment's is the hook's only while the hook holds it there.
        List<HookState> hooks = d.lifecycleHookDetails().stream().map(h -> new HookState(h.hookId(), h.targetTypeAsString(),
                List.of(HookState.AWAITING_ACTION, "IN_PROGRESS").contains(h.statusAsString()) ? d.lifecycleStageAsString() : null,
                h.statusAsString(), h.expiresAt(), h.timeoutActionAsString(), d.updatedAt())).toList();
        return new ServiceDeploymentState(report, hooks, d.serviceArn(),
                d.targetServiceRevision() == null ? null : d.targetServiceRevision().arn());
    }

    private static int timeoutMinutes(DeploymentLifecycleHook hook) {
        Integer minutes = hook.timeoutConfiguration() == null ? null : hook.timeoutConfiguration().timeoutInMinutes();
        return minutes == null ? RolloutPlan.DEFAULT_PAUSE_HOOK_MINUTES : minutes;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
