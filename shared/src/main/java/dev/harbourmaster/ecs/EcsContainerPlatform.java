package dev.harbourmaster.ecs;

import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.ServiceDeployment;
import dev.harbourmaster.ports.ServiceDeploymentState;
import dev.harbourmaster.ports.StartedDeployment;
import dev.harbourmaster.ports.TaskDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.ContinueServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.HealthCheck;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;

/**
 * {@link ContainerPlatform} on Amazon ECS. Give it a client that retries throttling
 * ({@code AwsClients.ecs}): this class does not retry, and reports what is left as
 * {@link ContainerPlatformException}. Failures to reach ECS at all (the SDK's client exceptions)
 * propagate unchanged.
 */
public final class EcsContainerPlatform implements ContainerPlatform {

    static final int DESCRIBE_SERVICES_LIMIT = 10;
    static final int CACHED_TASK_DEFINITIONS = 256;
    static final int DESCRIBE_TASKS_LIMIT = 100;
    static final int DESCRIBE_SERVICE_DEPLOYMENTS_LIMIT = 20;

    private final EcsClient ecs;
    private final Map<String, Described> described;

    public EcsContainerPlatform(EcsClient ecs) {
        this(ecs, CACHED_TASK_DEFINITIONS);
    }

    EcsContainerPlatform(EcsClient ecs, int cachedTaskDefinitions) {
        this.ecs = ecs;
        this.described = Collections.synchronizedMap(lastUsed(cachedTaskDefinitions));
    }

    @Override
    public Map<String, RunningService> services(String cluster, List<String> serviceNames) {
        List<String> names = List.copyOf(new LinkedHashSet<>(serviceNames));
        Map<String, RunningService> running = new LinkedHashMap<>();
        for (int from = 0; from < names.size(); from += DESCRIBE_SERVICES_LIMIT) {
            List<String> batch = names.subList(from, Math.min(from + DESCRIBE_SERVICES_LIMIT, names.size()));
            // Names ECS does not know come back as failures (reason MISSING): they are simply absent.
            List<Service> found = call("DescribeServices", cluster + " " + batch, () -> ecs.describeServices(
                    DescribeServicesRequest.builder().cluster(cluster).services(batch).build())).services();
            for (Service service : found) {
                if (!"INACTIVE".equals(service.status())) {
                    running.put(service.serviceName(), new RunningService(cluster, service.serviceName(),
                            service.serviceArn(), service.taskDefinition(), primaryDeploymentId(service.deployments()),
                            service.deploymentController() == null ? null : service.deploymentController().typeAsString(),
                            service.currentServiceDeployment()));
                }
            }
        }
        return running;
    }

    @Override
    public TaskDefinition taskDefinition(String taskDefinitionArn) {
        return describe(taskDefinitionArn).toPort();
    }

    @Override
    public TaskDefinition latestRevision(String family) {
        // Never from the cache: it is keyed by full ARNs, and a family's newest revision moves.
        return describe(family).toPort();
    }

    @Override
    public TaskDefinition registerRevision(TaskDefinition current, Map<String, String> imagesByContainer) {
        Described base = describe(current.arn());
        String family = base.definition().family();
        List<String> containers = base.definition().containerDefinitions().stream().map(ContainerDefinition::name).toList();
        List<String> unknown = imagesByContainer.keySet().stream().filter(name -> !containers.contains(name)).toList();
        if (!unknown.isEmpty()) {
            throw new ContainerPlatformException("RegisterTaskDefinition", family, "task definition "
                    + base.definition().taskDefinitionArn() + " has no container named " + String.join(", ", unknown)
                    + "; its containers: " + String.join(", ", containers));
        }
        RegisterTaskDefinitionRequest request = revisionOf(base, imagesByContainer);
        var registered = call("RegisterTaskDefinition", family, () -> ecs.registerTaskDefinition(request)).taskDefinition();
        // The tags we sent, not the response's: they are the revision's, whether or not the response repeats them.
        Described revision = new Described(registered, request.tags());
        remember(revision);
        return revision.toPort();
    }

    @Override
    public StartedDeployment updateService(String cluster, String serviceName, String taskDefinitionArn) {
        Service updated = call("UpdateService", serviceName, () -> ecs.updateService(UpdateServiceRequest.builder()
                .cluster(cluster).service(serviceName).taskDefinition(taskDefinitionArn)
                .forceNewDeployment(true).build())).service();
        String deploymentId = primaryDeploymentId(updated.deployments());
        if (deploymentId == null) {
            throw new ContainerPlatformException("UpdateService", serviceName, "ECS answered without a PRIMARY deployment;"
                    + " the service's deployment controller is probably not ECS, which Harbourmaster cannot roll");
        }
        return new StartedDeployment(deploymentId, updated.currentServiceDeployment(),
                ServiceDeployments.planOf(updated.deploymentConfiguration()));
    }

    @Override
    public List<ServiceDeploymentState> serviceDeployments(List<String> serviceDeploymentArns) {
        List<String> arns = List.copyOf(new LinkedHashSet<>(serviceDeploymentArns));
        List<ServiceDeploymentState> states = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_SERVICE_DEPLOYMENTS_LIMIT) {
            List<String> batch = arns.subList(from, Math.min(from + DESCRIBE_SERVICE_DEPLOYMENTS_LIMIT, arns.size()));
            // ARNs ECS does not know come back as failures: they are simply absent.
            call("DescribeServiceDeployments", String.join(" ", batch), () -> ecs.describeServiceDeployments(
                    DescribeServiceDeploymentsRequest.builder().serviceDeploymentArns(batch).build())).serviceDeployments().stream().map(ServiceDeployments::stateOf).forEach(states::add);
        }
        return states;
    }

    @Override
    public void stopServiceDeployment(String serviceDeploymentArn, String stopType) {
        call("StopServiceDeployment", serviceDeploymentArn, () -> ecs.stopServiceDeployment(
                StopServiceDeploymentRequest.builder().serviceDeploymentArn(serviceDeploymentArn).stopType(stopType).build()));
    }

    @Override
    public void continueServiceDeployment(String serviceDeploymentArn, String hookId, String action) {
        call("ContinueServiceDeployment", serviceDeploymentArn, () -> ecs.continueServiceDeployment(
                ContinueServiceDeploymentRequest.builder().serviceDeploymentArn(serviceDeploymentArn).hookId(hookId).action(action)
                        .build()));
    }

    @Override
    public List<ServiceDeployment> deploymentsOf(String cluster, String serviceName) {
        List<Service> found = call("DescribeServices", cluster + " " + serviceName, () -> ecs.describeServices(
                DescribeServicesRequest.builder().cluster(cluster).services(serviceName).build())).services();
        return found.stream().filter(s -> !"INACTIVE".equals(s.status())).flatMap(s -> s.deployments().stream())
                .map(d -> new ServiceDeployment(d.id(), d.status(), d.rolloutStateAsString(), d.rolloutStateReason(),
                        d.taskDefinition(), d.runningCount() == null ? 0 : d.runningCount(),
                        d.desiredCount() == null ? 0 : d.desiredCount()))
                .toList();
    }

    @Override
    public List<TaskEvidence> tasksStartedBy(String cluster, String ecsDeploymentId) {
        List<String> arns = new ArrayList<>();
        for (DesiredStatus desired : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            call("ListTasks", cluster + " " + ecsDeploymentId, () -> ecs.listTasksPaginator(b -> b.cluster(cluster)
                    .startedBy(ecsDeploymentId).desiredStatus(desired)).taskArns().stream().toList())
                    .forEach(arns::add);
        }
        List<TaskEvidence> tasks = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_TASKS_LIMIT) {
            List<String> batch = arns.subList(from, Math.min(from + DESCRIBE_TASKS_LIMIT, arns.size()));
            call("DescribeTasks", cluster + " " + ecsDeploymentId, () -> ecs.describeTasks(b -> b.cluster(cluster)
                    .tasks(batch))).tasks().stream()
                    .filter(t -> ecsDeploymentId.equals(t.startedBy()))
                    .map(EcsContainerPlatform::evidenceOf).forEach(tasks::add);
        }
        return tasks;
    }

    private static TaskEvidence evidenceOf(Task task) {
        return new TaskEvidence(task.taskArn(), task.version() == null ? 0 : task.version(), task.lastStatus(),
                task.taskDefinitionArn(), task.containers().stream()
                .map(c -> new TaskEvidence.ContainerEvidence(c.name(), c.imageDigest(),
                        c.exitCode() == null ? null : c.exitCode().longValue(), c.reason()))
                .toList(), task.stoppedReason(), task.stopCodeAsString(), task.startedAt(), task.stoppedAt());
    }

    /** The request that registers a copy of {@code base} with the given containers' images replaced. */
    @SuppressWarnings("deprecation") // inferenceAccelerators: Elastic Inference has ended, but a copy must stay faithful.
    private static RegisterTaskDefinitionRequest revisionOf(Described base, Map<String, String> imagesByContainer) {
        var definition = base.definition();
        List<ContainerDefinition> containers = new ArrayList<>();
        for (ContainerDefinition container : definition.containerDefinitions()) {
            String image = imagesByContainer.get(container.name());
            containers.add(image == null ? container : container.toBuilder().image(image).build());
        }
        // The collections below may be the SDK's "absent" lists: passing them on keeps them absent.
        return RegisterTaskDefinitionRequest.builder()
                .family(definition.family())
                .containerDefinitions(containers)
                .taskRoleArn(definition.taskRoleArn())
                .executionRoleArn(definition.executionRoleArn())
                .networkMode(definition.networkModeAsString())
                .volumes(definition.volumes())
                .placementConstraints(definition.placementConstraints())
                .requiresCompatibilitiesWithStrings(definition.requiresCompatibilitiesAsStrings())
                .cpu(definition.cpu())
                .memory(definition.memory())
                .pidMode(definition.pidModeAsString())
                .ipcMode(definition.ipcModeAsString())
                .proxyConfiguration(definition.proxyConfiguration())
                .inferenceAccelerators(definition.inferenceAccelerators())
                .ephemeralStorage(definition.ephemeralStorage())
                .runtimePlatform(definition.runtimePlatform())
                .enableFaultInjection(definition.enableFaultInjection())
                .tags(userTags(base.tags()))
                .build();
    }

    /** AWS reserves the aws: prefix (CloudFormation puts such tags on what it creates) and refuses it in requests. */
    private static List<Tag> userTags(List<Tag> tags) {
        List<Tag> settable = tags.stream().filter(tag -> !tag.key().regionMatches(true, 0, "aws:", 0, 4)).toList();
        return settable.isEmpty() ? null : settable;
    }

    private Described describe(String taskDefinitionArn) {
        Described known = described.get(taskDefinitionArn);
        if (known != null) {
            return known;
        }
        DescribeTaskDefinitionResponse response = call("DescribeTaskDefinition", taskDefinitionArn,
                () -> ecs.describeTaskDefinition(DescribeTaskDefinitionRequest.builder()
                        .taskDefinition(taskDefinitionArn).include(TaskDefinitionField.TAGS).build()));
        Described description = new Described(response.taskDefinition(), response.tags());
        // Keyed by the full ARN ECS answered with, not by what was asked: a bare family names its
        // latest revision, which moves, while a revision's ARN always names the same content.
        remember(description);
        return description;
    }

    private void remember(Described description) {
        described.put(description.definition().taskDefinitionArn(), description);
    }

    private static String primaryDeploymentId(List<Deployment> deployments) {
        return deployments.stream().filter(d -> "PRIMARY".equals(d.status())).map(Deployment::id).findFirst().orElse(null);
    }

    private static <T> T call(String operation, String target, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkServiceException e) {
            throw translated(operation, target, e);
        } catch (SdkClientException e) {
            AssumedRole.Refused refused = AssumedRole.refusal(e);
            if (refused == null) {
                throw e;
            }
            throw new ContainerPlatformException(operation, target, refused.errorCode(), refused.getMessage(), false, e);
        }
    }

    private static ContainerPlatformException translated(String operation, String target, SdkServiceException e) {
        String code = null;
        String message = null;
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            code = aws.awsErrorDetails().errorCode();
            message = aws.awsErrorDetails().errorMessage();
        }
        if (code == null) {
            code = "HTTP " + e.statusCode();
        }
        if (message == null) {
            message = e.getMessage();
        }
        // The client has retried these already; they may pass later, unlike everything else.
        boolean transientFailure = e.isThrottlingException() || e.statusCode() >= 500;
        return new ContainerPlatformException(operation, target, code, message, transientFailure, e);
    }

    private static <K, V> Map<K, V> lastUsed(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A task definition as ECS described it, with its tags (which DescribeTaskDefinition returns beside it). */
    private record Described(software.amazon.awssdk.services.ecs.model.TaskDefinition definition, List<Tag> tags) {

        TaskDefinition toPort() {
            Map<String, String> images = new LinkedHashMap<>();
            definition.containerDefinitions().forEach(container -> images.put(container.name(), container.image()));
            return new TaskDefinition(definition.taskDefinitionArn(), definition.family(), images,
                    definition.containerDefinitions().stream().map(Described::log).flatMap(Optional::stream).toList(),
                    fingerprint(definition));
        }

        /** Its configuration, compactly: environment values hashed at once, secrets by where they are read from. */
        static ConfigFingerprint fingerprint(software.amazon.awssdk.services.ecs.model.TaskDefinition definition) {
            List<ConfigFingerprint.ContainerConfig> containers = new ArrayList<>();
            for (ContainerDefinition c : definition.containerDefinitions()) {
                Map<String, String> environment = new LinkedHashMap<>();
                c.environment().forEach(pair -> environment.put(pair.name(), pair.value()));
                Map<String, String> secrets = new LinkedHashMap<>();
                c.secrets().forEach(secret -> secrets.put(secret.name(), secret.valueFrom()));
                List<String> ports = c.portMappings().stream()
                        .map(p -> (p.hostPort() == null || p.hostPort().equals(p.containerPort()) ? "" : p.hostPort() + ":")
                                + p.containerPort() + "/" + (p.protocol() == null ? "tcp" : p.protocolAsString()))
                        .sorted().toList();
                HealthCheck check = c.healthCheck();
                String healthCheck = check == null ? null : String.join("\u0000", check.command()) + "|" + check.interval()
                        + "|" + check.timeout() + "|" + check.retries() + "|" + check.startPeriod();
                containers.add(ConfigFingerprint.ContainerConfig.of(c.name(), c.cpu() == null || c.cpu() == 0 ? null : c.cpu(),
                        c.memory(), environment, secrets, ports, c.command(), healthCheck));
            }
            return new ConfigFingerprint(definition.cpu(), definition.memory(), containers);
        }

        /** awslogs with a group, a region and a stream prefix: only then is a task's stream known by name. */
        private static Optional<ContainerLog> log(ContainerDefinition container) {
            var logs = container.logConfiguration();
            if (logs == null || !"awslogs".equals(logs.logDriverAsString()) || logs.options() == null) {
                return Optional.empty();
            }
            Map<String, String> options = logs.options();
            String group = options.get("awslogs-group");
            String region = options.get("awslogs-region");
            String prefix = options.get("awslogs-stream-prefix");
            return group == null || region == null || prefix == null ? Optional.empty()
                    : Optional.of(new ContainerLog(container.name(), group, region, prefix));
        }
    }
}
