package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.support.ServedAccounts.AccountRegion;
import java.time.Instant;

/**
 * A successful image push, as read from an "ECR Image Action" event.
 *
 * @param tag the tag pushed, or null for a push by digest only
 */
public record ImagePush(String eventId, String account, String region, String repository, String digest,
                        String tag, Instant pushedAt) {

    /** Where the image lives, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api. */
    public String imageRepositoryUri() {
        return new AccountRegion(account, region).ecrRegistry() + "/" + repository;
    }
}
