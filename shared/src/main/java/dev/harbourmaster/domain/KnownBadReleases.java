package dev.harbourmaster.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Releases that went wrong somewhere, from the deployments of a window: a deployment of the release
 * that FAILED, ROLLED_BACK, DIGEST_MISMATCH or TIMED_OUT, or one that a later ROLLBACK set in that
 * environment undid (it was the last change before the rollback). A plan warns of them, and hm diff
 * says so beside a release "available, not deployed".
 */
public final class KnownBadReleases {

    /**
     * One thing that went wrong with a service's release in an environment.
     *
     * @param status the deployment's status; for a release undone by a rollback set, {@code ROLLED_BACK}
     * @param why    the failure's cause, or the rollback set's description
     */
    public record Outcome(String serviceId, String releaseHash, String environmentId, DeploymentStatus status, Instant at,
                          String why, boolean undoneByRollbackSet) {}

    public static final KnownBadReleases NONE = new KnownBadReleases(Map.of());

    private final Map<String, List<Outcome>> byRelease;

    private KnownBadReleases(Map<String, List<Outcome>> byRelease) {
        this.byRelease = byRelease;
    }

    /**
     * @param deployments the deployments of a window, of any environments and services
     * @param sets        their release sets (a deployment whose set is missing counts as not a rollback)
     */
    public static KnownBadReleases of(List<Deployment> deployments, List<ReleaseSet> sets) {
        Map<String, ReleaseSet> setsById = new LinkedHashMap<>();
        sets.forEach(s -> setsById.put(s.id(), s));
        Map<String, List<Deployment>> byService = new LinkedHashMap<>();
        deployments.stream().filter(d -> d.status() != null && d.releaseHash() != null)
                .forEach(d -> byService.computeIfAbsent(d.environmentId() + "\n" + d.serviceId(), k -> new ArrayList<>()).add(d));
        Map<String, List<Outcome>> byRelease = new LinkedHashMap<>();
        for (List<Deployment> service : byService.values()) {
            List<Deployment> ordered = service.stream().sorted(Comparator.comparing(Deployment::startedAt,
                    Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
            for (int i = 0; i < ordered.size(); i++) {
                Deployment d = ordered.get(i);
                if (d.status().isFailure()) {
                    add(byRelease, new Outcome(d.serviceId(), d.releaseHash(), d.environmentId(), d.status(), endOf(d),
                            FailureCause.of(d), false));
                }
                ReleaseSet set = setsById.get(d.releaseSetId());
                if (set != null && set.kind() == ReleaseSetKind.ROLLBACK && d.status() != DeploymentStatus.UNCHANGED) {
                    lastChangeBefore(ordered, i, setsById).ifPresent(undone -> add(byRelease, new Outcome(undone.serviceId(),
                            undone.releaseHash(), undone.environmentId(), DeploymentStatus.ROLLED_BACK, endOf(d),
                            set.description(), true)));
                }
            }
        }
        return sorted(byRelease);
    }

    /**
     * What the rows keep ({@link CurrentState.BadReleases}) of what went wrong from {@code from} on: the
     * same outcomes {@link #of(List, List)} finds in the deployments, kept as each deployment ended.
     */
    public static KnownBadReleases kept(List<CurrentState> rows, Instant from) {
        Map<String, List<Outcome>> byRelease = new LinkedHashMap<>();
        for (CurrentState row : rows) {
            if (row.bad() == null) {
                continue;
            }
            row.bad().outcomes().stream().filter(o -> o.at() == null || !o.at().isBefore(from))
                    .forEach(o -> add(byRelease, new Outcome(row.serviceId(), o.releaseHash(), row.environmentId(), o.status(),
                            o.at(), o.why(), o.undoneByRollbackSet())));
        }
        return sorted(byRelease);
    }

    /** These outcomes and {@code other}'s (of other environments and services), newest first. */
    public KnownBadReleases and(KnownBadReleases other) {
        Map<String, List<Outcome>> byRelease = new LinkedHashMap<>();
        this.byRelease.forEach((k, v) -> byRelease.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        other.byRelease.forEach((k, v) -> byRelease.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return sorted(byRelease);
    }

    private static KnownBadReleases sorted(Map<String, List<Outcome>> byRelease) {
        byRelease.values().forEach(list -> list.sort(Comparator.comparing(Outcome::at,
                Comparator.nullsLast(Comparator.reverseOrder()))));
        return new KnownBadReleases(byRelease);
    }

    /** What went wrong with this release of this service, newest first; empty when nothing did. */
    public List<Outcome> of(String serviceId, String releaseHash) {
        return List.copyOf(byRelease.getOrDefault(key(serviceId, releaseHash), List.of()));
    }

    private static Optional<Deployment> lastChangeBefore(List<Deployment> ordered, int rollback,
                                                                   Map<String, ReleaseSet> sets) {
        for (int j = rollback - 1; j >= 0; j--) {
            Deployment before = ordered.get(j);
            ReleaseSet set = sets.get(before.releaseSetId());
            boolean isRollback = set != null && set.kind() == ReleaseSetKind.ROLLBACK;
            if (!isRollback && before.status() != DeploymentStatus.UNCHANGED) {
                return before.isSuccess() && !Objects.equals(before.releaseHash(), ordered.get(rollback).releaseHash())
                        ? Optional.of(before) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static void add(Map<String, List<Outcome>> byRelease, Outcome outcome) {
        byRelease.computeIfAbsent(key(outcome.serviceId(), outcome.releaseHash()), k -> new ArrayList<>()).add(outcome);
    }

    private static Instant endOf(Deployment d) {
        return d.endedAt() != null ? d.endedAt() : d.startedAt();
    }

    private static String key(String serviceId, String releaseHash) {
        return serviceId + "\n" + releaseHash;
    }
}
