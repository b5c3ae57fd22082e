package dev.harbourmaster.cli.init;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.EcrClientBuilder;
import software.amazon.awssdk.services.ecr.EcrServiceClientConfiguration;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * What ECR says of an image a task definition names (DescribeImages, one call): its digest (for an
 * image named by tag whose running tasks reported none), its tags and when it was pushed. An image
 * in another account's registry is asked of that registry, in its region, with the caller's
 * credentials: its repository policy decides. Asked once per image.
 */
public final class EcrImages {

    /** An image as ECR describes it. */
    public record Image(String digest, List<String> tags, Instant pushedAt) {}

    /** ECR's answer: the image, or why there is none (not found, or refused). */
    public record Lookup(Image image, String problem) {}

    private final EcrClient ecr;
    private final Map<String, EcrClient> otherRegions = new ConcurrentHashMap<>();
    private final Map<String, Lookup> asked = new ConcurrentHashMap<>();

    public EcrImages(EcrClient ecr) {
        this.ecr = ecr;
    }

    /** The image by its digest when it names one, else by the tag ECS pulls. */
    public Lookup describe(ImageReference image, String digest) {
        String by = digest != null ? digest : image.digest() != null ? image.digest() : image.pulledTag();
        return asked.computeIfAbsent(image.repositoryUri() + (by.startsWith("sha256:") ? "@" : ":") + by,
                key -> ask(image, by));
    }

    private Lookup ask(ImageReference image, String by) {
        ImageIdentifier id = by.startsWith("sha256:") ? ImageIdentifier.builder().imageDigest(by).build()
                : ImageIdentifier.builder().imageTag(by).build();
        try {
            List<ImageDetail> details = clientFor(image.region()).describeImages(b -> b.registryId(image.account())
                    .repositoryName(image.name()).imageIds(id)).imageDetails();
            if (details.isEmpty()) {
                return new Lookup(null, "ECR has no image " + image.name() + (by.startsWith("sha256:") ? "@" : ":") + by);
            }
            ImageDetail detail = details.get(0);
            return new Lookup(new Image(detail.imageDigest(), detail.imageTags(), detail.imagePushedAt()), null);
        } catch (ImageNotFoundException | RepositoryNotFoundException gone) {
            return new Lookup(null, "ECR has no image " + image.name() + (by.startsWith("sha256:") ? "@" : ":") + by
                    + " in registry " + image.account() + " (" + image.region() + ")");
        } catch (EcrException refused) {
            return new Lookup(null, "ECR refused DescribeImages on " + image.repositoryUri() + ": "
                    + refused.awsErrorDetails().errorMessage());
        } catch (SdkException unreachable) {
            return new Lookup(null, "ECR could not be asked about " + image.repositoryUri() + ": " + unreachable.getMessage());
        }
    }

    /** The caller's client, or one like it (endpoint, credentials) in the registry's region. */
    private EcrClient clientFor(String region) {
        EcrServiceClientConfiguration own = ecr.serviceClientConfiguration();
        if (region.equals(own.region().id())) {
            return ecr;
        }
        return otherRegions.computeIfAbsent(region, r -> {
            EcrClientBuilder builder = EcrClient.builder().region(Region.of(r)).credentialsProvider(own.credentialsProvider());
            own.endpointOverride().ifPresent(builder::endpointOverride);
            return builder.build();
        });
    }
}
