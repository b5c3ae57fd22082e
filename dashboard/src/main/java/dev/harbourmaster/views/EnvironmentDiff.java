package dev.harbourmaster.views;


import dev.harbourmaster.documents.DiffDocument;
import dev.harbourmaster.documents.ReleaseDocument;
import dev.harbourmaster.documents.RunningDocument;
import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.KnownBadReleases;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.domain.ServiceSet;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.support.Shell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * What hm diff shows, from what it read: per service, what runs in each of two environments and
 * how they differ (release hash, digests, the commits between them), then, per environment, the
 * releases newer than what runs there. Pure, so the rules and the wording are tested without AWS.
 */
public final class EnvironmentDiff {

    /** How a service differs between the two environments. */
    public enum Difference {
        /** The same images run in both. */
        SAME,
        /** Other release hashes. */
        RELEASE,
        /** The same release hash, other digests (the image was rebuilt, or changed outside). */
        DIGEST,
        /** Deployed in one of them only. */
        ONLY_IN_ONE,
        /** Deployed in neither. */
        NEITHER
    }

    /**
     * One service: what runs in A and in B, and the commits each has that the other lacks.
     *
     * @param config how A's revision's configuration differs from B's ("+FEATURE_X": A has it, B not);
     *               null when either is not known (nothing runs there, or a row written before it was kept)
     */
    public record ServiceDiff(String serviceId, String serviceSetId, boolean inManifest, CurrentState.Running a,
                       CurrentState.Running b, Difference difference, List<String> onlyInA, List<String> onlyInB,
                       ConfigChanges config) {}

    /** Configuration lines shown in a cell; the JSON has them all. */
    static final int CONFIG_SHOWN = 3;

    /**
     * The releases of a service newer than what runs in an environment, newest first.
     *
     * @param runningFound whether the release running there is among the releases read
     * @param more         there are more than were listed
     */
    public record Available(String environmentId, String serviceId, CurrentState.Running running, boolean runningFound,
                     List<Release> newer, boolean more, String note) {}

    private final Project project;
    private final String a;
    private final String b;
    private final List<ServiceDiff> services;
    private final List<Available> available;
    private final int limit;
    private final Instant now;
    private final KnownBadReleases bad;

    private EnvironmentDiff(Project project, String a, String b, List<ServiceDiff> services, List<Available> available,
                            int limit, Instant now, KnownBadReleases bad) {
        this.project = project;
        this.a = a;
        this.b = b;
        this.services = services;
        this.available = available;
        this.limit = limit;
        this.now = now;
        this.bad = bad;
    }

    /** The same diff, saying beside each release not deployed what went wrong with it before. */
    public EnvironmentDiff knowing(KnownBadReleases known) {
        return new EnvironmentDiff(project, a, b, services, available, limit, now, known);
    }

    /** What went wrong with a release of a service before, newest first. */
    public List<KnownBadReleases.Outcome> knownBad(String serviceId, Release release) {
        return bad.of(serviceId, release.releaseHash());
    }

    /**
     * @param releases per service of the manifest, its newest releases, newest first: at least
     *                 {@code limit + 1} when it has that many
     * @param commits  (from, to) → "sha subject" lines of the commits in {@code to} but not in {@code from}
     */
    public static EnvironmentDiff of(ProjectState state, String a, String b, Map<String, List<Release>> releases, int limit,
                              BiFunction<String, String, List<String>> commits, Instant now) {
        Project project = state.project();
        List<ServiceDiff> services = new ArrayList<>();
        for (ServiceSet set : project.serviceSets()) {
            for (Service service : set.services()) {
                services.add(serviceDiff(service.id(), set.id(), true, running(state, a, service.id()),
                        running(state, b, service.id()), commits));
            }
        }
        state.rows().stream()
                .map(CurrentState::serviceId)
                .filter(id -> project.service(id).isEmpty())
                .distinct().sorted()
                .forEach(id -> services.add(serviceDiff(id, null, false, running(state, a, id), running(state, b, id),
                        commits)));
        List<Available> available = new ArrayList<>();
        for (String environment : List.of(a, b)) {
            project.services().forEach(service -> available.add(available(environment, service.id(),
                    running(state, environment, service.id()), releases.getOrDefault(service.id(), List.of()), limit)));
        }
        return new EnvironmentDiff(project, a, b, services, available, limit, now, KnownBadReleases.NONE);
    }

    private static CurrentState.Running running(ProjectState state, String environment, String serviceId) {
        return state.row(environment, serviceId).map(CurrentState::running).orElse(null);
    }

    public static ServiceDiff serviceDiff(String serviceId, String serviceSetId, boolean inManifest, CurrentState.Running a,
                                   CurrentState.Running b, BiFunction<String, String, List<String>> commits) {
        Difference difference;
        if (a == null && b == null) {
            difference = Difference.NEITHER;
        } else if (a == null || b == null) {
            difference = Difference.ONLY_IN_ONE;
        } else if (!Objects.equals(a.releaseHash(), b.releaseHash())) {
            difference = Difference.RELEASE;
        } else if (!ReleaseImage.digestsByContainer(a.images()).equals(ReleaseImage.digestsByContainer(b.images()))) {
            difference = Difference.DIGEST;
        } else {
            difference = Difference.SAME;
        }
        List<String> onlyInA = List.of();
        List<String> onlyInB = List.of();
        if (difference == Difference.RELEASE) {
            onlyInA = commits.apply(b.releaseHash(), a.releaseHash());
            onlyInB = commits.apply(a.releaseHash(), b.releaseHash());
        }
        ConfigChanges config = a == null || b == null || a.config() == null || b.config() == null ? null
                : ConfigChanges.between(b.config(), a.config());
        return new ServiceDiff(serviceId, serviceSetId, inManifest, a, b, difference, onlyInA, onlyInB, config);
    }

    /**
     * The releases newer than the running one: those above it in the newest-first list. It is the
     * release with the same digest for every container (the same hash, when the row has no images).
     */
    public static Available available(String environment, String serviceId, CurrentState.Running running,
                               List<Release> newestFirst, int limit) {
        if (running == null) {
            return new Available(environment, serviceId, null, false, first(newestFirst, limit),
                    newestFirst.size() > limit, "never deployed here");
        }
        for (int i = 0; i < newestFirst.size(); i++) {
            if (isRunning(newestFirst.get(i), running)) {
                return new Available(environment, serviceId, running, true, first(newestFirst, Math.min(i, limit)),
                        i > limit, null);
            }
        }
        if (newestFirst.size() > limit) {
            return new Available(environment, serviceId, running, false, first(newestFirst, limit), true,
                    "its release " + Text.shortHash(running.releaseHash()) + " is older than the newest " + newestFirst.size());
        }
        // The ledger has every release of the service and not the one running: it cannot tell which
        // are newer, but those made after the release was deployed certainly are.
        List<Release> made = running.since() == null ? List.of()
                : newestFirst.stream().filter(r -> r.createdAt() != null && r.createdAt().isAfter(running.since())).toList();
        return new Available(environment, serviceId, running, false, made, false, running.adopted()
                ? "what runs was adopted" + (running.releaseHash() == null ? " with no release hash" : ", release "
                + Text.shortHash(running.releaseHash())) + ", and is not in the ledger; listing the releases made since it was adopted"
                : "its release " + Text.shortHash(running.releaseHash()) + " is not in the ledger; listing the releases made since it was deployed");
    }

    public static boolean isRunning(Release release, CurrentState.Running running) {
        if (running.images().isEmpty()) {
            return Objects.equals(release.releaseHash(), running.releaseHash());
        }
        return ReleaseImage.digestsByContainer(release.images()).equals(ReleaseImage.digestsByContainer(running.images()));
    }

    private static List<Release> first(List<Release> releases, int n) {
        return List.copyOf(releases.subList(0, Math.min(n, releases.size())));
    }

    public List<ServiceDiff> services() {
        return services;
    }

    public List<Available> available() {
        return available;
    }

    public boolean anyDifference() {
        return services.stream().anyMatch(s -> s.difference() != Difference.SAME && s.difference() != Difference.NEITHER);
    }

    // For a person.

    /** "3f9c2ab", "3f9c2ab (adopted)", "(adopted)" for a baseline with no hash; null where nothing runs. */
    private static String release(CurrentState.Running running) {
        if (running == null) {
            return null;
        }
        String hash = Text.shortHash(running.releaseHash());
        return running.adopted() ? (hash == null ? "" : hash + " ") + "(adopted)" : hash;
    }

    public List<Map<String, Object>> serviceRows() {
        boolean anyConfig = services.stream().anyMatch(s -> s.config() != null);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ServiceDiff s : services) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", s.serviceId() + (s.inManifest() ? "" : " (not in manifest)"));
            row.put(a, release(s.a()));
            row.put(a + "Digest", s.a() == null ? null : Text.digests(s.a().images()));
            row.put(b, release(s.b()));
            row.put(b + "Digest", s.b() == null ? null : Text.digests(s.b().images()));
            row.put("diff", differenceText(s));
            if (anyConfig) {
                row.put("config", configText(s));
            }
            rows.add(row);
        }
        return rows;
    }

    public String differenceText(ServiceDiff s) {
        return switch (s.difference()) {
            case SAME -> "same";
            case NEITHER -> "deployed in neither";
            case ONLY_IN_ONE -> "only in " + (s.a() != null ? a : b);
            case DIGEST -> "same release, other digest";
            case RELEASE -> {
                int inA = s.onlyInA().size();
                int inB = s.onlyInB().size();
                if (inA > 0 && inB > 0) {
                    yield "differs: diverged (" + a + " +" + inA + ", " + b + " +" + inB + ")";
                }
                if (inA > 0 || inB > 0) {
                    yield "differs: " + (inA > 0 ? a : b) + " is " + commitCount(Math.max(inA, inB)) + " ahead";
                }
                yield "differs";
            }
        };
    }

    /** "same", "+FEATURE_X, memory 512→1024" (A against B), or null where it cannot be told. */
    public static String configText(ServiceDiff s) {
        if (s.config() == null) {
            return null;
        }
        return s.config().isEmpty() ? "same" : s.config().summary(CONFIG_SHOWN);
    }

    /** What the config column compares, for a line under the table; null when no service has it. */
    public String configNote() {
        return services.stream().anyMatch(s -> s.config() != null && !s.config().isEmpty())
                ? "config: " + a + "'s task definition against " + b + "'s (+ set in " + a + " only, - in " + b
                + " only, ~ another value; values are compared by hash, secrets by where they come from)"
                : null;
    }

    private static String commitCount(int n) {
        return n + (n >= 50 ? "+" : "") + (n == 1 ? " commit" : " commits");
    }

    /** Per service that differs, the commits between the two releases, when hm runs in the project's checkout. */
    public List<String> commitLines() {
        List<String> lines = new ArrayList<>();
        for (ServiceDiff s : services) {
            commitBlock(lines, s, a, b, s.b(), s.a(), s.onlyInA());
            commitBlock(lines, s, b, a, s.a(), s.b(), s.onlyInB());
        }
        boolean hashesDiffer = services.stream().anyMatch(s -> s.difference() == Difference.RELEASE);
        if (hashesDiffer && lines.isEmpty()) {
            lines.add("(Run hm diff inside the project's git checkout, with its history fetched, to list the commits"
                    + " between the releases.)");
        }
        return lines;
    }

    private static void commitBlock(List<String> lines, ServiceDiff s, String in, String notIn, CurrentState.Running from,
                                    CurrentState.Running to, List<String> commits) {
        if (commits.isEmpty()) {
            return;
        }
        lines.add(s.serviceId() + ": in " + in + ", not in " + notIn + " (" + Text.shortHash(from.releaseHash()) + ".."
                + Text.shortHash(to.releaseHash()) + "):");
        commits.forEach(c -> lines.add("  " + c));
    }

    public List<Map<String, Object>> availableRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Available av : available) {
            for (Release release : av.newer()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("environment", av.environmentId());
                row.put("service", av.serviceId());
                row.put("release", Text.shortHash(release.releaseHash()));
                row.put("digest", Text.digests(release.images()));
                row.put("created", release.createdAt() == null ? null : Text.age(release.createdAt(), now) + " ago");
                row.put("runs", av.running() == null ? "never deployed" : Text.shortHash(av.running().releaseHash()));
                row.put("description", Text.cut(release.description(), Text.CELL));
                List<KnownBadReleases.Outcome> known = knownBad(av.serviceId(), release);
                row.put("before", known.isEmpty() ? null : Text.badOutcomeWhere(known.get(0), now)
                        + (known.size() == 1 ? "" : " (+" + (known.size() - 1) + ")"));
                rows.add(row);
            }
        }
        return rows;
    }

    /** What the table of available releases cannot say: lists cut at the limit, running releases the ledger lacks. */
    public List<String> availableNotes() {
        List<String> lines = new ArrayList<>();
        for (Available av : available) {
            if (av.more()) {
                lines.add(av.environmentId() + "/" + av.serviceId() + ": more than " + limit + " releases not deployed"
                        + (av.note() == null ? "" : " (" + av.note() + ")") + "; see '"
                        + Shell.command("hm", "releases", "--project", project.id(), "--service", av.serviceId()) + "'");
            } else if (av.running() != null && !av.runningFound()) {
                lines.add(av.environmentId() + "/" + av.serviceId() + ": " + av.note());
            }
        }
        return lines;
    }

    // For scripts: everything, uncut.

    public DiffDocument json() {
        return new DiffDocument(project.id(), List.of(a, b), services.stream().map(this::serviceJson).toList(),
                available.stream().map(this::availableJson).toList(), limit);
    }

    private DiffDocument.Service serviceJson(ServiceDiff s) {
        Map<String, RunningDocument> running = new LinkedHashMap<>();
        running.put(a, RunningDocument.of(s.a()));
        running.put(b, RunningDocument.of(s.b()));
        Map<String, List<String>> commits = new LinkedHashMap<>();
        commits.put(a, s.onlyInA());
        commits.put(b, s.onlyInB());
        return new DiffDocument.Service(s.serviceId(), s.serviceSetId(), s.inManifest(), s.difference().name(),
                s.difference() == Difference.SAME, s.difference() == Difference.ONLY_IN_ONE ? (s.a() != null ? a : b) : null,
                running, commits, s.config() == null ? null : s.config().lines());
    }

    private DiffDocument.Available availableJson(Available av) {
        return new DiffDocument.Available(av.environmentId(), av.serviceId(),
                av.running() == null ? null : av.running().releaseHash(), av.runningFound(),
                av.newer().stream().map(r -> ReleaseDocument.of(r, knownBad(av.serviceId(), r))).toList(), av.more(), av.note());
    }
}
