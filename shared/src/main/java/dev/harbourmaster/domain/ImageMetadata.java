package dev.harbourmaster.domain;

import dev.harbourmaster.support.StoredText;

/**
 * What an image says about itself in its OCI manifest annotations
 * (org.opencontainers.image.revision, .source, .created, .description). Any part may be null.
 */
public record ImageMetadata(String revision, String source, String created, String description) {

    public static final ImageMetadata NONE = new ImageMetadata(null, null, null, null);

    public ImageMetadata {
        revision = StoredText.text(revision);
        source = StoredText.text(source);
        created = StoredText.text(created);
        description = StoredText.text(description);
    }

    public boolean isEmpty() {
        return revision == null && source == null && created == null && description == null;
    }
}
