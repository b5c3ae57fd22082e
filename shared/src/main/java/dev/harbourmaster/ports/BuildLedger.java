package dev.harbourmaster.ports;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds and the releases made from them. Every write that an event can repeat is conditional,
 * so a duplicated or racing event changes nothing.
 */
public interface BuildLedger {

    /**
     * Writes a build seen for the first time together with its releases and the release sets that
     * deploy them to auto-deploy environments: in one transaction when they fit (100 writes), else
     * as {@link #release} describes.
     *
     * @return false when the build (repository, digest) was already recorded: nothing was written
     */
    boolean recordNewBuild(Build build, List<Release> releases, List<ReleaseSet> autoDeploys);

    /** Access pattern 2: the build of (repository, digest). One GetItem. */
    Optional<Build> build(String repository, String digest);

    /** Adds an alias to a known build; adding a tag it already has changes nothing. */
    void addTag(String repository, String digest, String tag);

    /**
     * Releases a known {@link BuildState#UNRELEASED} build: adds {@code tag} (null for none), sets
     * the release hash and writes its releases, then the release sets that deploy them. When they
     * fit in one transaction, that is all. Otherwise the build first becomes
     * {@link BuildState#RELEASING} with what {@link #finishRelease} needs (its
     * {@link dev.harbourmaster.domain.PendingRelease}), the rest follows in transactions of their
     * own, and the build becomes RELEASED last: a failure on the way leaves it RELEASING.
     *
     * @return false when it was no longer unreleased (another event got there first): nothing was written
     */
    boolean release(Build build, String tag, String releaseHash, List<Release> releases, List<ReleaseSet> autoDeploys);

    /**
     * Hands an {@link BuildState#UNASSIGNED} build to the projects that now feed from its repository:
     * writes its releases (if any) and its new state, as {@link #release} does. While RELEASING it is
     * still among {@link #unassignedBuilds}.
     *
     * @return false when it was no longer unassigned
     */
    boolean adopt(Build build, List<Release> releases);

    /**
     * Finishes a {@link BuildState#RELEASING} build: writes those of its releases, then release sets,
     * that are not written yet, and marks it RELEASED. Safe to repeat and to race: each write
     * happens once.
     */
    void finishRelease(Build build, List<Release> releases, List<ReleaseSet> autoDeploys);

    /** Builds of a repository, newest push first. One Query. */
    List<Build> builds(String repository, int limit);

    /** Builds of a repository that no manifest claimed when they were pushed. */
    List<Build> unassignedBuilds(String repository);

    /**
     * The release of a service made at {@code createdAt} from the build {@code sourceDigest}: the
     * item build-recorder (or adoption) wrote, which a release set's copy must match. One GetItem.
     */
    Optional<Release> release(String projectId, String serviceId, Instant createdAt, String sourceDigest);

    /**
     * {@link #release} of each of these releases, in their order (empty where a release has no time
     * or source digest, or the ledger has none under its key): consistent reads, one BatchGetItem per
     * 100 releases.
     */
    List<Optional<Release>> recorded(List<Release> releases);

    /** Access pattern 3: the newest release of a service. One Query. */
    Optional<Release> latestRelease(String projectId, String serviceId);

    /** Access pattern 3: releases of a service, newest first. One Query. */
    List<Release> releases(String projectId, String serviceId, int limit);

    /** Releases of every service of a project, newest first. One Query. */
    List<Release> releases(String projectId, int limit);

    /**
     * The newest releases of a project, of any service, newest first.
     *
     * @param all whether these are all of the project's releases (the Query had no more to give)
     */
    record NewestReleases(List<Release> releases, boolean all) {
        public NewestReleases {
            releases = List.copyOf(releases);
        }
    }

    /** {@link #releases(String, int)}, saying whether they are all there are. One Query. */
    NewestReleases newestReleases(String projectId, int limit);
}
