package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.instant;
import static dev.harbourmaster.dynamodb.Attributes.item;
import static dev.harbourmaster.dynamodb.Attributes.map;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.PendingRelease;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Build and Release items: keys, index keys and attributes. */
final class LedgerItems {

    static final String BUILD = "Build";
    static final String RELEASE = "Release";
    /** A {@link BuildState#RELEASING} build's {@link PendingRelease}. */
    static final String PENDING = "pendingRelease";

    private LedgerItems() {}

    static Map<String, AttributeValue> buildItem(Build build) {
        Attributes.Item item = item(Keys.repository(build.repository()), Keys.build(build.digest()), BUILD)
                .put(Keys.GSI1PK, Keys.buildsOfRepository(build.repository()))
                .put(Keys.GSI1SK, Times.format(build.pushedAt()) + "#" + build.digest())
                .put("repository", build.repository())
                .put("digest", build.digest())
                .put("imageRepositoryUri", build.imageRepositoryUri())
                .putSet("tags", build.tags())
                .put("pushedAt", build.pushedAt())
                .put("releaseHash", build.releaseHash())
                .put("revision", build.metadata().revision())
                .put("source", build.metadata().source())
                .put("created", build.metadata().created())
                .put("description", build.metadata().description())
                .put("state", build.state().name())
                .putMap(PENDING, build.pending() == null ? null : pendingMap(build.pending()));
        if (build.state() == BuildState.UNASSIGNED) {
            // Sparse index: only builds no manifest has claimed yet appear in GSI2.
            item.put(Keys.GSI2PK, Keys.UNASSIGNED)
                    .put(Keys.GSI2SK, unassignedSortKey(build.repository()) + Times.format(build.pushedAt()));
        }
        return item.build();
    }

    static String unassignedSortKey(String repository) {
        return repository + "#";
    }

    static Build build(Map<String, AttributeValue> item) {
        return new Build(string(item, "repository"), string(item, "digest"), string(item, "imageRepositoryUri"),
                Attributes.stringSet(item, "tags"), instant(item, "pushedAt"), string(item, "releaseHash"),
                new ImageMetadata(string(item, "revision"), string(item, "source"), string(item, "created"),
                        string(item, "description")),
                BuildState.valueOf(string(item, "state")), map(item, PENDING, LedgerItems::pending));
    }

    static Map<String, AttributeValue> pendingMap(PendingRelease pending) {
        return new Attributes.Item()
                .put("createdAt", pending.createdAt())
                .put("tag", pending.tag())
                .put("autoDeploy", pending.autoDeploy())
                .build();
    }

    private static PendingRelease pending(Map<String, AttributeValue> map) {
        return new PendingRelease(instant(map, "createdAt"), string(map, "tag"), Attributes.bool(map, "autoDeploy", false));
    }

    static Map<String, AttributeValue> releaseItem(Release release) {
        return releaseAttributes(item(Keys.service(release.projectId(), release.serviceId()),
                releaseSortKey(release.createdAt(), release.sourceDigest()), RELEASE)
                .put(Keys.GSI1PK, Keys.releasesOfProject(release.projectId()))
                .put(Keys.GSI1SK, Times.format(release.createdAt()) + "#" + release.serviceId()), release);
    }

    static String releaseSortKey(Instant createdAt, String sourceDigest) {
        return Keys.RELEASE_PREFIX + Times.format(createdAt) + "#" + sourceDigest;
    }

    /** A release's own attributes: on its item, and embedded in release sets. */
    static Map<String, AttributeValue> releaseAttributes(Attributes.Item item, Release release) {
        return item
                .put("project", release.projectId())
                .put("serviceSet", release.serviceSetId())
                .put("service", release.serviceId())
                .put("releaseHash", release.releaseHash())
                .putMaps("images", release.images(), LedgerItems::imageMap)
                .put("sourceRepository", release.sourceRepository())
                .put("sourceDigest", release.sourceDigest())
                .put("createdAt", release.createdAt())
                .put("description", release.description())
                .build();
    }

    static Release release(Map<String, AttributeValue> item) {
        return new Release(string(item, "project"), string(item, "serviceSet"), string(item, "service"),
                string(item, "releaseHash"), maps(item, "images", LedgerItems::image),
                string(item, "sourceRepository"), string(item, "sourceDigest"), instant(item, "createdAt"),
                string(item, "description"));
    }

    static Map<String, AttributeValue> imageMap(ReleaseImage image) {
        return new Attributes.Item()
                .put("container", image.container())
                .put("repository", image.repository())
                .put("digest", image.digest())
                .put("image", image.image())
                .put("releaseHash", image.releaseHash())
                .build();
    }

    static ReleaseImage image(Map<String, AttributeValue> map) {
        return new ReleaseImage(string(map, "container"), string(map, "repository"), string(map, "digest"),
                string(map, "image"), string(map, "releaseHash"));
    }
}
