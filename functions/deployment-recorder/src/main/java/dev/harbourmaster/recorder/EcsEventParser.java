package dev.harbourmaster.recorder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.recorder.EcsEvent.ContainerState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.support.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the EventBridge events ECS sends ("ECS Deployment State Change", "ECS Task State Change",
 * "ECS Service Action", "ECS Hook State Change") into {@link EcsEvent}s. Anything else, and anything too broken to act on,
 * is not ours, and the result says why in words fit for a log line. Unknown fields are ignored
 * (ECS adds fields without notice). Never throws.
 */
public final class EcsEventParser {

    static final String DEPLOYMENT_STATE_CHANGE = "ECS Deployment State Change";
    static final String TASK_STATE_CHANGE = "ECS Task State Change";
    static final String SERVICE_ACTION = "ECS Service Action";
    static final String HOOK_STATE_CHANGE = "ECS Hook State Change";

    /** arn:PARTITION:ecs:REGION:ACCOUNT:service/CLUSTER/SERVICE, or the old service/SERVICE. */
    private static final Pattern SERVICE_ARN =
            Pattern.compile("arn:[a-z-]+:ecs:[^:]*:[^:]*:service/(?:([^/]+)/)?([^/]+)");
    private static final Pattern CLUSTER_ARN = Pattern.compile("arn:[a-z-]+:ecs:[^:]*:[^:]*:cluster/([^/]+)");
    /** Any ECS ARN: its region and account. */
    private static final Pattern ECS_ARN = Pattern.compile("arn:[a-z-]+:ecs:([^:]*):([^:]*):.*");
    private static final String SERVICE_GROUP = "service:";
    private static final String DEPLOYMENT_EVENT_PREFIX = "SERVICE_DEPLOYMENT_";
    private static final String HOOK_EVENT_PREFIX = "HOOK_";

    /** Either an event to act on, or the reason it is passed over. */
    public sealed interface Result permits Parsed, NotOurs {}

    public record Parsed(EcsEvent event) implements Result {}

    public record NotOurs(String reason) implements Result {}

    public Result parse(String json) {
        if (json == null || json.isBlank()) {
            return new NotOurs("malformed event: empty");
        }
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return new NotOurs("malformed JSON: " + e.getOriginalMessage());
        }
        if (event == null || !event.isObject()) {
            return new NotOurs("malformed event: not a JSON object");
        }
        String source = event.path("source").asText("");
        String detailType = event.path("detail-type").asText("");
        if (!"aws.ecs".equals(source)
                || !List.of(DEPLOYMENT_STATE_CHANGE, TASK_STATE_CHANGE, SERVICE_ACTION, HOOK_STATE_CHANGE).contains(detailType)) {
            return new NotOurs("not an ECS deployment, task, service or hook event (source '" + source + "', detail-type '"
                    + detailType + "')");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            return new NotOurs("malformed " + detailType + ": missing detail");
        }
        try {
            List<String> missing = new ArrayList<>();
            Source from = new Source(required(event, "account", "account", missing),
                    required(event, "region", "region", missing));
            requireNone(missing);
            return switch (detailType) {
                case DEPLOYMENT_STATE_CHANGE -> deploymentStateChange(event, detail, from);
                case TASK_STATE_CHANGE -> taskStateChange(event, detail, from);
                case HOOK_STATE_CHANGE -> hookStateChange(event, detail, from);
                default -> serviceAction(event, detail, from);
            };
        } catch (Malformed e) {
            return new NotOurs("malformed " + detailType + ": " + e.getMessage());
        }
    }

    /**
     * The account and region the envelope names. Every ARN the recorder reads must be theirs: an
     * event that says one account and names another's service is not what ECS sends.
     */
    private record Source(String account, String region) {

        void owns(String arn, String path) {
            Matcher m = ECS_ARN.matcher(arn);
            if (m.matches() && (!m.group(1).equals(region) || !m.group(2).equals(account))) {
                throw new Malformed(path + " '" + arn + "' is of account " + m.group(2) + " region " + m.group(1)
                        + ", not of the event's account " + account + " region " + region);
            }
        }
    }

    private static Result deploymentStateChange(JsonNode event, JsonNode detail, Source from) {
        List<String> missing = new ArrayList<>();
        String eventId = required(event, "id", "id", missing);
        String time = required(event, "time", "time", missing);
        String deploymentId = required(detail, "deploymentId", "detail.deploymentId", missing);
        String eventName = required(detail, "eventName", "detail.eventName", missing);
        String serviceArn = firstResource(event, missing);
        requireNone(missing);
        DeploymentState state = deploymentState(eventName);
        if (state == null) {
            return new NotOurs("eventName " + eventName + " is not a deployment state (SERVICE_DEPLOYMENT_IN_PROGRESS, "
                    + "_COMPLETED or _FAILED)");
        }
        ServiceName service = serviceName(serviceArn, "resources[0]", detail);
        from.owns(serviceArn, "resources[0]");
        return new Parsed(new EcsEvent.DeploymentStateChange(eventId, instant(time, "time"), from.account(), from.region(),
                service.cluster(),
                service.name(), serviceArn, state, deploymentId, optionalInstant(detail, "updatedAt"),
                optional(detail, "reason")));
    }

    private static Result taskStateChange(JsonNode event, JsonNode detail, Source from) {
        List<String> missing = new ArrayList<>();
        String eventId = required(event, "id", "id", missing);
        String time = required(event, "time", "time", missing);
        String taskArn = required(detail, "taskArn", "detail.taskArn", missing);
        String clusterArn = required(detail, "clusterArn", "detail.clusterArn", missing);
        requireNone(missing);
        String group = optional(detail, "group");
        if (group == null || !group.startsWith(SERVICE_GROUP) || group.length() == SERVICE_GROUP.length()) {
            return new NotOurs("task not started by a service (group " + (group == null ? "missing" : "'" + group + "'")
                    + "): " + taskArn);
        }
        String cluster = clusterName(clusterArn, "detail.clusterArn");
        from.owns(clusterArn, "detail.clusterArn");
        from.owns(taskArn, "detail.taskArn");
        return new Parsed(new EcsEvent.TaskStateChange(eventId, instant(time, "time"), from.account(), from.region(), cluster,
                group.substring(SERVICE_GROUP.length()), taskArn, optional(detail, "startedBy"), version(detail),
                optional(detail, "lastStatus"), optional(detail, "desiredStatus"),
                optional(detail, "taskDefinitionArn"), containers(detail), optional(detail, "stoppedReason"),
                optional(detail, "stopCode"), optionalInstant(detail, "startedAt"),
                optionalInstant(detail, "stoppedAt")));
    }

    private static Result serviceAction(JsonNode event, JsonNode detail, Source from) {
        List<String> missing = new ArrayList<>();
        String eventId = required(event, "id", "id", missing);
        String time = required(event, "time", "time", missing);
        String serviceArn = text(event.path("resources").path(0));
        String clusterArn = optional(detail, "clusterArn");
        if (serviceArn == null && clusterArn == null) {
            missing.add("resources[0] or detail.clusterArn");
        }
        requireNone(missing);
        ServiceName service = serviceArn != null
                ? serviceName(serviceArn, "resources[0]", detail)
                : new ServiceName(clusterName(clusterArn, "detail.clusterArn"), null);
        if (serviceArn != null) {
            from.owns(serviceArn, "resources[0]");
        }
        if (clusterArn != null) {
            from.owns(clusterArn, "detail.clusterArn");
        }
        return new Parsed(new EcsEvent.ServiceAction(eventId, instant(time, "time"), from.account(), from.region(),
                service.cluster(), service.name(),
                serviceArn, optional(detail, "eventType"), optional(detail, "eventName"), reasons(detail)));
    }

    private static Result hookStateChange(JsonNode event, JsonNode detail, Source from) {
        List<String> missing = new ArrayList<>();
        String eventId = required(event, "id", "id", missing);
        String time = required(event, "time", "time", missing);
        String eventName = required(detail, "eventName", "detail.eventName", missing);
        String hookId = required(detail, "hookId", "detail.hookId", missing);
        String serviceDeploymentArn = required(detail, "serviceDeploymentArn", "detail.serviceDeploymentArn", missing);
        String serviceArn = required(detail, "serviceArn", "detail.serviceArn", missing);
        requireNone(missing);
        if (!eventName.startsWith(HOOK_EVENT_PREFIX) || eventName.length() == HOOK_EVENT_PREFIX.length()) {
            return new NotOurs("eventName " + eventName + " is not a hook state (HOOK_AWAITING_ACTION, …)");
        }
        ServiceName service = serviceName(serviceArn, "detail.serviceArn", detail);
        from.owns(serviceArn, "detail.serviceArn");
        from.owns(serviceDeploymentArn, "detail.serviceDeploymentArn");
        return new Parsed(new EcsEvent.HookStateChange(eventId, instant(time, "time"), from.account(), from.region(),
                service.cluster(), service.name(), serviceDeploymentArn, hookId, optional(detail, "hookType"),
                eventName.substring(HOOK_EVENT_PREFIX.length()), optional(detail, "lifecycleStage"),
                optionalInstant(detail, "expiresAt"), optionalInstant(detail, "updatedAt")));
    }

    private static DeploymentState deploymentState(String eventName) {
        for (DeploymentState state : DeploymentState.values()) {
            if (eventName.equals(DEPLOYMENT_EVENT_PREFIX + state.name())) {
                return state;
            }
        }
        return null;
    }

    /** A service's name and its cluster's name; the cluster is null when neither ARN says it. */
    private record ServiceName(String cluster, String name) {}

    private static ServiceName serviceName(String serviceArn, String path, JsonNode detail) {
        Matcher m = SERVICE_ARN.matcher(serviceArn);
        if (!m.matches()) {
            throw new Malformed(path + " '" + serviceArn + "' is not an ECS service ARN");
        }
        if (m.group(1) != null) {
            return new ServiceName(m.group(1), m.group(2));
        }
        // Old-format ARN (service/NAME): the cluster is only known if the detail names it.
        String clusterArn = optional(detail, "clusterArn");
        return new ServiceName(clusterArn == null ? null : clusterName(clusterArn, "detail.clusterArn"), m.group(2));
    }

    private static String clusterName(String clusterArn, String path) {
        Matcher m = CLUSTER_ARN.matcher(clusterArn);
        if (!m.matches()) {
            throw new Malformed(path + " '" + clusterArn + "' is not an ECS cluster ARN");
        }
        return m.group(1);
    }

    private static long version(JsonNode detail) {
        JsonNode version = detail.get("version");
        if (version == null || version.isNull()) {
            return 0;
        }
        if (!version.isIntegralNumber() || !version.canConvertToLong()) {
            throw new Malformed("detail.version '" + version.asText() + "' is not a whole number");
        }
        return version.longValue();
    }

    private static List<ContainerState> containers(JsonNode detail) {
        JsonNode containers = detail.get("containers");
        if (containers == null || containers.isNull()) {
            return List.of();
        }
        if (!containers.isArray()) {
            throw new Malformed("detail.containers is not a list");
        }
        List<ContainerState> states = new ArrayList<>();
        for (int i = 0; i < containers.size(); i++) {
            JsonNode container = containers.get(i);
            String path = "detail.containers[" + i + "]";
            if (!container.isObject()) {
                throw new Malformed(path + " is not an object");
            }
            states.add(new ContainerState(optional(container, "name"), optional(container, "image"),
                    optional(container, "imageDigest"), optional(container, "lastStatus"),
                    exitCode(container, path + ".exitCode"), optional(container, "reason")));
        }
        return states;
    }

    private static Long exitCode(JsonNode container, String path) {
        JsonNode exitCode = container.get("exitCode");
        if (exitCode == null || exitCode.isNull()) {
            return null;
        }
        if (!exitCode.isIntegralNumber() || !exitCode.canConvertToLong()) {
            throw new Malformed(path + " '" + exitCode.asText() + "' is not a whole number");
        }
        return exitCode.longValue();
    }

    private static List<String> reasons(JsonNode detail) {
        JsonNode reasons = detail.get("reasons");
        if (reasons == null || !reasons.isArray()) {
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        reasons.forEach(reason -> {
            String text = text(reason);
            if (text != null) {
                texts.add(text);
            }
        });
        return texts;
    }

    private static String firstResource(JsonNode event, List<String> missing) {
        String resource = text(event.path("resources").path(0));
        if (resource == null) {
            missing.add("resources[0]");
        }
        return resource;
    }

    private static String required(JsonNode parent, String field, String path, List<String> missing) {
        String value = text(parent.get(field));
        if (value == null) {
            missing.add(path);
        }
        return value;
    }

    private static void requireNone(List<String> missing) {
        if (!missing.isEmpty()) {
            throw new Malformed("missing " + String.join(", ", missing));
        }
    }

    private static String optional(JsonNode parent, String field) {
        return text(parent.get(field));
    }

    /** The text of a string node; null for anything else, and for a blank string. */
    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static Instant optionalInstant(JsonNode detail, String field) {
        String value = optional(detail, field);
        return value == null ? null : instant(value, "detail." + field);
    }

    private static Instant instant(String value, String path) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Malformed(path + " '" + value + "' is not an ISO-8601 instant");
        }
    }

    /** Internal signal of a broken event; caught in {@link #parse} and never escapes. */
    private static final class Malformed extends RuntimeException {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }
}
