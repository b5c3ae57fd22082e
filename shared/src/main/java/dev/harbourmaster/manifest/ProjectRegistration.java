package dev.harbourmaster.manifest;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseMaker;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.CatalogueChange;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers a manifest: makes the catalogue match it, then adopts the builds that were pushed to
 * its repositories before any manifest mentioned them (each gets its releases, once).
 */
public final class ProjectRegistration {

    public record Adoption(Build build, List<Release> releases) {}

    public record Result(List<CatalogueChange> changes, List<Adoption> adoptions) {}

    private final Catalogue catalogue;
    private final BuildLedger ledger;

    public ProjectRegistration(Catalogue catalogue, BuildLedger ledger) {
        this.catalogue = catalogue;
        this.ledger = ledger;
    }

    public List<CatalogueChange> plan(Project project) {
        return catalogue.plan(project);
    }

    public Result apply(Project project) {
        return apply(project, null);
    }

    public Result apply(Project project, Catalogue.AppliedBy by) {
        List<CatalogueChange> changes = catalogue.apply(project, by);
        List<Adoption> adoptions = new ArrayList<>();
        for (String repository : project.repositories()) {
            List<RepositoryFeed> feeds = catalogue.feedsOf(repository);
            // Oldest first (the index sorts by push time), so each service's newest release is its newest build.
            for (Build orphan : ledger.unassignedBuilds(repository)) {
                if (orphan.state() == BuildState.RELEASING) {
                    // An earlier apply was stopped between the transactions of this adoption: finish it as it began.
                    List<Release> releases = ReleaseMaker.releasesOf(orphan, feeds, orphan.pending().createdAt(), ledger::latestRelease);
                    ledger.finishRelease(orphan, releases, List.of());
                    adoptions.add(new Adoption(orphan.withState(BuildState.RELEASED), releases));
                    continue;
                }
                Build build = orphan.withReleaseHash(
                        ReleaseMaker.releaseHashOf(orphan, project.releaseHashRule()).orElse(null));
                List<Release> releases = ReleaseMaker.releasesOf(build, feeds, build.pushedAt(), ledger::latestRelease);
                if (ledger.adopt(build, releases)) {
                    adoptions.add(new Adoption(build, releases));
                }
            }
        }
        return new Result(changes, adoptions);
    }
}
