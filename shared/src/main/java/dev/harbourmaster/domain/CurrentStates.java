package dev.harbourmaster.domain;

/** How a service's current-state row changes when one of its deployments ends, or ECS reports a change made outside. */
public final class CurrentStates {

    private CurrentStates() {}

    /**
     * The row after a deployment of {@code set} ended: a success puts its release in "running"; any
     * outcome becomes "last". Null (leave the row) when the row already tells of a deployment started
     * after this one (its end is older news, arriving late).
     */
    public static CurrentState after(CurrentState before, Deployment ended, ReleaseSet set) {
        if (before != null && before.last() != null && startedAfter(before.last(), ended, set)) {
            return null;
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
                before == null ? 0 : before.revision());
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
                before.last(), change, before.revision());
    }

    /** The row without the out-of-band change it notes, when that change was {@code ecsDeploymentId} after all. */
    public static CurrentState withoutOutOfBand(CurrentState state, String ecsDeploymentId) {
        if (state == null || state.outOfBand() == null || !ecsDeploymentId.equals(state.outOfBand().ecsDeploymentId())) {
            return state;
        }
        return new CurrentState(state.projectId(), state.environmentId(), state.serviceId(), state.running(),
                state.last(), null, state.revision());
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
