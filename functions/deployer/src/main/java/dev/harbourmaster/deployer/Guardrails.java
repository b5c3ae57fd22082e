package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.support.ServedAccounts;
import dev.harbourmaster.support.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The checks a release set must pass before anything is touched. Each answers with the reason a
 * person can act on, or nothing when the set may go. (The lock and the one-set-in-flight rule are
 * checked by the claim's conditional transaction, where a race cannot slip between check and act.)
 */
final class Guardrails {

    private Guardrails() {}

    /**
     * Why an IMPORTED set is never rolled out: it is history another tool recorded (hm import weco), whose
     * releases name image tags, not builds that build-recorder recorded.
     */
    static String imported(ReleaseSet set) {
        return "refusing release set: it is of kind IMPORTED, history imported from weco-deploy (hm import weco),"
                + " which records what was deployed and is never deployed itself; request a DEPLOY with hm deploy --project "
                + set.projectId() + " --env " + set.environmentId();
    }

    /**
     * Every service of the set (or of its service set) has a release with an image for every container.
     * (Whether those images may be deployed at all is {@link #untrusted}'s question.)
     */
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
        }
        return problems.isEmpty() ? Optional.empty()
                : Optional.of("incomplete release set: " + String.join("; ", problems));
    }

    /**
     * Every release of the set is one that build-recorder recorded, and deploys only what the manifest
     * says: the set is a table item that anyone who may write the table could have written, so each
     * release is read again from the ledger and must match it, and each image must be the repository
     * the manifest names for its container, by its digest, in the ECR registry of an account and
     * region the stack serves.
     *
     * @param recorded (release of the set) → the ledger's release under its key (project, service, createdAt, source digest)
     */
    static Optional<String> untrusted(ReleaseSet set, Project project, Function<Release, Optional<Release>> recorded,
                                      ServedAccounts served) {
        List<String> problems = new ArrayList<>();
        for (Release release : set.releases()) {
            Optional<Release> ledger = recorded.apply(release);
            Optional<Service> service = project.service(release.serviceId());
            if (service.isEmpty()) {
                problems.add(release.serviceId() + " is not a service of " + project.id());
            } else if (ledger.isEmpty()) {
                problems.add(release.serviceId() + " " + release.releaseHash() + " is not a release build-recorder recorded"
                        + " (the ledger has no release of " + release.sourceDigest() + " made at "
                        + (release.createdAt() == null ? "no time" : Times.format(release.createdAt())) + ")");
            } else if (!ledger.get().images().equals(release.images())
                    || !Objects.equals(ledger.get().releaseHash(), release.releaseHash())) {
                problems.add(release.serviceId() + " " + release.releaseHash() + " is not as recorded: the recorded release is "
                        + ledger.get().releaseHash() + " with " + ReleaseImage.byContainer(ledger.get().images()));
            } else {
                problems.addAll(unservedImages(release, service.get(), served));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of("refusing release set: " + String.join("; ", problems)
                + ". Only releases recorded from pushes to the stack's own ECR (or an account and region of the template's"
                + " TrustedAccountRegions) are deployed, as the manifest names them");
    }

    private static List<String> unservedImages(Release release, Service service, ServedAccounts served) {
        List<String> problems = new ArrayList<>();
        for (ReleaseImage image : release.images()) {
            Optional<Container> container = service.container(image.container());
            if (container.isEmpty()) {
                problems.add(release.serviceId() + " has an image for container " + image.container()
                        + ", which the manifest does not name");
            } else if (!served.isServedImage(image.image(), container.get().repository(), image.digest())) {
                problems.add(release.serviceId() + "/" + image.container() + " image " + image.image() + " is not "
                        + container.get().repository() + "@" + image.digest() + " in the ECR registry of "
                        + served.all().stream().map(Object::toString).collect(Collectors.joining(" or ")));
            }
        }
        return problems;
    }

    /**
     * A rollback goes back only to what ran in the environment before: each service it changes must
     * have run exactly the release's images there, in a deployment of ours that succeeded.
     *
     * @param ranBefore whether the plan's ECS service ran the plan's images before
     */
    static Optional<String> unknownRollback(ReleaseSet set, List<ServicePlan> plans, Predicate<ServicePlan> ranBefore) {
        if (set.kind() != ReleaseSetKind.ROLLBACK) {
            return Optional.empty();
        }
        List<String> never = plans.stream()
                .filter(p -> p.problem() == null && !p.imagesRunning() && !ranBefore.test(p))
                .map(p -> p.release().serviceId() + " " + p.release().releaseHash())
                .toList();
        return never.isEmpty() ? Optional.empty() : Optional.of("refusing to roll back: " + String.join(", ", never)
                + " never ran in " + set.projectId() + "/" + set.environmentId() + "; a rollback goes back only to a release"
                + " that ran there before: choose one from hm history --project " + set.projectId() + " --env "
                + set.environmentId());
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
                + String.join("; ", downgrades) + ". If that is what you mean, request it as a rollback (kind ROLLBACK),"
                + " which goes back only to a release that ran there before");
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) : digest;
    }
}
