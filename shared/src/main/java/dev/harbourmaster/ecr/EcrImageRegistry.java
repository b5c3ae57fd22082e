package dev.harbourmaster.ecr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.ports.ImageRegistry;
import dev.harbourmaster.support.Json;
import java.util.List;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Reads an image's OCI annotations with ECR BatchGetImage. Docker v2 manifests carry no
 * annotations (their labels live in the config blob, which is not read here). An image or
 * repository deleted since its push has no metadata; other errors (throttling, access denied)
 * propagate, so that the event is retried rather than recorded without its release hash.
 */
public final class EcrImageRegistry implements ImageRegistry {

    static final String REVISION = "org.opencontainers.image.revision";
    static final String SOURCE = "org.opencontainers.image.source";
    static final String CREATED = "org.opencontainers.image.created";
    static final String DESCRIPTION = "org.opencontainers.image.description";

    private static final List<String> MEDIA_TYPES = List.of(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final EcrClient ecr;

    public EcrImageRegistry(EcrClient ecr) {
        this.ecr = ecr;
    }

    @Override
    public ImageMetadata metadataOf(String repository, String digest) {
        BatchGetImageResponse response;
        try {
            response = ecr.batchGetImage(b -> b.repositoryName(repository)
                    .imageIds(ImageIdentifier.builder().imageDigest(digest).build())
                    .acceptedMediaTypes(MEDIA_TYPES));
        } catch (RepositoryNotFoundException | ImageNotFoundException gone) {
            // Deleted since the push: the push still happened and is still recorded.
            return ImageMetadata.NONE;
        }
        if (!response.hasImages() || response.images().isEmpty()) {
            return ImageMetadata.NONE;
        }
        return annotationsOf(response.images().get(0).imageManifest());
    }

    static ImageMetadata annotationsOf(String manifest) {
        if (manifest == null) {
            return ImageMetadata.NONE;
        }
        try {
            JsonNode annotations = Json.MAPPER.readTree(manifest).path("annotations");
            return new ImageMetadata(text(annotations, REVISION), text(annotations, SOURCE),
                    text(annotations, CREATED), text(annotations, DESCRIPTION));
        } catch (JsonProcessingException e) {
            return ImageMetadata.NONE;
        }
    }

    private static String text(JsonNode annotations, String key) {
        JsonNode value = annotations.get(key);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
