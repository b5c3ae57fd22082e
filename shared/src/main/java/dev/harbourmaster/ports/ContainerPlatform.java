package dev.harbourmaster.ports;

import dev.harbourmaster.domain.TaskEvidence;
import java.util.List;
import java.util.Map;

/**
 * The container platform services run on (ECS): what a service runs now, and rolling it to new
 * images. Calls that fail for a reason a person must fix throw {@link ContainerPlatformException};
 * throttling is retried inside the adapter's client first.
 */
public interface ContainerPlatform {

    /**
     * The named services of a cluster as they run now, keyed by service name. Services that do
     * not exist, or that are INACTIVE (deleted), are absent. Batched: ECS DescribeServices takes
     * at most 10 names per call, so n names cost ceil(n / 10) calls; duplicates are asked once.
     */
    Map<String, RunningService> services(String cluster, List<String> serviceNames);

    /**
     * One task definition revision: its ARN, family and the image of each container (container
     * name to image, in the task definition's order). At most one DescribeTaskDefinition call:
     * none when this instance has already described or registered that revision, because a
     * revision never changes.
     */
    TaskDefinition taskDefinition(String taskDefinitionArn);

    /**
     * The family's newest ACTIVE revision, as ECS answers DescribeTaskDefinition with the family name
     * alone: one call each time (the newest revision moves), after which its ARN is known, so that
     * {@link #registerRevision} on it costs no second call.
     */
    default TaskDefinition latestRevision(String family) {
        return taskDefinition(family);
    }

    /**
     * Registers a new revision of {@code current}'s family (the revision the service runs, or the
     * family's {@linkplain #latestRevision newest}) that is identical to it except for
     * the images of the given containers (container name to image, e.g. repo@sha256:...).
     * Everything RegisterTaskDefinition accepts is copied, tags included (less the reserved
     * aws: ones); read-only fields (ARN, revision, status, compatibilities, registration times,
     * ...) are not. Uses the description that {@link #taskDefinition(String)} fetched when it
     * has it, so rolling a service costs no second DescribeTaskDefinition.
     *
     * @return the new revision
     * @throws ContainerPlatformException naming the container and the containers that exist when
     *     a container name is not in the task definition (nothing is registered then)
     */
    TaskDefinition registerRevision(TaskDefinition current, Map<String, String> imagesByContainer);

    /**
     * Points the service at the task definition and forces a new deployment, so that it starts
     * even when the task definition is the one already running.
     *
     * @return the new PRIMARY deployment (ecs-svc/..., the key ECS deployment events carry), its service
     *     deployment ARN and its rollout plan, from UpdateService's answer
     */
    StartedDeployment updateService(String cluster, String serviceName, String taskDefinitionArn);

    /**
     * What ECS's service deployments API says of these deployments now: one DescribeServiceDeployments
     * per 20 ARNs. ARNs ECS does not know are absent.
     */
    List<ServiceDeploymentState> serviceDeployments(List<String> serviceDeploymentArns);

    /**
     * StopServiceDeployment: {@code stopType} ABORT leaves the service where it is, ROLLBACK returns it to
     * the revision before. A deployment ECS is done with is refused ({@link ContainerPlatformException}).
     */
    void stopServiceDeployment(String serviceDeploymentArn, String stopType);

    /** ContinueServiceDeployment: answers the pause hook {@code hookId} with CONTINUE or ROLLBACK. */
    void continueServiceDeployment(String serviceDeploymentArn, String hookId, String action);

    /**
     * The deployments ECS lists for a service now (one DescribeServices); empty when the service
     * does not exist or is INACTIVE.
     */
    List<ServiceDeployment> deploymentsOf(String cluster, String serviceName);

    /**
     * The tasks a deployment started that ECS still knows (running, or stopped within the hour ECS
     * keeps them): one ListTasks per desired status and one DescribeTasks per 100 tasks.
     */
    List<TaskEvidence> tasksStartedBy(String cluster, String ecsDeploymentId);
}
