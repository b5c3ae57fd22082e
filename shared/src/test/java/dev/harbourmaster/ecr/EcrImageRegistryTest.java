package dev.harbourmaster.ecr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.ImageMetadata;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.BatchGetImageRequest;
import software.amazon.awssdk.services.ecr.model.BatchGetImageResponse;
import software.amazon.awssdk.services.ecr.model.Image;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

class EcrImageRegistryTest {

    @Test
    void readsTheOciAnnotationsWeKeep() {
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "annotations": {"org.opencontainers.image.revision": "3f9c2ab0123456789abcdef0123456789abcdef0",
                                 "org.opencontainers.image.source": "https://github.com/example/catalogue",
                                 "org.opencontainers.image.created": "2026-11-20T10:00:00Z",
                                 "org.opencontainers.image.description": "Mint IDs faster",
                                 "com.example.other": "ignored"}}
                """;

        assertThat(EcrImageRegistry.annotationsOf(manifest)).isEqualTo(new ImageMetadata(
                "3f9c2ab0123456789abcdef0123456789abcdef0", "https://github.com/example/catalogue",
                "2026-11-20T10:00:00Z", "Mint IDs faster"));
    }

    @Test
    void manifestsWithoutAnnotationsOrNotJsonGiveNothing() {
        assertThat(EcrImageRegistry.annotationsOf("{\"schemaVersion\": 2}")).isEqualTo(ImageMetadata.NONE);
        assertThat(EcrImageRegistry.annotationsOf("not json")).isEqualTo(ImageMetadata.NONE);
        assertThat(EcrImageRegistry.annotationsOf(null)).isEqualTo(ImageMetadata.NONE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anImageTheRegistryDoesNotReturnHasNoMetadata() {
        EcrClient ecr = mock(EcrClient.class);
        when(ecr.batchGetImage(any(Consumer.class))).thenReturn(BatchGetImageResponse.builder().build());

        assertThat(new EcrImageRegistry(ecr).metadataOf("shop/api", "sha256:abc")).isEqualTo(ImageMetadata.NONE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRepositoryDeletedSinceThePushHasNoMetadata() {
        EcrClient ecr = mock(EcrClient.class);
        when(ecr.batchGetImage(any(Consumer.class))).thenThrow(RepositoryNotFoundException.builder().message("gone").build());

        assertThat(new EcrImageRegistry(ecr).metadataOf("shop/api", "sha256:abc")).isEqualTo(ImageMetadata.NONE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void asksForTheImageByDigest() {
        EcrClient ecr = mock(EcrClient.class);
        when(ecr.batchGetImage(any(Consumer.class))).thenAnswer(call -> {
            BatchGetImageRequest.Builder request = BatchGetImageRequest.builder();
            ((Consumer<BatchGetImageRequest.Builder>) call.getArgument(0)).accept(request);
            BatchGetImageRequest built = request.build();
            assertThat(built.repositoryName()).isEqualTo("shop/api");
            assertThat(built.imageIds().get(0).imageDigest()).isEqualTo("sha256:abc");
            return BatchGetImageResponse.builder().images(Image.builder()
                    .imageManifest("{\"annotations\":{\"org.opencontainers.image.revision\":\"abc1234\"}}").build()).build();
        });

        assertThat(new EcrImageRegistry(ecr).metadataOf("shop/api", "sha256:abc").revision()).isEqualTo("abc1234");
    }
}
