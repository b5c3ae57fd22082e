package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The events ECS publishes about a service's deployments and tasks, in the shapes of
 * events/ecs-*.json (what ECS documents), as PutEvents entries for the default bus. Pure: the
 * simulator decides what happens, this class only says it the way ECS would.
 */
final class EcsEvents {

    static final String SOURCE = "aws.ecs";
    static final String DEPLOYMENT_STATE_CHANGE = "ECS Deployment State Change";
    static final String TASK_STATE_CHANGE = "ECS Task State Change";
    static final String HOOK_STATE_CHANGE = "ECS Hook State Change";

    static final String IN_PROGRESS = "SERVICE_DEPLOYMENT_IN_PROGRESS";
    static final String COMPLETED = "SERVICE_DEPLOYMENT_COMPLETED";
    static final String FAILED = "SERVICE_DEPLOYMENT_FAILED";

    static final String CIRCUIT_BREAKER_FAILED = "ECS deployment circuit breaker: task failed to start.";

    private static final Pattern SERVICE_ARN = Pattern.compile("arn:([a-z-]+):ecs:([^:]+):([^:]+):service/(?:([^/]+)/)?([^/]+)");
    private static final Pattern DIGEST = Pattern.compile("@(sha256:[0-9a-f]{64})$");

    private EcsEvents() {}

    /** Where a service lives, from its ARN (ECS's long format, service/CLUSTER/NAME). */
    record ServiceRef(String partition, String region, String account, String cluster, String name, String arn) {

        static ServiceRef of(String serviceArn, String cluster) {
            Matcher m = SERVICE_ARN.matcher(serviceArn);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an ECS service ARN: " + serviceArn);
            }
            return new ServiceRef(m.group(1), m.group(2), m.group(3), m.group(4) != null ? m.group(4) : cluster,
                    m.group(5), serviceArn);
        }

        String clusterArn() {
            return "arn:" + partition + ":ecs:" + region + ":" + account + ":cluster/" + cluster;
        }

        String newTaskArn() {
            return "arn:" + partition + ":ecs:" + region + ":" + account + ":task/" + cluster + "/"
                    + UUID.randomUUID().toString().replace("-", "");
        }
    }

    /** A container of a task: its name and image as the task definition says, and how it ended (stopped tasks). */
    record Container(String name, String image, Integer exitCode, String reason) {

        static Container running(String name, String image) {
            return new Container(name, image, null, null);
        }

        /** The digest a container pinned by digest runs; null for an image named by tag. */
        String imageDigest() {
            Matcher m = DIGEST.matcher(image == null ? "" : image);
            return m.find() ? m.group(1) : null;
        }
    }

    /** A task started by a service deployment ({@code startedBy} = the deployment id). */
    record Task(ServiceRef service, String taskArn, String taskDefinitionArn, String startedBy, List<Container> containers,
                Instant createdAt) {}

    static PutEventsRequestEntry deploymentStateChange(ServiceRef service, String eventName, String deploymentId,
                                                       String reason, Instant at) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("eventType", FAILED.equals(eventName) ? "ERROR" : "INFO");
        detail.put("eventName", eventName);
        detail.put("deploymentId", deploymentId);
        detail.put("updatedAt", Times.format(at));
        detail.put("reason", reason);
        return PutEventsRequestEntry.builder().source(SOURCE).detailType(DEPLOYMENT_STATE_CHANGE)
                .resources(service.arn()).detail(detail.toString()).time(at).build();
    }

    /**
     * A lifecycle hook of a service deployment moved (as events/ecs-hook-awaiting-action.json):
     * {@code HOOK_AWAITING_ACTION}, {@code HOOK_SUCCEEDED}, {@code HOOK_FAILED}.
     */
    static PutEventsRequestEntry hookStateChange(ServiceRef service, String serviceDeploymentArn, String eventName,
                                                 String hookId, String lifecycleStage, Instant expiresAt, Instant at) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("eventType", "HOOK_FAILED".equals(eventName) ? "ERROR" : "INFO");
        detail.put("eventName", eventName);
        detail.put("hookId", hookId);
        detail.put("hookType", "PAUSE");
        if (expiresAt != null) {
            detail.put("expiresAt", Times.format(expiresAt));
        }
        detail.put("lifecycleStage", lifecycleStage);
        detail.put("clusterArn", service.clusterArn());
        detail.put("serviceArn", service.arn());
        detail.put("serviceDeploymentArn", serviceDeploymentArn);
        detail.put("updatedAt", Times.format(at));
        return PutEventsRequestEntry.builder().source(SOURCE).detailType(HOOK_STATE_CHANGE)
                .resources(serviceDeploymentArn).detail(detail.toString()).time(at).build();
    }

    static String inProgressReason(String deploymentId) {
        return "ECS deployment " + deploymentId + " in progress.";
    }

    static String completedReason(String deploymentId) {
        return "ECS deployment " + deploymentId + " completed.";
    }

    /** Our words: ECS documents that alarms fail a deployment, not the text of the event. */
    static String alarmFailedReason(String alarm) {
        return "ECS deployment alarms: " + alarm + " in ALARM state; rolling back to the last completed deployment.";
    }

    static String alarmRollingBackReason(String toDeploymentId) {
        return "ECS deployment alarms: rolling back to deploymentId " + toDeploymentId + ".";
    }

    static String rollingBackReason(String toDeploymentId) {
        return "ECS deployment circuit breaker: rolling back to deploymentId " + toDeploymentId + ".";
    }

    /** The task RUNNING: each container with the digest it runs. */
    static PutEventsRequestEntry taskRunning(Task task, Instant at) {
        ObjectNode detail = taskDetail(task, "RUNNING", "RUNNING", 3, at);
        detail.put("pullStartedAt", Times.format(task.createdAt()));
        detail.put("pullStoppedAt", Times.format(at));
        detail.put("startedAt", Times.format(at));
        return taskEntry(task, detail, at);
    }

    /** The task STOPPED because an essential container exited (as events/ecs-task-stopped.json). */
    static PutEventsRequestEntry taskStopped(Task task, Instant at) {
        ObjectNode detail = taskDetail(task, "STOPPED", "STOPPED", 5, at);
        detail.put("pullStartedAt", Times.format(task.createdAt()));
        detail.put("pullStoppedAt", Times.format(task.createdAt()));
        detail.put("startedAt", Times.format(task.createdAt()));
        detail.put("executionStoppedAt", Times.format(at));
        detail.put("stoppingAt", Times.format(at));
        detail.put("stoppedAt", Times.format(at));
        detail.put("stopCode", "EssentialContainerExited");
        detail.put("stoppedReason", "Essential container in task exited");
        return taskEntry(task, detail, at);
    }

    private static PutEventsRequestEntry taskEntry(Task task, ObjectNode detail, Instant at) {
        return PutEventsRequestEntry.builder().source(SOURCE).detailType(TASK_STATE_CHANGE)
                .resources(task.taskArn()).detail(detail.toString()).time(at).build();
    }

    private static ObjectNode taskDetail(Task task, String lastStatus, String desiredStatus, int version, Instant at) {
        ServiceRef service = task.service();
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.putArray("attachments");
        detail.put("availabilityZone", service.region() + "a");
        detail.put("clusterArn", service.clusterArn());
        ArrayNode containers = detail.putArray("containers");
        String taskId = task.taskArn().substring(task.taskArn().lastIndexOf('/') + 1);
        for (Container c : task.containers()) {
            ObjectNode container = containers.addObject();
            container.put("containerArn", "arn:" + service.partition() + ":ecs:" + service.region() + ":"
                    + service.account() + ":container/" + service.cluster() + "/" + taskId + "/"
                    + UUID.nameUUIDFromBytes((taskId + c.name()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            container.put("lastStatus", lastStatus);
            container.put("name", c.name());
            container.put("image", c.image());
            if (c.imageDigest() != null) {
                container.put("imageDigest", c.imageDigest());
            }
            if (c.exitCode() != null) {
                container.put("exitCode", c.exitCode());
            }
            if (c.reason() != null) {
                container.put("reason", c.reason());
            }
            container.put("taskArn", task.taskArn());
            container.putArray("networkInterfaces");
        }
        detail.put("createdAt", Times.format(task.createdAt()));
        detail.put("launchType", "FARGATE");
        detail.put("cpu", "256");
        detail.put("memory", "512");
        detail.put("desiredStatus", desiredStatus);
        detail.put("enableExecuteCommand", false);
        detail.put("group", "service:" + service.name());
        detail.put("lastStatus", lastStatus);
        ArrayNode overrides = detail.putObject("overrides").putArray("containerOverrides");
        task.containers().forEach(c -> overrides.addObject().put("name", c.name()));
        detail.put("startedBy", task.startedBy());
        detail.put("taskArn", task.taskArn());
        detail.put("taskDefinitionArn", task.taskDefinitionArn());
        detail.put("updatedAt", Times.format(at));
        detail.put("version", version);
        detail.put("connectivity", "CONNECTED");
        detail.put("connectivityAt", Times.format(task.createdAt()));
        return detail;
    }
}
