package dev.harbourmaster.ports;

import dev.harbourmaster.domain.ImageMetadata;

/** What the registry knows about an image beyond the push event: its manifest's annotations. */
public interface ImageRegistry {

    /** The image's annotations, or {@link ImageMetadata#NONE} when it has none. */
    ImageMetadata metadataOf(String repository, String digest);
}
