package dev.harbourmaster.ports;

import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.RepositoryFeed;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The projects, as registered from their manifests, and which repository feeds which service. */
public interface Catalogue {

    /** Access pattern 1: the services an ECR repository feeds, across every project. One Query. */
    List<RepositoryFeed> feedsOf(String repository);

    Optional<Project> project(String projectId);

    /** What {@link #apply} would change, without writing. */
    List<CatalogueChange> plan(Project project);

    /** Who applied a manifest: the name shown, the AWS identity STS told hm, and when. */
    record AppliedBy(String name, String arn, Instant at) {}

    /**
     * Makes the stored catalogue equal to the manifest; returns what changed (nothing on a rerun).
     * When something changed, every item written, and the project's own item, keep who applied it
     * ({@code by} null: nobody is recorded, as for local mode's own registration).
     */
    List<CatalogueChange> apply(Project project, AppliedBy by);

    default List<CatalogueChange> apply(Project project) {
        return apply(project, null);
    }
}
