package dev.harbourmaster.ports;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.RepositoryFeed;
import java.util.List;
import java.util.Optional;

/** The projects, as registered from their manifests, and which repository feeds which service. */
public interface Catalogue {

    /** Access pattern 1: the services an ECR repository feeds, across every project. One Query. */
    List<RepositoryFeed> feedsOf(String repository);

    Optional<Project> project(String projectId);

    /** What {@link #apply} would change, without writing. */
    List<CatalogueChange> plan(Project project);

    /** Makes the stored catalogue equal to the manifest; returns what changed (nothing on a rerun). */
    List<CatalogueChange> apply(Project project);
}
