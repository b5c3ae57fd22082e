package dev.harbourmaster.documents;

import dev.harbourmaster.domain.ReleaseImage;
import java.util.List;

/** One container's image, whole: what every document that names images says of each. */
public record ImageDocument(String container, String repository, String digest, String image) {

    public static ImageDocument of(ReleaseImage image) {
        return new ImageDocument(image.container(), image.repository(), image.digest(), image.image());
    }

    public static List<ImageDocument> all(List<ReleaseImage> images) {
        return images.stream().map(ImageDocument::of).toList();
    }
}
