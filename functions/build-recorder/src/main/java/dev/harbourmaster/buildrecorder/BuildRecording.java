package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
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
 * Records a push: the build (once per digest; later tags become aliases) and, in the same
 * transaction, a release for each service the repository feeds.
 *
 * <p>Releases come from tagged builds only (see {@link ReleaseMaker}): an untagged build waits
 * ({@link BuildState#UNRELEASED}) and is released by the first tag that gives a release hash.
 */
public final class BuildRecording {

    public enum Outcome {
        /** A new build; with a release per fed service when it was tagged and a release hash was found. */
        RECORDED,
        /** A new build of a repository no manifest mentions, kept for a later manifest to adopt. */
        UNASSIGNED,
        /** A known digest under a new tag: the tag was added, nothing else. */
        TAG_ADDED,
        /** A known, unreleased build got its releases from its new tag. */
        RELEASED,
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
        List<ReleaseSet> autoDeploys = AutoDeploySets.of(releases, feeds, push);
        if (ledger.recordNewBuild(build, releases, autoDeploys)) {
            return new Result(feeds.isEmpty() ? Outcome.UNASSIGNED : Outcome.RECORDED, build, releases, autoDeploys);
        }
        // Another delivery of this digest won the race between our read and our write.
        Build winner = ledger.build(push.repository(), push.digest())
                .orElseThrow(() -> new IllegalStateException("build " + push.digest() + " was written but cannot be read"));
        return recordAgain(winner, push, feeds);
    }

    private Result recordAgain(Build known, ImagePush push, List<RepositoryFeed> feeds) {
        if (push.tag() == null || known.tags().contains(push.tag())) {
            return new Result(Outcome.DUPLICATE, known);
        }
        ledger.addTag(push.repository(), push.digest(), push.tag());
        Build tagged = known.withTag(push.tag());
        if (known.state() != BuildState.UNRELEASED || feeds.isEmpty()) {
            return new Result(Outcome.TAG_ADDED, tagged);
        }
        Optional<String> hash = ReleaseMaker.releaseHashOf(tagged, ruleOf(feeds));
        if (hash.isEmpty()) {
            return new Result(Outcome.TAG_ADDED, tagged);
        }
        Build hashed = tagged.withReleaseHash(hash.get());
        List<Release> releases = ReleaseMaker.releasesOf(hashed, feeds, push.pushedAt(), ledger::latestRelease);
        List<ReleaseSet> autoDeploys = AutoDeploySets.of(releases, feeds, push);
        if (releases.isEmpty() || !ledger.release(known, hash.get(), releases, autoDeploys)) {
            return new Result(Outcome.TAG_ADDED, tagged);
        }
        return new Result(Outcome.RELEASED, hashed.withState(BuildState.RELEASED), releases, autoDeploys);
    }

    /** The build's own hash follows the first feeding project's rule; each release follows its own project's. */
    private static ReleaseHashRule ruleOf(List<RepositoryFeed> feeds) {
        return feeds.isEmpty() ? ReleaseHashRule.DEFAULT : feeds.get(0).releaseHashRule();
    }
}
