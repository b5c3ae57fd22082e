package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** How a service's current-state row changes when one of its deployments ends, or ECS reports a change made outside. */
public final class CurrentStates {

    private CurrentStates() {}

    /**
     * The row after a deployment of {@code set} ended: a success puts its release in "running"; any
     * outcome becomes "last"; a failure, or the release a rollback undid, joins what went wrong here
     * ({@link CurrentState.BadReleases}). When the row already tells of a deployment started after this
     * one (its end is older news, arriving late), only what went wrong changes; null when nothing does.
     */
    public static CurrentState after(CurrentState before, Deployment ended, ReleaseSet set) {
        if (before != null && before.last() != null && startedAfter(before.last(), ended, set)) {
            CurrentState.BadReleases bad = badAfter(before, ended, set, false);
            return bad.equals(before.bad()) ? null : before.withBad(bad);
        }
        CurrentState.Running running;
        if (ended.status() == DeploymentStatus.UNCHANGED && before != null && before.running() != null
                && before.running().images().equals(ended.images())) {
            running = before.running(); // it ran this release already: since then, and put there by that set
        } else if (ended.isSuccess()) {
            running = new CurrentState.Running(ended.releaseHash(), ended.images(), set.id(), ended.status(),
                    ended.endedAt(), set.requestedBy(), set.description(), ended.ecsDeploymentId(), set.requestedByArn(),
                    null, ended.config() == null ? null : ended.config().fingerprint());
        } else {
            running = before == null ? null : before.running();
        }
        CurrentState.LastDeployment last = new CurrentState.LastDeployment(set.id(), ended.releaseHash(), ended.status(),
                ended.reason(), ended.endedAt(), set.requestedBy(), set.description(), ended.startedAt(),
                set.requestedByArn(), FailureCause.of(ended));
        // A successful deployment of ours replaces whatever was changed outside before it.
        CurrentState.OutOfBand outOfBand = before == null || ended.isSuccess() && isBefore(before.outOfBand(), ended)
                ? null : before.outOfBand();
        return new CurrentState(ended.projectId(), ended.environmentId(), ended.serviceId(), running, last, outOfBand,
                before == null ? 0 : before.revision(), badAfter(before, ended, set, true));
    }

    /**
     * What went wrong here, with this deployment's outcome in place of what it said before (an outcome
     * can change: a completion found later to run other digests), as {@link KnownBadReleases#of(List, List)}
     * tells it from the deployments themselves.
     *
     * @param newest whether this is the newest deployment here (not older news): only then does it undo, or make, the last change
     */
    private static CurrentState.BadReleases badAfter(CurrentState before, Deployment ended, ReleaseSet set, boolean newest) {
        CurrentState.BadReleases was = before == null ? CurrentState.BadReleases.NONE : before.bad();
        // A row from before they were kept starts keeping them now: what went wrong earlier is not in it.
        Instant since = was == null ? endOf(ended) : was.since();
        CurrentState.LastChange lastChange = was == null ? null : was.lastChange();
        List<CurrentState.BadOutcome> outcomes = new ArrayList<>(was == null ? List.of() : was.outcomes());
        outcomes.removeIf(o -> set.id().equals(o.releaseSetId()));
        if (ended.status().isFailure()) {
            outcomes.add(new CurrentState.BadOutcome(set.id(), ended.releaseHash(), ended.status(), endOf(ended),
                    FailureCause.of(ended), false));
        }
        boolean rollback = set.kind() == ReleaseSetKind.ROLLBACK;
        if (newest && rollback && ended.status() != DeploymentStatus.UNCHANGED && lastChange != null
                && lastChange.succeeded() && !Objects.equals(lastChange.releaseHash(), ended.releaseHash())) {
            outcomes.add(new CurrentState.BadOutcome(set.id(), lastChange.releaseHash(), DeploymentStatus.ROLLED_BACK,
                    endOf(ended), set.description(), true));
        }
        if (newest && !rollback && ended.status() != DeploymentStatus.UNCHANGED) {
            lastChange = new CurrentState.LastChange(set.id(), ended.releaseHash(), ended.isSuccess());
        }
        outcomes.sort(Comparator.comparing(CurrentState.BadOutcome::at, Comparator.nullsLast(Comparator.reverseOrder())));
        if (outcomes.size() > CurrentState.BadReleases.KEPT) {
            // The row no longer holds what went wrong up to the newest it lets go: a reader looks further itself.
            // The newest outcome let go, or the end of this one when it has no time; never an earlier since.
            Instant dropped = outcomes.get(CurrentState.BadReleases.KEPT).at();
            Instant lettingGo = dropped == null ? endOf(ended) : dropped;
            if (lettingGo.isAfter(since)) {
                since = lettingGo;
            }
            outcomes = outcomes.subList(0, CurrentState.BadReleases.KEPT);
        }
        return new CurrentState.BadReleases(since, outcomes, lastChange);
    }

    private static Instant endOf(Deployment d) {
        return d.endedAt() != null ? d.endedAt() : d.startedAt();
    }

    /** The row with an out-of-band deployment noted: drift until Harbourmaster deploys again. */
    public static CurrentState withOutOfBand(CurrentState before, Deployment outOfBand) {
        CurrentState.OutOfBand change = new CurrentState.OutOfBand(outOfBand.ecsDeploymentId(), outOfBand.status().name(),
                outOfBand.endedAt() != null ? outOfBand.endedAt() : outOfBand.startedAt(), outOfBand.reason());
        if (before == null) {
            return new CurrentState(outOfBand.projectId(), outOfBand.environmentId(), outOfBand.serviceId(), null, null,
                    change, 0);
        }
        return new CurrentState(before.projectId(), before.environmentId(), before.serviceId(), before.running(),
                before.last(), change, before.revision(), before.bad());
    }

    /** The row without the out-of-band change it notes, when that change was {@code ecsDeploymentId} after all. */
    public static CurrentState withoutOutOfBand(CurrentState state, String ecsDeploymentId) {
        if (state == null || state.outOfBand() == null || !ecsDeploymentId.equals(state.outOfBand().ecsDeploymentId())) {
            return state;
        }
        return new CurrentState(state.projectId(), state.environmentId(), state.serviceId(), state.running(),
                state.last(), null, state.revision(), state.bad());
    }

    /**
     * By when each was started; by release set id only where a start is not known. Ids are no order
     * of their own: an auto-deploy set's id takes its time from the push event, to the second, so two
     * pushes in one second get ids in no particular order (found by drill 2).
     */
    private static boolean startedAfter(CurrentState.LastDeployment last, Deployment ended, ReleaseSet set) {
        if (last.startedAt() != null && ended.startedAt() != null) {
            return last.startedAt().isAfter(ended.startedAt());
        }
        return last.releaseSetId() != null && ReleaseSetIds.compare(last.releaseSetId(), set.id()) > 0;
    }

    private static boolean isBefore(CurrentState.OutOfBand change, Deployment ended) {
        return change == null || change.at() == null || ended.endedAt() == null || change.at().isBefore(ended.endedAt());
    }
}
