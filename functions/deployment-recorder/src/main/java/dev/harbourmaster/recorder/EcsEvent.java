package dev.harbourmaster.recorder;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four kinds of ECS event the recorder reads, as our own records (the Lambda events library
 * has no EventBridge types). {@code eventId} is EventBridge's id: a repeated delivery repeats it.
 */
public sealed interface EcsEvent permits EcsEvent.DeploymentStateChange, EcsEvent.TaskStateChange, EcsEvent.ServiceAction,
        EcsEvent.HookStateChange {

    String eventId();

    Instant time();

    /** The account the event comes from (its envelope's, which its resources' ARNs agree with). */
    String account();

    /** The region the event comes from (its envelope's, which its resources' ARNs agree with). */
    String region();

    /** The cluster's name (not its ARN). */
    String cluster();

    /** The ECS service's name (not its ARN). */
    String serviceName();

    /** What ECS reports of one of its deployments ("ECS Deployment State Change"). */
    enum DeploymentState {
        IN_PROGRESS, COMPLETED, FAILED
    }

    /**
     * "ECS Deployment State Change": {@code detail.eventName} SERVICE_DEPLOYMENT_IN_PROGRESS,
     * _COMPLETED or _FAILED for {@code detail.deploymentId}; the service is {@code resources[0]}.
     */
    record DeploymentStateChange(String eventId, Instant time, String account, String region, String cluster,
                                 String serviceName, String serviceArn,
                                 DeploymentState state, String deploymentId, Instant updatedAt, String reason)
            implements EcsEvent {

        private static final Pattern ROLLING_BACK_TO =
                Pattern.compile("circuit breaker: rolling back to deploymentId (ecs-svc/[0-9A-Za-z]+)");

        /**
         * For the IN_PROGRESS event of a rollback that the circuit breaker started, the deployment
         * it rolls back to ("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/…").
         */
        public Optional<String> rollingBackTo() {
            if (reason == null || state != DeploymentState.IN_PROGRESS) {
                return Optional.empty();
            }
            Matcher m = ROLLING_BACK_TO.matcher(reason);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    /**
     * "ECS Task State Change" of a task a service started: {@code detail.startedBy} is the ECS
     * deployment id (ecs-svc/…), {@code detail.group} is "service:NAME". {@code version} is
     * {@code detail.version}, which ECS increases with every change of the task: the higher one is
     * the newer news.
     */
    record TaskStateChange(String eventId, Instant time, String account, String region, String cluster,
                           String serviceName, String taskArn,
                           String startedBy, long version, String lastStatus, String desiredStatus,
                           String taskDefinitionArn, List<ContainerState> containers, String stoppedReason,
                           String stopCode, Instant startedAt, Instant stoppedAt) implements EcsEvent {

        public TaskStateChange {
            containers = containers == null ? List.of() : List.copyOf(containers);
        }
    }

    /** One container of a task: the digest it runs (once pulled) and, when stopped, why. */
    record ContainerState(String name, String image, String imageDigest, String lastStatus, Long exitCode,
                          String reason) {}

    /**
     * "ECS Service Action": {@code detail.eventType} INFO, WARN or ERROR and {@code detail.eventName}
     * such as SERVICE_TASK_START_IMPAIRED, SERVICE_TASK_PLACEMENT_FAILURE,
     * SERVICE_TASK_CONFIGURATION_FAILURE, SERVICE_STEADY_STATE; {@code reasons} when ECS gives them.
     */
    record ServiceAction(String eventId, Instant time, String account, String region, String cluster,
                         String serviceName, String serviceArn,
                         String eventType, String eventName, List<String> reasons) implements EcsEvent {

        public ServiceAction {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }
    }

    /**
     * "ECS Hook State Change": a lifecycle hook of a service deployment moved, such as a PAUSE hook
     * that now waits for ContinueServiceDeployment ({@code detail.eventName} HOOK_AWAITING_ACTION, until
     * {@code expiresAt}). The service deployment is {@code detail.serviceDeploymentArn}.
     *
     * @param status the hook's status the event name tells (HOOK_AWAITING_ACTION: AWAITING_ACTION)
     */
    record HookStateChange(String eventId, Instant time, String account, String region, String cluster,
                           String serviceName, String serviceDeploymentArn, String hookId, String hookType,
                           String status, String lifecycleStage, Instant expiresAt, Instant updatedAt) implements EcsEvent {}
}
