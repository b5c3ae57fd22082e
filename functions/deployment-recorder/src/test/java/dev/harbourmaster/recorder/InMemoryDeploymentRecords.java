package dev.harbourmaster.recorder;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link DeploymentRecords} in memory with the table adapter's contract (every write conditional
 * on the revisions read, all parts of a change or none), for tests that replay thousands of event
 * orders. The DynamoDB adapter is tested against the emulator in the integration tests.
 */
final class InMemoryDeploymentRecords implements DeploymentRecords {

    record StoredSet(ReleaseSet set, long revision) {}

    final Map<String, StoredSet> sets = new LinkedHashMap<>();
    final Map<String, Deployment> deployments = new LinkedHashMap<>();
    final Map<String, Deployment> outOfBand = new LinkedHashMap<>();
    final Map<String, String> rollbackAliases = new LinkedHashMap<>();
    final Map<String, CurrentState> current = new LinkedHashMap<>();
    final Map<String, String> inFlight = new LinkedHashMap<>();
    int setsEnded;
    int conflicts;
    int absorbed;

    synchronized void put(ReleaseSet set, List<Deployment> ofSet) {
        sets.put(set.id(), new StoredSet(set, 1));
        ofSet.forEach(d -> deployments.put(key(d.releaseSetId(), d.serviceId()), d));
        if (set.status() == ReleaseSetStatus.IN_PROGRESS) {
            inFlight.put(set.projectId() + "/" + set.environmentId(), set.id());
        }
    }

    @Override
    public synchronized Optional<Known> byEcsDeployment(Placement place, String ecsDeploymentId) {
        Optional<Deployment> ours = deployments.values().stream()
                .filter(d -> ecsDeploymentId.equals(d.ecsDeploymentId()) && place.samePlace(d.placement())).findFirst();
        if (ours.isPresent()) {
            return Optional.of(new Ours(ours.get()));
        }
        String alias = rollbackAliases.get(ecsDeploymentId);
        if (alias != null) {
            String[] parts = alias.split("/");
            Deployment rolledBack = deployments.get(key(parts[0], parts[1]));
            if (rolledBack != null && place.samePlace(rolledBack.placement())) {
                return Optional.of(new RollbackOf(parts[0], parts[1]));
            }
        }
        return Optional.ofNullable(outOfBand.get(ecsDeploymentId)).filter(d -> place.samePlace(d.placement()))
                .map(OutOfBand::new);
    }

    @Override
    public synchronized Optional<Deployment> newestOfService(Placement place, String cluster, String ecsServiceName) {
        return deployments.values().stream()
                .filter(d -> place.samePlace(d.placement()) && cluster.equals(d.cluster())
                        && ecsServiceName.equals(d.ecsServiceName()))
                .max(Comparator.comparing(Deployment::startedAt).thenComparing(Deployment::releaseSetId));
    }

    @Override
    public synchronized boolean ran(Placement place, String cluster, String ecsServiceName,
                                    Map<String, String> imagesByContainer) {
        return deployments.values().stream()
                .anyMatch(d -> place.samePlace(d.placement()) && cluster.equals(d.cluster())
                        && ecsServiceName.equals(d.ecsServiceName())
                        && d.isSuccess() && ReleaseImage.byContainer(d.images()).equals(imagesByContainer));
    }

    @Override
    public synchronized Optional<SetRecord> setRecord(String releaseSetId) {
        StoredSet stored = sets.get(releaseSetId);
        if (stored == null) {
            return Optional.empty();
        }
        List<Deployment> ofSet = deployments.values().stream().filter(d -> d.releaseSetId().equals(releaseSetId)).toList();
        return Optional.of(new SetRecord(stored.set(), stored.revision(), ofSet));
    }

    @Override
    public synchronized Optional<CurrentState> currentState(String projectId, String environmentId, String serviceId) {
        return Optional.ofNullable(current.get(projectId + "/" + environmentId + "/" + serviceId));
    }

    @Override
    public synchronized boolean record(Change change) {
        Deployment stored = deployments.get(key(change.before().releaseSetId(), change.before().serviceId()));
        StoredSet set = sets.get(change.set().set().id());
        if (stored == null || stored.revision() != change.before().revision()
                || change.movesSet() && set.revision() != change.set().revision()
                || !currentMatches(change.currentBefore(), change.currentAfter())
                || change.absorbed() != null && !outOfBandMatches(change.absorbed())) {
            conflicts++;
            return false;
        }
        Deployment after = change.after().withRevision(stored.revision() + 1);
        deployments.put(key(after.releaseSetId(), after.serviceId()), after);
        ReleaseSet newSet = set.set();
        if (change.outcome() != null) {
            if (newSet.status() == ReleaseSetStatus.IN_PROGRESS) {
                setsEnded++;
                inFlight.remove(newSet.projectId() + "/" + newSet.environmentId(), newSet.id());
            }
            newSet = newSet.withStatus(change.outcome().status(), change.outcome().reason());
        }
        if (change.movesSet()) {
            sets.put(newSet.id(), new StoredSet(newSet, set.revision() + 1));
        }
        writeCurrent(change.currentBefore(), change.currentAfter());
        if (change.rollbackAlias() != null) {
            rollbackAliases.put(change.rollbackAlias(), after.releaseSetId() + "/" + after.serviceId());
        }
        if (change.absorbed() != null) {
            outOfBand.remove(change.absorbed().ecsDeploymentId());
            absorbed++;
        }
        return true;
    }

    @Override
    public synchronized boolean recordInFlight(Deployment before, Deployment after) {
        if (before.status().isFinal() || after.status().isFinal()) {
            throw new IllegalArgumentException("a deployment that is or becomes final changes with its set: use record");
        }
        Deployment stored = deployments.get(key(before.releaseSetId(), before.serviceId()));
        if (stored == null || stored.revision() != before.revision()) {
            conflicts++;
            return false;
        }
        deployments.put(key(after.releaseSetId(), after.serviceId()), after.withRevision(stored.revision() + 1));
        return true;
    }

    @Override
    public synchronized boolean recordOutOfBand(Deployment before, Deployment after, CurrentState currentBefore,
                                                CurrentState currentAfter) {
        Deployment stored = outOfBand.get(after.ecsDeploymentId());
        boolean matches = before == null ? stored == null : stored != null && stored.revision() == before.revision();
        if (!matches || !currentMatches(currentBefore, currentAfter)) {
            conflicts++;
            return false;
        }
        outOfBand.put(after.ecsDeploymentId(), after.withRevision(before == null ? 0 : before.revision() + 1));
        writeCurrent(currentBefore, currentAfter);
        return true;
    }

    @Override
    public synchronized boolean writeCurrentState(CurrentState before, CurrentState after) {
        if (!currentMatches(before, after)) {
            conflicts++;
            return false;
        }
        writeCurrent(before, after);
        return true;
    }

    @Override
    public synchronized List<InFlight> inFlight() {
        List<InFlight> all = new ArrayList<>();
        inFlight.values().forEach(id -> {
            ReleaseSet set = sets.get(id).set();
            all.add(new InFlight(id, set.projectId(), set.environmentId(), set.requestedAt()));
        });
        return all;
    }

    private boolean currentMatches(CurrentState before, CurrentState after) {
        if (after == null) {
            return true;
        }
        CurrentState stored = current.get(after.projectId() + "/" + after.environmentId() + "/" + after.serviceId());
        return before == null ? stored == null : stored != null && stored.revision() == before.revision();
    }

    private boolean outOfBandMatches(Deployment absorbed) {
        Deployment stored = outOfBand.get(absorbed.ecsDeploymentId());
        return stored != null && stored.revision() == absorbed.revision();
    }

    private void writeCurrent(CurrentState before, CurrentState after) {
        if (after != null) {
            current.put(after.projectId() + "/" + after.environmentId() + "/" + after.serviceId(),
                    new CurrentState(after.projectId(), after.environmentId(), after.serviceId(), after.running(),
                            after.last(), after.outOfBand(), before == null ? 0 : before.revision() + 1));
        }
    }

    private static String key(String releaseSetId, String serviceId) {
        return releaseSetId + "/" + serviceId;
    }
}
