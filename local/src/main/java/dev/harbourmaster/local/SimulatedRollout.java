package dev.harbourmaster.local;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.DeploymentAlarms;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * One deployment as ECS plays it under the service's deploymentConfiguration, its waits scaled
 * down (a minute of ECS's time plays as a tenth of the settle time), telling the emulator where
 * it stands at each step ({@link EcsScheduler#move}) and publishing what ECS would:
 * <ul>
 *   <li>ROLLING: tasks RUNNING after half the settle time, SUCCESSFUL and COMPLETED after it (with early
 *       success criteria, after the healthy share of the tasks, the rest started once it completed);</li>
 *   <li>BLUE_GREEN, LINEAR, CANARY: the lifecycle stages one after another (RECONCILE_SERVICE …
 *       CLEAN_UP), the green tasks RUNNING at SCALE_UP; production traffic moved at once
 *       (BLUE_GREEN), step by step with each step's bake time (LINEAR), or the canary's share
 *       first (CANARY); then the bake time;</li>
 *   <li>a pause hook of the configuration waits at its stage (ECS Hook State Change
 *       HOOK_AWAITING_ACTION) until ContinueServiceDeployment answers it (hm approve or reject) or its
 *       timeout, scaled, runs out and its timeoutAction is taken;</li>
 *   <li>the failure switch ({@value FailureSwitch#TAG}): the tasks exit 1 and the circuit breaker
 *       rolls back; the alarm switch ({@value FailureSwitch#ALARM_TAG} = an alarm of the service's
 *       deployment alarms): it goes into ALARM (during the bake time, or once the tasks run when
 *       rolling) and ECS rolls back, naming it;</li>
 *   <li>a deployment ended from outside meanwhile (a later UpdateService, StopServiceDeployment, a
 *       hook rejected) is played no further; a rollback is announced as SERVICE_DEPLOYMENT_FAILED.</li>
 * </ul>
 * Not played: Lambda hooks, a second pause hook (the emulator makes only the first wait), alarms
 * configured without rollback, traffic itself.
 */
final class SimulatedRollout {

    /** What the rollout tells the simulator: ECS's own rollback deployment (not news), waits for people, its end. */
    interface Watcher {
        void ownDeployment(String ecsDeploymentId, String taskDefinition);

        void waitingForPeople(boolean waiting);

        void done();
    }

    /** The deployment the service ran before: what a rollback returns to (null when unknown). */
    record Previous(String ecsDeploymentId, String taskDefinition) {}

    /** One deployment to play: the service, its new ECS and service deployment ids, and how it is configured. */
    record Start(EcsEvents.ServiceRef ref, String ecsDeploymentId, String serviceDeploymentArn, String taskDefinition,
                 int tasks, DeploymentConfiguration configuration, Previous before, FailureSwitch.Switches switches) {}

    private static final List<String> STAGES = List.of("RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP",
            "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT",
            "BAKE_TIME", "CLEAN_UP");
    private static final Set<String> IN_FLIGHT = Set.of("PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED",
            "ROLLBACK_IN_PROGRESS");

    private final EcsScheduler ecs;
    private final LocalLog localLog;
    private final Start start;
    private final Watcher watcher;
    private final Duration settle;
    private final Duration tick;
    private final String where;
    private final String strategy;
    private final DeploymentLifecycleHook pauseHook;
    private final String alarm;
    private final List<EcsEvents.Container> containers;
    private final Instant startedAt = Instant.now();
    private boolean ended;

    SimulatedRollout(EcsScheduler ecs, LocalLog localLog, Start start, Duration settle, Watcher watcher) {
        this.ecs = ecs;
        this.localLog = localLog;
        this.start = start;
        this.watcher = watcher;
        this.settle = settle;
        this.tick = settle.dividedBy(4);
        this.where = (ecs.place().isHome() ? "" : "account " + start.ref().account() + " ") + start.ref().cluster() + "/"
                + start.ref().name() + " " + start.ecsDeploymentId();
        DeploymentConfiguration configuration = start.configuration();
        this.strategy = configuration == null || configuration.strategyAsString() == null ? "ROLLING" : configuration.strategyAsString();
        this.pauseHook = configuration == null ? null : configuration.lifecycleHooks().stream()
                .filter(h -> "PAUSE".equals(h.targetTypeAsString()) && !h.lifecycleStages().isEmpty()).findFirst().orElse(null);
        this.alarm = watchedAlarm(configuration, start.switches().alarm());
        this.containers = ecs.containersOf(start.taskDefinition());
    }

    void play() {
        localLog.say("ecs", where + " IN_PROGRESS (" + strategy + "): " + start.tasks() + " task" + (start.tasks() == 1 ? "" : "s")
                + " of " + EcsSimulator.describe(containers) + (start.switches().failing() ? " (failure switch on)" : "")
                + (alarm != null ? " (alarm " + alarm + " will go off)" : ""));
        ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.IN_PROGRESS, start.ecsDeploymentId(),
                EcsEvents.inProgressReason(start.ecsDeploymentId()), startedAt));
        if ("ROLLING".equals(strategy)) {
            after(settle.dividedBy(2), this::rollingTasks);
        } else {
            stage(0);
        }
    }

    /**
     * A rolling deployment's tasks; with early success criteria ECS completes it once its healthy
     * share runs, and starts the rest afterwards.
     */
    private void rollingTasks() {
        var early = start.configuration() == null ? null : start.configuration().earlySuccessCriteria();
        int first = early == null || !Boolean.TRUE.equals(early.enable()) || early.healthyPercent() == null ? start.tasks()
                : Math.max(1, (int) Math.ceil(start.tasks() * early.healthyPercent() / 100.0));
        if (!tasksStarted(first)) {
            return;
        }
        after(settle.dividedBy(2), () -> {
            if (!stillInFlight()) {
                return;
            }
            if (alarm != null) {
                alarmGoesOff();
                return;
            }
            succeed();
            if (first < start.tasks()) {
                localLog.say("ecs", where + " early success at " + first + " of " + start.tasks() + " tasks; the rest start now");
                ecs.runTasks(start.ref(), start.taskDefinition(), start.ecsDeploymentId(), containers, start.tasks() - first,
                        startedAt);
            }
        });
    }

    private void stage(int index) {
        if (index == STAGES.size()) {
            succeed();
            return;
        }
        if (!stillInFlight()) {
            return;
        }
        String stage = STAGES.get(index);
        ecs.move(start.serviceDeploymentArn(), Map.of("lifecycleStage", stage));
        Runnable next = () -> stage(index + 1);
        Runnable play = () -> playStage(stage, next);
        if (pauseHook != null && pauseHook.lifecycleStagesAsStrings().get(0).equals(stage)) {
            awaitAnswer(stage, play);
        } else {
            play.run();
        }
    }

    private void playStage(String stage, Runnable next) {
        switch (stage) {
            case "SCALE_UP" -> after(settle.dividedBy(2), () -> {
                if (tasksStarted(start.tasks())) {
                    next.run();
                }
            });
            case "PRODUCTION_TRAFFIC_SHIFT" -> shiftProductionTraffic(next);
            case "BAKE_TIME" -> bake(next);
            default -> after(tick, next);
        }
    }

    private void shiftProductionTraffic(Runnable next) {
        DeploymentConfiguration configuration = start.configuration();
        if ("LINEAR".equals(strategy) && configuration.linearConfiguration() != null) {
            double percent = orDefault(configuration.linearConfiguration().stepPercent(), 10.0);
            int steps = (int) Math.ceil(100 / percent);
            linearStep(1, steps, percent, minutes(orDefault(configuration.linearConfiguration().stepBakeTimeInMinutes(), 6)), next);
        } else if ("CANARY".equals(strategy) && configuration.canaryConfiguration() != null) {
            double percent = orDefault(configuration.canaryConfiguration().canaryPercent(), 5.0);
            int bake = orDefault(configuration.canaryConfiguration().canaryBakeTimeInMinutes(), 10);
            localLog.say("ecs", where + " canary: " + percent + "% of production traffic, baking " + bake + " min");
            after(minutes(bake), () -> {
                if (stillInFlight()) {
                    localLog.say("ecs", where + " canary done: all production traffic on the new revision");
                    next.run();
                }
            });
        } else {
            after(tick, next);
        }
    }

    private void linearStep(int step, int steps, double percent, Duration stepBake, Runnable next) {
        localLog.say("ecs", where + " PRODUCTION_TRAFFIC_SHIFT step " + step + " of " + steps + ": "
                + Math.min(100, Math.round(step * percent)) + "% of production traffic");
        after(stepBake, () -> {
            if (step == steps) {
                next.run();
            } else if (stillInFlight()) {
                linearStep(step + 1, steps, percent, stepBake, next);
            }
        });
    }

    private void bake(Runnable next) {
        int minutes = orDefault(start.configuration().bakeTimeInMinutes(), 0);
        if (alarm != null) {
            after(minutes(minutes).dividedBy(2).plus(tick), () -> {
                if (stillInFlight()) {
                    alarmGoesOff();
                }
            });
            return;
        }
        localLog.say("ecs", where + " BAKE_TIME " + minutes + " min");
        after(minutes(minutes).plus(tick), next);
    }

    /** A pause hook: ECS waits at the stage for ContinueServiceDeployment, or until the hook's timeout. */
    private void awaitAnswer(String stage, Runnable then) {
        Optional<ServiceDeployment> now = ecs.serviceDeployment(start.serviceDeploymentArn());
        var hook = now.flatMap(d -> d.lifecycleHookDetails().stream().filter(h -> "AWAITING_ACTION".equals(h.statusAsString()))
                .findFirst());
        if (hook.isEmpty()) {
            then.run();
            return;
        }
        String hookId = hook.get().hookId();
        int timeoutMinutes = pauseHook.timeoutConfiguration() == null || pauseHook.timeoutConfiguration().timeoutInMinutes() == null
                ? 1440 : pauseHook.timeoutConfiguration().timeoutInMinutes();
        String timeoutAction = pauseHook.timeoutConfiguration() == null || pauseHook.timeoutConfiguration().actionAsString() == null
                ? "ROLLBACK" : pauseHook.timeoutConfiguration().actionAsString();
        ecs.publish(EcsEvents.hookStateChange(start.ref(), start.serviceDeploymentArn(), "HOOK_AWAITING_ACTION", hookId, stage,
                hook.get().expiresAt(), Instant.now()));
        Duration timeout = minutes(timeoutMinutes);
        localLog.say("ecs", where + " waits at " + stage + " for ContinueServiceDeployment (hm approve or hm reject), hook "
                + hookId + "; after " + timeoutMinutes + " min (plays as " + timeout.toSeconds() + " s) ECS takes " + timeoutAction);
        watcher.waitingForPeople(true);
        pollHook(stage, hookId, timeoutAction, Instant.now().plus(timeout), then);
    }

    private void pollHook(String stage, String hookId, String timeoutAction, Instant deadline, Runnable then) {
        after(tick, () -> {
            ServiceDeployment now = ecs.serviceDeployment(start.serviceDeploymentArn()).orElse(null);
            String status = now == null ? null : now.lifecycleHookDetails().stream().filter(h -> hookId.equals(h.hookId()))
                    .map(h -> h.statusAsString()).findFirst().orElse(null);
            if (now == null || !IN_FLIGHT.contains(now.statusAsString()) || "FAILED".equals(status)) {
                watcher.waitingForPeople(false);
                if ("FAILED".equals(status)) {
                    ecs.publish(EcsEvents.hookStateChange(start.ref(), start.serviceDeploymentArn(), "HOOK_FAILED", hookId, stage,
                            null, Instant.now()));
                }
                stillInFlight();
            } else if ("SUCCEEDED".equals(status)) {
                watcher.waitingForPeople(false);
                hookSucceeded(stage, hookId, "approved", then);
            } else if (Instant.now().isAfter(deadline)) {
                watcher.waitingForPeople(false);
                hookTimedOut(stage, hookId, timeoutAction, then);
            } else {
                pollHook(stage, hookId, timeoutAction, deadline, then);
            }
        });
    }

    private void hookSucceeded(String stage, String hookId, String how, Runnable then) {
        ecs.publish(EcsEvents.hookStateChange(start.ref(), start.serviceDeploymentArn(), "HOOK_SUCCEEDED", hookId, stage, null,
                Instant.now()));
        localLog.say("ecs", where + " hook " + hookId + " " + how + ": goes on from " + stage);
        then.run();
    }

    private void hookTimedOut(String stage, String hookId, String timeoutAction, Runnable then) {
        if ("CONTINUE".equals(timeoutAction)) {
            ecs.move(start.serviceDeploymentArn(), Map.of("hook", Map.of("hookId", hookId, "status", "SUCCEEDED")));
            hookSucceeded(stage, hookId, "timed out (timeoutAction CONTINUE)", then);
            return;
        }
        ecs.move(start.serviceDeploymentArn(), Map.of("hook", Map.of("hookId", hookId, "status", "FAILED")));
        ecs.publish(EcsEvents.hookStateChange(start.ref(), start.serviceDeploymentArn(), "HOOK_FAILED", hookId, stage, null,
                Instant.now()));
        rollBack("pause hook " + hookId + " at " + stage + " timed out", Map.of(),
                "ECS deployment " + start.ecsDeploymentId() + " failed: pause hook " + hookId + " timed out; rolling back.");
    }

    private void failTasks() {
        ecs.failTasks(start.ref(), start.taskDefinition(), start.ecsDeploymentId(), containers, start.tasks(), startedAt);
        after(settle.dividedBy(2), () -> {
            if (stillInFlight()) {
                rollBack(EcsEvents.CIRCUIT_BREAKER_FAILED, Map.of("deploymentCircuitBreaker", Map.of("status", "TRIGGERED",
                        "failureCount", Math.max(1, start.tasks()), "threshold", Math.max(1, start.tasks()))),
                        EcsEvents.CIRCUIT_BREAKER_FAILED);
            }
        });
    }

    private void alarmGoesOff() {
        localLog.say("ecs", where + " alarm " + alarm + " in ALARM");
        rollBack("alarm " + alarm + " in ALARM", Map.of("alarms", Map.of("status", "TRIGGERED", "alarmNames",
                start.configuration().alarms().alarmNames(), "triggeredAlarmNames", List.of(alarm))),
                EcsEvents.alarmFailedReason(alarm));
    }

    /**
     * ECS fails the deployment and rolls back: a rolling service with a deployment of its own on the
     * task definition before (its events as the circuit breaker's, or in our words for alarms); a
     * service shifting traffic moves it back to the blue revision, still running.
     */
    private void rollBack(String why, Map<String, Object> evidence, String failedReason) {
        Previous before = start.before();
        if (before == null || before.taskDefinition() == null) {
            Map<String, Object> change = new LinkedHashMap<>(evidence);
            change.put("status", "ROLLBACK_FAILED");
            change.put("statusReason", why + "; no completed deployment to roll back to");
            ecs.move(start.serviceDeploymentArn(), change);
            ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.FAILED, start.ecsDeploymentId(), failedReason, Instant.now()));
            end("FAILED (" + why + "); nothing to roll back to");
            return;
        }
        Map<String, Object> change = new LinkedHashMap<>(evidence);
        change.put("status", "ROLLBACK_IN_PROGRESS");
        change.put("statusReason", why);
        change.put("rollback", Map.of("reason", why));
        String rollback = ecs.move(start.serviceDeploymentArn(), change);
        watcher.ownDeployment(rollback, before.taskDefinition());
        ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.FAILED, start.ecsDeploymentId(), failedReason, Instant.now()));
        if (!"ROLLING".equals(strategy) || rollback == null) {
            after(tick, () -> {
                ecs.move(start.serviceDeploymentArn(), Map.of("status", "ROLLBACK_SUCCESSFUL", "statusReason", why
                        + "; traffic back on the revision before"));
                end("FAILED (" + why + "); traffic back on the revision before: ROLLBACK_SUCCESSFUL");
            });
            return;
        }
        localLog.say("ecs", where + " FAILED (" + why + "); rolls back to " + before.ecsDeploymentId() + " as " + rollback);
        Instant rollbackStart = Instant.now();
        String rollingBack = start.switches().failing() ? EcsEvents.rollingBackReason(before.ecsDeploymentId())
                : EcsEvents.alarmRollingBackReason(before.ecsDeploymentId());
        ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.IN_PROGRESS, rollback, rollingBack, rollbackStart));
        List<EcsEvents.Container> previous = ecs.containersOf(before.taskDefinition());
        after(settle.dividedBy(2), () -> ecs.runTasks(start.ref(), before.taskDefinition(), rollback, previous, start.tasks(),
                rollbackStart));
        after(settle, () -> {
            ecs.move(start.serviceDeploymentArn(), Map.of("status", "ROLLBACK_SUCCESSFUL", "statusReason", why + "; rolled back"));
            ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.COMPLETED, rollback,
                    EcsEvents.completedReason(rollback), Instant.now()));
            end("rollback " + rollback + " COMPLETED");
        });
    }

    private void succeed() {
        ecs.move(start.serviceDeploymentArn(), Map.of("status", "SUCCESSFUL", "statusReason", "Deployment completed."));
        ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.COMPLETED, start.ecsDeploymentId(),
                EcsEvents.completedReason(start.ecsDeploymentId()), Instant.now()));
        end("COMPLETED");
    }

    /** The new tasks run (this many), or exit when the failure switch is on: true when the deployment goes on. */
    private boolean tasksStarted(int count) {
        if (!stillInFlight()) {
            return false;
        }
        if (start.switches().failing()) {
            failTasks();
            return false;
        }
        ecs.runTasks(start.ref(), start.taskDefinition(), start.ecsDeploymentId(), containers, count, startedAt);
        return true;
    }

    /**
     * Whether ECS still plays the deployment: one ended from outside (replaced by a later
     * UpdateService, stopped, rolled back at a hook or by StopServiceDeployment) is played no
     * further, and a rollback is announced as ECS does, SERVICE_DEPLOYMENT_FAILED.
     */
    private boolean stillInFlight() {
        if (ended) {
            return false;
        }
        ServiceDeployment now = ecs.serviceDeployment(start.serviceDeploymentArn()).orElse(null);
        if (now == null || IN_FLIGHT.contains(now.statusAsString())) {
            return true;
        }
        String reason = now.statusReason() == null ? now.statusAsString() : now.statusReason();
        if (now.statusAsString().startsWith("ROLLBACK")) {
            ecs.publish(EcsEvents.deploymentStateChange(start.ref(), EcsEvents.FAILED, start.ecsDeploymentId(),
                    "ECS deployment " + start.ecsDeploymentId() + " rolled back: " + reason, Instant.now()));
        }
        end(now.statusAsString() + " from outside: " + reason);
        return false;
    }

    private void end(String how) {
        if (!ended) {
            ended = true;
            localLog.say("ecs", where + " " + how);
            watcher.done();
        }
    }

    private void after(Duration delay, Runnable step) {
        ecs.later(delay, step, () -> end("stopped: a simulation step failed (see the log)"));
    }

    /** A minute of ECS's time, as local mode plays it. */
    private Duration minutes(int minutes) {
        return settle.multipliedBy(minutes).dividedBy(10);
    }

    /** The alarm the switch names, if the service's deployment alarms watch it and roll back (else ECS would not act). */
    private String watchedAlarm(DeploymentConfiguration configuration, String named) {
        if (named == null) {
            return null;
        }
        DeploymentAlarms alarms = configuration == null ? null : configuration.alarms();
        if (alarms == null || !Boolean.TRUE.equals(alarms.enable()) || !Boolean.TRUE.equals(alarms.rollback())
                || !alarms.alarmNames().contains(named)) {
            localLog.say("ecs", start.ref().cluster() + "/" + start.ref().name() + ": the alarm switch names " + named
                    + ", which is not among the service's deployment alarms with rollback on"
                    + " (deploymentConfiguration.alarms); ECS would not watch it");
            return null;
        }
        return named;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
