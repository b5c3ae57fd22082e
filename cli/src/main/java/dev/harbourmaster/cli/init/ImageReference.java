package dev.harbourmaster.cli.init;

import dev.harbourmaster.domain.EcrRepository;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image as a task definition names it, when it is in a private ECR registry:
 * {@code ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME[:TAG][@sha256:…]}. Any other image (Docker Hub,
 * public.ecr.aws, another registry) is not one: Harbourmaster deploys ECR images only.
 *
 * @param tag    the tag, or null (an image named by digest alone, or by nothing: ECS pulls {@code latest})
 * @param digest {@code sha256:…}, or null when the image is named by tag
 */
public record ImageReference(String account, String region, String name, String tag, String digest) {

    private static final Pattern ECR = Pattern.compile(
            "([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9][a-z0-9._/-]*?)"
                    + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

    /** The ECR image an image reference names; empty for an image in any other registry. */
    public static Optional<ImageReference> of(String image) {
        if (image == null) {
            return Optional.empty();
        }
        Matcher m = ECR.matcher(image.strip());
        return m.matches() ? Optional.of(new ImageReference(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
                : Optional.empty();
    }

    /** The registry and repository, without tag or digest: what a build's image repository URI is. */
    public String repositoryUri() {
        return EcrRepository.registryHost(account, region) + "/" + name;
    }

    /** The repository, qualified with its registry (a stack names its own by the name alone: StackHome). */
    public EcrRepository repository() {
        return new EcrRepository(account, region, name);
    }

    /** The tag ECS pulls: the one named, else {@code latest} when no digest is named either. */
    public String pulledTag() {
        return tag != null ? tag : digest == null ? "latest" : null;
    }
}
