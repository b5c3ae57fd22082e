package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.ReleaseHashRule;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseMaker;
import dev.harbourmaster.domain.RepositoryFeed;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ImageRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records a push: the build (once per digest; later tags become aliases) and, in the same
 * transaction, a release for each service the repository feeds.
 */
public final class BuildRecording {

    public enum Outcome {
        /** A new build, with a release per fed service (none when no release hash was found). */
        RECORDED,
        /** A new build of a repository no manifest mentions, kept for a later manifest to adopt. */
        UNASSIGNED,
        /** A known digest under a new tag: the tag was added, nothing else. */
        TAG_ADDED,
        /** A known digest without a release hash got one from its new tag; its releases were made. */
        RELEASE_HASH_ADDED,
        /** The same push again: nothing changed. */
        DUPLICATE
    }

    public record Result(Outcome outcome, Build build, List<Release> releases) {}

    private final Catalogue catalogue;
    private final BuildLedger ledger;
    private final ImageRegistry registry;

    public BuildRecording(Catalogue catalogue, BuildLedger ledger, ImageRegistry registry) {
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.registry = registry;
    }

    public Result record(ImagePush push) {
        List<RepositoryFeed> feeds = catalogue.feedsOf(push.repository());
        Optional<Build> known = ledger.build(push.repository(), push.digest());
        if (known.isPresent()) {
            return recordAgain(known.get(), push, feeds);
        }
        ImageMetadata metadata = registry.metadataOf(push.repository(), push.digest());
        Build build = new Build(push.repository(), push.digest(), push.imageRepositoryUri(),
                push.tag() == null ? Set.of() : Set.of(push.tag()), push.pushedAt(), null, metadata, !feeds.isEmpty());
        build = build.withReleaseHash(ReleaseMaker.releaseHashOf(build, ruleOf(feeds)).orElse(null));
        List<Release> releases = ReleaseMaker.releasesOf(build, feeds, ledger::latestRelease);
        if (ledger.recordNewBuild(build, releases)) {
            return new Result(feeds.isEmpty() ? Outcome.UNASSIGNED : Outcome.RECORDED, build, releases);
        }
        // Another delivery of this digest won the race between our read and our write.
        Build winner = ledger.build(push.repository(), push.digest())
                .orElseThrow(() -> new IllegalStateException("build " + push.digest() + " was written but cannot be read"));
        return recordAgain(winner, push, feeds);
    }

    private Result recordAgain(Build known, ImagePush push, List<RepositoryFeed> feeds) {
        if (push.tag() == null || known.tags().contains(push.tag())) {
            return new Result(Outcome.DUPLICATE, known, List.of());
        }
        ledger.addTag(push.repository(), push.digest(), push.tag());
        Set<String> tags = new HashSet<>(known.tags());
        tags.add(push.tag());
        Build tagged = new Build(known.repository(), known.digest(), known.imageRepositoryUri(), tags,
                known.pushedAt(), known.releaseHash(), known.metadata(), known.assigned());
        if (known.releaseHash() != null || !known.assigned()) {
            return new Result(Outcome.TAG_ADDED, tagged, List.of());
        }
        Optional<String> hash = ReleaseMaker.releaseHashOf(tagged, ruleOf(feeds));
        if (hash.isEmpty()) {
            return new Result(Outcome.TAG_ADDED, tagged, List.of());
        }
        Build hashed = tagged.withReleaseHash(hash.get());
        List<Release> releases = ReleaseMaker.releasesOf(hashed, feeds, ledger::latestRelease);
        if (!ledger.assignReleaseHash(known, hash.get(), releases)) {
            return new Result(Outcome.TAG_ADDED, tagged, List.of());
        }
        return new Result(Outcome.RELEASE_HASH_ADDED, hashed, releases);
    }

    /** The build's own hash follows the first feeding project's rule; each release follows its own project's. */
    private static ReleaseHashRule ruleOf(List<RepositoryFeed> feeds) {
        return feeds.isEmpty() ? ReleaseHashRule.DEFAULT : feeds.get(0).releaseHashRule();
    }
}
