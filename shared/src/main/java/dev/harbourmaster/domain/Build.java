package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/**
 * One image pushed to ECR. Its identity is (repository, digest); tags are aliases.
 *
 * @param imageRepositoryUri registry host and repository, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/api
 * @param releaseHash the git ref the image was built from, or null when neither tag nor annotation told
 * @param assigned false while no manifest mentions the repository (kept so that a later manifest can adopt it)
 */
public record Build(String repository, String digest, String imageRepositoryUri, Set<String> tags,
                    Instant pushedAt, String releaseHash, ImageMetadata metadata, boolean assigned) {

    public Build {
        tags = Set.copyOf(new TreeSet<>(tags));
        metadata = metadata == null ? ImageMetadata.NONE : metadata;
    }

    /** The image reference pinned by digest, as ECS must run it. */
    public String pinnedImage() {
        return imageRepositoryUri + "@" + digest;
    }

    public Build withReleaseHash(String hash) {
        return new Build(repository, digest, imageRepositoryUri, tags, pushedAt, hash, metadata, assigned);
    }

    public Build assignedTo(boolean isAssigned) {
        return new Build(repository, digest, imageRepositoryUri, tags, pushedAt, releaseHash, metadata, isAssigned);
    }
}
