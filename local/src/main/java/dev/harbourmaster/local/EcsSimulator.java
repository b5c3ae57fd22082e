package dev.harbourmaster.local;

import dev.harbourmaster.support.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * What ECS does after UpdateService, which the emulator does not: it watches the manifest's
 * services, and when one's PRIMARY deployment id changes (UpdateService with forceNewDeployment
 * changes it on moto) it plays the deployment as its deploymentConfiguration says
 * ({@link SimulatedRollout}: rolling, blue/green, linear, canary, pause hooks, the failure and alarm
 * switches, rollbacks), moving the emulator's service deployment and publishing the events ECS
 * would on the default bus of the service's account and region, so the template's rules and
 * patterns decide who hears them (forwarded to the stack's bus from a workload account, as its
 * spoke does). ECS's own rollback deployments are noted as they start, and not played as new ones.
 * Everything runs on one thread (the given scheduler), so a poll never interleaves with a step.
 */
final class EcsSimulator {

    /** A service of the manifest in one environment, as ECS names it, and the account and region it is in. */
    record Watched(String projectId, String environmentId, String serviceId, LocalClients.Place place, String cluster,
                   String ecsServiceName) {
        /** CLUSTER/SERVICE, after ACCOUNT:REGION/ for a service elsewhere than the stack's own account and region. */
        String key() {
            return (place.isHome() ? "" : place + "/") + cluster + "/" + ecsServiceName;
        }
    }

    /** One cluster of one account and region. */
    private record Cluster(LocalClients.Place place, String name) {}

    private final Map<Cluster, List<Watched>> byCluster = new LinkedHashMap<>();
    private final Map<LocalClients.Place, EcsScheduler> schedulers = new LinkedHashMap<>();
    private final Duration settle;
    private final LocalLog localLog;
    private final Log log;
    private final AtomicLong activity;
    private final Map<String, SimulatedRollout.Previous> seen = new HashMap<>();
    private final AtomicInteger playing = new AtomicInteger();
    private final AtomicInteger waitingForPeople = new AtomicInteger();

    EcsSimulator(LocalClients clients, List<Watched> services, Duration settle, LocalLog localLog, AtomicLong activity,
                 ScheduledExecutorService thread) {
        services.forEach(s -> byCluster.computeIfAbsent(new Cluster(s.place(), s.cluster()), c -> new ArrayList<>()).add(s));
        this.settle = settle;
        this.localLog = localLog;
        this.log = localLog.log();
        this.activity = activity;
        // One ECS per account and region, all on the one thread.
        services.forEach(s -> schedulers.computeIfAbsent(s.place(), place -> new EcsScheduler(clients, place, log, activity, thread)));
    }

    /** Takes note of each service's current deployment: what runs when local mode starts is not news. */
    void seed() {
        describeAll().forEach((key, described) -> seen.put(key, new SimulatedRollout.Previous(primaryOf(described.service()),
                described.service().taskDefinition())));
    }

    /** Deployments being played (their last event not yet published), but for those waiting for a person at a hook. */
    int playing() {
        return playing.get();
    }

    /** Deployments that ECS holds at a pause hook until someone answers (hm approve, hm reject) or it times out. */
    int waitingForPeople() {
        return waitingForPeople.get();
    }

    /** Looks at every service once and starts playing each new deployment; true when one started. */
    boolean pollOnce() {
        boolean started = false;
        for (Map.Entry<String, Described> entry : describeAll().entrySet()) {
            Service service = entry.getValue().service();
            String id = primaryOf(service);
            SimulatedRollout.Previous before = seen.get(entry.getKey());
            if (id == null || (before != null && id.equals(before.ecsDeploymentId()))) {
                continue;
            }
            activity.incrementAndGet();
            // Noted once it plays: a deployment whose task definition could not be read is tried again.
            play(entry.getKey(), entry.getValue().place(), service, id, before);
            seen.put(entry.getKey(), new SimulatedRollout.Previous(id, service.taskDefinition()));
            started = true;
        }
        return started;
    }

    private void play(String key, LocalClients.Place place, Service service, String id, SimulatedRollout.Previous before) {
        EcsEvents.ServiceRef ref = EcsEvents.ServiceRef.of(service.serviceArn(), clusterNameOf(service.clusterArn()));
        int tasks = service.desiredCount() == null ? 1 : service.desiredCount();
        SimulatedRollout.Start start = new SimulatedRollout.Start(ref, id, service.currentServiceDeployment(),
                service.taskDefinition(), tasks, service.deploymentConfiguration(), before, switches(place, service.serviceArn()));
        EcsScheduler ecs = schedulers.get(place);
        log.info("ECS deployment simulated").with("account", ref.account()).with("region", ref.region())
                .with("cluster", ref.cluster()).with("ecsService", ref.name())
                .with("ecsDeploymentId", id).with("serviceDeployment", start.serviceDeploymentArn())
                .with("taskDefinition", service.taskDefinition()).with("failing", start.switches().failing())
                .with("alarm", start.switches().alarm()).write();
        SimulatedRollout rollout = new SimulatedRollout(ecs, localLog, start, settle, new SimulatedRollout.Watcher() {
            @Override
            public void ownDeployment(String ecsDeploymentId, String taskDefinition) {
                // Noted before the next poll (this thread runs both): a rollback is not played as a new deployment.
                if (ecsDeploymentId != null) {
                    seen.put(key, new SimulatedRollout.Previous(ecsDeploymentId, taskDefinition));
                }
            }

            @Override
            public void waitingForPeople(boolean waiting) {
                playing.addAndGet(waiting ? -1 : 1);
                waitingForPeople.addAndGet(waiting ? 1 : -1);
            }

            @Override
            public void done() {
                playing.decrementAndGet();
            }
        });
        playing.incrementAndGet();
        rollout.play();
    }

    private FailureSwitch.Switches switches(LocalClients.Place place, String serviceArn) {
        try {
            return FailureSwitch.switches(place.ecs(), serviceArn);
        } catch (RuntimeException e) {
            log.warn("could not read the service's tags; its deployment succeeds").with("ecsService", serviceArn)
                    .with("error", String.valueOf(e)).write();
            return FailureSwitch.Switches.OFF;
        }
    }

    static String describe(List<EcsEvents.Container> containers) {
        return containers.stream().map(c -> c.name() + " " + (c.imageDigest() != null
                        ? LocalLog.Text.shortDigest(c.imageDigest()) : c.image().substring(c.image().lastIndexOf('/') + 1)))
                .collect(Collectors.joining(", "));
    }

    private record Described(LocalClients.Place place, Service service) {}

    /** Every watched service as ECS describes it now, by {@link Watched#key()}. */
    private Map<String, Described> describeAll() {
        Map<String, Described> services = new LinkedHashMap<>();
        byCluster.forEach((cluster, watched) -> {
            List<String> names = watched.stream().map(Watched::ecsServiceName).toList();
            String prefix = (cluster.place().isHome() ? "" : cluster.place() + "/") + cluster.name() + "/";
            for (int from = 0; from < names.size(); from += 10) {
                List<String> batch = names.subList(from, Math.min(names.size(), from + 10));
                cluster.place().ecs().describeServices(b -> b.cluster(cluster.name()).services(batch)).services().stream()
                        .filter(s -> !"INACTIVE".equals(s.status()))
                        .forEach(s -> services.put(prefix + s.serviceName(), new Described(cluster.place(), s)));
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
