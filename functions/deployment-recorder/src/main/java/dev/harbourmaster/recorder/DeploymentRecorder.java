package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.CurrentStates;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EcsReport;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ImageDigest;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetOutcome;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Rollback;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.DeploymentRecords.Known;
import dev.harbourmaster.ports.DeploymentRecords.SetRecord;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentStateChange;
import dev.harbourmaster.recorder.EcsEvent.HookStateChange;
import dev.harbourmaster.recorder.EcsEvent.ServiceAction;
import dev.harbourmaster.recorder.EcsEvent.TaskStateChange;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.ServedAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Turns ECS events into evidence on the deployments they concern, and from that evidence the
 * deployment's status, its release set's outcome and the service's current-state row, written
 * together. Events may come twice, late, or in any order: evidence is merged, never replaced, and
 * every write is conditional on what was read, so the record ends the same whatever the order.
 */
public final class DeploymentRecorder {

    public enum Outcome {
        /** The event added evidence (and perhaps ended a deployment or a release set). */
        RECORDED,
        /** The event told nothing new: a repeat, or older news than what is recorded. */
        DUPLICATE,
        /** The event is about a deployment Harbourmaster did not start: recorded as out-of-band. */
        OUT_OF_BAND,
        /** The event concerns nothing Harbourmaster records; the detail says why. */
        IGNORED
    }

    public record Result(Outcome outcome, String detail, Deployment deployment) {}

    /** Writers racing on one release set retry; more attempts than this mean something is wrong. */
    private static final int ATTEMPTS = 10;

    /**
     * The oldest an event may be when it arrives: an event redriven from the dead-letter queue is the
     * latest a real one comes, and the queue keeps it 14 days after up to an hour of EventBridge's
     * retries; a day more for the redrive. Older ones (an event "of 1970") are ignored.
     */
    static final Duration MAX_EVENT_AGE = Duration.ofDays(15);

    /**
     * How far ahead of this function's clock an event's time may be: no clock is a day wrong, so an
     * event of next week (or of 9999) is not ECS's and is ignored.
     */
    static final Duration MAX_EVENT_LEAD = Duration.ofDays(1);

    private final DeploymentRecords records;
    private final ReleaseSets releaseSets;
    private final ContainerPlatforms platforms;
    private final Supplier<Instant> clock;
    private final Duration unknownGrace;
    private final ServedAccounts served;
    private final ServiceDeploymentQuestions questions;
    private final Log log;

    /**
     * @param served the accounts and regions whose events are read; the deployer deploys in the
     *               stack's own, so only events from there can concern a deployment
     */
    public DeploymentRecorder(DeploymentRecords records, ReleaseSets releaseSets, ContainerPlatform platform,
                              Supplier<Instant> clock, Duration unknownGrace, ServedAccounts served, Log log) {
        this(records, releaseSets, ContainerPlatforms.only(platform), clock, unknownGrace, served, log);
    }

    /** @param platforms each deployment's ECS, where its environment lives (the deployment's placement) */
    public DeploymentRecorder(DeploymentRecords records, ReleaseSets releaseSets, ContainerPlatforms platforms,
                              Supplier<Instant> clock, Duration unknownGrace, ServedAccounts served, Log log) {
        this.records = records;
        this.releaseSets = releaseSets;
        this.platforms = platforms;
        this.clock = clock;
        this.unknownGrace = unknownGrace;
        this.served = served;
        this.questions = new ServiceDeploymentQuestions(platforms, records);
        this.log = log;
    }

    /** @throws NotRecordedYetException when the event is probably about a deployment not written down yet */
    public Result record(EcsEvent event) {
        Optional<String> refused = refusal(event);
        if (refused.isPresent()) {
            log.warn("ECS event ignored").with("reason", refused.get()).with("eventId", event.eventId())
                    .with("account", event.account()).with("region", event.region())
                    .with("cluster", event.cluster()).with("ecsService", event.serviceName()).write();
            return new Result(Outcome.IGNORED, refused.get(), null);
        }
        return switch (event) {
            case DeploymentStateChange change -> change.rollingBackTo().isPresent() ? rollbackStarted(change)
                    : deploymentChanged(change);
            case TaskStateChange task -> taskChanged(task);
            case ServiceAction action -> serviceActed(action);
            case HookStateChange hook -> hookChanged(hook);
        };
    }

    /**
     * Why an event cannot concern any deployment of ours: it comes from an account or region the stack
     * does not serve, or its time is too far from its arrival to be ECS's ({@link #MAX_EVENT_AGE},
     * {@link #MAX_EVENT_LEAD}).
     */
    private Optional<String> refusal(EcsEvent e) {
        Optional<String> foreign = served.refusal(e.account(), e.region());
        if (foreign.isPresent()) {
            return foreign;
        }
        Instant now = clock.get();
        if (e.time().isBefore(now.minus(MAX_EVENT_AGE)) || e.time().isAfter(now.plus(MAX_EVENT_LEAD))) {
            return Optional.of("event time " + e.time() + " is not within " + MAX_EVENT_AGE.toDays() + " days before and "
                    + MAX_EVENT_LEAD.toHours() + " hours after its arrival at " + now + ": not an event ECS sent");
        }
        return Optional.empty();
    }

    /** The account and region the event happened in, as deployments are keyed (the stack's own is HOME). */
    private Placement placeOf(EcsEvent e) {
        return served.placeOf(e.account(), e.region());
    }

    /**
     * Whether the event is about this deployment's ECS service: same account and region, cluster and
     * service. An old-format service ARN (service/NAME) names no cluster: then the service's name
     * alone decides, in the event's account and region.
     */
    private boolean concerns(EcsEvent e, Deployment d) {
        return placeOf(e).samePlace(d.placement()) && Objects.equals(e.serviceName(), d.ecsServiceName())
                && (e.cluster() == null || e.cluster().equals(d.cluster()));
    }

    private Result notAbout(EcsEvent e, Deployment d) {
        boolean elsewhere = !placeOf(e).samePlace(d.placement());
        return ignored(e, d, "the event names " + e.cluster() + "/" + e.serviceName()
                + (elsewhere ? " in " + placeOf(e).describe() : "") + ", but ECS deployment " + d.ecsDeploymentId()
                + " is of " + d.cluster() + "/" + d.ecsServiceName() + (elsewhere ? " in " + d.placement().describe() : "")
                + ": evidence not applied");
    }

    private Result ignored(EcsEvent e, Deployment d, String detail) {
        log.warn("ECS event ignored").with("reason", detail).with("eventId", e.eventId())
                .with("releaseSet", d.releaseSetId()).with("service", d.serviceId())
                .with("ecsDeploymentId", d.ecsDeploymentId()).write();
        return new Result(Outcome.IGNORED, detail, null);
    }

    private Result deploymentChanged(DeploymentStateChange e) {
        DeploymentEvidence evidence = DeploymentEvidence.NONE.withReport(reportOf(e));
        Optional<Known> known = records.byEcsDeployment(placeOf(e), e.deploymentId());
        if (known.isEmpty()) {
            return unknownDeployment(e, e.deploymentId(), evidence);
        }
        return switch (known.get()) {
            case DeploymentRecords.Ours ours -> !concerns(e, ours.deployment()) ? notAbout(e, ours.deployment())
                    : ourDeploymentChanged(e, ours.deployment());
            case DeploymentRecords.RollbackOf of ->
                    rollbackProgressed(of, e, new Rollback(e.deploymentId(), null, e.state().name(), null));
            case DeploymentRecords.OutOfBand outOfBand -> updateOutOfBand(outOfBand.deployment(), e, evidence);
        };
    }

    /**
     * ECS's news of one of our deployments, recorded as evidence. An end dated before the deployment
     * started ends nothing ({@link dev.harbourmaster.domain.DeploymentVerdict}): the deployment stays
     * in flight for a later report or the sweeper, and the log says why.
     */
    private Result ourDeploymentChanged(DeploymentStateChange e, Deployment d) {
        EcsReport report = reportOf(e);
        if (e.state() != DeploymentState.IN_PROGRESS && report.predates(d.startedAt())) {
            log.warn("ECS event dated before the deployment started: recorded as evidence, not as its end")
                    .with("reason", "ECS reported " + report.state() + " at " + report.at() + ", before the deployment"
                            + " started at " + d.startedAt() + " (a clock's skew, or news of an earlier deployment): it stays"
                            + " in flight for a later report or the sweeper")
                    .with("eventId", e.eventId()).with("releaseSet", d.releaseSetId()).with("service", d.serviceId())
                    .with("ecsDeploymentId", d.ecsDeploymentId()).write();
        }
        return update(d, x -> x.withEvidence(DeploymentEvidence.NONE.withReport(report)), null, null);
    }

    /** The circuit breaker started a rollback: the deployment it abandons is ours (ROLLED_BACK), or not ours at all. */
    private Result rollbackStarted(DeploymentStateChange e) {
        String to = e.rollingBackTo().orElseThrow();
        Rollback rollback = new Rollback(e.deploymentId(), to, EcsReport.IN_PROGRESS, reportOf(e).at());
        Optional<Known> known = records.byEcsDeployment(placeOf(e), e.deploymentId());
        if (known.isPresent() && known.get() instanceof DeploymentRecords.RollbackOf of) {
            return rollbackProgressed(of, e, rollback);
        }
        Optional<Deployment> abandoned = records.newestOfService(placeOf(e), e.cluster(), e.serviceName())
                .filter(d -> d.ecsDeploymentId() != null && !d.ecsDeploymentId().equals(to));
        if (abandoned.isPresent() && reportOf(e).predates(abandoned.get().startedAt())) {
            // Only the service names the deployment it abandons: one that began later is not it.
            return ignored(e, abandoned.get(), "circuit-breaker rollback " + e.deploymentId() + " began at " + rollback.at()
                    + ", before deployment " + abandoned.get().releaseSetId() + "/" + abandoned.get().serviceId() + " ("
                    + abandoned.get().ecsDeploymentId() + ") started at " + abandoned.get().startedAt()
                    + ": it rolls back an earlier deployment, not this one");
        }
        if (abandoned.isEmpty()) {
            DeploymentEvidence evidence = DeploymentEvidence.NONE.withReport(reportOf(e));
            return known.isPresent() && known.get() instanceof DeploymentRecords.OutOfBand outOfBand
                    ? updateOutOfBand(outOfBand.deployment(), e, evidence)
                    : unknownDeployment(e, e.deploymentId(), evidence);
        }
        // The rollback's own later events may have come first and been taken for a change made outside.
        Deployment absorbed = known.isPresent() && known.get() instanceof DeploymentRecords.OutOfBand outOfBand
                ? outOfBand.deployment() : null;
        Rollback seen = absorbed == null ? rollback : furthest(rollback, absorbed);
        return update(abandoned.get(), d -> d.withEvidence(DeploymentEvidence.NONE.withRollback(seen)),
                e.deploymentId(), absorbed);
    }

    private static Rollback furthest(Rollback rollback, Deployment absorbed) {
        Rollback seen = rollback;
        for (EcsReport report : absorbed.evidence().reports()) {
            seen = merge(seen, new Rollback(rollback.deploymentId(), null, report.state(), null));
        }
        return seen;
    }

    private static Rollback merge(Rollback a, Rollback b) {
        return DeploymentEvidence.NONE.withRollback(a).withRollback(b).rollback();
    }

    private Result rollbackProgressed(DeploymentRecords.RollbackOf of, EcsEvent e, Rollback progress) {
        Deployment rolledBack = records.setRecord(of.releaseSetId()).flatMap(s -> s.deployment(of.serviceId()))
                .orElseThrow(() -> new IllegalStateException("rollback alias names deployment " + of.releaseSetId()
                        + "/" + of.serviceId() + ", which is gone"));
        if (!concerns(e, rolledBack)) {
            return notAbout(e, rolledBack);
        }
        return update(rolledBack, d -> d.withEvidence(DeploymentEvidence.NONE.withRollback(progress)), null, null);
    }

    private Result taskChanged(TaskStateChange t) {
        if (t.startedBy() == null || !t.startedBy().startsWith("ecs-svc/")) {
            return new Result(Outcome.IGNORED, "task " + t.taskArn() + " was not started by a service deployment", null);
        }
        DeploymentEvidence evidence = DeploymentEvidence.NONE.withTask(withValidDigests(taskOf(t), t.eventId(), t.startedBy()));
        Optional<Known> known = records.byEcsDeployment(placeOf(t), t.startedBy());
        if (known.isEmpty()) {
            if (awaitingOurs(t)) {
                throw notYet(t.startedBy(), t.cluster(), t.serviceName());
            }
            return new Result(Outcome.IGNORED, "task " + t.taskArn() + " of ECS deployment " + t.startedBy()
                    + ", which Harbourmaster neither started nor saw reported", null);
        }
        return switch (known.get()) {
            case DeploymentRecords.Ours ours -> !concerns(t, ours.deployment()) ? notAbout(t, ours.deployment())
                    : update(ours.deployment(), d -> d.withEvidence(evidence), null, null);
            case DeploymentRecords.RollbackOf of -> new Result(Outcome.IGNORED, "task " + t.taskArn()
                    + " of circuit-breaker rollback " + t.startedBy() + " (it runs the release rolled back to)", null);
            case DeploymentRecords.OutOfBand outOfBand -> updateOutOfBand(outOfBand.deployment(), t, evidence);
        };
    }

    private Result serviceActed(ServiceAction a) {
        if (a.serviceName() == null || a.cluster() == null) {
            return new Result(Outcome.IGNORED, "service action " + a.eventName() + " names no service", null);
        }
        // In flight when ECS acted, not when the event arrives: the same events keep the same notices in any order.
        Optional<Deployment> inFlight = records.newestOfService(placeOf(a), a.cluster(), a.serviceName())
                .filter(d -> d.startedAt() != null && !a.time().isBefore(d.startedAt())
                        && (d.endedAt() == null || !a.time().isAfter(d.endedAt())));
        if (inFlight.isEmpty()) {
            return new Result(Outcome.IGNORED, "no Harbourmaster deployment of " + a.cluster() + "/" + a.serviceName()
                    + " was in flight at " + a.time(), null);
        }
        ServiceNotice notice = new ServiceNotice(a.eventId(), a.time(), a.eventType(), a.eventName(), a.reasons());
        return update(inFlight.get(), d -> d.withEvidence(DeploymentEvidence.NONE.withNotice(notice)), null, null);
    }

    /**
     * A lifecycle hook of a service deployment moved: evidence on our deployment that has that service
     * deployment (the service's newest of ours), such as a pause hook now waiting for someone's word.
     */
    private Result hookChanged(HookStateChange h) {
        Optional<Deployment> ours = records.newestOfService(placeOf(h), h.cluster(), h.serviceName())
                .filter(d -> h.serviceDeploymentArn().equals(d.serviceDeploymentArn()));
        if (ours.isEmpty()) {
            return new Result(Outcome.IGNORED, "hook " + h.hookId() + " of service deployment " + h.serviceDeploymentArn()
                    + ", which is not the newest deployment Harbourmaster started of " + h.cluster() + "/" + h.serviceName(), null);
        }
        HookState hook = new HookState(h.hookId(), h.hookType(), h.lifecycleStage(), h.status(), h.expiresAt(), null,
                h.updatedAt() != null ? h.updatedAt() : h.time());
        return update(ours.get(), d -> d.withEvidence(DeploymentEvidence.NONE.withHook(hook)), null, null);
    }

    /**
     * Applies a change to one of our deployments and writes it with what follows from it: the set's
     * outcome when it was the last in flight, the current-state row when its status changed.
     * Re-reads and retries when another writer got there first.
     */
    Result update(Deployment target, UnaryOperator<Deployment> change, String rollbackAlias, Deployment absorbed) {
        if (rollbackAlias == null && absorbed == null) {
            Optional<Result> inFlight = updateInFlight(target, change);
            if (inFlight.isPresent()) {
                return inFlight.get();
            }
        }
        DeploymentEvidence asked = null;
        DeploymentEvidence askedApi = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            SetRecord set = records.setRecord(target.releaseSetId()).orElseThrow(() ->
                    new IllegalStateException("release set " + target.releaseSetId() + " of a deployment is gone"));
            Deployment before = set.deployment(target.serviceId()).orElseThrow(() -> new IllegalStateException(
                    "deployment " + target.releaseSetId() + "/" + target.serviceId() + " is gone"));
            Deployment changed = change.apply(before);
            if (askedApi == null && ServiceDeploymentQuestions.worthAsking(changed)) {
                // What ended it, in ECS's service deployments API: a rollback's cause, a stop, what replaced it.
                askedApi = askApi(changed);
            }
            if (askedApi != null) {
                changed = changed.withEvidence(askedApi);
            }
            if (asked == null && needsAsking(changed)) {
                asked = askEcs(changed);
            }
            Deployment after = asked == null ? changed : changed.withEvidence(asked);
            if (after.equals(before) && rollbackAlias == null && absorbed == null) {
                return new Result(Outcome.DUPLICATE, "nothing new for " + describe(before), before);
            }
            List<Deployment> deployments = new ArrayList<>(set.deployments());
            deployments.replaceAll(d -> d.serviceId().equals(after.serviceId()) ? after : d);
            ReleaseSetOutcome outcome = outcomeToWrite(set.set(), deployments);
            CurrentState currentBefore = null;
            CurrentState currentAfter = null;
            boolean outcomeChanged = after.status().isFinal() && !sameOutcome(before, after);
            if (outcomeChanged || absorbed != null) {
                currentBefore = records.currentState(after.projectId(), after.environmentId(), after.serviceId()).orElse(null);
                currentAfter = outcomeChanged ? CurrentStates.after(currentBefore, after, set.set()) : currentBefore;
                if (absorbed != null) {
                    currentAfter = CurrentStates.withoutOutOfBand(currentAfter, absorbed.ecsDeploymentId());
                }
                if (currentAfter == null || currentAfter.equals(currentBefore)) {
                    currentBefore = null;
                    currentAfter = null;
                }
            }
            if (records.record(new DeploymentRecords.Change(set, before, after, outcome, currentBefore, currentAfter,
                    rollbackAlias, absorbed))) {
                logRecorded(before, after, outcome);
                if (outcome != null && set.set().status() == ReleaseSetStatus.IN_PROGRESS) {
                    startNextQueued(set.set());
                }
                return new Result(Outcome.RECORDED, describe(after), after);
            }
        }
        throw new IllegalStateException("gave up recording " + describe(target) + " after " + ATTEMPTS
                + " conflicting writes; the event will be delivered again");
    }

    /**
     * Most events repeat what the deployment holds, or add evidence to a deployment that stays in
     * flight. Both are decided on the deployment as it was found (by its ECS deployment id), and the
     * evidence is written on the condition of its revision, without reading its set (a 50-service
     * set is 50 items to read for every event). Empty when the change ends the deployment or the
     * deployment moved since it was found: then the set is read and the change recorded with it.
     */
    private Optional<Result> updateInFlight(Deployment found, UnaryOperator<Deployment> change) {
        Deployment after = change.apply(found);
        if (after.equals(found) && !needsAsking(after)) {
            // Evidence only grows, so what an older copy already holds, the record holds too.
            return Optional.of(new Result(Outcome.DUPLICATE, "nothing new for " + describe(found), found));
        }
        if (found.status().isFinal() || after.status().isFinal()) {
            return Optional.empty();
        }
        if (!records.recordInFlight(found, after)) {
            return Optional.empty();
        }
        logRecorded(found, after, null);
        return Optional.of(new Result(Outcome.RECORDED, describe(after), after));
    }

    /** The environment is free again: an automatic set waiting for it starts now. */
    private void startNextQueued(ReleaseSet ended) {
        releaseSets.startNextQueued(ended.projectId(), ended.environmentId()).ifPresent(id ->
                log.info("queued release set started").with("releaseSet", id).with("after", ended.id())
                        .with("project", ended.projectId()).with("environment", ended.environmentId()).write());
    }

    /** What the current-state row tells of a deployment: its status, reason and end. */
    private static boolean sameOutcome(Deployment a, Deployment b) {
        return a.status() == b.status() && Objects.equals(a.reason(), b.reason()) && Objects.equals(a.endedAt(), b.endedAt());
    }

    /** A final set is corrected when late evidence changes its outcome; a set still in flight ends when its last deployment does. */
    private static ReleaseSetOutcome outcomeToWrite(ReleaseSet set, List<Deployment> deployments) {
        if (set.status() != ReleaseSetStatus.IN_PROGRESS && !isEndedByDeployments(set.status())) {
            return null;
        }
        Optional<ReleaseSetOutcome> outcome = ReleaseSetOutcome.of(set, deployments);
        if (outcome.isEmpty()) {
            return null;
        }
        boolean unchanged = outcome.get().status() == set.status() && outcome.get().reason().equals(set.statusReason());
        return unchanged ? null : outcome.get();
    }

    private static boolean isEndedByDeployments(ReleaseSetStatus status) {
        return status == ReleaseSetStatus.SUCCEEDED || status == ReleaseSetStatus.FAILED
                || status == ReleaseSetStatus.PARTIAL;
    }

    /**
     * Ask ECS for the deployment's tasks once before deciding: ECS said COMPLETED and no event showed a
     * running task, or it failed and no event showed a stopped one (the task's events may come after the
     * deployment's, and ECS keeps a stopped task's exit code about an hour).
     */
    private static boolean needsAsking(Deployment d) {
        if (d.evidence().askedEcs() || d.ecsDeploymentId() == null) {
            return false;
        }
        boolean failedUnexplained = (d.status() == DeploymentStatus.FAILED || d.status() == DeploymentStatus.ROLLED_BACK)
                && d.evidence().tasks().stream().noneMatch(TaskEvidence::stopped);
        return d.status() == DeploymentStatus.COMPLETED_UNVERIFIED || failedUnexplained;
    }

    private DeploymentEvidence askApi(Deployment d) {
        try {
            return questions.about(d);
        } catch (ContainerPlatformException e) {
            log.warn("could not ask ECS's service deployments API; the deployment is decided from its events")
                    .with("releaseSet", d.releaseSetId()).with("service", d.serviceId())
                    .with("serviceDeployment", d.serviceDeploymentArn()).with("error", e.getMessage()).write();
            return DeploymentEvidence.NONE;
        }
    }

    private DeploymentEvidence askEcs(Deployment d) {
        DeploymentEvidence asked = DeploymentEvidence.NONE.withAskedEcs();
        try {
            for (TaskEvidence task : platforms.at(d.placement()).tasksStartedBy(d.cluster(), d.ecsDeploymentId())) {
                asked = asked.withTask(withValidDigests(task, null, d.ecsDeploymentId()));
            }
        } catch (ContainerPlatformException e) {
            log.warn("could not ask ECS for the deployment's tasks; recorded as unverified")
                    .with("releaseSet", d.releaseSetId()).with("service", d.serviceId())
                    .with("ecsDeploymentId", d.ecsDeploymentId()).with("error", e.getMessage()).write();
        }
        return asked;
    }

    /**
     * An event for an ECS deployment the table does not know: while the service's newest deployment
     * of ours is in flight (or just ended) and the event is young, it is probably ours or its rollback,
     * not written down yet: retried. Otherwise someone changed the service outside Harbourmaster.
     */
    private Result unknownDeployment(EcsEvent e, String ecsDeploymentId, DeploymentEvidence evidence) {
        if (awaitingOurs(e)) {
            throw notYet(ecsDeploymentId, e.cluster(), e.serviceName());
        }
        return updateOutOfBand(null, e, evidence, ecsDeploymentId);
    }

    private boolean awaitingOurs(EcsEvent e) {
        String cluster = e.cluster();
        String serviceName = e.serviceName();
        Instant eventTime = e.time();
        Instant now = clock.get();
        if (eventTime == null || !now.isBefore(eventTime.plus(unknownGrace)) || cluster == null || serviceName == null) {
            return false;
        }
        return records.newestOfService(placeOf(e), cluster, serviceName)
                .filter(d -> d.status() == DeploymentStatus.IN_PROGRESS
                        || (d.endedAt() != null && d.endedAt().isAfter(now.minus(unknownGrace))))
                .isPresent();
    }

    private Result updateOutOfBand(Deployment existing, EcsEvent e, DeploymentEvidence evidence) {
        return concerns(e, existing) ? updateOutOfBand(existing, e, evidence, existing.ecsDeploymentId())
                : notAbout(e, existing);
    }

    private Result updateOutOfBand(Deployment existing, EcsEvent e, DeploymentEvidence evidence, String ecsDeploymentId) {
        Deployment before = existing;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                before = records.byEcsDeployment(placeOf(e), ecsDeploymentId)
                        .filter(k -> k instanceof DeploymentRecords.OutOfBand)
                        .map(k -> ((DeploymentRecords.OutOfBand) k).deployment()).orElse(null);
            }
            Deployment base = before != null ? before : OutOfBandDeployments.first(ecsDeploymentId, e, placeOf(e),
                    records.newestOfService(placeOf(e), e.cluster(), e.serviceName()).orElse(null));
            Deployment after = OutOfBandDeployments.withEvidence(base, evidence);
            if (before != null && after.equals(before)) {
                return new Result(Outcome.DUPLICATE, "nothing new for out-of-band deployment " + ecsDeploymentId, before);
            }
            CurrentState currentBefore = null;
            CurrentState currentAfter = null;
            if (after.projectId() != null && (before == null || before.status() != after.status())) {
                currentBefore = records.currentState(after.projectId(), after.environmentId(), after.serviceId()).orElse(null);
                currentAfter = CurrentStates.withOutOfBand(currentBefore, after);
            }
            if (records.recordOutOfBand(before, after, currentBefore, currentAfter)) {
                log.warn("deployment made outside Harbourmaster").with("cluster", after.cluster())
                        .with("ecsService", after.ecsServiceName()).with("ecsDeploymentId", ecsDeploymentId)
                        .with("project", after.projectId()).with("environment", after.environmentId())
                        .with("service", after.serviceId()).with("status", after.status().name())
                        .with("reason", after.reason()).write();
                return new Result(Outcome.OUT_OF_BAND, "out-of-band deployment " + ecsDeploymentId + " of "
                        + after.cluster() + "/" + after.ecsServiceName() + ": " + after.status(), after);
            }
        }
        throw new IllegalStateException("gave up recording out-of-band deployment " + ecsDeploymentId + " after "
                + ATTEMPTS + " conflicting writes; the event will be delivered again");
    }

    private NotRecordedYetException notYet(String ecsDeploymentId, String cluster, String serviceName) {
        return new NotRecordedYetException("ECS deployment " + ecsDeploymentId + " of " + cluster + "/" + serviceName
                + " is not in the table yet, and a Harbourmaster deployment of that service is in flight or just"
                + " ended: retrying for up to " + unknownGrace + " before recording it as a change made outside");
    }

    private void logRecorded(Deployment before, Deployment after, ReleaseSetOutcome outcome) {
        Log.Line line = (after.status() == before.status() ? log.info("deployment evidence recorded")
                : log.info("deployment status changed"))
                .with("project", after.projectId()).with("environment", after.environmentId())
                .with("service", after.serviceId()).with("releaseSet", after.releaseSetId())
                .with("ecsDeploymentId", after.ecsDeploymentId()).with("from", before.status().name())
                .with("status", after.status().name()).with("reason", after.reason());
        if (outcome != null) {
            line.with("releaseSetStatus", outcome.status().name()).with("releaseSetReason", outcome.reason());
        }
        line.write();
    }

    static EcsReport reportOf(DeploymentStateChange e) {
        return new EcsReport(e.state().name(), e.updatedAt() != null ? e.updatedAt() : e.time(), e.reason(),
                EcsReport.FROM_EVENT);
    }

    static TaskEvidence taskOf(TaskStateChange t) {
        return new TaskEvidence(t.taskArn(), t.version(), t.lastStatus(), t.taskDefinitionArn(),
                t.containers().stream().map(c -> new TaskEvidence.ContainerEvidence(c.name(), c.imageDigest(),
                        c.exitCode(), c.reason())).toList(),
                t.stoppedReason(), t.stopCode(), t.startedAt(), t.stoppedAt());
    }

    /**
     * The task with each container digest that is not one ({@link ImageDigest}) taken as unknown, and
     * logged: it must count neither as running the release's digest nor as running another. The
     * rest of what ECS said of the task is kept.
     *
     * @param eventId the event that reported the task; null when ECS was asked (DescribeTasks)
     */
    private TaskEvidence withValidDigests(TaskEvidence task, String eventId, String ecsDeploymentId) {
        List<TaskEvidence.ContainerEvidence> containers = new ArrayList<>();
        for (TaskEvidence.ContainerEvidence c : task.containers()) {
            Optional<String> refusal = c.imageDigest() == null ? Optional.empty() : ImageDigest.refusal(c.imageDigest());
            refusal.ifPresent(why -> log.warn("container digest not read: taken as unknown, the rest of the task kept")
                    .with("reason", "container " + c.name() + " imageDigest " + why).with("eventId", eventId)
                    .with("source", eventId == null ? "DescribeTasks" : "event").with("ecsDeploymentId", ecsDeploymentId)
                    .with("taskArn", task.taskArn()).write());
            containers.add(refusal.isEmpty() ? c : new TaskEvidence.ContainerEvidence(c.name(), null, c.exitCode(), c.reason()));
        }
        return task.withContainers(containers);
    }

    private static String describe(Deployment d) {
        return "deployment " + d.releaseSetId() + "/" + d.serviceId() + " (" + d.ecsDeploymentId() + ") " + d.status();
    }
}
