package dev.harbourmaster.domain;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a release set ended, from its deployments: SUCCEEDED when every service runs its release,
 * FAILED when none does, PARTIAL otherwise; the reason names each service that failed and its
 * {@link FailureCause} (each deployment's own reason has the rest).
 * Nothing while a deployment is in flight or a service has not been claimed yet.
 */
public record ReleaseSetOutcome(ReleaseSetStatus status, String reason) {

    public static Optional<ReleaseSetOutcome> of(ReleaseSet set, List<Deployment> deployments) {
        if (deployments.size() < set.releases().size()
                || deployments.stream().anyMatch(d -> !d.status().isFinal())) {
            return Optional.empty();
        }
        List<Deployment> failed = deployments.stream().filter(d -> !d.isSuccess()).toList();
        List<Deployment> unverified = deployments.stream()
                .filter(d -> d.status() == DeploymentStatus.COMPLETED_UNVERIFIED).toList();
        if (failed.isEmpty()) {
            boolean allUnchanged = deployments.stream().allMatch(d -> d.status() == DeploymentStatus.UNCHANGED);
            String reason = allUnchanged ? "every service already runs its release"
                    : deployments.size() + (deployments.size() == 1 ? " service runs" : " services run") + " the release"
                    + (unverified.isEmpty() ? "" : "; not verified (no running task seen): " + services(unverified));
            return Optional.of(new ReleaseSetOutcome(ReleaseSetStatus.SUCCEEDED, reason));
        }
        String failures = failed.stream()
                .map(d -> d.serviceId() + " " + d.status() + Optional.ofNullable(FailureCause.of(d)).map(c -> ": " + c).orElse(""))
                .collect(Collectors.joining("; "));
        if (failed.size() == deployments.size()) {
            return Optional.of(new ReleaseSetOutcome(ReleaseSetStatus.FAILED, failures));
        }
        List<Deployment> succeeded = deployments.stream().filter(Deployment::isSuccess).toList();
        return Optional.of(new ReleaseSetOutcome(ReleaseSetStatus.PARTIAL,
                failed.size() + " of " + deployments.size() + " failed: " + failures + "; succeeded: " + services(succeeded)));
    }

    private static String services(List<Deployment> deployments) {
        return deployments.stream().map(Deployment::serviceId).collect(Collectors.joining(", "));
    }
}
