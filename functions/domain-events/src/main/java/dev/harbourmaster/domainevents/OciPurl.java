package dev.harbourmaster.domainevents;

import java.util.Locale;

/**
 * An image as a package URL of type oci, as CDEvents' artifactId and artifact subject id take it:
 * {@code pkg:oci/<name>@sha256%3A<hex>?repository_url=<registry>/<repository>}. The name is the
 * repository's last segment, lower case; the version's colon is percent-encoded as the CDEvents
 * spec's and purl's oci examples write it (a purl parser reads it back as "sha256:<hex>").
 */
final class OciPurl {

    private OciPurl() {}

    /**
     * @param repositoryUri registry host and repository, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api
     * @param digest        sha256:&lt;hex&gt;
     */
    static String of(String repositoryUri, String digest) {
        if (repositoryUri == null || repositoryUri.isBlank() || digest == null || !digest.contains(":")) {
            throw new IllegalArgumentException("an OCI purl needs a repository URI and a digest, not " + repositoryUri + " " + digest);
        }
        String name = repositoryUri.substring(repositoryUri.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return "pkg:oci/" + name + "@" + digest.replace(":", "%3A") + "?repository_url=" + repositoryUri;
    }

    /** From a digest-pinned image reference, {@code <registry>/<repository>@sha256:<hex>}. */
    static String ofImage(String pinnedImage, String digest) {
        int at = pinnedImage == null ? -1 : pinnedImage.indexOf('@');
        return of(at < 0 ? pinnedImage : pinnedImage.substring(0, at), digest);
    }
}
