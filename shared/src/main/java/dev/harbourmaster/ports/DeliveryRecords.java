package dev.harbourmaster.ports;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
    History read(Project project, Instant from, Instant to);

    /** What went wrong with the project's releases in the last {@link #KNOWN_BAD_WINDOW}. */
    default KnownBadReleases knownBad(Project project, Instant now) {
        History history = read(project, now.minus(KNOWN_BAD_WINDOW), now);
        return KnownBadReleases.of(history.deployments(), history.releaseSets());
    }
}
