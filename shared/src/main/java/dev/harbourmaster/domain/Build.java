package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * One image pushed to ECR. Its identity is (repository, digest); tags are aliases, kept as they
 * were pushed (a tag that later moves to another digest stays listed here too).
 *
 * @param imageRepositoryUri registry host and repository, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api
 * @param releaseHash the git ref the image was built from, or null when neither tag nor annotation told
 * @param pending how its releases are being made, while (and only while) it is {@link BuildState#RELEASING}
 */
public record Build(String repository, String digest, String imageRepositoryUri, Set<String> tags,
                    Instant pushedAt, String releaseHash, ImageMetadata metadata, BuildState state,
                    PendingRelease pending) {

    public Build {
        tags = Set.copyOf(new TreeSet<>(tags));
        metadata = metadata == null ? ImageMetadata.NONE : metadata;
        if ((state == BuildState.RELEASING) != (pending != null)) {
            throw new IllegalArgumentException("a build has a pending release exactly while it is RELEASING, not " + state);
        }
    }

    public Build(String repository, String digest, String imageRepositoryUri, Set<String> tags,
                 Instant pushedAt, String releaseHash, ImageMetadata metadata, BuildState state) {
        this(repository, digest, imageRepositoryUri, tags, pushedAt, releaseHash, metadata, state, null);
    }

    /** The image reference pinned by digest, as ECS must run it. */
    public String pinnedImage() {
        return imageRepositoryUri + "@" + digest;
    }

    public Build withReleaseHash(String hash) {
        return new Build(repository, digest, imageRepositoryUri, tags, pushedAt, hash, metadata, state, pending);
    }

    public Build withTag(String tag) {
        Set<String> more = new TreeSet<>(tags);
        more.add(tag);
        return new Build(repository, digest, imageRepositoryUri, more, pushedAt, releaseHash, metadata, state, pending);
    }

    /** In another state that has no pending release ({@link #releasing} makes the one that has). */
    public Build withState(BuildState newState) {
        return new Build(repository, digest, imageRepositoryUri, tags, pushedAt, releaseHash, metadata, newState, null);
    }

    public Build releasing(PendingRelease how) {
        return new Build(repository, digest, imageRepositoryUri, tags, pushedAt, releaseHash, metadata, BuildState.RELEASING, how);
    }
}
