package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.ApprovalRule;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.CurrentStates;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.support.Parallel;
import dev.harbourmaster.support.ServedAccounts;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.support.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Deploys one release set: guardrails first, then the claim of the environment, then every
 * service rolled concurrently. Safe to run again for the same set: a set that is no longer
 * REQUESTED is not claimed again, and each service is rolled at most once.
 */
public final class ReleaseSetDeployer {

    public enum Outcome {
        /** Services were rolled (or found unchanged, or failed); the set is IN_PROGRESS or already final. */
        DEPLOYED,
        /** A guardrail refused the set; it is REJECTED with the reason. */
        REJECTED,
        /** An automatic set found its environment busy: it waits, QUEUED, until the set in flight ends. */
        QUEUED,
        /** The environment requires approval and the set has none: it waits, AWAITING_APPROVAL, for hm approve. */
        AWAITING_APPROVAL,
        /** Nothing to do: the set was not found, or is no longer REQUESTED and has no service left to roll. */
        SKIPPED
    }

    private static final int CURRENT_STATE_ATTEMPTS = 5;

    public record Result(Outcome outcome, ReleaseSetStatus status, String reason, List<Deployment> deployments) {}

    private final Catalogue catalogue;
    private final BuildLedger ledger;
    private final ReleaseSets releaseSets;
    private final DeploymentRecords records;
    private final ContainerPlatforms platforms;
    private final ServedAccounts served;
    private final ServiceRoller roller;
    private final Supplier<Instant> clock;
    private final int concurrency;
    private final Duration holdFor;

    /** @param served whose ECR registries images may come from (and where the deployer deploys: its own) */
    public ReleaseSetDeployer(Catalogue catalogue, BuildLedger ledger, ReleaseSets releaseSets, DeploymentRecords records,
                              ContainerPlatforms platforms, ServedAccounts served, Supplier<Instant> clock, int concurrency,
                              Duration holdFor) {
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.releaseSets = releaseSets;
        this.records = records;
        this.platforms = platforms;
        this.served = served;
        this.roller = new ServiceRoller(clock);
        this.clock = clock;
        this.concurrency = concurrency;
        this.holdFor = holdFor;
    }

    public Result deploy(String releaseSetId) {
        ReleaseSet set;
        try {
            Optional<ReleaseSet> found = releaseSets.releaseSet(releaseSetId);
            if (found.isEmpty()) {
                return new Result(Outcome.SKIPPED, null, "release set " + releaseSetId + " not found", List.of());
            }
            set = found.get();
        } catch (MalformedReleaseSetException e) {
            return reject(releaseSetId, e.getMessage() + "; write a new, complete release set");
        }
        if (set.kind() == ReleaseSetKind.IMPORTED) {
            // History brought in by hm import weco: a record of what another tool did, never rolled out,
            // whatever its status says (an imported set is written UNKNOWN; one written REQUESTED by hand is refused).
            String why = Guardrails.imported(set);
            return set.status() == ReleaseSetStatus.REQUESTED ? reject(set.id(), why)
                    : new Result(Outcome.SKIPPED, set.status(), why, List.of());
        }
        return switch (set.status()) {
            case REQUESTED -> deployRequested(set);
            // A repeated delivery, or a retry after a crash mid-roll: roll what nobody has claimed.
            case IN_PROGRESS -> rollUnclaimed(set);
            default -> new Result(Outcome.SKIPPED, set.status(), "release set is " + set.status(), List.of());
        };
    }

    private Result deployRequested(ReleaseSet set) {
        // The project, and the set's releases as the ledger has them: neither read needs the other.
        Parallel.Both<Optional<Project>, List<Optional<Release>>> read = Parallel.both(
                () -> catalogue.project(set.projectId()), () -> ledger.recorded(set.releases()), () -> interrupted(set));
        Optional<Project> project = read.first();
        if (project.isEmpty()) {
            return reject(set.id(), "project '" + set.projectId() + "' is not registered; register it with hm project apply");
        }
        Optional<Environment> environment = project.get().environment(set.environmentId());
        if (environment.isEmpty()) {
            return reject(set.id(), "environment '" + set.environmentId() + "' is not in project '" + set.projectId()
                    + "'; its environments are " + project.get().environments().stream().map(Environment::id)
                    .collect(Collectors.joining(", ")));
        }
        Optional<String> refused = unserved(environment.get())
                .or(() -> Guardrails.incomplete(set, project.get()))
                .or(() -> untrusted(set, project.get(), read.second()));
        if (refused.isPresent()) {
            return reject(set.id(), refused.get());
        }
        List<ServicePlan> plans = plan(set, project.get(), environment.get());
        Map<String, Map<String, String>> runningImages = new LinkedHashMap<>();
        plans.stream().filter(p -> p.current() != null)
                .forEach(p -> runningImages.put(p.release().serviceId(), p.current().imagesByContainer()));
        refused = Guardrails.downgrade(set, runningImages, ledger::build)
                .or(() -> Guardrails.unknownRollback(set, plans,
                        p -> records.ran(served.normalized(environment.get().placement()), p.cluster(), p.ecsServiceName(),
                                p.wantedImages())));
        if (refused.isPresent()) {
            return reject(set.id(), refused.get());
        }
        ApprovalRule approval = environment.get().approval();
        if (approval.required()) {
            if (set.approval() == null) {
                return awaitApproval(set);
            }
            Optional<String> notApproved = ApprovalCheck.refusal(set, approval);
            if (notApproved.isPresent()) {
                return reject(set.id(), notApproved.get());
            }
        }
        Instant now = clock.get();
        List<Deployment> claims = claimsOf(set, plans, environment.get(), now);
        List<Deployment> withSet = claims.subList(0, Math.min(claims.size(), ReleaseSets.DEPLOYMENTS_CLAIMED_WITH_SET));
        Instant heldUntil = now.plus(holdFor);
        return switch (releaseSets.claim(set, now, heldUntil, withSet)) {
            case CLAIMED -> roll(set.withStatus(ReleaseSetStatus.IN_PROGRESS, null), plans, claims, withSet.size(),
                    environment.get(), heldUntil);
            case NOT_REQUESTED -> claimedMeanwhile(set.id(), plans, claims, withSet, environment.get(), heldUntil);
            case LOCKED -> reject(set.id(), lockedReason(set));
            case BUSY -> set.isAutoDeploy() ? queue(set) : reject(set.id(), busyReason(set));
        };
    }

    /** An environment in an account or region whose ECS events the stack would ignore: nothing is rolled there. */
    private Optional<String> unserved(Environment environment) {
        Placement place = served.normalized(environment.placement());
        return served.placementRefusal(place).map(why -> "environment " + environment.id() + ": " + why
                + ": its ECS events would never reach the record. Add " + place.account() + ":" + place.region()
                + " to the template's TrustedAccountRegions, and deploy spoke/template.yaml there");
    }

    /**
     * The claim found the set no longer REQUESTED: another delivery claimed it, or this one did and
     * the answer was lost (a 500 or a timeout after the transaction committed: the SDK's retry then
     * meets our own write). Our own claim is known by its deployments, written to the millisecond of
     * this claim, and is rolled; otherwise a set IN_PROGRESS gets what nobody has claimed rolled, as a
     * repeated delivery would: each service is claimed by a conditional write, so none is rolled twice.
     */
    private Result claimedMeanwhile(String releaseSetId, List<ServicePlan> plans, List<Deployment> claims,
                                    List<Deployment> withSet, Environment environment, Instant heldUntil) {
        Optional<ReleaseSet> now = releaseSets.releaseSet(releaseSetId);
        if (now.isPresent() && now.get().status() == ReleaseSetStatus.IN_PROGRESS) {
            List<Deployment> stored = releaseSets.deployments(releaseSetId);
            boolean ours = !withSet.isEmpty() && withSet.stream().allMatch(claim -> stored.stream().anyMatch(d ->
                    d.serviceId().equals(claim.serviceId()) && sameMillisecond(d.startedAt(), claim.startedAt())
                            && d.ecsDeploymentId() == null && !d.status().isFinal()));
            return ours ? roll(now.get(), plans, claims, withSet.size(), environment, heldUntil) : rollUnclaimed(now.get());
        }
        return new Result(Outcome.SKIPPED, now.map(ReleaseSet::status).orElse(null),
                "another delivery claimed the release set", List.of());
    }

    /**
     * An automatic set in a busy environment waits for its turn. Should the set in flight have ended
     * between our claim and this write, nobody would start the queue: so look again, and start it.
     */
    private Result queue(ReleaseSet set) {
        ReleaseSets.Gate gate = releaseSets.gate(set.projectId(), set.environmentId());
        String reason = "queued behind release set " + gate.inFlightReleaseSetId().orElse("(ended meanwhile)")
                + ": it starts when that one ends";
        if (!releaseSets.queue(set, reason)) {
            return new Result(Outcome.SKIPPED, null, "no longer REQUESTED; not queued", List.of());
        }
        if (releaseSets.gate(set.projectId(), set.environmentId()).inFlightReleaseSetId().isEmpty()) {
            releaseSets.startNextQueued(set.projectId(), set.environmentId());
        }
        return new Result(Outcome.QUEUED, ReleaseSetStatus.QUEUED, reason, List.of());
    }

    /** Holds the set before anything is claimed or rolled; hm approve makes it REQUESTED again, with the approval on it. */
    private Result awaitApproval(ReleaseSet set) {
        String reason = ApprovalCheck.waitsFor(set);
        if (!releaseSets.awaitApproval(set, reason)) {
            return new Result(Outcome.SKIPPED, null, "no longer REQUESTED; not held for approval", List.of());
        }
        return new Result(Outcome.AWAITING_APPROVAL, ReleaseSetStatus.AWAITING_APPROVAL, reason, List.of());
    }

    private Result rollUnclaimed(ReleaseSet set) {
        List<String> claimed = releaseSets.deployments(set.id()).stream().map(Deployment::serviceId).toList();
        List<Release> unclaimed = set.releases().stream().filter(r -> !claimed.contains(r.serviceId())).toList();
        if (unclaimed.isEmpty()) {
            return new Result(Outcome.SKIPPED, set.status(), "every service of the set is already claimed", List.of());
        }
        Project project = catalogue.project(set.projectId()).orElseThrow(() ->
                new IllegalStateException("project " + set.projectId() + " of an in-flight release set is gone"));
        Environment environment = project.environment(set.environmentId()).orElseThrow(() ->
                new IllegalStateException("environment " + set.environmentId() + " of an in-flight release set is gone"));
        ReleaseSet rest = set.withReleases(unclaimed);
        // Checked when the set was claimed; the set's item may have been written again since.
        Optional<String> untrusted = untrusted(rest, project, ledger.recorded(rest.releases()));
        List<ServicePlan> plans = untrusted.isEmpty() ? plan(rest, project, environment) : unclaimed.stream()
                .map(r -> ServicePlan.unusable(r, environment.cluster(), ecsServiceName(project, environment, r),
                        untrusted.get()))
                .toList();
        return roll(set, plans, claimsOf(set, plans, environment, clock.get()), 0, environment, null);
    }

    /** As the table keeps times: to the millisecond. */
    private static boolean sameMillisecond(Instant stored, Instant claimed) {
        return stored != null && claimed != null && Times.format(stored).equals(Times.format(claimed));
    }

    /** {@link Guardrails#untrusted}, with the set's releases as the ledger has them ({@code recorded}, in their order). */
    private Optional<String> untrusted(ReleaseSet set, Project project, List<Optional<Release>> recorded) {
        return Guardrails.untrusted(set, project, r -> recorded.get(set.releases().indexOf(r)), served);
    }

    private List<Deployment> claimsOf(ReleaseSet set, List<ServicePlan> plans, Environment environment, Instant at) {
        Placement place = served.normalized(environment.placement());
        return plans.stream().map(p -> roller.claimOf(set.id(), set.projectId(), set.environmentId(), p, place, at)).toList();
    }

    private static String ecsServiceName(Project project, Environment environment, Release release) {
        String serviceSet = project.serviceSetOf(release.serviceId()).map(s -> s.id()).orElse(release.serviceSetId());
        return environment.ecsServiceNameOf(project.id(), serviceSet, release.serviceId());
    }

    /**
     * Finds each service in ECS: one DescribeServices per 10 services, then one DescribeTaskDefinition
     * per service found, {@code concurrency} at a time (and one more, of the family's newest revision,
     * where the environment's task definition base is {@code latest}).
     */
    private List<ServicePlan> plan(ReleaseSet set, Project project, Environment environment) {
        Map<String, Release> byEcsName = new LinkedHashMap<>();
        for (Release release : set.releases()) {
            byEcsName.put(ecsServiceName(project, environment, release), release);
        }
        String cluster = environment.cluster();
        ContainerPlatform platform = platforms.at(served.normalized(environment.placement()));
        Map<String, RunningService> running;
        try {
            running = platform.services(cluster, List.copyOf(byEcsName.keySet()));
        } catch (ContainerPlatformException e) {
            return byEcsName.entrySet().stream()
                    .map(en -> ServicePlan.unusable(en.getValue(), cluster, en.getKey(), e.getMessage())).toList();
        }
        List<Callable<ServicePlan>> lookups = new ArrayList<>();
        byEcsName.forEach((ecsName, release) -> lookups.add(() -> {
            RunningService service = running.get(ecsName);
            if (service == null) {
                return ServicePlan.unusable(release, cluster, ecsName, "ECS service " + ecsName + " not found in cluster "
                        + cluster + " (check the environment's ecsServiceName rule in the manifest)");
            }
            if (!service.deployedByEcs()) {
                return ServicePlan.unusable(release, cluster, ecsName, "ECS service " + ecsName + " is deployed by its "
                        + service.deploymentController() + " deployment controller, which Harbourmaster cannot roll or follow:"
                        + " switch the service to the ECS controller (UpdateService deploymentController ECS, which now does"
                        + " blue/green, linear and canary itself), or deploy it with " + service.deploymentController());
            }
            try {
                TaskDefinition current = platform.taskDefinition(service.taskDefinitionArn());
                TaskDefinitionBase base = environment.taskDefinitionBase();
                return ServicePlan.found(release, cluster, ecsName, current,
                        base == TaskDefinitionBase.LATEST ? platform.latestRevision(current.family()) : current, base);
            } catch (ContainerPlatformException e) {
                return ServicePlan.unusable(release, cluster, ecsName, e.getMessage());
            }
        }));
        return Parallel.all(lookups, concurrency, () -> interrupted(set));
    }

    /**
     * Rolls each plan's service, {@code concurrency} at a time, under its claim: the first
     * {@code claimedWithSet} were claimed with the set; each of the rest is claimed on its own first
     * (a service another delivery claimed is left to it). Then what came of them is written at once,
     * with the environment held for the slowest.
     *
     * @param heldUntil how long this delivery's claim held the environment; null when another's did
     */
    private Result roll(ReleaseSet set, List<ServicePlan> plans, List<Deployment> claims, int claimedWithSet,
                        Environment environment, Instant heldUntil) {
        ContainerPlatform platform = platforms.at(served.normalized(environment.placement()));
        List<Callable<Rolled>> rolls = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            ServicePlan plan = plans.get(i);
            Deployment claim = claims.get(i);
            boolean claimed = i < claimedWithSet;
            rolls.add(() -> {
                if (!claimed && !releaseSets.startDeployment(claim)) {
                    return null;
                }
                try {
                    return new Rolled(roller.roll(claim, plan, platform), null);
                } catch (RuntimeException e) {
                    return new Rolled(null, e);
                }
            });
        }
        List<Rolled> outcomes = Parallel.all(rolls, concurrency, () -> interrupted(set)).stream().filter(Objects::nonNull).toList();
        List<Deployment> rolled = outcomes.stream().map(Rolled::deployment).filter(Objects::nonNull).toList();
        Instant slowest = holdForTheSlowest(rolled);
        releaseSets.updateDeployments(set, rolled, slowest != null && (heldUntil == null || slowest.isAfter(heldUntil))
                ? slowest : null);
        // What the others started is written down first; the Lambda retry then finds this one claimed.
        outcomes.stream().map(Rolled::failure).filter(Objects::nonNull).findFirst().ifPresent(e -> {
            throw e;
        });
        rolled.stream().filter(d -> d.status().isFinal()).forEach(d -> recordEnded(set, d));
        return settle(set, rolled);
    }

    /** A service rolled, or the unexpected exception that stopped it. */
    private record Rolled(Deployment deployment, RuntimeException failure) {}

    /**
     * The claim held the environment for the time a rolling deployment takes; a linear, canary or
     * blue/green one with bake times, or one with pause hooks, takes longer by its own configuration,
     * and the environment is held until then (the sweeper extends it again while a hook waits).
     *
     * @return the end of the hold, or null when no deployment is under way
     */
    private Instant holdForTheSlowest(List<Deployment> rolled) {
        return rolled.stream().filter(d -> !d.status().isFinal()).map(d -> d.deadline(holdFor)).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
    }

    /**
     * A deployment ECS never got ends here, not in the recorder (ECS sends nothing): a service found
     * already running its release, or one that could not start (no such service, UpdateService refused).
     * Its current-state row says so, as the recorder's would, so a first deploy that failed reads
     * FAILED, not "never deployed".
     */
    private void recordEnded(ReleaseSet set, Deployment ended) {
        for (int attempt = 1; attempt <= CURRENT_STATE_ATTEMPTS; attempt++) {
            CurrentState before = records.currentState(set.projectId(), set.environmentId(), ended.serviceId()).orElse(null);
            CurrentState after = CurrentStates.after(before, ended, set);
            if (after == null || after.equals(before) || records.writeCurrentState(before, after)) {
                return;
            }
        }
        throw new IllegalStateException("could not write the current state of " + set.projectId() + "/"
                + set.environmentId() + "/" + ended.serviceId() + ": other writers kept changing it");
    }

    private static IllegalStateException interrupted(ReleaseSet set) {
        return new IllegalStateException("interrupted while working on release set " + set.id());
    }

    /**
     * The set stays IN_PROGRESS while any deployment is under way (the deployment-recorder ends it);
     * with nothing under way it ends here, as {@link ReleaseSetOutcome} says: SUCCEEDED when every
     * service already ran its release, FAILED when nothing could start.
     */
    private Result settle(ReleaseSet set, List<Deployment> rolledNow) {
        // Rolled all at once: nobody else wrote a deployment of the set, and what the recorder may have
        // ended since matters only if all of them ended, when it settles the set itself.
        List<Deployment> deployments = rolledNow.size() == set.releases().size() ? rolledNow
                : releaseSets.deployments(set.id());
        Optional<ReleaseSetOutcome> outcome = ReleaseSetOutcome.of(set, deployments);
        if (outcome.isEmpty()) {
            return new Result(Outcome.DEPLOYED, ReleaseSetStatus.IN_PROGRESS, null, rolledNow);
        }
        if (releaseSets.finish(set, outcome.get().status(), outcome.get().reason())) {
            releaseSets.startNextQueued(set.projectId(), set.environmentId());
        }
        return new Result(Outcome.DEPLOYED, outcome.get().status(), outcome.get().reason(), rolledNow);
    }

    private Result reject(String releaseSetId, String reason) {
        boolean rejected = releaseSets.reject(releaseSetId, reason);
        return rejected ? new Result(Outcome.REJECTED, ReleaseSetStatus.REJECTED, reason, List.of())
                : new Result(Outcome.SKIPPED, null, "no longer REQUESTED; not rejected: " + reason, List.of());
    }

    private String lockedReason(ReleaseSet set) {
        String where = set.projectId() + "/" + set.environmentId();
        Optional<Lock> lock = releaseSets.gate(set.projectId(), set.environmentId()).lock();
        return "environment " + where + " is locked"
                + lock.map(l -> " by " + l.owner() + (l.ownerArn() == null || l.ownerArn().equals(l.owner()) ? "" : " (" + l.ownerArn() + ")")
                + (l.expiresAt() == null ? "" : " until " + Times.format(l.expiresAt()))
                + ": " + l.reason()).orElse("")
                + "; deploy after it is unlocked ("
                + Shell.command("hm", "unlock", "--project", set.projectId(), "--env", set.environmentId()) + ")";
    }

    private String busyReason(ReleaseSet set) {
        ReleaseSets.Gate gate = releaseSets.gate(set.projectId(), set.environmentId());
        return "release set " + gate.inFlightReleaseSetId().orElse("(unknown)") + " is in flight in "
                + set.projectId() + "/" + set.environmentId()
                + (gate.inFlightUntil() == null ? "" : " (holding it until " + Times.format(gate.inFlightUntil()) + " at most)")
                + "; one release set per environment at a time: request this one again when that one has finished";
    }
}
