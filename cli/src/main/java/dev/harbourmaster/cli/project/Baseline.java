package dev.harbourmaster.cli.project;

import dev.harbourmaster.buildrecorder.BuildRecording;
import dev.harbourmaster.buildrecorder.ImagePush;
import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.init.EcrImages;
import dev.harbourmaster.cli.init.ImageReference;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.Container;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ImageMetadata;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseMaker;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ImageRegistry;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.support.Parallel;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code hm project apply --adopt}: what each service of each environment runs now, recorded as its
 * current state, marked as adopted ({@link CurrentState.Running#adopted}), so that hm status, hm verify
 * and the dashboard know from day one what an estate Harbourmaster did not deploy runs.
 *
 * <p>Per service: ECS's service (DescribeServices, batched), its task definition and the running tasks
 * of its PRIMARY deployment, always through the environment's own ECS ({@code Session.containers}). Each
 * container the manifest names must run an image of the container's repository; its digest is the one
 * the task definition pins, else the one its running tasks report, else the one ECR gives for its tag.
 * The release hash is that of the image's build: the ledger's, or, for an image pushed before
 * Harbourmaster knew it, the build is recorded now as build-recorder records a push
 * ({@link BuildRecording}: annotations, then the project's tag patterns; its releases are made too),
 * without the release sets of auto-deploy environments, as it runs already. A build neither gives a
 * hash leaves the baseline without one.
 *
 * <p>A row is written only where none is (or where one holds nothing but a change made outside), with
 * a conditional write: never over what a deployment wrote, and a second adoption writes nothing.
 */
public final class Baseline {

    static final int CONCURRENCY = 8;

    /** How the reason of a baseline left as it was adopted begins. */
    static final String ADOPTED_ALREADY = "adopted already";

    public enum Outcome {
        /** Recorded now. */
        ADOPTED,
        /** Would be recorded (a dry run). */
        WOULD_ADOPT,
        /** The record already says what runs here (a deployment, or an earlier adoption): left as it is. */
        KEPT,
        /** No such ECS service: nothing runs to adopt. */
        ABSENT,
        /** It runs, but what it runs could not be told (the reason says why and what to do). */
        NOT_ADOPTED
    }

    /** One service of one environment: what became of it, why, and what was (or would be) recorded. */
    public record Result(String environmentId, String serviceId, String ecsService, Outcome outcome, String reason,
                         CurrentState.Running running) {}

    private final Project project;
    private final Function<Environment, ContainerPlatform> platforms;
    private final DeploymentRecords records;
    private final BuildLedger ledger;
    private final BuildRecording recording;
    private final ImageRegistry registry;
    private final EcrImages ecr;
    private final Function<String, String> repositoryId;
    private final Actor actor;
    private final Instant now;

    /**
     * @param project      the registered project, its repositories named as the table keys them
     * @param recording    records builds not yet in the ledger; its catalogue must request no auto-deploys ({@link #noAutoDeploy})
     * @param repositoryId a repository URI as the table keys it (the stack's own registry: its name alone)
     */
    public Baseline(Project project, Function<Environment, ContainerPlatform> platforms, DeploymentRecords records,
                    BuildLedger ledger, BuildRecording recording, ImageRegistry registry, EcrImages ecr,
                    Function<String, String> repositoryId, Actor actor, Instant now) {
        this.project = project;
        this.platforms = platforms;
        this.records = records;
        this.ledger = ledger;
        this.recording = recording;
        this.registry = registry;
        this.ecr = ecr;
        this.repositoryId = repositoryId;
        this.actor = actor;
        this.now = now;
    }

    /**
     * Adopts every environment × service, environments in the manifest's order.
     *
     * @param rows   the project's current-state rows as read
     * @param dryRun tell, record nothing (no build, no row)
     */
    public List<Result> adopt(List<CurrentState> rows, boolean dryRun) {
        List<Result> results = new ArrayList<>();
        for (Environment environment : project.environments()) {
            results.addAll(adopt(environment, rows, dryRun));
        }
        return results;
    }

    private record Target(ServiceSet set, Service service, String ecsService, CurrentState row) {}

    private List<Result> adopt(Environment environment, List<CurrentState> rows, boolean dryRun) {
        List<Target> targets = new ArrayList<>();
        for (ServiceSet set : project.serviceSets()) {
            for (Service service : set.services()) {
                CurrentState row = rows.stream().filter(r -> r.environmentId().equals(environment.id())
                        && r.serviceId().equals(service.id())).findFirst().orElse(null);
                targets.add(new Target(set, service, environment.ecsServiceNameOf(project.id(), set.id(), service.id()), row));
            }
        }
        List<Result> kept = new ArrayList<>();
        List<Target> open = new ArrayList<>();
        for (Target target : targets) {
            Optional<String> why = recordedAlready(target.row());
            if (why.isPresent()) {
                kept.add(new Result(environment.id(), target.service().id(), target.ecsService(), Outcome.KEPT, why.get(),
                        target.row().running()));
            } else {
                open.add(target);
            }
        }
        ContainerPlatform platform = platforms.apply(environment);
        Map<String, RunningService> services;
        try {
            services = open.isEmpty() ? Map.of() : platform.services(environment.cluster(),
                    open.stream().map(Target::ecsService).toList());
        } catch (ContainerPlatformException e) {
            String why = "ClusterNotFoundException".equals(e.errorCode())
                    ? "ECS cluster '" + environment.cluster() + "' not found (" + environment.placement().describe()
                    + "): fix the environment's cluster in the manifest, or create it"
                    : "ECS did not describe the services of cluster " + environment.cluster() + ": " + e.getMessage();
            List<Result> refused = new ArrayList<>(kept);
            open.forEach(t -> refused.add(new Result(environment.id(), t.service().id(), t.ecsService(), Outcome.NOT_ADOPTED,
                    why, null)));
            return inOrder(targets, refused);
        }
        List<Callable<Result>> work = new ArrayList<>();
        for (Target target : open) {
            work.add(() -> adopt(environment, platform, target, services.get(target.ecsService()), dryRun));
        }
        List<Result> results = new ArrayList<>(kept);
        results.addAll(Parallel.all(work, CONCURRENCY, () -> new CliException("interrupted while adopting")));
        return inOrder(targets, results);
    }

    private static List<Result> inOrder(List<Target> targets, List<Result> results) {
        return targets.stream().map(t -> results.stream().filter(r -> r.serviceId().equals(t.service().id()))
                .findFirst().orElseThrow()).toList();
    }

    /**
     * Why a row is left as it is, unread; empty where adoption may write: no row, one that holds only a
     * change made outside, or an adopted baseline nothing was deployed over (renewed only if ECS runs
     * other images now, or a release hash is known now that was not).
     */
    static Optional<String> recordedAlready(CurrentState row) {
        if (row == null || row.running() == null && row.last() == null || adoptedOnly(row)) {
            return Optional.empty();
        }
        CurrentState.Running running = row.running();
        if (running != null && running.releaseSetId() != null) {
            return Optional.of("deployed by Harbourmaster: release set " + running.releaseSetId());
        }
        CurrentState.LastDeployment last = row.last();
        return Optional.of("recorded by a deployment of Harbourmaster's (release set " + last.releaseSetId() + ", "
                + last.status() + ")" + (running == null ? "; nothing runs by the record: hm deploy there" : ""));
    }

    /** An adopted baseline that no deployment of Harbourmaster's has touched since. */
    static boolean adoptedOnly(CurrentState row) {
        return row.running() != null && row.running().adopted() && row.last() == null;
    }

    private Result adopt(Environment environment, ContainerPlatform platform, Target target, RunningService service,
                         boolean dryRun) {
        String serviceId = target.service().id();
        if (service == null) {
            return new Result(environment.id(), serviceId, target.ecsService(), Outcome.ABSENT, "no ECS service "
                    + target.ecsService() + " in cluster " + environment.cluster() + ": nothing runs to adopt", null);
        }
        TaskDefinition definition;
        try {
            definition = platform.taskDefinition(service.taskDefinitionArn());
        } catch (ContainerPlatformException e) {
            return notAdopted(environment, target, "ECS did not describe task definition " + service.taskDefinitionArn()
                    + ": " + e.getMessage());
        }
        List<String> notes = new ArrayList<>();
        List<TaskEvidence> tasks = List.of();
        if (service.primaryDeploymentId() != null) {
            try {
                tasks = platform.tasksStartedBy(environment.cluster(), service.primaryDeploymentId()).stream()
                        .filter(t -> !t.stopped()).toList();
            } catch (ContainerPlatformException e) {
                notes.add("its tasks could not be listed (" + e.getMessage() + "): digests from the task definition and ECR");
            }
        }
        List<ReleaseImage> images = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Container container : target.service().containers()) {
            Image found = image(container, definition, tasks, dryRun, problems, notes);
            if (found != null) {
                images.add(found.image());
            }
        }
        if (!problems.isEmpty()) {
            return notAdopted(environment, target, String.join("; ", problems));
        }
        String hash = images.stream().map(ReleaseImage::releaseHash).filter(h -> h != null).findFirst().orElse(null);
        CurrentState.Running running = CurrentState.Running.adopted(hash, images, now, actor.name(), actor.arn(),
                "adopted: ran before Harbourmaster (task definition " + revision(definition.arn()) + ")",
                service.primaryDeploymentId(), definition.arn(), definition.config());
        String said = String.join("; ", notes);
        CurrentState before = target.row();
        if (before != null && adoptedOnly(before)) {
            CurrentState.Running was = before.running();
            if (ReleaseImage.digestsByContainer(was.images()).equals(ReleaseImage.digestsByContainer(images))
                    && (hash == null || hash.equals(was.releaseHash()))) {
                return new Result(environment.id(), serviceId, target.ecsService(), Outcome.KEPT, ADOPTED_ALREADY + " ("
                        + Text.format(was.since()) + " by " + Text.by(was.requestedBy(), was.requestedByArn())
                        + "), and ECS runs the same images", was);
            }
            String renewed = "renews the baseline adopted " + Text.format(was.since()) + ": "
                    + (ReleaseImage.digestsByContainer(was.images()).equals(ReleaseImage.digestsByContainer(images))
                    ? "release hash " + hash + " is known now" : "ECS runs other images now (" + Text.shortDigests(images)
                    + ", adopted " + Text.shortDigests(was.images()) + ")");
            notes.add(0, renewed);
            said = String.join("; ", notes);
        }
        if (dryRun) {
            return new Result(environment.id(), serviceId, target.ecsService(), Outcome.WOULD_ADOPT, said, running);
        }
        CurrentState after = new CurrentState(project.id(), environment.id(), serviceId, running, null,
                before == null ? null : before.outOfBand(), before == null ? 0 : before.revision(),
                before == null ? CurrentState.BadReleases.NONE : before.bad());
        if (!records.writeCurrentState(before, after)) {
            return new Result(environment.id(), serviceId, target.ecsService(), Outcome.KEPT,
                    "written meanwhile (a deployment ended here?): left as it is", null);
        }
        return new Result(environment.id(), serviceId, target.ecsService(), Outcome.ADOPTED, said, running);
    }

    private record Image(ReleaseImage image) {}

    /** One container's image as it runs, digest-pinned, with its build's release hash; null with a problem said. */
    private Image image(Container container, TaskDefinition definition, List<TaskEvidence> tasks, boolean dryRun,
                        List<String> problems, List<String> notes) {
        String named = definition.imagesByContainer().get(container.name());
        if (named == null) {
            problems.add("task definition " + revision(definition.arn()) + " has no container '" + container.name()
                    + "' (its containers: " + String.join(", ", definition.imagesByContainer().keySet())
                    + "): fix the container's name in the manifest");
            return null;
        }
        Optional<ImageReference> parsed = ImageReference.of(named);
        if (parsed.isEmpty()) {
            problems.add("container " + container.name() + " runs " + named + ", which is not in a private ECR"
                    + " registry: Harbourmaster deploys ECR images only; leave the container out of the manifest");
            return null;
        }
        ImageReference reference = parsed.get();
        String repository = repositoryId.apply(reference.repositoryUri());
        if (!repository.equals(container.repository())) {
            problems.add("container " + container.name() + " runs " + named + ", not an image of " + container.repository()
                    + " as the manifest says: fix its repository there");
            return null;
        }
        EcrImages.Lookup described = null;
        String digest = reference.digest();
        if (digest == null) {
            Set<String> reported = new TreeSet<>();
            tasks.forEach(t -> t.containers().stream().filter(c -> container.name().equals(c.name()) && c.imageDigest() != null)
                    .forEach(c -> reported.add(c.imageDigest())));
            if (reported.size() > 1) {
                problems.add(tasks.size() + " running tasks run " + reported.size() + " digests of container "
                        + container.name() + " (a deployment under way?): adopt again when it has ended");
                return null;
            }
            if (reported.size() == 1) {
                digest = reported.iterator().next();
            } else {
                described = ecr.describe(reference, null);
                if (described.image() == null) {
                    problems.add("container " + container.name() + " runs " + named + " by tag, no running task reported"
                            + " its digest, and " + described.problem() + ": adopt again once its tasks run (or pin the"
                            + " image by digest)");
                    return null;
                }
                digest = described.image().digest();
            }
        }
        String hash = releaseHash(reference, repository, digest, described, dryRun, notes, container.name());
        return new Image(new ReleaseImage(container.name(), repository, digest, reference.repositoryUri() + "@" + digest, hash));
    }

    /**
     * The release hash of the image's build: the ledger's; else the build is recorded now (or, in a dry
     * run, made up as it would be) from what ECR says of the image. Null when neither gives one.
     */
    private String releaseHash(ImageReference reference, String repository, String digest, EcrImages.Lookup described,
                               boolean dryRun, List<String> notes, String container) {
        Optional<Build> known = ledger.build(repository, digest);
        if (known.isPresent() && known.get().releaseHash() != null) {
            return known.get().releaseHash();
        }
        EcrImages.Lookup lookup = described != null && digest.equals(described.image().digest()) ? described
                : ecr.describe(reference, digest);
        if (lookup.image() == null) {
            notes.add(container + ": no release hash (" + (known.isPresent() ? "its build has none" : "no build recorded")
                    + ", and " + lookup.problem() + ")");
            return null;
        }
        List<String> tags = lookup.image().tags() == null ? List.of() : lookup.image().tags();
        String tag = tags.stream().filter(t -> project.releaseHashRule().hashOf(t).isPresent()).findFirst()
                .orElse(reference.tag() != null && tags.contains(reference.tag()) ? reference.tag()
                        : tags.isEmpty() ? null : tags.get(0));
        Instant pushedAt = lookup.image().pushedAt() != null ? lookup.image().pushedAt() : now;
        String hash;
        if (dryRun) {
            Set<String> all = new LinkedHashSet<>(known.map(Build::tags).orElse(Set.of()));
            all.addAll(tags);
            ImageMetadata metadata = known.map(Build::metadata).orElseGet(() -> metadataOf(repository, digest));
            hash = ReleaseMaker.releaseHashOf(new Build(repository, digest, reference.repositoryUri(), all, pushedAt, null,
                    metadata, BuildState.UNRELEASED), project.releaseHashRule()).orElse(null);
        } else {
            try {
                hash = recording.record(new ImagePush("hm-adopt", reference.account(), reference.region(), repository,
                        digest, tag, pushedAt)).build().releaseHash();
            } catch (RuntimeException e) {
                notes.add(container + ": its build could not be recorded (" + e.getMessage() + "): no release hash");
                return null;
            }
        }
        if (hash == null) {
            notes.add(container + ": no release hash: " + (tags.isEmpty() ? "its image has no tag" : "its tags ("
                    + String.join(", ", tags) + ") match none of the project's tag patterns")
                    + " and it has no org.opencontainers.image.revision annotation (add a releaseHash.tagPatterns"
                    + " entry that reads your tags, or tag the image ref.<commit>, and adopt again)");
        }
        return hash;
    }

    private ImageMetadata metadataOf(String repository, String digest) {
        try {
            return registry.metadataOf(repository, digest);
        } catch (RuntimeException e) {
            return ImageMetadata.NONE;
        }
    }

    private Result notAdopted(Environment environment, Target target, String why) {
        return new Result(environment.id(), target.service().id(), target.ecsService(), Outcome.NOT_ADOPTED, why, null);
    }

    /** "family:7" from a task definition ARN. */
    static String revision(String taskDefinitionArn) {
        int slash = taskDefinitionArn.lastIndexOf('/');
        return slash < 0 ? taskDefinitionArn : taskDefinitionArn.substring(slash + 1);
    }

    /**
     * The catalogue as a push of an image that runs already must see it: every feed, none of them
     * requesting a release set in an auto-deploy environment (that image runs; a deploy of it would be
     * a deploy nobody asked for). Only {@code feedsOf} and {@code project} are read by a recording.
     */
    public static dev.harbourmaster.ports.Catalogue noAutoDeploy(dev.harbourmaster.ports.Catalogue catalogue) {
        return new dev.harbourmaster.ports.Catalogue() {
            @Override
            public List<dev.harbourmaster.domain.RepositoryFeed> feedsOf(String repository) {
                return catalogue.feedsOf(repository).stream().map(f -> new dev.harbourmaster.domain.RepositoryFeed(
                        f.repository(), f.projectId(), f.serviceSetId(), f.service(), f.container(), f.releaseHashRule(),
                        List.of())).toList();
            }

            @Override
            public Optional<Project> project(String projectId) {
                return catalogue.project(projectId);
            }

            @Override
            public List<dev.harbourmaster.ports.CatalogueChange> plan(Project p) {
                throw new UnsupportedOperationException("a recording of a running image changes no catalogue");
            }

            @Override
            public List<dev.harbourmaster.ports.CatalogueChange> apply(Project p, AppliedBy by) {
                throw new UnsupportedOperationException("a recording of a running image changes no catalogue");
            }
        };
    }
}
