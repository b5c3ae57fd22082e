package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;
import java.time.Instant;
import java.util.List;

/**
 * A build made deployable for one service: the service, the release hash, and one digest-pinned
 * image per container. {@code sourceDigest} is the build that caused it; for a service with
 * several containers the other containers keep the image of the service's previous release.
 */
public record Release(String projectId, String serviceSetId, String serviceId, String releaseHash,
                      List<ReleaseImage> images, String sourceRepository, String sourceDigest,
                      Instant createdAt, String description) {

    public Release {
        images = List.copyOf(images);
        description = StoredText.text(description);
    }

    /** Containers of the service that have no image yet (a release that cannot be deployed). */
    public List<String> missingContainers(Service service) {
        return service.containers().stream()
                .map(Container::name)
                .filter(name -> images.stream().noneMatch(i -> i.container().equals(name)))
                .toList();
    }
}
