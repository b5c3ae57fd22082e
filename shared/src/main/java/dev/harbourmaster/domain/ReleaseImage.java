package dev.harbourmaster.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The image one container of a release runs, pinned by digest (repo@sha256:…). */
public record ReleaseImage(String container, String repository, String digest, String image, String releaseHash) {

    /** Container → digest, in the images' order: what identifies what a service runs. */
    public static Map<String, String> digestsByContainer(List<ReleaseImage> images) {
        Map<String, String> digests = new LinkedHashMap<>();
        images.forEach(i -> digests.put(i.container(), i.digest()));
        return digests;
    }

    /** Container → image, in the images' order. */
    public static Map<String, String> byContainer(List<ReleaseImage> images) {
        Map<String, String> byContainer = new LinkedHashMap<>();
        images.forEach(i -> byContainer.put(i.container(), i.image()));
        return byContainer;
    }
}
