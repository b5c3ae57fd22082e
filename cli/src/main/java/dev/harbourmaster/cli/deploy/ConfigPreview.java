package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a plan's new revisions would change in configuration, and which revision they copy: the
 * environment's {@code taskDefinitionBase}. With {@code running} (the default) a deploy copies what
 * each service runs, so nothing but images changes and ECS is not asked. With {@code latest}, ECS is
 * asked what each service runs and what its family's newest revision is (one DescribeServices per 10
 * services, two DescribeTaskDefinition per service), as the deployer will ask again when it rolls.
 */
final class ConfigPreview {

    private ConfigPreview() {}

    static Plan of(Plan plan, Supplier<ContainerPlatform> platform) {
        Project project = plan.project();
        Environment environment = project.environment(plan.environmentId()).orElse(null);
        if (environment == null || plan.changes().isEmpty()) {
            return plan;
        }
        if (environment.taskDefinitionBase() != TaskDefinitionBase.LATEST) {
            return plan.withConfig(Map.of(), List.of("Task definition base: running (each new revision copies the one its"
                    + " service runs; only images change)"));
        }
        Map<String, String> serviceOf = new LinkedHashMap<>();
        for (ServiceChange change : plan.changes()) {
            String serviceSet = project.serviceSetOf(change.serviceId()).map(s -> s.id()).orElse(change.release().serviceSetId());
            serviceOf.put(environment.ecsServiceNameOf(project.id(), serviceSet, change.serviceId()), change.serviceId());
        }
        String base = "Task definition base: latest (each new revision copies its family's newest ACTIVE revision)";
        Map<String, ConfigChanges> config = new LinkedHashMap<>();
        try {
            ContainerPlatform ecs = platform.get();
            Map<String, RunningService> running = ecs.services(environment.cluster(), List.copyOf(serviceOf.keySet()));
            for (Map.Entry<String, String> entry : serviceOf.entrySet()) {
                RunningService service = running.get(entry.getKey());
                if (service == null) {
                    continue; // the deployer names it when it fails to roll
                }
                TaskDefinition now = ecs.taskDefinition(service.taskDefinitionArn());
                TaskDefinition latest = ecs.latestRevision(now.family());
                config.put(entry.getValue(), latest.arn().equals(now.arn()) ? ConfigChanges.NONE
                        : ConfigChanges.between(now.config(), latest.config()));
            }
        } catch (ContainerPlatformException | SdkException e) {
            return plan.withConfig(Map.of(), List.of(base, "  could not ask ECS what the newest revisions change ("
                    + e.getMessage() + "): the deployer compares them when it rolls, and a service whose images already run"
                    + " is planned unchanged here"));
        }
        return plan.withConfig(config, List.of(base));
    }
}
