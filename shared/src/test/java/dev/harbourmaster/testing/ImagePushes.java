package dev.harbourmaster.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecr.EcrClient;

/** What the end-to-end tests do as a user would: push images to ECR, then wait for the pipeline to act. */
public final class ImagePushes {

    private ImagePushes() {}

    /** Pushes an image (a manifest of its own) tagged ref.HASH, as docker push would; returns its digest. */
    public static String push(EcrClient ecr, String repository, String hash) {
        return push(ecr, repository, hash, null);
    }

    /** As {@link #push(EcrClient, String, String)}, the image built from {@code source} (its org.opencontainers.image.source annotation). */
    public static String push(EcrClient ecr, String repository, String hash, String source) {
        String annotations = source == null ? ""
                : ",\n \"annotations\": {\"org.opencontainers.image.source\": \"" + source + "\"}";
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023, "digest": "sha256:%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:%s"}]%s}
                """.formatted(sha256(hash + "config"), sha256(hash + "layer"), annotations);
        String digest = "sha256:" + sha256(manifest);
        ecr.putImage(b -> b.repositoryName(repository).imageTag("ref." + hash).imageManifest(manifest)
                .imageDigest(digest).imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
        return digest;
    }

    /** A fresh 7-digit release hash, as git shows a commit. */
    public static String newHash() {
        return sha256(UUID.randomUUID().toString()).substring(0, 7);
    }

    /**
     * Asks {@code check} every 200 ms until it finds something or {@code timeout} passes; then fails
     * with {@code what} and whatever {@code story} tells of what happened meanwhile.
     */
    public static <T> T await(String what, Duration timeout, Supplier<Optional<T>> check, Supplier<String> story) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = check.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not seen within " + timeout.toSeconds() + " s: " + what + "\n" + story.get());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
