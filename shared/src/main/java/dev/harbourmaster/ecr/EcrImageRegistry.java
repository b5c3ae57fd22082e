package dev.harbourmaster.ecr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.ports.ImageRegistry;
import dev.harbourmaster.support.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.EcrServiceClientConfiguration;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Reads an image's OCI annotations with ECR BatchGetImage. Docker v2 manifests carry no
 * annotations (their labels live in the config blob, which is not read here). An image or
 * repository deleted since its push has no metadata, nor has one in another account's registry
 * that refuses the read; other errors (throttling, access denied at home) propagate, so that the
 * event is retried rather than recorded without its release hash.
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
    private final Map<String, EcrClient> otherRegions = new ConcurrentHashMap<>();

    public EcrImageRegistry(EcrClient ecr) {
        this.ecr = ecr;
    }

    /** The stack's own client, or one like it (endpoint, credentials) in the region of a registry elsewhere. */
    private EcrClient clientFor(EcrRepository repository) {
        EcrServiceClientConfiguration own = ecr.serviceClientConfiguration();
        if (repository.inStacksRegistry() || repository.region().equals(own.region().id())) {
            return ecr;
        }
        return otherRegions.computeIfAbsent(repository.region(), region -> {
            EcrClientBuilder builder = EcrClient.builder().region(Region.of(region)).credentialsProvider(own.credentialsProvider());
            own.endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }

    @Override
    public ImageMetadata metadataOf(String repository, String digest) {
        EcrRepository named = EcrRepository.of(repository);
        BatchGetImageResponse response;
        try {
            // Another account's registry is read with its registry id, in its region: its repository
            // policy must allow ecr:BatchGetImage to the build-recorder's role (docs/multi-account.md).
            response = clientFor(named).batchGetImage(b -> b.repositoryName(named.name()).registryId(named.account())
                    .imageIds(ImageIdentifier.builder().imageDigest(digest).build())
                    .acceptedMediaTypes(MEDIA_TYPES));
        } catch (RepositoryNotFoundException | ImageNotFoundException gone) {
            // Deleted since the push: the push still happened and is still recorded.
            return ImageMetadata.NONE;
        } catch (EcrException refused) {
            // Another account's registry that does not let us read it (the hub template grants
            // BatchGetImage in its own account only): its release hash comes from the tag.
            if (!named.inStacksRegistry() && refused.statusCode() == 403) {
                return ImageMetadata.NONE;
            }
            throw refused;
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
