package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything known about how one deployment went: ECS's reports of its state, the tasks it
 * started, the service's warnings while it was in flight, a circuit-breaker rollback, what ECS's
 * service deployments API said of it, its lifecycle hooks, what people asked of it through hm, the
 * deployment that replaced it, and the sweeper's timeout. Evidence only grows: {@link #with} is a
 * merge that gives the same result for the same facts in any order and any number of repeats, and
 * the deployment's status is a function of it ({@link DeploymentVerdict}). Lists are bounded so an
 * item stays small.
 *
 * @param askedEcs          bookkeeping: the recorder asked ECS for the tasks once (ListTasks/DescribeTasks)
 * @param serviceDeployment the furthest DescribeServiceDeployments report of this deployment
 * @param supersededBy      the service deployment ECS stopped this one for (an UpdateService after ours)
 * @param supersededBySet   the release set of ours that made it, when one did (null: someone else did)
 * @param timedOut          the sweeper's reason, when it closed the deployment for taking too long
 */
public record DeploymentEvidence(List<EcsReport> reports, List<TaskEvidence> tasks, List<ServiceNotice> notices,
                                 Rollback rollback, boolean askedEcs, ServiceDeploymentReport serviceDeployment,
                                 List<HookState> hooks, List<OperatorAction> actions, String supersededBy,
                                 String supersededBySet, String timedOut, Instant timedOutAt) {

    /** ECS reports a deployment's state once or twice (IN_PROGRESS, then COMPLETED or FAILED); the sweeper once. */
    public static final int MAX_REPORTS = 6;
    public static final int MAX_TASKS = 20;
    public static final int MAX_NOTICES = 10;
    /** A deployment has a hook or two per stage it stops at; a person acts on it a few times at most. */
    public static final int MAX_HOOKS = 10;
    public static final int MAX_ACTIONS = 10;
    public static final DeploymentEvidence NONE = new DeploymentEvidence(List.of(), List.of(), List.of(), null, false,
            null, List.of(), List.of(), null, null, null, null);

    public DeploymentEvidence {
        reports = reports == null ? List.of() : List.copyOf(reports);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
        notices = notices == null ? List.of() : List.copyOf(notices);
        hooks = hooks == null ? List.of() : List.copyOf(hooks);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public DeploymentEvidence withReport(EcsReport report) {
        return with(new DeploymentEvidence(List.of(report), null, null, null, false, null, null, null, null, null, null, null));
    }

    public DeploymentEvidence withTask(TaskEvidence task) {
        return with(new DeploymentEvidence(null, List.of(task), null, null, false, null, null, null, null, null, null, null));
    }

    public DeploymentEvidence withNotice(ServiceNotice notice) {
        return with(new DeploymentEvidence(null, null, List.of(notice), null, false, null, null, null, null, null, null, null));
    }

    public DeploymentEvidence withRollback(Rollback seen) {
        return with(new DeploymentEvidence(null, null, null, seen, false, null, null, null, null, null, null, null));
    }

    public DeploymentEvidence withServiceDeployment(ServiceDeploymentReport report) {
        return with(new DeploymentEvidence(null, null, null, null, false, report, null, null, null, null, null, null));
    }

    public DeploymentEvidence withHook(HookState hook) {
        return with(new DeploymentEvidence(null, null, null, null, false, null, List.of(hook), null, null, null, null, null));
    }

    public DeploymentEvidence withAction(OperatorAction action) {
        return with(new DeploymentEvidence(null, null, null, null, false, null, null, List.of(action), null, null, null, null));
    }

    /** ECS stopped this deployment for {@code by} (a service deployment ARN), made by release set {@code bySet} of ours or by someone else (null). */
    public DeploymentEvidence withSupersededBy(String by, String bySet) {
        return with(new DeploymentEvidence(null, null, null, null, false, null, null, null, by, bySet, null, null));
    }

    public DeploymentEvidence withAskedEcs() {
        return new DeploymentEvidence(reports, tasks, notices, rollback, true, serviceDeployment, hooks, actions, supersededBy,
                supersededBySet, timedOut, timedOutAt);
    }

    public DeploymentEvidence withTimeout(String reason, Instant at) {
        return timedOut != null ? this : new DeploymentEvidence(reports, tasks, notices, rollback, askedEcs, serviceDeployment,
                hooks, actions, supersededBy, supersededBySet, reason, at);
    }

    /** The union of two bodies of evidence. */
    public DeploymentEvidence with(DeploymentEvidence other) {
        Map<EcsReport, EcsReport> byStateAndTime = new TreeMap<>(BY_STATE_AND_TIME);
        for (EcsReport r : concat(reports, other.reports)) {
            byStateAndTime.merge(r, r, EcsReport::earlier);
        }
        // Every time a state was reported is kept: one dated before the deployment started must not hide a later one.
        List<EcsReport> newestReports = byStateAndTime.values().stream().sorted(NEWEST_FIRST).limit(MAX_REPORTS)
                .sorted(BY_STATE_AND_TIME).toList();
        Map<String, TaskEvidence> byTask = new TreeMap<>();
        for (TaskEvidence t : concat(tasks, other.tasks)) {
            byTask.merge(t.taskArn(), t, TaskEvidence::merge);
        }
        Map<String, ServiceNotice> byEvent = new TreeMap<>();
        for (ServiceNotice n : concat(notices, other.notices)) {
            byEvent.putIfAbsent(n.eventId(), n);
        }
        List<ServiceNotice> latestNotices = byEvent.values().stream()
                .sorted(Comparator.comparing(ServiceNotice::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(ServiceNotice::eventId).reversed())
                .limit(MAX_NOTICES).toList();
        Map<String, HookState> byHook = new TreeMap<>();
        for (HookState h : concat(hooks, other.hooks)) {
            byHook.merge(h.hookId(), h, HookState::merge);
        }
        Map<String, OperatorAction> byAction = new TreeMap<>();
        for (OperatorAction a : concat(actions, other.actions)) {
            byAction.putIfAbsent(a.key(), a);
        }
        List<OperatorAction> latestActions = new ArrayList<>(byAction.values());
        boolean otherTimesOut = timedOut == null && other.timedOut != null;
        // Of two replacing deployments (never seen in ECS: one stop per deployment) the least ARN wins, whatever the order.
        String by = least(supersededBy, other.supersededBy);
        String bySet = least(by != null && by.equals(supersededBy) ? supersededBySet : null,
                by != null && by.equals(other.supersededBy) ? other.supersededBySet : null);
        return new DeploymentEvidence(newestReports,
                byTask.values().stream().limit(MAX_TASKS).toList(), latestNotices,
                Rollback.merge(rollback, other.rollback), askedEcs || other.askedEcs,
                ServiceDeploymentReport.merge(serviceDeployment, other.serviceDeployment),
                byHook.values().stream().limit(MAX_HOOKS).toList(),
                latestActions.subList(Math.max(0, latestActions.size() - MAX_ACTIONS), latestActions.size()),
                by, bySet,
                otherTimesOut ? other.timedOut : timedOut, otherTimesOut ? other.timedOutAt : timedOutAt);
    }

    /** The pause hook ECS waits at for someone's word, if one does. */
    public java.util.Optional<HookState> hookAwaitingAction() {
        return hooks.stream().filter(HookState::awaitingAction).findFirst();
    }

    /** The earliest report of a state; null when ECS never reported it. */
    public EcsReport report(String state) {
        return report(state, null);
    }

    /** The earliest report of a state that does not predate {@code start} (any, when it is null); null when none. */
    public EcsReport report(String state, Instant start) {
        return reports.stream().filter(r -> r.state().equals(state) && !r.predates(start)).findFirst().orElse(null);
    }

    /** Tasks that ran (or run): their digests are what really ran. */
    public List<TaskEvidence> tasksThatRan() {
        return tasks.stream().filter(TaskEvidence::ran).toList();
    }

    private static final Comparator<EcsReport> BY_STATE_AND_TIME = Comparator.comparing(EcsReport::state)
            .thenComparing(EcsReport::at, Comparator.nullsLast(Comparator.naturalOrder()));
    private static final Comparator<EcsReport> NEWEST_FIRST = Comparator.comparing(EcsReport::at,
            Comparator.nullsFirst(Comparator.<Instant>naturalOrder())).reversed().thenComparing(EcsReport::state);

    private static String least(String a, String b) {
        return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
