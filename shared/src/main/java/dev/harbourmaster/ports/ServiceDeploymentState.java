package dev.harbourmaster.ports;

import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import java.util.List;

/**
 * One service deployment as DescribeServiceDeployments tells it: the report, and where each of its
 * lifecycle hooks stands.
 *
 * @param targetRevisionArn the service revision it rolls to
 */
public record ServiceDeploymentState(ServiceDeploymentReport report, List<HookState> hooks, String serviceArn,
                                     String targetRevisionArn) {

    public ServiceDeploymentState {
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
    }
}
