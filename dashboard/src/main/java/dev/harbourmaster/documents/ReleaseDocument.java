package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Release;
import java.util.List;

/** A release of a service, as hm diff and /api list the releases not deployed yet, with what went wrong with it before. */
public record ReleaseDocument(String releaseHash, String createdAt, List<ImageDocument> images, String sourceRepository,
                              String sourceDigest, String description, List<KnownBadDocument> knownBad) {

    /** @param knownBad what went wrong with it before, newest first */
    public static ReleaseDocument of(Release release, List<KnownBadReleases.Outcome> knownBad) {
        return new ReleaseDocument(release.releaseHash(), format(release.createdAt()), ImageDocument.all(release.images()),
                release.sourceRepository(), release.sourceDigest(), release.description(), KnownBadDocument.all(knownBad));
    }
}
