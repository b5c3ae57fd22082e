package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.KnownBadReleases;
import java.util.List;

/**
 * Something that went wrong before with a release: hm deploy's plan and hm diff's releases not deployed.
 *
 * @param undoneByRollbackSet it ran, and a rollback set took it back; {@code why} is that set's description
 */
public record KnownBadDocument(String environment, String status, String at, String why, boolean undoneByRollbackSet) {

    public static List<KnownBadDocument> all(List<KnownBadReleases.Outcome> outcomes) {
        return outcomes.stream().map(o -> new KnownBadDocument(o.environmentId(), o.status().name(), format(o.at()), o.why(),
                o.undoneByRollbackSet())).toList();
    }
}
