package dev.harbourmaster.githubdeployments;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.BuildLedger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The GitHub deployments a release set makes: for each image of each release, the build
 * build-recorder recorded (one GetItem by repository and digest), whose
 * {@code org.opencontainers.image.source} annotation names its repository, and the commit (the
 * image's release hash). Images with no GitHub source are listed with the reason instead.
 */
final class DeploymentTargets {

    /** The targets, each with the services deployed there, and why the other images have none. */
    record Found(Map<DeploymentTarget, Set<String>> targets, List<String> withoutGitHub) {}

    private final BuildLedger ledger;

    DeploymentTargets(BuildLedger ledger) {
        this.ledger = ledger;
    }

    Found of(ReleaseSet set) {
        Map<DeploymentTarget, Set<String>> targets = new LinkedHashMap<>();
        List<String> withoutGitHub = new ArrayList<>();
        for (Release release : set.releases()) {
            for (ReleaseImage image : release.images()) {
                String what = release.serviceId() + " (" + image.repository() + ")";
                String ref = image.releaseHash() != null ? image.releaseHash() : release.releaseHash();
                if (ref == null || ref.isBlank()) {
                    withoutGitHub.add(what + ": no release hash");
                    continue;
                }
                Optional<Build> build = ledger.build(image.repository(), image.digest());
                String source = build.map(b -> b.metadata().source()).orElse(null);
                Optional<GitHubRepository> repository = GitHubRepository.fromSource(source);
                if (repository.isEmpty()) {
                    withoutGitHub.add(what + (build.isEmpty() ? ": its build is not recorded"
                            : source == null ? ": the image has no org.opencontainers.image.source"
                            : ": source " + source + " is not a github.com repository"));
                    continue;
                }
                targets.computeIfAbsent(new DeploymentTarget(repository.get(), ref), t -> new LinkedHashSet<>())
                        .add(release.serviceId());
            }
        }
        return new Found(targets, withoutGitHub);
    }
}
