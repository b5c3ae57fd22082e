package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.recorder.EcsEvent.ContainerState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentStateChange;
import dev.harbourmaster.recorder.EcsEvent.HookStateChange;
import dev.harbourmaster.recorder.EcsEvent.ServiceAction;
import dev.harbourmaster.recorder.EcsEvent.TaskStateChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One release set of catalogue/staging in flight: two services whose deployments ECS has started,
 * and the events ECS sends about them. {@code api} (whose service deployment ECS's API knows) has a
 * pause hook, which waits and is approved, and completes; {@code worker} fails and the circuit breaker rolls it back.
 */
final class Scenario {

    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    static final String CLUSTER = "catalogue-staging";
    static final String SET_ID = "01JCATALOGUESTAGING0000001";
    static final String API = "api";
    static final String WORKER = "worker";
    static final String API_DEPLOYMENT = "ecs-svc/1000000000000000001";
    static final String API_SERVICE_DEPLOYMENT = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/" + CLUSTER + "/"
            + "catalogue-api-staging/ApiDeployment0000001";
    static final String API_HOOK = "ecs-pause-api";
    static final String WORKER_DEPLOYMENT = "ecs-svc/2000000000000000002";
    static final String WORKER_PREVIOUS = "ecs-svc/2000000000000000000";
    static final String WORKER_ROLLBACK = "ecs-svc/2000000000000000009";
    static final String API_DIGEST = "sha256:" + "a".repeat(64);
    static final String WORKER_DIGEST = "sha256:" + "b".repeat(64);
    static final String OTHER_DIGEST = "sha256:" + "c".repeat(64);

    private int eventCounter;

    static String ecsName(String service) {
        return "catalogue-" + service + "-staging";
    }

    static ReleaseImage image(String service, String digest) {
        return new ReleaseImage(service, "catalogue/" + service, digest, "catalogue/" + service + "@" + digest, "abc1234");
    }

    static Release release(String service, String digest) {
        return new Release("catalogue", "backend", service, "abc1234", List.of(image(service, digest)),
                "catalogue/" + service, digest, T0.minusSeconds(600), "release of " + service);
    }

    static ReleaseSet set() {
        return new ReleaseSet(SET_ID, "catalogue", "staging", "backend",
                List.of(release(API, API_DIGEST), release(WORKER, WORKER_DIGEST)), ReleaseSetKind.DEPLOY, "ada",
                "ship the new minter", T0, ReleaseSetStatus.IN_PROGRESS, null);
    }

    static Deployment started(String service, String digest, String ecsDeploymentId) {
        return Deployment.builder().releaseSetId(SET_ID).projectId("catalogue").environmentId("staging").serviceId(service)
                .cluster(CLUSTER).ecsServiceName(ecsName(service)).releaseHash("abc1234").images(List.of(image(service, digest)))
                .previousTaskDefinition("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + service + ":1").claimedAt(T0)
                .started("arn:aws:ecs:eu-west-1:123456789012:task-definition/" + service + ":2", ecsDeploymentId);
    }

    static InMemoryDeploymentRecords records() {
        InMemoryDeploymentRecords records = new InMemoryDeploymentRecords();
        Deployment api = started(API, API_DIGEST, API_DEPLOYMENT).toBuilder().serviceDeploymentArn(API_SERVICE_DEPLOYMENT).build();
        records.put(set(), List.of(api, started(WORKER, WORKER_DIGEST, WORKER_DEPLOYMENT)));
        return records;
    }

    DeploymentStateChange deployment(String service, String ecsDeploymentId, DeploymentState state, int second,
                                     String reason) {
        return deployment(service, ecsDeploymentId, state, T0.plusSeconds(second), reason);
    }

    DeploymentStateChange deployment(String service, String ecsDeploymentId, DeploymentState state, Instant at,
                                     String reason) {
        return new DeploymentStateChange(nextId(), at, ACCOUNT, REGION, CLUSTER, ecsName(service),
                "arn:aws:ecs:eu-west-1:123456789012:service/" + CLUSTER + "/" + ecsName(service), state,
                ecsDeploymentId, at, reason);
    }

    TaskStateChange task(String service, String startedBy, String taskId, long version, String lastStatus,
                         String digest, Integer exitCode, int second) {
        boolean stopped = "STOPPED".equals(lastStatus);
        return new TaskStateChange(nextId(), T0.plusSeconds(second), ACCOUNT, REGION, CLUSTER, ecsName(service),
                "arn:aws:ecs:eu-west-1:123456789012:task/" + CLUSTER + "/" + taskId, startedBy, version, lastStatus,
                stopped ? "STOPPED" : "RUNNING", "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + service + ":2",
                List.of(new ContainerState(service, "catalogue/" + service + "@" + digest, digest, lastStatus,
                        exitCode == null ? null : exitCode.longValue(), exitCode == null ? null : "exited with " + exitCode)),
                stopped ? "Essential container in task exited" : null, stopped ? "EssentialContainerExited" : null,
                "PENDING".equals(lastStatus) ? null : T0.plusSeconds(second - 1), stopped ? T0.plusSeconds(second) : null);
    }

    ServiceAction serviceAction(String service, String eventType, String eventName, int second, String... reasons) {
        return new ServiceAction(nextId(), T0.plusSeconds(second), ACCOUNT, REGION, CLUSTER, ecsName(service),
                "arn:aws:ecs:eu-west-1:123456789012:service/" + CLUSTER + "/" + ecsName(service), eventType, eventName,
                List.of(reasons));
    }

    /** A linear rollout of two steps a minute apart, a minute's bake and an hour's pause hook. */
    static final RolloutPlan LINEAR_WITH_PAUSE = new RolloutPlan(RolloutPlan.LINEAR, 1, 50.0, 1, null, 0, List.of(60));

    HookStateChange hook(String service, String serviceDeploymentArn, String status, int second) {
        return new HookStateChange(nextId(), T0.plusSeconds(second), ACCOUNT, REGION, CLUSTER, ecsName(service),
                serviceDeploymentArn, API_HOOK, "PAUSE", status, "POST_TEST_TRAFFIC_SHIFT",
                "AWAITING_ACTION".equals(status) ? T0.plusSeconds(second + 3600) : null, T0.plusSeconds(second));
    }

    /** Everything ECS says about the set, in the order it happened. */
    List<EcsEvent> story() {
        List<EcsEvent> events = new ArrayList<>();
        events.add(deployment(API, API_DEPLOYMENT, DeploymentState.IN_PROGRESS, 1, "ECS deployment " + API_DEPLOYMENT + " in progress."));
        events.add(task(API, API_DEPLOYMENT, "a1", 1, "PENDING", null, null, 5));
        events.add(serviceAction(API, "WARN", "SERVICE_TASK_START_IMPAIRED", 20));
        events.add(task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30));
        events.add(task(API, API_DEPLOYMENT, "a2", 3, "RUNNING", API_DIGEST, null, 31));
        events.add(hook(API, API_SERVICE_DEPLOYMENT, "AWAITING_ACTION", 40));
        events.add(hook(API, API_SERVICE_DEPLOYMENT, "SUCCEEDED", 70));
        events.add(deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "ECS deployment " + API_DEPLOYMENT + " completed."));
        events.add(deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.IN_PROGRESS, 2, "ECS deployment " + WORKER_DEPLOYMENT + " in progress."));
        events.add(task(WORKER, WORKER_DEPLOYMENT, "w1", 5, "STOPPED", WORKER_DIGEST, 1, 40));
        events.add(serviceAction(WORKER, "ERROR", "SERVICE_TASK_PLACEMENT_FAILURE", 45, "RESOURCE:MEMORY"));
        events.add(deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60, "ECS deployment circuit breaker: task failed to start."));
        events.add(deployment(WORKER, WORKER_ROLLBACK, DeploymentState.IN_PROGRESS, 61,
                "ECS deployment circuit breaker: rolling back to deploymentId " + WORKER_PREVIOUS + "."));
        events.add(deployment(WORKER, WORKER_ROLLBACK, DeploymentState.COMPLETED, 120, "ECS deployment " + WORKER_ROLLBACK + " completed."));
        return events;
    }

    private String nextId() {
        return String.format("00000000-0000-0000-0000-%012d", ++eventCounter);
    }
}
