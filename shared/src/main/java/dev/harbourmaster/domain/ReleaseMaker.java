package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Turns a build into one release for each service its repository feeds.
 *
 * <p>The release hash is the image's {@code org.opencontainers.image.revision} annotation when it
 * has one that is a git ref ({@link ReleaseHash}: the exact commit), else what the project's rule
 * reads from one of its tags. A build with
 * neither makes no release, and so does an untagged build: a multi-platform image is pushed as one
 * untagged manifest per platform and then its tagged index, and only the index is the release.
 * A service with several containers takes this build for the containers the repository feeds and
 * keeps the previous release's image for the others.
 */
public final class ReleaseMaker {

    private ReleaseMaker() {}

    public static Optional<String> releaseHashOf(Build build, ReleaseHashRule rule) {
        String revision = build.metadata().revision() == null ? null : build.metadata().revision().trim();
        if (ReleaseHash.isValid(revision)) {
            return Optional.of(revision);
        }
        return build.tags().stream().map(rule::hashOf).flatMap(Optional::stream).findFirst();
    }

    /**
     * @param createdAt       when the releases became deployable (the push, or the tag that named the hash)
     * @param previousRelease the newest release of (project, service), asked only for services with
     *                        containers this build does not feed
     */
    public static List<Release> releasesOf(Build build, List<RepositoryFeed> feeds, Instant createdAt,
                                           BiFunction<String, String, Optional<Release>> previousRelease) {
        if (build.tags().isEmpty()) {
            return List.of();
        }
        Map<String, List<RepositoryFeed>> feedsByService = new LinkedHashMap<>();
        for (RepositoryFeed feed : feeds) {
            feedsByService.computeIfAbsent(feed.projectId() + "/" + feed.service().id(), k -> new ArrayList<>()).add(feed);
        }
        List<Release> releases = new ArrayList<>();
        // Services of one project share its rule: each rule is run once per build, however many services it has.
        Map<ReleaseHashRule, Optional<String>> hashes = new HashMap<>();
        for (List<RepositoryFeed> serviceFeeds : feedsByService.values()) {
            RepositoryFeed first = serviceFeeds.get(0);
            Optional<String> hash = hashes.computeIfAbsent(first.releaseHashRule(), rule -> releaseHashOf(build, rule));
            if (hash.isEmpty()) {
                continue;
            }
            List<String> fedContainers = serviceFeeds.stream().map(RepositoryFeed::container).toList();
            boolean needsPrevious = first.service().containers().size() > fedContainers.size();
            Optional<Release> previous = needsPrevious
                    ? previousRelease.apply(first.projectId(), first.service().id())
                    : Optional.empty();
            List<ReleaseImage> images = new ArrayList<>();
            for (Container container : first.service().containers()) {
                if (fedContainers.contains(container.name())) {
                    images.add(new ReleaseImage(container.name(), build.repository(), build.digest(),
                            build.pinnedImage(), hash.get()));
                } else {
                    previous.flatMap(p -> p.images().stream()
                                    .filter(i -> i.container().equals(container.name())).findFirst())
                            .ifPresent(images::add);
                }
            }
            releases.add(new Release(first.projectId(), first.serviceSetId(), first.service().id(), hash.get(),
                    images, build.repository(), build.digest(), createdAt, build.metadata().description()));
        }
        return releases;
    }
}
