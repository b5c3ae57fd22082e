package dev.harbourmaster.local;

import dev.harbourmaster.support.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * What ECS does after UpdateService, which the emulator does not: it watches the manifest's
 * services, and when one's PRIMARY deployment id changes (UpdateService with forceNewDeployment
 * changes it on moto) it plays the deployment and publishes the events ECS would on the default
 * bus, so the template's rules and patterns decide who hears them:
 * <ul>
 *   <li>SERVICE_DEPLOYMENT_IN_PROGRESS; after half the settle time one task per desired task
 *       RUNNING (startedBy the deployment, each container with the digest its image pins); after
 *       the settle time SERVICE_DEPLOYMENT_COMPLETED;</li>
 *   <li>with the failure switch on for the service (tag {@value FailureSwitch#TAG} = true, read when
 *       the deployment starts): the task STOPPED (EssentialContainerExited, exit code 1), then
 *       SERVICE_DEPLOYMENT_FAILED (the circuit breaker's words), then the circuit breaker's rollback:
 *       UpdateService back to the previous task definition, its own deployment IN_PROGRESS ("rolling
 *       back to deploymentId …"), its tasks RUNNING and COMPLETED. The rollback's UpdateService is
 *       known to be the simulator's own, and not played as a new deployment.</li>
 * </ul>
 * Everything runs on one thread (the given scheduler), so a poll never interleaves with a step.
 */
final class EcsSimulator {

    /** A service of the manifest in one environment, as ECS names it. */
    record Watched(String projectId, String environmentId, String serviceId, String cluster, String ecsServiceName) {
        String key() {
            return cluster + "/" + ecsServiceName;
        }
    }

    private record Seen(String deploymentId, String taskDefinition) {}

    private final LocalClients clients;
    private final Map<String, List<Watched>> byCluster = new LinkedHashMap<>();
    private final Duration settle;
    private final LocalLog localLog;
    private final Log log;
    private final AtomicLong activity;
    private final ScheduledExecutorService thread;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Map<String, List<EcsEvents.Container>> containersByTaskDefinition = new HashMap<>();
    private final AtomicInteger playing = new AtomicInteger();

    EcsSimulator(LocalClients clients, List<Watched> services, Duration settle, LocalLog localLog, AtomicLong activity,
                 ScheduledExecutorService thread) {
        this.clients = clients;
        services.forEach(s -> byCluster.computeIfAbsent(s.cluster(), c -> new ArrayList<>()).add(s));
        this.settle = settle;
        this.localLog = localLog;
        this.log = localLog.log();
        this.activity = activity;
        this.thread = thread;
    }

    /** Takes note of each service's current deployment: what runs when local mode starts is not news. */
    void seed() {
        describeAll().forEach((key, service) -> seen.put(key, new Seen(primaryOf(service), service.taskDefinition())));
    }

    /** Deployments being played (their last event not yet published). */
    int playing() {
        return playing.get();
    }

    /** Looks at every service once and starts playing each new deployment; true when one started. */
    boolean pollOnce() {
        boolean started = false;
        for (Map.Entry<String, Service> entry : describeAll().entrySet()) {
            Service service = entry.getValue();
            String id = primaryOf(service);
            Seen before = seen.get(entry.getKey());
            if (id == null || (before != null && id.equals(before.deploymentId()))) {
                continue;
            }
            activity.incrementAndGet();
            // Noted once it plays: a deployment whose task definition could not be read is tried again.
            play(service, id, before);
            seen.put(entry.getKey(), new Seen(id, service.taskDefinition()));
            started = true;
        }
        return started;
    }

    private void play(Service service, String id, Seen before) {
        EcsEvents.ServiceRef ref = EcsEvents.ServiceRef.of(service.serviceArn(), clusterNameOf(service.clusterArn()));
        List<EcsEvents.Container> containers = containersOf(service.taskDefinition());
        boolean failing = failureSwitchOn(service.serviceArn());
        int tasks = service.desiredCount() == null ? 1 : service.desiredCount();
        String where = ref.cluster() + "/" + ref.name();
        Instant start = Instant.now();
        playing.incrementAndGet();
        log.info("ECS deployment simulated").with("cluster", ref.cluster()).with("ecsService", ref.name())
                .with("ecsDeploymentId", id).with("taskDefinition", service.taskDefinition()).with("failing", failing)
                .write();
        localLog.say("ecs", where + " " + id + " IN_PROGRESS: " + tasks + " task" + (tasks == 1 ? "" : "s") + " of "
                + describe(containers) + (failing ? " (failure switch on)" : ""));
        put(EcsEvents.deploymentStateChange(ref, EcsEvents.IN_PROGRESS, id, EcsEvents.inProgressReason(id), start));
        if (!failing) {
            later(settle.dividedBy(2), () -> runTasks(ref, service.taskDefinition(), id, containers, tasks, start));
            later(settle, () -> {
                put(EcsEvents.deploymentStateChange(ref, EcsEvents.COMPLETED, id, EcsEvents.completedReason(id), Instant.now()));
                localLog.say("ecs", where + " " + id + " COMPLETED");
                playing.decrementAndGet();
            });
            return;
        }
        later(settle.dividedBy(2), () -> {
            List<EcsEvents.Container> exited = containers.stream().map(c -> new EcsEvents.Container(c.name(), c.image(),
                    1, "Container exited with code 1 (hm local: failure switch " + FailureSwitch.TAG + " is on)")).toList();
            for (int i = 0; i < Math.max(1, tasks); i++) {
                put(EcsEvents.taskStopped(new EcsEvents.Task(ref, ref.newTaskArn(), service.taskDefinition(), id, exited,
                        start), Instant.now()));
            }
        });
        later(settle, () -> {
            put(EcsEvents.deploymentStateChange(ref, EcsEvents.FAILED, id, EcsEvents.CIRCUIT_BREAKER_FAILED, Instant.now()));
            if (before == null || before.taskDefinition() == null) {
                localLog.say("ecs", where + " " + id + " FAILED (task exited 1); nothing to roll back to");
                playing.decrementAndGet();
                return;
            }
            Seen now = seen.get(ref.cluster() + "/" + ref.name());
            if (now != null && !id.equals(now.deploymentId())) {
                // Another deployment replaced this one meanwhile: the circuit breaker has nothing to undo.
                localLog.say("ecs", where + " " + id + " FAILED (task exited 1); superseded by " + now.deploymentId());
                playing.decrementAndGet();
                return;
            }
            String rollback = rollBack(ref, before);
            localLog.say("ecs", where + " " + id + " FAILED (task exited 1); circuit breaker rolls back to "
                    + before.deploymentId() + " as " + rollback);
            Instant rollbackStart = Instant.now();
            put(EcsEvents.deploymentStateChange(ref, EcsEvents.IN_PROGRESS, rollback,
                    EcsEvents.rollingBackReason(before.deploymentId()), rollbackStart));
            List<EcsEvents.Container> previous = containersOf(before.taskDefinition());
            later(settle.dividedBy(2), () -> runTasks(ref, before.taskDefinition(), rollback, previous, tasks, rollbackStart));
            later(settle, () -> {
                put(EcsEvents.deploymentStateChange(ref, EcsEvents.COMPLETED, rollback,
                        EcsEvents.completedReason(rollback), Instant.now()));
                localLog.say("ecs", where + " rollback " + rollback + " COMPLETED");
                playing.decrementAndGet();
            });
        });
    }

    private boolean failureSwitchOn(String serviceArn) {
        try {
            return FailureSwitch.isOn(clients.ecs, serviceArn);
        } catch (RuntimeException e) {
            log.warn("could not read the service's tags; its deployment succeeds").with("ecsService", serviceArn)
                    .with("error", String.valueOf(e)).write();
            return false;
        }
    }

    /** The circuit breaker's rollback: the service back on the task definition it ran before. */
    private String rollBack(EcsEvents.ServiceRef ref, Seen before) {
        Service updated = clients.ecs.updateService(b -> b.cluster(ref.cluster()).service(ref.name())
                .taskDefinition(before.taskDefinition()).forceNewDeployment(true)).service();
        String id = primaryOf(updated);
        // Noted before the next poll (this thread runs both): the rollback is not played as a new deployment.
        seen.put(ref.cluster() + "/" + ref.name(), new Seen(id, before.taskDefinition()));
        return id;
    }

    private void runTasks(EcsEvents.ServiceRef ref, String taskDefinition, String deploymentId,
                          List<EcsEvents.Container> containers, int tasks, Instant created) {
        for (int i = 0; i < tasks; i++) {
            put(EcsEvents.taskRunning(new EcsEvents.Task(ref, ref.newTaskArn(), taskDefinition, deploymentId, containers,
                    created), Instant.now()));
        }
    }

    private void later(Duration delay, Runnable step) {
        thread.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                playing.set(Math.max(0, playing.get() - 1));
                log.error("ECS simulation step failed").with("error", String.valueOf(e)).write();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void put(PutEventsRequestEntry entry) {
        activity.incrementAndGet();
        log.info("ECS event published").with("detailType", entry.detailType()).with("detail", entry.detail()).write();
        for (PutEventsResultEntry result : clients.events.putEvents(b -> b.entries(entry)).entries()) {
            if (result.errorCode() != null) {
                log.error("ECS event not accepted by EventBridge").with("error", result.errorCode() + ": "
                        + result.errorMessage()).write();
            }
        }
    }

    private List<EcsEvents.Container> containersOf(String taskDefinitionArn) {
        return containersByTaskDefinition.computeIfAbsent(taskDefinitionArn, arn -> {
            List<ContainerDefinition> definitions = clients.ecs.describeTaskDefinition(b -> b.taskDefinition(arn))
                    .taskDefinition().containerDefinitions();
            return definitions.stream().map(d -> EcsEvents.Container.running(d.name(), d.image())).toList();
        });
    }

    private static String describe(List<EcsEvents.Container> containers) {
        return containers.stream().map(c -> c.name() + " " + (c.imageDigest() != null
                        ? LocalLog.Text.shortDigest(c.imageDigest()) : c.image().substring(c.image().lastIndexOf('/') + 1)))
                .collect(Collectors.joining(", "));
    }

    private Map<String, Service> describeAll() {
        Map<String, Service> services = new LinkedHashMap<>();
        byCluster.forEach((cluster, watched) -> {
            List<String> names = watched.stream().map(Watched::ecsServiceName).toList();
            for (int from = 0; from < names.size(); from += 10) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + 10));
                clients.ecs.describeServices(b -> b.cluster(cluster).services(batch)).services().stream()
                        .filter(s -> !"INACTIVE".equals(s.status()))
                        .forEach(s -> services.put(cluster + "/" + s.serviceName(), s));
            }
        });
        return services;
    }

    private static String primaryOf(Service service) {
        return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).map(Deployment::id)
                .findFirst().orElse(null);
    }

    private static String clusterNameOf(String clusterArn) {
        return clusterArn == null ? null : clusterArn.substring(clusterArn.lastIndexOf('/') + 1);
    }
}
