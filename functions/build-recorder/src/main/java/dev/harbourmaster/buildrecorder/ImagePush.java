package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.support.ServedAccounts;
import java.time.Duration;
import java.time.Instant;

/**
 * A successful image push, as read from an "ECR Image Action" event.
 *
 * @param tag the tag pushed, or null for a push by digest only
 */
public record ImagePush(String eventId, String account, String region, String repository, String digest,
                        String tag, Instant pushedAt) {

    /**
     * How far past its receipt an event's time is believed: ECR's clock and Lambda's differ by far less,
     * and EventBridge never delivers an event before it happened. A later time would make the build's
     * releases "latest" until then (a push dated 9999 for good). Earlier times are believed: retries,
     * dead-letter redrives and archive replays deliver late, and keep the time of the push.
     */
    public static final Duration MAX_AHEAD = Duration.ofMinutes(5);

    /** This push, or, when its time is past {@link #MAX_AHEAD} of {@code receivedAt} or before 1970, the push dated then. */
    public ImagePush receivedAt(Instant receivedAt) {
        boolean believed = !pushedAt.isAfter(receivedAt.plus(MAX_AHEAD)) && !pushedAt.isBefore(Instant.EPOCH);
        return believed ? this : new ImagePush(eventId, account, region, repository, digest, tag, receivedAt);
    }

    /** Where the image lives, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api. */
    public String imageRepositoryUri() {
        EcrRepository named = EcrRepository.of(repository);
        return named.inStacksRegistry() ? EcrRepository.registryHost(account, region) + "/" + repository : repository;
    }

    /**
     * This push with its repository named as the table keeps it: the name alone in the stack's own
     * registry, qualified with the registry in any other ({@link EcrRepository}), so catalogue/api
     * of two accounts are two repositories.
     */
    public ImagePush inRegistryOf(ServedAccounts served) {
        String id = served.repositoryId(account, region, repository);
        return id.equals(repository) ? this : new ImagePush(eventId, account, region, id, digest, tag, pushedAt);
    }
}
