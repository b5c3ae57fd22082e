package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.ServiceDeployment;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Closes what ECS events never closed. Every sweep, each deployment in flight that ECS's service
 * deployments API knows is brought up to what the API says (20 a call), so that one ECS stopped,
 * replaced or rolled back without an event to say so ends within a sweep. One in flight past its own
 * deadline ({@link Deployment#deadline}: the timeout, plus what its rollout plan waits for: bake
 * times, linear steps, a canary, pause hooks) is settled from ECS's own answer (DescribeServices:
 * COMPLETED or FAILED), or else TIMED_OUT with what ECS still says; one waiting at a pause hook keeps
 * its environment held until the hook expires. A service the deployer claimed but never recorded as
 * started is looked for in ECS first; services the deployer never claimed end the set.
 */
public final class Sweeper {

    public record Report(int setsLookedAt, int deploymentsClosed, int setsEnded) {}

    private final DeploymentRecords records;
    private final ReleaseSets releaseSets;
    private final ContainerPlatforms platforms;
    private final DeploymentRecorder recorder;
    private final ServiceDeploymentQuestions questions;
    private final Supplier<Instant> clock;
    private final Duration timeout;
    private final Log log;

    /** One ECS for every deployment: a single account and region. */
    public Sweeper(DeploymentRecords records, ReleaseSets releaseSets, ContainerPlatform platform,
                   DeploymentRecorder recorder, Supplier<Instant> clock, Duration timeout, Log log) {
        this(records, releaseSets, ContainerPlatforms.only(platform), recorder, clock, timeout, log);
    }

    /** @param platforms each deployment's ECS, where its environment lives (the deployment's placement) */
    public Sweeper(DeploymentRecords records, ReleaseSets releaseSets, ContainerPlatforms platforms,
                   DeploymentRecorder recorder, Supplier<Instant> clock, Duration timeout, Log log) {
        this.records = records;
        this.releaseSets = releaseSets;
        this.platforms = platforms;
        this.recorder = recorder;
        this.questions = new ServiceDeploymentQuestions(platforms, records);
        this.clock = clock;
        this.timeout = timeout;
        this.log = log;
    }

    public Report sweep() {
        Instant now = clock.get();
        Instant overdueBefore = now.minus(timeout);
        List<DeploymentRecords.SetRecord> inFlightSets = new ArrayList<>();
        List<DeploymentRecords.InFlight> inFlights = new ArrayList<>();
        for (DeploymentRecords.InFlight inFlight : records.inFlight()) {
            Optional<DeploymentRecords.SetRecord> record = records.setRecord(inFlight.releaseSetId());
            if (record.isPresent() && record.get().set().status() == ReleaseSetStatus.IN_PROGRESS) {
                inFlightSets.add(record.get());
                inFlights.add(inFlight);
            }
        }
        Map<String, DeploymentEvidence> api = askTheApi(inFlightSets);
        int closed = 0;
        int ended = 0;
        for (int i = 0; i < inFlightSets.size(); i++) {
            Instant holdUntil = null;
            for (Deployment found : inFlightSets.get(i).deployments()) {
                if (found.status() != DeploymentStatus.IN_PROGRESS || found.startedAt() == null) {
                    continue;
                }
                try {
                    Deployment deployment = found;
                    DeploymentEvidence said = found.serviceDeploymentArn() == null ? null : api.get(found.serviceDeploymentArn());
                    if (said != null) {
                        DeploymentRecorder.Result result = recorder.update(found, d -> d.withEvidence(said), null, null);
                        deployment = result.deployment() != null ? result.deployment() : found;
                    }
                    if (deployment.status().isFinal()) {
                        closed++;
                        continue;
                    }
                    Instant deadline = deployment.deadline(timeout);
                    if (deadline.isBefore(now)) {
                        DeploymentRecorder.Result result = close(deployment, now);
                        if (result.deployment() != null && result.deployment().status().isFinal()) {
                            closed++;
                        }
                    } else if (holdUntil == null || deadline.isAfter(holdUntil)) {
                        holdUntil = deadline;
                    }
                } catch (ContainerPlatformException e) {
                    log.warn("could not ask ECS about a deployment in flight; next sweep tries again")
                            .with("releaseSet", found.releaseSetId()).with("service", found.serviceId())
                            .with("error", e.getMessage()).write();
                }
            }
            DeploymentRecords.InFlight inFlight = inFlights.get(i);
            if (holdUntil != null) {
                releaseSets.extendHold(inFlight.projectId(), inFlight.environmentId(), inFlight.releaseSetId(), holdUntil);
            }
            if (inFlight.since() != null && inFlight.since().isBefore(overdueBefore) && endUnclaimed(inFlight)) {
                ended++;
            }
        }
        return new Report(inFlightSets.size(), closed, ended);
    }

    /** What the service deployments API says of every deployment in flight that has a service deployment: one call per 20. */
    private Map<String, DeploymentEvidence> askTheApi(List<DeploymentRecords.SetRecord> sets) {
        List<Deployment> asked = sets.stream().flatMap(set -> set.deployments().stream())
                .filter(d -> d.status() == DeploymentStatus.IN_PROGRESS && d.serviceDeploymentArn() != null).toList();
        try {
            return questions.about(asked);
        } catch (ContainerPlatformException e) {
            log.warn("could not ask ECS's service deployments API; deployments are settled from their deadlines alone")
                    .with("deployments", asked.size()).with("error", e.getMessage()).write();
            return Map.of();
        }
    }

    private DeploymentRecorder.Result close(Deployment overdue, Instant now) {
        String since = " since " + Times.format(overdue.startedAt()) + " (" + overdue.plan().describe() + ": due by "
                + Times.format(overdue.deadline(timeout)) + ", timeout " + timeout + " and what the plan waits for)";
        if (overdue.ecsDeploymentId() == null) {
            Optional<RunningService> running = runningTheRelease(overdue);
            if (running.isEmpty()) {
                String why = "the deployer claimed the service but never started it in ECS" + since
                        + " (ECS runs no deployment of the release's images); deploy the release set again";
                return recorder.update(overdue, d -> d.ended(DeploymentStatus.TIMED_OUT, why, now)
                        .withEvidence(DeploymentEvidence.NONE.withTimeout(why, now)), null, null);
            }
            return adopt(overdue, running.get(), since, now);
        }
        DeploymentEvidence evidence = whatEcsSays(overdue, overdue.ecsDeploymentId(), since, now);
        return recorder.update(overdue, d -> d.withEvidence(evidence), null, null);
    }

    /** What ECS lists of one deployment of a service now (one DescribeServices), as evidence. */
    private DeploymentEvidence whatEcsSays(Deployment deployment, String ecsDeploymentId, String since, Instant now) {
        List<ServiceDeployment> listed = platforms.at(deployment.placement()).deploymentsOf(deployment.cluster(),
                deployment.ecsServiceName());
        Optional<ServiceDeployment> ours = listed.stream().filter(d -> d.id().equals(ecsDeploymentId)).findFirst();
        return evidenceOf(ours, listed, ecsDeploymentId, since, now);
    }

    private static DeploymentEvidence evidenceOf(Optional<ServiceDeployment> ours, List<ServiceDeployment> listed,
                                                 String ecsDeploymentId, String since, Instant now) {
        if (ours.isPresent() && EcsReport.COMPLETED.equals(ours.get().rolloutState())) {
            return DeploymentEvidence.NONE.withReport(new EcsReport(EcsReport.COMPLETED, now,
                    ours.get().rolloutStateReason(), EcsReport.FROM_DESCRIBE_SERVICES));
        } else if (ours.isPresent() && EcsReport.FAILED.equals(ours.get().rolloutState())) {
            return DeploymentEvidence.NONE.withReport(new EcsReport(EcsReport.FAILED, now,
                    ours.get().rolloutStateReason(), EcsReport.FROM_DESCRIBE_SERVICES));
        } else if (ours.isPresent()) {
            return DeploymentEvidence.NONE.withTimeout("ECS still reports the deployment "
                    + (ours.get().rolloutState() == null ? "without a rollout state" : ours.get().rolloutState())
                    + " with " + ours.get().runningCount() + " of " + ours.get().desiredCount() + " tasks running"
                    + since, now);
        }
        String primary = listed.stream().filter(d -> "PRIMARY".equals(d.status()))
                .map(d -> d.id() + " (" + d.taskDefinitionArn() + ")").findFirst().orElse("none");
        return DeploymentEvidence.NONE.withTimeout("ECS no longer lists deployment " + ecsDeploymentId
                + " and no event closed it" + since + "; the service's primary deployment is now " + primary, now);
    }

    /**
     * The deployer may have rolled the service and then lost the table before it wrote the ECS
     * deployment down (AWS unreachable between UpdateService and that write). Then the service
     * runs a task definition with exactly the release's images, and its PRIMARY deployment is the
     * one the deployer started (the service as the deployer reads it). One DescribeServices, and a
     * DescribeTaskDefinition when the service no longer runs what it ran before the claim.
     */
    private Optional<RunningService> runningTheRelease(Deployment claimed) {
        ContainerPlatform platform = platforms.at(claimed.placement());
        RunningService service = platform.services(claimed.cluster(), List.of(claimed.ecsServiceName()))
                .get(claimed.ecsServiceName());
        if (service == null || service.primaryDeploymentId() == null || service.taskDefinitionArn() == null
                || service.taskDefinitionArn().equals(claimed.previousTaskDefinition())) {
            return Optional.empty();
        }
        Map<String, String> running = platform.taskDefinition(service.taskDefinitionArn()).imagesByContainer();
        return claimed.images().stream().allMatch(image -> image.image().equals(running.get(image.container())))
                ? Optional.of(service) : Optional.empty();
    }

    /**
     * Records the ECS deployment the deployer started but never wrote down, with what ECS says of
     * it now. Its events may have been recorded meanwhile as a change made outside Harbourmaster:
     * that record is ours, and is taken back.
     */
    private DeploymentRecorder.Result adopt(Deployment claimed, RunningService service, String since, Instant now) {
        String started = service.primaryDeploymentId();
        DeploymentEvidence evidence = whatEcsSays(claimed, started, since, now);
        Deployment outOfBand = records.byEcsDeployment(claimed.placement(), started)
                .filter(known -> known instanceof DeploymentRecords.OutOfBand)
                .map(known -> ((DeploymentRecords.OutOfBand) known).deployment()).orElse(null);
        DeploymentEvidence seen = outOfBand == null ? evidence : outOfBand.evidence().with(evidence);
        log.warn("the deployer started this deployment in ECS but never recorded it; recorded now")
                .with("releaseSet", claimed.releaseSetId()).with("project", claimed.projectId())
                .with("environment", claimed.environmentId()).with("service", claimed.serviceId())
                .with("ecsDeploymentId", started).with("taskDefinition", service.taskDefinitionArn()).write();
        return recorder.update(claimed, d -> (d.ecsDeploymentId() == null ? d.started(service.taskDefinitionArn(), started) : d)
                .withEvidence(seen), null, outOfBand);
    }

    /**
     * A set whose deployments have all ended but some of whose services were never claimed (the
     * deployer stopped between claiming the set and claiming them) ends as the claimed ones did,
     * with the unclaimed named.
     */
    private boolean endUnclaimed(DeploymentRecords.InFlight inFlight) {
        DeploymentRecords.SetRecord record = records.setRecord(inFlight.releaseSetId()).orElse(null);
        if (record == null || record.set().status() != ReleaseSetStatus.IN_PROGRESS
                || record.deployments().stream().anyMatch(d -> !d.status().isFinal())) {
            return false;
        }
        List<String> claimed = record.deployments().stream().map(Deployment::serviceId).toList();
        List<String> unclaimed = new ArrayList<>();
        for (Release release : record.set().releases()) {
            if (!claimed.contains(release.serviceId())) {
                unclaimed.add(release.serviceId());
            }
        }
        if (unclaimed.isEmpty()) {
            return false;
        }
        boolean anySucceeded = record.deployments().stream().anyMatch(Deployment::isSuccess);
        String reason = "never started by the deployer: " + String.join(", ", unclaimed)
                + (record.deployments().isEmpty() ? "" : "; the others: " + record.deployments().stream()
                .map(d -> d.serviceId() + " " + d.status()).collect(Collectors.joining(", ")))
                + "; deploy those services again";
        boolean finished = releaseSets.finish(record.set(), anySucceeded ? ReleaseSetStatus.PARTIAL : ReleaseSetStatus.FAILED,
                reason);
        if (finished) {
            releaseSets.startNextQueued(record.set().projectId(), record.set().environmentId());
            log.warn("release set ended by the sweeper").with("releaseSet", record.set().id())
                    .with("project", record.set().projectId()).with("environment", record.set().environmentId())
                    .with("reason", reason).write();
        }
        return finished;
    }
}
