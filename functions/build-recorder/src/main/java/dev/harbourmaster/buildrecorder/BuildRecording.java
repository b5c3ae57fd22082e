package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.PendingRelease;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseMaker;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ImageRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records a push: the build (once per digest; later tags become aliases) and, with it, a release
 * for each service the repository feeds and the release sets of auto-deploy environments.
 *
 * <p>Releases come from tagged builds only (see {@link ReleaseMaker}): an untagged build waits
 * ({@link BuildState#UNRELEASED}) and is released by the first event whose tag, or whose build's
 * tags, give a release hash; the tag is written with the releases, so an event that failed on
 * the way releases the build when delivered again. A build left {@link BuildState#RELEASING} (its
 * releases took several transactions and one failed) is finished by the next event for its digest.
 */
public final class BuildRecording {

    public enum Outcome {
        /** A new build; with a release per fed service when it was tagged and a release hash was found. */
        RECORDED,
        /** A new build of a repository no manifest mentions, kept for a later manifest to adopt. */
        UNASSIGNED,
        /** A known digest under a new tag: the tag was added, nothing else. */
        TAG_ADDED,
        /** A known, unreleased build got its releases from its new tag (or from the tags it had). */
        RELEASED,
        /** The releases an earlier delivery began and could not finish were finished, as it would have. */
        FINISHED,
        /** The same push again: nothing changed. */
        DUPLICATE
    }

    public record Result(Outcome outcome, Build build, List<Release> releases, List<ReleaseSet> autoDeploys) {

        Result(Outcome outcome, Build build) {
            this(outcome, build, List.of(), List.of());
        }
    }

    private final Catalogue catalogue;
    private final BuildLedger ledger;
    private final ImageRegistry registry;

    public BuildRecording(Catalogue catalogue, BuildLedger ledger, ImageRegistry registry) {
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.registry = registry;
    }

    public Result record(ImagePush push) {
        Optional<Build> known = ledger.build(push.repository(), push.digest());
        List<RepositoryFeed> feeds = catalogue.feedsOf(push.repository());
        if (known.isPresent()) {
            return recordAgain(known.get(), push, feeds);
        }
        ImageMetadata metadata = registry.metadataOf(push.repository(), push.digest());
        Build build = new Build(push.repository(), push.digest(), push.imageRepositoryUri(),
                push.tag() == null ? Set.of() : Set.of(push.tag()), push.pushedAt(), null, metadata,
                feeds.isEmpty() ? BuildState.UNASSIGNED : BuildState.UNRELEASED);
        build = build.withReleaseHash(ReleaseMaker.releaseHashOf(build, ruleOf(feeds)).orElse(null));
        List<Release> releases = ReleaseMaker.releasesOf(build, feeds, push.pushedAt(), ledger::latestRelease);
        if (!releases.isEmpty()) {
            build = build.withState(BuildState.RELEASED);
        }
        List<ReleaseSet> autoDeploys = AutoDeploySets.of(releases, feeds, push.tag());
        if (ledger.recordNewBuild(build, releases, autoDeploys)) {
            return new Result(feeds.isEmpty() ? Outcome.UNASSIGNED : Outcome.RECORDED, build, releases, autoDeploys);
        }
        // Another delivery of this digest won the race between our read and our write.
        return recordAgain(reread(push), push, feeds);
    }

    private Result recordAgain(Build known, ImagePush push, List<RepositoryFeed> feeds) {
        if (known.state() == BuildState.RELEASING) {
            return finish(known, push, feeds);
        }
        boolean newTag = push.tag() != null && !known.tags().contains(push.tag());
        Build tagged = newTag ? known.withTag(push.tag()) : known;
        if (known.state() == BuildState.UNRELEASED && !feeds.isEmpty()) {
            Optional<Result> released = ReleaseMaker.releaseHashOf(tagged, ruleOf(feeds))
                    .flatMap(hash -> release(known, tagged.withReleaseHash(hash), push, feeds));
            if (released.isPresent()) {
                return released.get();
            }
        }
        if (!newTag) {
            return new Result(Outcome.DUPLICATE, known);
        }
        ledger.addTag(push.repository(), push.digest(), push.tag());
        return new Result(Outcome.TAG_ADDED, tagged);
    }

    /**
     * Writes the releases of an unreleased build with the push's tag (adding a tag it has changes nothing).
     *
     * @return empty when the build makes no release
     */
    private Optional<Result> release(Build known, Build hashed, ImagePush push, List<RepositoryFeed> feeds) {
        List<Release> releases = ReleaseMaker.releasesOf(hashed, feeds, push.pushedAt(), ledger::latestRelease);
        if (releases.isEmpty()) {
            return Optional.empty();
        }
        List<ReleaseSet> autoDeploys = AutoDeploySets.of(releases, feeds, push.tag());
        if (!ledger.release(known, push.tag(), hashed.releaseHash(), releases, autoDeploys)) {
            // Another event released the build, or began to, since we read it: go on from what it wrote.
            return Optional.of(recordAgain(reread(push), push, feeds));
        }
        return Optional.of(new Result(Outcome.RELEASED, hashed.withState(BuildState.RELEASED), releases, autoDeploys));
    }

    /**
     * Makes the releases and release sets of a RELEASING build again, as the delivery that began
     * them made them, writes those still missing, then adds this push's tag.
     */
    private Result finish(Build releasing, ImagePush push, List<RepositoryFeed> feeds) {
        PendingRelease pending = releasing.pending();
        List<Release> releases = ReleaseMaker.releasesOf(releasing, feeds, pending.createdAt(), ledger::latestRelease);
        List<ReleaseSet> autoDeploys = pending.autoDeploy() ? AutoDeploySets.of(releases, feeds, pending.tag()) : List.of();
        ledger.finishRelease(releasing, releases, autoDeploys);
        Build released = releasing.withState(BuildState.RELEASED);
        if (push.tag() != null && !released.tags().contains(push.tag())) {
            ledger.addTag(push.repository(), push.digest(), push.tag());
            released = released.withTag(push.tag());
        }
        return new Result(Outcome.FINISHED, released, releases, autoDeploys);
    }

    private Build reread(ImagePush push) {
        return ledger.build(push.repository(), push.digest())
                .orElseThrow(() -> new IllegalStateException("build " + push.digest() + " was written but cannot be read"));
    }

    /** The build's own hash follows the first feeding project's rule; each release follows its own project's. */
    private static ReleaseHashRule ruleOf(List<RepositoryFeed> feeds) {
        return feeds.isEmpty() ? ReleaseHashRule.DEFAULT : feeds.get(0).releaseHashRule();
    }
}
