package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.OperatorAction;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The release set in flight that hm approve, reject and stop act on (the environment's, or one named
 * by its id), and its deployments that ECS still runs; and the record of what was asked of them.
 */
final class InFlightDeployments {

    /** How often a write of an action is tried again when the recorder wrote the deployment meanwhile. */
    private static final int ATTEMPTS = 5;

    record Found(ReleaseSet set, List<Deployment> deployments) {}

    private InFlightDeployments() {}

    /**
     * @param setId    a release set id, or null for the one in flight in the environment
     * @param services the services to act on; empty: all of the set's
     */
    static Found find(ReleaseSets releaseSets, Project project, Environment environment, String setId, List<String> services) {
        String where = project.id() + "/" + environment.id();
        String id = setId != null ? setId : releaseSets.gate(project.id(), environment.id()).inFlightReleaseSetId().orElseThrow(() ->
                new CliException("no release set is in flight in " + where + ": nothing is deploying there to act on; 'hm status"
                        + " --project " + project.id() + " --env " + environment.id() + "' shows what ran last"));
        ReleaseSet set = releaseSets.releaseSet(id).orElseThrow(() -> new CliException("no release set " + id
                + "; 'hm history --project " + project.id() + " --env " + environment.id() + "' lists them"));
        if (!set.projectId().equals(project.id()) || !set.environmentId().equals(environment.id())) {
            throw new CliException("release set " + id + " is of " + set.projectId() + "/" + set.environmentId() + ", not of "
                    + where + ": name its project and environment");
        }
        List<Deployment> all = releaseSets.deployments(id);
        List<String> unknown = services.stream().filter(s -> all.stream().noneMatch(d -> d.serviceId().equals(s))).toList();
        if (!unknown.isEmpty()) {
            throw new CliException("release set " + id + " deploys no " + String.join(", ", unknown) + "; its services: "
                    + String.join(", ", all.stream().map(Deployment::serviceId).toList()));
        }
        List<Deployment> inFlight = new ArrayList<>();
        for (Deployment d : all) {
            if ((services.isEmpty() || services.contains(d.serviceId())) && d.status() == DeploymentStatus.IN_PROGRESS
                    && d.serviceDeploymentArn() != null) {
                inFlight.add(d);
            }
        }
        return new Found(set, inFlight);
    }

    /**
     * Keeps what was asked on the deployment, for good (ECS forgets who asked): as evidence, on the
     * condition of what was read, read again when the recorder wrote it meanwhile.
     *
     * @return false when the deployment ended before it could be written (the answer is printed, not kept)
     */
    static boolean record(ReleaseSets releaseSets, DeploymentRecords records, Deployment deployment, OperatorAction action) {
        Deployment current = deployment;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (current.status().isFinal()) {
                return false;
            }
            if (records.recordInFlight(current, current.withEvidence(DeploymentEvidence.NONE.withAction(action)))) {
                return true;
            }
            Optional<Deployment> again = releaseSets.deployments(deployment.releaseSetId()).stream()
                    .filter(d -> d.serviceId().equals(deployment.serviceId())).findFirst();
            if (again.isEmpty()) {
                return false;
            }
            current = again.get();
        }
        return false;
    }
}
