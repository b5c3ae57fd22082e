package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.support.Ulid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The release sets a push requests in environments with {@code autoDeploy: true}: one per
 * (project, environment), holding the push's new releases of that project. Only those services
 * are named, so the rest of their service set keeps what runs there. Ids derive from what the
 * releases share (their build, and their time: the push's, or that of the tag that released the
 * build), so a repeated event, or one finishing another's releases, requests the same sets (and
 * the conditional write keeps one). A release that lacks a container's image is left out: the
 * deployer would refuse the whole set for it, and the push of that container requests its own set
 * (images of one commit pushed together arrive in any order).
 */
final class AutoDeploySets {

    static final String REQUESTED_BY = ReleaseSet.AUTO_DEPLOY;

    private AutoDeploySets() {}

    private record Target(String projectId, String environmentId) {}

    /**
     * @param releases the releases of one build, made at one time
     * @param tag      the tag of the event that made them, named in the sets' description; null for none
     */
    static List<ReleaseSet> of(List<Release> releases, List<RepositoryFeed> feeds, String tag) {
        Map<Target, List<Release>> byTarget = new LinkedHashMap<>();
        for (Release release : releases) {
            feeds.stream()
                    .filter(f -> f.projectId().equals(release.projectId()) && f.service().id().equals(release.serviceId()))
                    .findFirst()
                    .filter(feed -> release.missingContainers(feed.service()).isEmpty())
                    .ifPresent(feed -> feed.autoDeployEnvironments().forEach(environment -> byTarget
                            .computeIfAbsent(new Target(release.projectId(), environment), k -> new ArrayList<>()).add(release)));
        }
        List<ReleaseSet> sets = new ArrayList<>();
        byTarget.forEach((target, targetReleases) -> {
            Release any = targetReleases.get(0);
            Instant at = any.createdAt();
            sets.add(new ReleaseSet(
                    ReleaseSetIds.of(target.projectId(), target.environmentId(), Ulid.derived(at,
                            target.projectId() + "/" + target.environmentId() + "@" + any.sourceRepository()
                                    + "@" + any.sourceDigest())),
                    target.projectId(), target.environmentId(), null, targetReleases, ReleaseSetKind.DEPLOY, REQUESTED_BY,
                    whyOf(targetReleases, any.sourceRepository(), tag), at, ReleaseSetStatus.REQUESTED, null));
        });
        return sets;
    }

    private static String whyOf(List<Release> releases, String repository, String tag) {
        String what = releases.stream()
                .map(r -> r.serviceId() + " " + r.releaseHash() + (r.description() == null ? "" : ": " + r.description()))
                .collect(Collectors.joining("; "));
        return "auto-deploy of " + repository + (tag == null ? "" : ":" + tag) + " (" + what + ")";
    }
}
