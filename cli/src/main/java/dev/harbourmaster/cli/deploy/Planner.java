package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.cli.ProjectLookup.environment;
import static dev.harbourmaster.views.Text.shortHash;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.cli.ProjectLookup;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import dev.harbourmaster.ports.DeploymentHistory.HistoryQuery;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides what a deploy, a promote or a rollback would change, from what it read: the project with
 * its current-state rows (what runs where), the releases, and the history. Pure apart from the
 * reads it is handed, so every choice and every refusal is tested without AWS.
 */
final class Planner {

    /** How many releases of a service a --release HASH is looked for in (one Query). */
    static final int RELEASES_SEARCHED = 200;
    /** How many of a service's newest releases "latest" reads: those of one hash pushed together sit at the top. */
    static final int SAME_HASH_SEARCHED = 10;
    /** How many of the project's newest releases (of any service) "latest" reads first, in one Query. */
    static final int PROJECT_RELEASES_READ = 200;
    /** How many release sets of an environment a rollback looks back through, at most. */
    static final int HISTORY_SEARCHED = 1000;
    private static final int HISTORY_PAGE = 100;

    private final BuildLedger ledger;
    private final BiFunction<String, String, List<String>> commits;
    private final Instant now;
    /** The project's newest releases: read ahead, or on first use. */
    private CompletableFuture<BuildLedger.NewestReleases> projectReleases;

    /**
     * @param commits (from hash, to hash) → "abc1234 subject" lines of the commits between them (GitLog)
     */
    Planner(BuildLedger ledger, BiFunction<String, String, List<String>> commits, Instant now) {
        this.ledger = ledger;
        this.commits = commits;
        this.now = now;
    }

    /**
     * Starts reading the project's newest releases, what {@link #deploy} plans from, on a thread of its own:
     * the Query is then under way while the caller reads the project's state (a round trip saved).
     */
    void readProjectReleasesAhead(String projectId) {
        projectReleases = CompletableFuture.supplyAsync(() -> ledger.newestReleases(projectId, PROJECT_RELEASES_READ),
                read -> Thread.ofPlatform().daemon().name("hm-releases").start(read));
    }

    // hm deploy

    /**
     * @param serviceIds null: every service of the project that has a release; otherwise exactly these
     * @param release    "latest" (or null), or a release hash or its beginning
     */
    Plan deploy(ProjectState state, String environmentId, List<String> serviceIds, String release) {
        Project project = state.project();
        Environment environment = environment(project, environmentId);
        String hash = release == null || release.strip().equalsIgnoreCase("latest") ? null
                : release.strip().toLowerCase(Locale.ROOT);
        boolean chosen = serviceIds != null;
        List<Service> services = chosen
                ? serviceIds.stream().map(id -> ProjectLookup.service(project, id)).distinct().toList()
                : project.services().toList();

        List<ServiceChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Service service : services) {
            Optional<Release> found = hash == null ? latest(project, service) : byHash(project, service, hash, chosen);
            if (found.isEmpty()) {
                if (chosen) {
                    throw new CliException("service '" + service.id() + "' has no release yet: push an image of it tagged"
                            + " ref.<git sha> (" + Shell.command("hm", "builds", "--project", project.id(), "--service",
                            service.id()) + " shows what was pushed)");
                }
                notes.add(service.id() + ": " + (hash == null ? "no release yet" : "no release " + hash)
                        + ", left out (keeps what runs)");
                continue;
            }
            List<String> missing = found.get().missingContainers(service);
            if (!missing.isEmpty()) {
                String problem = service.id() + ": release " + shortHash(found.get().releaseHash()) + " has no image for "
                        + String.join(", ", missing);
                if (chosen) {
                    throw new CliException(problem + ": push an image of " + String.join(", ", missing)
                            + " too, or choose another release with --release HASH ("
                            + Shell.command("hm", "releases", "--project", project.id(), "--service", service.id()) + ")");
                }
                notes.add(problem + ", left out (keeps what runs)");
                continue;
            }
            changes.add(change(state, environment.id(), service.id(), found.get(), null));
        }
        if (changes.isEmpty()) {
            throw new CliException(hash == null
                    ? "no service of project '" + project.id() + "' has a release yet: push an image tagged ref.<git sha>"
                    + " to one of its repositories (" + Shell.command("hm", "builds", "--project", project.id())
                    + " shows what was pushed)"
                    : "no service of project '" + project.id() + "' has a release '" + hash + "': list the releases with "
                    + Shell.command("hm", "releases", "--project", project.id()));
        }
        if (chosen) {
            List<String> rest = project.services().map(Service::id)
                    .filter(id -> changes.stream().noneMatch(c -> c.serviceId().equals(id))).toList();
            if (!rest.isEmpty()) {
                notes.add("the rest keeps what runs: " + String.join(", ", rest));
            }
        }
        String serviceSet = chosen ? null : wholeServiceSet(project, changes);
        List<ServiceChange> changing = changes.stream().filter(c -> !c.unchanged()).toList();
        return new Plan(project, environment.id(), ReleaseSetKind.DEPLOY, serviceSet, List.of(), changes, notes,
                describe("deploy", changing));
    }

    /** The newest release of the service, the most complete of those with its hash (see {@link #mostComplete}). */
    private Optional<Release> latest(Project project, Service service) {
        List<Release> newest = newestOf(project, service);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        String hash = newest.get(0).releaseHash();
        return Optional.of(mostComplete(newest.stream().filter(r -> r.releaseHash().equals(hash)).toList(), service));
    }

    /**
     * The service's {@value #SAME_HASH_SEARCHED} newest releases, or as many of them as {@link #latest}
     * needs: taken from the project's newest (one Query for every service) when they answer for the
     * service, else read with a Query of its own. They answer when they are all the project has, when
     * they hold as many of the service's, or when they hold a release with an image for every container
     * of the newest hash: everything newer than the oldest of them is among them.
     */
    private List<Release> newestOf(Project project, Service service) {
        BuildLedger.NewestReleases newest = projectReleases(project.id());
        List<Release> ofService = newest.releases().stream().filter(r -> r.serviceId().equals(service.id()))
                .limit(SAME_HASH_SEARCHED).toList();
        if (newest.all() || ofService.size() == SAME_HASH_SEARCHED || !ofService.isEmpty() && ofService.stream()
                .anyMatch(r -> Objects.equals(r.releaseHash(), ofService.get(0).releaseHash())
                        && r.missingContainers(service).isEmpty())) {
            return ofService;
        }
        return ledger.releases(project.id(), service.id(), SAME_HASH_SEARCHED);
    }

    private BuildLedger.NewestReleases projectReleases(String projectId) {
        if (projectReleases == null) {
            projectReleases = CompletableFuture.completedFuture(ledger.newestReleases(projectId, PROJECT_RELEASES_READ));
        }
        try {
            return projectReleases.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Of releases of one hash, newest first, the newest that has an image for every container, else the
     * newest. Images of one commit pushed to a service's repositories in the same second make a release
     * each, one lacking the containers not pushed yet when it was recorded; push times to the second
     * do not tell which came last, so the newest alone could be the incomplete one.
     */
    private static Release mostComplete(List<Release> sameHash, Service service) {
        return sameHash.stream().filter(r -> r.missingContainers(service).isEmpty()).findFirst().orElse(sameHash.get(0));
    }

    private Optional<Release> byHash(Project project, Service service, String hash, boolean chosen) {
        List<Release> releases = ledger.releases(project.id(), service.id(), RELEASES_SEARCHED);
        List<Release> exact = releases.stream().filter(r -> hash.equalsIgnoreCase(r.releaseHash())).toList();
        if (!exact.isEmpty()) {
            return Optional.of(mostComplete(exact, service));
        }
        List<Release> prefixed = releases.stream()
                .filter(r -> r.releaseHash() != null && r.releaseHash().toLowerCase(Locale.ROOT).startsWith(hash)).toList();
        Set<String> hashes = prefixed.stream().map(Release::releaseHash).collect(Collectors.toCollection(LinkedHashSet::new));
        if (hashes.size() > 1) {
            throw new CliException("release '" + hash + "' of " + service.id() + " is ambiguous: it begins "
                    + String.join(", ", hashes) + "; give more of the hash");
        }
        if (prefixed.isEmpty() && chosen) {
            throw new CliException("service '" + service.id() + "' has no release '" + hash + "': list its releases with "
                    + Shell.command("hm", "releases", "--project", project.id(), "--service", service.id()));
        }
        return prefixed.isEmpty() ? Optional.empty() : Optional.of(mostComplete(prefixed, service));
    }

    // hm promote

    /**
     * What runs in {@code fromId}, for {@code toId}: each service's running release (from the release
     * set that put it there, which holds the whole release); services never deployed there are left out.
     *
     * @param setById reads a release set (the ones that put the running releases there)
     */
    Plan promote(ProjectState state, String fromId, String toId, Function<String, Optional<ReleaseSet>> setById) {
        Project project = state.project();
        Environment from = environment(project, fromId);
        Environment to = environment(project, toId);
        Map<String, Optional<ReleaseSet>> sets = new HashMap<>();
        List<ServiceChange> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Service service : project.services().toList()) {
            CurrentState.Running running = running(state, from.id(), service.id());
            if (running == null || running.images().isEmpty()) {
                notes.add(service.id() + ": never deployed in " + from.id() + ", left out (" + to.id() + " keeps what runs)");
                continue;
            }
            Release release;
            if (running.adopted()) {
                // No set put it there: the deployer takes only a release build-recorder recorded, so find that one.
                Optional<Release> recorded = recordedRelease(project.id(), service.id(), running);
                if (recorded.isEmpty()) {
                    notes.add(service.id() + ": what runs in " + from.id() + " was adopted, and no recorded release has its"
                            + " images" + (running.releaseHash() == null ? " (no build of them gave a release hash)" : "")
                            + ", left out: deploy a release there first");
                    continue;
                }
                release = recorded.get();
            } else {
                release = runningRelease(project, service.id(), running,
                        running.releaseSetId() == null ? Optional.empty()
                                : sets.computeIfAbsent(running.releaseSetId(), setById));
            }
            List<String> missing = release.missingContainers(service);
            if (!missing.isEmpty()) {
                notes.add(service.id() + ": what runs in " + from.id() + " has no image for " + String.join(", ", missing)
                        + " (the manifest changed since), left out");
                continue;
            }
            changes.add(change(state, to.id(), service.id(), release, null));
        }
        if (changes.isEmpty()) {
            throw new CliException("nothing runs in " + project.id() + "/" + from.id() + " yet to promote: deploy there"
                    + " first (" + Shell.command("hm", "deploy", "--project", project.id(), "--env", from.id()) + ")");
        }
        List<ServiceChange> changing = changes.stream().filter(c -> !c.unchanged()).toList();
        return new Plan(project, to.id(), ReleaseSetKind.PROMOTE, wholeServiceSet(project, changes),
                List.of("What runs in " + from.id() + ", for " + to.id() + ":"), changes, notes,
                describe("promote " + from.id() + " to " + to.id() + ":", changing, "promote " + from.id() + " to " + to.id() + ": "));
    }

    /** The releases of one release set, for {@code toId}. */
    Plan promoteSet(ProjectState state, String toId, ReleaseSet source) {
        Project project = state.project();
        Environment to = environment(project, toId);
        requireProject(project, source);
        List<String> notes = new ArrayList<>();
        List<ServiceChange> changes = releasesOf(state, to.id(), source, source.releases(), null, notes);
        if (changes.isEmpty()) {
            throw new CliException("release set " + source.id() + " has no release of a service of project '"
                    + project.id() + "' to promote");
        }
        List<String> context = new ArrayList<>();
        context.add("The releases of release set " + source.id() + " (" + source.environmentId() + ", " + source.status()
                + ", requested " + when(source.requestedAt(), now) + " by "
                + Text.by(source.requestedBy(), source.requestedByArn())
                + (source.description() == null ? "" : ": " + Text.cut(source.description(), 80)) + "), for " + to.id() + ":");
        List<ServiceChange> changing = changes.stream().filter(c -> !c.unchanged()).toList();
        String serviceSet = changes.size() == source.releases().size() ? source.serviceSetId() : null;
        return new Plan(project, to.id(), ReleaseSetKind.PROMOTE, serviceSet, context, changes, notes,
                describe("promote " + source.environmentId() + " to " + to.id() + ":", changing,
                        "promote " + source.environmentId() + " to " + to.id() + ": "));
    }

    // hm rollback

    /**
     * Undoes the newest release set that ran in the environment (SUCCEEDED, PARTIAL or FAILED: the
     * "current" one): each of its services goes back to its release in the newest SUCCEEDED set
     * before it that released that service. When the services of the current set were all released
     * by the SUCCEEDED set just before it (the usual case), that is exactly "redeploy the last
     * SUCCEEDED set before the current one"; when sets release a few services each (auto-deploy of
     * one push), it still returns each service the current set changed to its last good release,
     * and leaves alone what the current set did not change.
     */
    Plan rollback(ProjectState state, String environmentId, DeploymentHistory history) {
        Project project = state.project();
        Environment environment = environment(project, environmentId);
        String where = project.id() + "/" + environment.id();
        ReleaseSet current = null;
        Map<String, ReleaseSet> origins = new LinkedHashMap<>();
        String token = null;
        int read = 0;
        do {
            HistoryPage page = history.history(new HistoryQuery(project.id(), environment.id(), null, null, HISTORY_PAGE, token),
                    List.of(environment.id()));
            for (ReleaseSet set : page.releaseSets()) {
                read++;
                if (current == null) {
                    if (ran(set.status())) {
                        current = set;
                    }
                } else if (set.status() == ReleaseSetStatus.SUCCEEDED) {
                    for (String serviceId : set.serviceIds()) {
                        if (current.serviceIds().contains(serviceId)) {
                            origins.putIfAbsent(serviceId, set);
                        }
                    }
                }
            }
            token = page.nextPageToken();
        } while (token != null && read < HISTORY_SEARCHED
                && (current == null || origins.size() < current.serviceIds().size()));

        if (current == null) {
            throw new CliException("nothing to roll back in " + where + ": no release set has run there yet"
                    + " (" + Shell.command("hm", "history", "--project", project.id(), "--env", environment.id()) + ")");
        }
        if (origins.isEmpty()) {
            throw new CliException("no SUCCEEDED release set before " + current.id() + " in " + where + " released "
                    + String.join(", ", current.serviceIds()) + ": nothing to roll back to; name a release set with --to ID"
                    + " (" + Shell.command("hm", "history", "--project", project.id(), "--env", environment.id()) + ")");
        }
        List<String> notes = new ArrayList<>();
        List<ServiceChange> changes = new ArrayList<>();
        for (String serviceId : current.serviceIds()) {
            ReleaseSet origin = origins.get(serviceId);
            if (origin == null) {
                notes.add(serviceId + ": no SUCCEEDED release set before " + current.id() + " released it, left as it is");
                continue;
            }
            Release release = origin.releases().stream().filter(r -> r.serviceId().equals(serviceId)).findFirst().orElseThrow();
            changes.addAll(releasesOf(state, environment.id(), origin, List.of(release), origin.id(), notes));
        }
        if (changes.isEmpty()) {
            throw new CliException("nothing to roll back to in " + where + ": " + String.join("; ", notes));
        }
        List<String> context = new ArrayList<>();
        context.add("Current: release set " + describeSet(current) + ", the newest that ran in " + environment.id());
        Map<String, ReleaseSet> targets = new LinkedHashMap<>();
        changes.forEach(c -> targets.putIfAbsent(c.origin(), origins.get(c.serviceId())));
        ReleaseSet single = targets.size() == 1 ? targets.values().iterator().next() : null;
        if (single != null) {
            context.add("Back to: release set " + describeSet(single) + ", the last SUCCEEDED set before it");
            ReleaseSet currentSet = current;
            List<String> others = single.serviceIds().stream().filter(id -> !currentSet.serviceIds().contains(id)).toList();
            if (!others.isEmpty()) {
                context.add("  (only the services the current set released go back; "
                        + String.join(", ", others) + " keep what runs)");
            }
        } else {
            context.add("Back to: each service's release in the last SUCCEEDED set before it that released it:");
        }
        String description = single != null
                ? "roll back " + current.id() + " to " + single.id() + (single.description() == null ? ""
                : " (" + Text.cut(single.description(), 80) + ")")
                : "roll back " + current.id();
        return new Plan(project, environment.id(), ReleaseSetKind.ROLLBACK, wholeServiceSet(project, changes), context,
                changes, notes, description);
    }

    /** Redeploys the releases of the release set named with --to. */
    Plan rollbackTo(ProjectState state, String environmentId, ReleaseSet target) {
        Project project = state.project();
        Environment environment = environment(project, environmentId);
        requireProject(project, target);
        if (!target.environmentId().equals(environment.id())) {
            throw new CliException("release set " + target.id() + " was for " + target.environmentId() + ", not "
                    + environment.id() + ": to deploy its releases to " + environment.id() + ", use "
                    + Shell.command("hm", "promote", "--project", project.id(), "--to", environment.id(),
                    "--release-set", target.id()));
        }
        List<String> notes = new ArrayList<>();
        List<ServiceChange> changes = releasesOf(state, environment.id(), target, target.releases(), target.id(), notes);
        if (changes.isEmpty()) {
            throw new CliException("release set " + target.id() + " has no release of a service of project '"
                    + project.id() + "' to roll back to");
        }
        List<String> context = new ArrayList<>();
        context.add("Back to: release set " + describeSet(target) + ", as named");
        if (target.status() != ReleaseSetStatus.SUCCEEDED) {
            context.add("  (it ended " + target.status() + ": its releases are deployed as it asked for them)");
        }
        String serviceSet = changes.size() == target.releases().size() ? target.serviceSetId() : null;
        return new Plan(project, environment.id(), ReleaseSetKind.ROLLBACK, serviceSet, context, changes, notes,
                "roll back to " + target.id() + (target.description() == null ? ""
                        : " (" + Text.cut(target.description(), 80) + ")"));
    }

    // shared

    private ServiceChange change(ProjectState state, String environmentId, String serviceId, Release release, String origin) {
        CurrentState.Running now = running(state, environmentId, serviceId);
        List<String> between = now == null || now.releaseHash() == null || Objects.equals(now.releaseHash(), release.releaseHash()) ? List.of()
                : commits.apply(now.releaseHash(), release.releaseHash());
        return new ServiceChange(serviceId, now, release, between == null ? List.of() : between, origin);
    }

    /** The releases of a set for an environment; those of services the manifest no longer has are left out, said so. */
    private List<ServiceChange> releasesOf(ProjectState state, String environmentId, ReleaseSet set, List<Release> releases,
                                           String origin, List<String> notes) {
        List<ServiceChange> changes = new ArrayList<>();
        for (Release release : releases) {
            Optional<Service> service = state.project().service(release.serviceId());
            if (service.isEmpty()) {
                notes.add(release.serviceId() + ": no longer a service of " + state.project().id() + ", left out");
                continue;
            }
            List<String> missing = release.missingContainers(service.get());
            if (!missing.isEmpty()) {
                notes.add(release.serviceId() + ": its release in " + set.id() + " has no image for " + String.join(", ", missing)
                        + " (the manifest changed since), left out");
                continue;
            }
            changes.add(change(state, environmentId, release.serviceId(), release, origin));
        }
        return changes;
    }

    /**
     * The release that runs: the one the release set that put it there holds (it has the release's
     * time and description, which the deployer's downgrade guardrail reads), else one made from the
     * current-state row (the set is gone): its time is when it started running, so the guardrail
     * treats it as at least that new.
     */
    private static Release runningRelease(Project project, String serviceId, CurrentState.Running running,
                                          Optional<ReleaseSet> set) {
        Map<String, String> wanted = ReleaseImage.digestsByContainer(running.images());
        Optional<Release> held = set.flatMap(s -> s.releases().stream()
                .filter(r -> r.serviceId().equals(serviceId) && sameDigests(r.images(), wanted)).findFirst());
        if (held.isPresent()) {
            return held.get();
        }
        ReleaseImage first = running.images().get(0);
        return new Release(project.id(), project.serviceSetOf(serviceId).map(ServiceSet::id).orElse(null), serviceId,
                running.releaseHash(), running.images(), first.repository(), first.digest(), running.since(),
                running.description());
    }

    /** The newest release in the ledger with exactly these images' digests (one Query of the service's newest releases). */
    private Optional<Release> recordedRelease(String projectId, String serviceId, CurrentState.Running running) {
        Map<String, String> wanted = ReleaseImage.digestsByContainer(running.images());
        return ledger.releases(projectId, serviceId, RELEASES_SEARCHED).stream()
                .filter(r -> sameDigests(r.images(), wanted)).findFirst();
    }

    private static boolean sameDigests(List<ReleaseImage> images, Map<String, String> wanted) {
        return ReleaseImage.digestsByContainer(images).equals(wanted);
    }

    private static CurrentState.Running running(ProjectState state, String environmentId, String serviceId) {
        return state.row(environmentId, serviceId).map(CurrentState::running).orElse(null);
    }

    /** The service set the releases make up exactly, if they make one up; else null (chosen services). */
    static String wholeServiceSet(Project project, List<ServiceChange> changes) {
        Set<String> ids = changes.stream().map(ServiceChange::serviceId).collect(Collectors.toSet());
        return project.serviceSets().stream()
                .filter(set -> set.services().stream().map(Service::id).collect(Collectors.toSet()).equals(ids))
                .map(ServiceSet::id).findFirst().orElse(null);
    }

    private static boolean ran(ReleaseSetStatus status) {
        return status == ReleaseSetStatus.SUCCEEDED || status == ReleaseSetStatus.PARTIAL
                || status == ReleaseSetStatus.FAILED;
    }

    private String describeSet(ReleaseSet set) {
        return set.id() + " (" + set.status() + ", requested " + when(set.requestedAt(), now) + " by "
                + Text.by(set.requestedBy(), set.requestedByArn()) + (set.description() == null ? "" : ": " + Text.cut(set.description(), 80)) + ")";
    }

    private static void requireProject(Project project, ReleaseSet set) {
        if (!set.projectId().equals(project.id())) {
            throw new CliException("release set " + set.id() + " is of project '" + set.projectId() + "', not '"
                    + project.id() + "'");
        }
        if (set.kind() == ReleaseSetKind.IMPORTED) {
            // Its releases name the image tags the other tool moved, not builds recorded from pushes.
            throw new CliException("release set " + set.id() + " is IMPORTED history (hm import weco): its releases are"
                    + " image tags weco-deploy recorded, not builds Harbourmaster recorded, so it cannot be deployed again;"
                    + " deploy the release by its hash instead ("
                    + Shell.command("hm", "deploy", "--project", project.id(), "--env", set.environmentId(), "--release", "HASH")
                    + ", after its image is pushed or adopted)");
        }
    }

    /** The default "why": the first commit subject (+N more), else what is deployed. */
    static String describe(String verb, List<ServiceChange> changing) {
        return describe(verb, changing, "");
    }

    static String describe(String verb, List<ServiceChange> changing, String prefix) {
        List<String> subjects = changing.stream().flatMap(c -> c.commits().stream())
                .map(line -> line.contains(" ") ? line.substring(line.indexOf(' ') + 1) : line)
                .distinct().toList();
        if (!subjects.isEmpty()) {
            return prefix + subjects.get(0) + (subjects.size() > 1 ? " (+" + (subjects.size() - 1) + " more)" : "");
        }
        Set<String> hashes = changing.stream().map(c -> shortHash(c.release().releaseHash()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (hashes.size() == 1) {
            return verb + " " + hashes.iterator().next();
        }
        return verb + " " + changing.stream().map(c -> c.serviceId() + " " + shortHash(c.release().releaseHash()))
                .collect(Collectors.joining(", "));
    }
}
