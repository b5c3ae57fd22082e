package dev.harbourmaster.domain;

/**
 * What an image says about itself in its OCI manifest annotations
 * (org.opencontainers.image.revision, .source, .created, .description). Any part may be null.
 */
public record ImageMetadata(String revision, String source, String created, String description) {

    public static final ImageMetadata NONE = new ImageMetadata(null, null, null, null);

    public boolean isEmpty() {
        return revision == null && source == null && created == null && description == null;
    }
}
