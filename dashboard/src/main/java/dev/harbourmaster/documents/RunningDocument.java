package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.CurrentState;
import java.util.List;

/** What runs in a service of an environment, by the record: hm status, hm diff and /api. */
public record RunningDocument(String releaseHash, List<ImageDocument> images, String releaseSet, String status,
                              String since, String requestedBy, String requestedByArn, String description,
                              String ecsDeploymentId, boolean adopted, String adoptedFrom) {

    /** Null for nothing running. */
    public static RunningDocument of(CurrentState.Running running) {
        if (running == null) {
            return null;
        }
        return new RunningDocument(running.releaseHash(), ImageDocument.all(running.images()), running.releaseSetId(),
                running.status() == null ? null : running.status().name(), format(running.since()), running.requestedBy(),
                running.requestedByArn(), running.description(), running.ecsDeploymentId(),
                running.adopted(), running.adoptedFrom());
    }
}
