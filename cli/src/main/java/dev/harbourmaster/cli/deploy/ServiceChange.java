package dev.harbourmaster.cli.deploy;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import java.util.List;

/**
 * One service of a plan: what runs now (by the record; null when never deployed) and the release
 * it gets, with the commits between them when hm runs in the project's checkout, and what its new
 * revision changes in configuration (the environment's task definition base, as ECS has it now).
 *
 * @param origin the release set the release comes from (rollback), or null
 * @param config from the revision the service runs to the one its deploy would copy; none with base running
 */
record ServiceChange(String serviceId, CurrentState.Running now, Release release, List<String> commits, String origin,
                     ConfigChanges config) {

    ServiceChange {
        commits = List.copyOf(commits);
        config = config == null ? ConfigChanges.NONE : config;
    }

    ServiceChange(String serviceId, CurrentState.Running now, Release release, List<String> commits, String origin) {
        this(serviceId, now, release, commits, origin, ConfigChanges.NONE);
    }

    ServiceChange withConfig(ConfigChanges changes) {
        return new ServiceChange(serviceId, now, release, commits, origin, changes);
    }

    /** The service already runs exactly this release's images (same digest in every container). */
    boolean imagesUnchanged() {
        return now != null
                && ReleaseImage.digestsByContainer(now.images()).equals(ReleaseImage.digestsByContainer(release.images()));
    }

    /** Its images already run and its new revision would change no configuration: nothing to roll. */
    boolean unchanged() {
        return imagesUnchanged() && config.isEmpty();
    }

    /** Its images already run, but the revision it would get changes configuration. */
    boolean configOnly() {
        return imagesUnchanged() && !config.isEmpty();
    }
}
