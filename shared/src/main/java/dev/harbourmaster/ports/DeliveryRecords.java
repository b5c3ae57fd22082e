package dev.harbourmaster.ports;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/** What the delivery metrics read: a project's deployments in a time window, with their release sets. */
public interface DeliveryRecords {

    /**
     * @param deployments  the deployments of the project's services (as the manifest names them now)
     *                     that started in the window, in no particular order
     * @param releaseSets  the release sets of those deployments (a set requested before the window
     *                     whose deployment started in it is included); fewer only if a set is gone
     */
    record History(List<ReleaseSet> releaseSets, List<Deployment> deployments) {

        public static final History EMPTY = new History(List.of(), List.of());

        public History {
            releaseSets = List.copyOf(releaseSets);
            deployments = List.copyOf(deployments);
        }
    }

    /** How far back a plan or a diff looks for what went wrong with a release. */
    Duration KNOWN_BAD_WINDOW = Duration.ofDays(30);

    /** The deployments of every environment × service of the project that started in {@code [from, to)}, and their sets. */
    default History read(Project project, Instant from, Instant to) {
        return read(project, from, to, (environmentId, serviceId) -> true);
    }

    /**
     * {@link #read(Project, Instant, Instant)} of the environment × service pairs {@code which} takes: one
     * Query for each pair, one BatchGetItem per 100 sets.
     */
    History read(Project project, Instant from, Instant to, BiPredicate<String, String> which);

    /**
     * What went wrong with the project's releases in the last {@link #KNOWN_BAD_WINDOW}: as the rows the
     * project's read brought keep it, and, for a service whose row does not hold it for the whole window
     * (written before rows kept it, or more went wrong than a row keeps), from its deployments there.
     */
    default KnownBadReleases knownBad(ProjectState state, Instant now) {
        Instant from = now.minus(KNOWN_BAD_WINDOW);
        List<CurrentState> kept = new ArrayList<>();
        Set<String> unkept = new HashSet<>();
        for (CurrentState row : state.rows()) {
            if (row.bad() != null && !row.bad().since().isAfter(from)) {
                kept.add(row);
            } else {
                unkept.add(row.environmentId() + "\n" + row.serviceId());
            }
        }
        KnownBadReleases known = KnownBadReleases.kept(kept, from);
        if (unkept.isEmpty()) {
            return known;
        }
        History history = read(state.project(), from, now, (environmentId, serviceId) ->
                unkept.contains(environmentId + "\n" + serviceId));
        return known.and(KnownBadReleases.of(history.deployments(), history.releaseSets()));
    }
}
