package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import java.util.List;

/**
 * One service of a plan: what runs now (by the record; null when never deployed) and the release
 * it gets, with the commits between them when hm runs in the project's checkout.
 *
 * @param origin the release set the release comes from (rollback), or null
 */
record ServiceChange(String serviceId, CurrentState.Running now, Release release, List<String> commits, String origin) {

    ServiceChange {
        commits = List.copyOf(commits);
    }

    /** The service already runs exactly this release's images (same digest in every container). */
    boolean unchanged() {
        return now != null
                && ReleaseImage.digestsByContainer(now.images()).equals(ReleaseImage.digestsByContainer(release.images()));
    }
}
