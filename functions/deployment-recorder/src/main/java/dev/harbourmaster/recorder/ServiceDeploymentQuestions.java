package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.ServiceDeploymentState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What ECS's service deployments API says of deployments of ours, as evidence: its report and its
 * hooks (DescribeServiceDeployments, 20 a call), and for one ECS stopped, the deployment that
 * replaced it (one DescribeServices for that service: its current service deployment, and whether a
 * release set of ours started it).
 */
final class ServiceDeploymentQuestions {

    private final ContainerPlatforms platforms;
    private final DeploymentRecords records;

    ServiceDeploymentQuestions(ContainerPlatforms platforms, DeploymentRecords records) {
        this.platforms = platforms;
        this.records = records;
    }

    /** Whether to ask about it: ECS ended or is ending it, and the API has not said its last word yet. */
    static boolean worthAsking(Deployment d) {
        ServiceDeploymentReport known = d.evidence().serviceDeployment();
        return d.serviceDeploymentArn() != null && d.status().isFinal() && (known == null || !known.ended());
    }

    /** The evidence for each deployment ECS knows, keyed by its service deployment ARN. */
    Map<String, DeploymentEvidence> about(List<Deployment> deployments) {
        List<String> arns = deployments.stream().map(Deployment::serviceDeploymentArn).filter(Objects::nonNull).toList();
        Map<String, DeploymentEvidence> evidence = new HashMap<>();
        if (arns.isEmpty()) {
            return evidence;
        }
        Map<String, Deployment> byArn = new HashMap<>();
        deployments.stream().filter(d -> d.serviceDeploymentArn() != null).forEach(d -> byArn.put(d.serviceDeploymentArn(), d));
        Map<Placement, List<String>> arnsByPlacement = new LinkedHashMap<>();
        byArn.values().forEach(d -> arnsByPlacement.computeIfAbsent(d.placement(), p -> new ArrayList<>()).add(d.serviceDeploymentArn()));
        List<ServiceDeploymentState> states = new ArrayList<>();
        arnsByPlacement.forEach((placement, asked) -> states.addAll(platforms.at(placement).serviceDeployments(asked)));
        for (ServiceDeploymentState state : states) {
            Deployment ours = byArn.get(state.report().arn());
            if (ours == null) {
                continue;
            }
            DeploymentEvidence seen = DeploymentEvidence.NONE.withServiceDeployment(state.report());
            for (HookState hook : state.hooks()) {
                seen = seen.withHook(hook);
            }
            if (ServiceDeploymentReport.STOPPED.equals(state.report().status()) && ours.evidence().supersededBy() == null) {
                seen = seen.with(replacement(ours));
            }
            evidence.put(ours.serviceDeploymentArn(), seen);
        }
        return evidence;
    }

    /** The evidence for one deployment; none when ECS does not know it. */
    DeploymentEvidence about(Deployment deployment) {
        return about(List.of(deployment)).getOrDefault(deployment.serviceDeploymentArn(), DeploymentEvidence.NONE);
    }

    /** What ECS works on for the service now, when it is not this deployment: what replaced it, and the set of ours behind it. */
    private DeploymentEvidence replacement(Deployment stopped) {
        RunningService service = platforms.at(stopped.placement()).services(stopped.cluster(), List.of(stopped.ecsServiceName()))
                .get(stopped.ecsServiceName());
        if (service == null) {
            return DeploymentEvidence.NONE;
        }
        String by = service.currentServiceDeploymentArn() != null ? service.currentServiceDeploymentArn() : service.primaryDeploymentId();
        if (by == null || by.equals(stopped.serviceDeploymentArn()) || Objects.equals(service.primaryDeploymentId(), stopped.ecsDeploymentId())) {
            return DeploymentEvidence.NONE;
        }
        String bySet = service.primaryDeploymentId() == null ? null : records.byEcsDeployment(stopped.placement(), service.primaryDeploymentId())
                .filter(known -> known instanceof DeploymentRecords.Ours)
                .map(known -> ((DeploymentRecords.Ours) known).deployment().releaseSetId()).orElse(null);
        return DeploymentEvidence.NONE.withSupersededBy(by, bySet);
    }
}
