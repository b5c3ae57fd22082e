package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.support.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The checks a release set must pass before anything is touched. Each answers with the reason a
 * person can act on, or nothing when the set may go. (The lock and the one-set-in-flight rule are
 * checked by the claim's conditional transaction, where a race cannot slip between check and act.)
 */
final class Guardrails {

    private Guardrails() {}

    /** Every service of the set (or of its service set) has a release with an image for every container. */
    static Optional<String> incomplete(ReleaseSet set, Project project) {
        List<String> problems = new ArrayList<>();
        if (set.releases().isEmpty()) {
            problems.add("it has no releases");
        }
        if (set.serviceSetId() != null) {
            Optional<ServiceSet> serviceSet = project.serviceSets().stream()
                    .filter(s -> s.id().equals(set.serviceSetId())).findFirst();
            if (serviceSet.isEmpty()) {
                return Optional.of("incomplete release set: service set '" + set.serviceSetId() + "' is not in project '"
                        + project.id() + "'");
            }
            serviceSet.get().services().stream().map(Service::id)
                    .filter(id -> !set.serviceIds().contains(id))
                    .forEach(id -> problems.add("no release for " + id));
        }
        for (Release release : set.releases()) {
            Optional<Service> service = project.service(release.serviceId());
            if (service.isEmpty()) {
                problems.add(release.serviceId() + " is not a service of " + project.id());
                continue;
            }
            List<String> missing = release.missingContainers(service.get());
            if (!missing.isEmpty()) {
                problems.add(release.serviceId() + " has no image for " + String.join(", ", missing));
            }
            if (release.images().stream().anyMatch(i -> i.image() == null || !i.image().contains("@sha256:"))) {
                problems.add(release.serviceId() + " has an image not pinned by digest");
            }
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("incomplete release set: " + String.join("; ", problems));
    }

    /**
     * A release older than what runs now is refused unless the set is a rollback: "older" means its
     * release was made before the build that runs now was pushed.
     *
     * @param runningImages container → image of each service as ECS runs it now (services ECS does not know are absent)
     * @param buildOf       (repository, digest) → the build we recorded, if any
     */
    static Optional<String> downgrade(ReleaseSet set, Map<String, Map<String, String>> runningImages,
                                      BiFunction<String, String, Optional<Build>> buildOf) {
        if (set.kind() == ReleaseSetKind.ROLLBACK) {
            return Optional.empty();
        }
        List<String> downgrades = new ArrayList<>();
        for (Release release : set.releases()) {
            Map<String, String> running = runningImages.getOrDefault(release.serviceId(), Map.of());
            for (ReleaseImage image : release.images()) {
                String runningImage = running.get(image.container());
                if (runningImage == null || runningImage.equals(image.image()) || !runningImage.contains("@")) {
                    continue;
                }
                String runningDigest = runningImage.substring(runningImage.indexOf('@') + 1);
                buildOf.apply(image.repository(), runningDigest)
                        .filter(runningBuild -> runningBuild.pushedAt().isAfter(release.createdAt()))
                        .ifPresent(runningBuild -> downgrades.add(release.serviceId() + " runs " + shortDigest(runningDigest)
                                + (runningBuild.releaseHash() == null ? "" : " (" + runningBuild.releaseHash() + ")")
                                + " pushed " + Times.format(runningBuild.pushedAt()) + ", newer than release "
                                + release.releaseHash() + " of " + Times.format(release.createdAt())));
            }
        }
        return downgrades.isEmpty() ? Optional.empty() : Optional.of("refusing to downgrade: "
                + String.join("; ", downgrades) + ". If that is what you mean, request it as a rollback (kind ROLLBACK)");
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
