package dev.harbourmaster.drills;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One job through the whole chain, delivered as Lambda and EventBridge would deliver it (again
 * after a failure): a push recorded, its auto-deploy set deployed, ECS's events recorded, then
 * the sweeper with a short timeout. Afterwards the record must be whole: the build and its
 * release, the set final (with a reason unless SUCCEEDED), nothing in flight.
 */
final class Job {

    static final int DELIVERIES = 8;
    static final Duration SWEEPER_TIMEOUT = Duration.ofSeconds(5);

    record Outcome(ReleaseSetStatus status, String reason, String problem) {}

    private Job() {}

    static Outcome run(Pipeline pipeline, String hash, Runnable beforeRedelivery, Tally tally) {
        String event = pipeline.pushEvent(hash);
        int pushed = Pipeline.deliver(DELIVERIES, beforeRedelivery, attempt -> {
            String outcome = pipeline.buildRecorder.handle(event);
            return !"IGNORED".equals(outcome);
        });
        redeliveries(tally, "push", pushed);
        DynamoDbBuildLedger ledger = new DynamoDbBuildLedger(pipeline.setupDynamo, pipeline.table);
        Optional<Build> build = ledger.build("catalogue/id_minter", Pipeline.digestOf(event));
        if (pushed < 0 || build.isEmpty() || !build.get().tags().contains("ref." + hash)) {
            return new Outcome(null, null, "push of " + hash + " not recorded after " + DELIVERIES + " deliveries");
        }
        if (ledger.releases("catalogue", Pipeline.SERVICE, 1000).stream().noneMatch(r -> r.releaseHash().equals(hash))) {
            return new Outcome(null, null, "push of " + hash + " recorded without its release");
        }
        Optional<ReleaseSet> requested = pipeline.stagingSetOf(hash);
        if (requested.isEmpty()) {
            return new Outcome(null, null, "push of " + hash + " requested no auto-deploy set");
        }
        String id = requested.get().id();

        int deployed = Pipeline.deliver(DELIVERIES, beforeRedelivery,
                attempt -> Pipeline.succeeded(pipeline.deployer.handleRequest(pipeline.streamRecordOf(id), null)));
        redeliveries(tally, "deploy", deployed);

        Set<String> told = new HashSet<>();
        tellEcsEvents(pipeline, id, told, beforeRedelivery, tally);
        // The schedule runs the sweeper again and again; here, until the set has ended (three runs at most).
        String problem = pipeline.problemsOf(id);
        for (int sweep = 0; sweep < 3 && problem != null; sweep++) {
            beforeRedelivery.run();
            try {
                pipeline.sweeper(SWEEPER_TIMEOUT).sweep();
                tally.count("sweeper runs that ended something", 0);
            } catch (RuntimeException e) {
                tally.count("sweeper runs that failed");
            }
            problem = pipeline.problemsOf(id);
        }
        // A deployment the sweeper found in ECS (started, never written down) gets ECS's events from then on.
        if (tellEcsEvents(pipeline, id, told, beforeRedelivery, tally) > 0) {
            tally.count("deployments found in ECS by the sweeper, then told by ECS's events");
            problem = pipeline.problemsOf(id);
        }
        ReleaseSet end = pipeline.releaseSets.releaseSet(id).orElse(null);
        return new Outcome(end == null ? null : end.status(), end == null ? null : end.statusReason(), problem);
    }

    /** ECS's events for each deployment of the set that has an ECS deployment id and has not had them yet. @return how many deployments */
    private static int tellEcsEvents(Pipeline pipeline, String id, Set<String> told, Runnable beforeRedelivery, Tally tally) {
        int deployments = 0;
        for (Deployment deployment : pipeline.releaseSets.deployments(id)) {
            if (deployment.ecsDeploymentId() == null || !told.add(deployment.ecsDeploymentId())
                    || deployment.status() != DeploymentStatus.IN_PROGRESS && deployment.status() != DeploymentStatus.TIMED_OUT) {
                continue;
            }
            deployments++;
            for (String ecsEvent : pipeline.successEvents(deployment)) {
                int recorded = Pipeline.deliver(DELIVERIES, beforeRedelivery, attempt -> {
                    pipeline.recorder.handle(ecsEvent);
                    return true;
                });
                redeliveries(tally, "ECS event", recorded);
            }
        }
        return deployments;
    }

    private static void redeliveries(Tally tally, String what, int deliveries) {
        if (deliveries > 1) {
            tally.count("re-deliveries (" + what + ")", deliveries - 1);
        } else if (deliveries < 0) {
            tally.count("deliveries given up (" + what + ")");
        }
    }

    static List<String> statusesOf(Pipeline pipeline, String id) {
        return pipeline.releaseSets.deployments(id).stream().map(d -> d.serviceId() + " " + d.status()).toList();
    }
}
