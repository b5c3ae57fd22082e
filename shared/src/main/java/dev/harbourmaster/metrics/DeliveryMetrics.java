package dev.harbourmaster.metrics;

import static dev.harbourmaster.domain.DeploymentStatus.COMPLETED;
import static dev.harbourmaster.domain.DeploymentStatus.COMPLETED_UNVERIFIED;
import static dev.harbourmaster.domain.DeploymentStatus.DIGEST_MISMATCH;
import static dev.harbourmaster.domain.DeploymentStatus.FAILED;
import static dev.harbourmaster.domain.DeploymentStatus.IN_PROGRESS;
import static dev.harbourmaster.domain.DeploymentStatus.ROLLED_BACK;
import static dev.harbourmaster.domain.DeploymentStatus.TIMED_OUT;
import static dev.harbourmaster.domain.DeploymentStatus.UNCHANGED;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.metrics.DeliveryReport.ChangeFailureRate;
import dev.harbourmaster.metrics.DeliveryReport.CountPoint;
import dev.harbourmaster.metrics.DeliveryReport.DeploymentFrequency;
import dev.harbourmaster.metrics.DeliveryReport.DurationPoint;
import dev.harbourmaster.metrics.DeliveryReport.LeadTime;
import dev.harbourmaster.metrics.DeliveryReport.Measures;
import dev.harbourmaster.metrics.DeliveryReport.RatePoint;
import dev.harbourmaster.metrics.DeliveryReport.StillFailing;
import dev.harbourmaster.metrics.DeliveryReport.TimeToRestore;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeliveryRecords.History;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Delivery metrics (the four DORA measures) computed from our own records: the deployments of a
 * project that started in a {@link Window}, and their release sets. Pure: no AWS; {@link #of} reads
 * through a {@link DeliveryRecords} port, {@link #compute} takes records already read.
 *
 * <p>The rules, per service in one environment, its deployments in the order they started:
 * <ul>
 *   <li><b>Deployment frequency</b>: deployments that ended COMPLETED or COMPLETED_UNVERIFIED, of any
 *       kind of set (a rollback changes the environment too). UNCHANGED rolled nothing and is not counted.</li>
 *   <li><b>Lead time</b>: release {@code createdAt} (the image push) to deployment {@code endedAt}, for
 *       COMPLETED deployments only (COMPLETED_UNVERIFIED proved nothing ran), and never for ROLLBACK sets:
 *       they redeploy old releases, so push-to-deploy would measure how old the good release was.</li>
 *   <li><b>A change</b> is an ended deployment of a DEPLOY or PROMOTE set (or of a set not found) that
 *       rolled something: any final status but UNCHANGED. Rollback deployments are not changes: they
 *       are the remedy, and counting them would dilute the rate (or, as failures, count one bad change twice).</li>
 *   <li><b>A change failed</b> when it ended FAILED, ROLLED_BACK, DIGEST_MISMATCH or TIMED_OUT, or when
 *       it was <i>undone</i>: a deployment of a ROLLBACK set of that service in that environment followed
 *       it, and it was the last change before that rollback deployment. TIMED_OUT counts as failed: the
 *       sweeper gave up after asking ECS, nobody got a "done" signal, and a change that cannot be shown to
 *       run is not delivered (should late evidence turn it COMPLETED, the record and the metrics follow).
 *       A rollback deployment that ended UNCHANGED undoes nothing (the service already ran what it returns
 *       to: the change before it failed on its own, or it never changed the service); one in flight or
 *       failed does (someone asked to undo the change: that is the evidence). A change counts as failed
 *       once, however many rollbacks follow it. Only changes that started in the window count, so a
 *       rollback at the window's start of a change made before it counts nothing.</li>
 *   <li><b>Change failure rate</b>: changes that failed / changes.</li>
 *   <li><b>Time to restore</b>: a failure begins at the {@code endedAt} of the change that failed (for an
 *       undone change: when it went live, since that is when the bad release started to run); consecutive
 *       failures of a service with no success between them are one failure, from the first. It is restored
 *       by the {@code endedAt} of the next deployment of that service and environment whose status says
 *       the service runs its release ({@link DeploymentStatus#isSuccess()}: COMPLETED, COMPLETED_UNVERIFIED,
 *       or UNCHANGED, as when a rollback finds ECS's circuit breaker already went back), an undone change
 *       excepted. We see deployments, not impairment: a change ROLLED_BACK by the circuit breaker left the
 *       old tasks running, yet counts as failed until a deployment succeeds. A failure with no such
 *       deployment by the window's end is {@link StillFailing}; for a window ending now that is the truth,
 *       for a window in the past it means "not restored within the window".</li>
 * </ul>
 * Durations are never negative (clocks disagreeing by a little give zero). A deployment of an
 * environment's service counts in that environment's numbers, so a release set of three services
 * counts three deployments there.
 */
public final class DeliveryMetrics {

    private static final Set<DeploymentStatus> FAILURES = EnumSet.of(FAILED, ROLLED_BACK, DIGEST_MISMATCH, TIMED_OUT);
    private static final Set<DeploymentStatus> DEPLOYED = EnumSet.of(COMPLETED, COMPLETED_UNVERIFIED);

    private DeliveryMetrics() {}

    /** Reads the project's records in the window and computes its metrics: one call for the dashboard. */
    public static DeliveryReport of(Project project, DeliveryRecords records, Window window) {
        return compute(window, project, records.read(project, window.from(), window.to()));
    }

    /**
     * The metrics of the deployments that started in the window.
     *
     * @param project null: environments and services as the records have them, by name; otherwise the
     *                project's environments and services in manifest order, each whether or not it has a
     *                deployment (zero is data), then any the records name that the manifest no longer has,
     *                and only the project's deployments
     */
    public static DeliveryReport compute(Window window, Project project, History history) {
        Map<String, ReleaseSet> sets = new HashMap<>();
        history.releaseSets().forEach(s -> sets.put(s.id(), s));

        Map<String, Map<String, List<Deployment>>> byEnvironment = new LinkedHashMap<>();
        Set<String> services = new LinkedHashSet<>();
        if (project != null) {
            project.services().forEach(s -> services.add(s.id()));
            project.environments().forEach(e -> byEnvironment.put(e.id(), new LinkedHashMap<>()));
        }
        Set<String> inManifest = Set.copyOf(services);
        Set<String> otherEnvironments = new TreeSet<>();
        Set<String> otherServices = new TreeSet<>();
        long ignored = 0;
        long withoutSet = 0;
        List<Deployment> counted = new ArrayList<>();
        for (Deployment d : history.deployments()) {
            if (project != null && d.projectId() != null && !d.projectId().equals(project.id())) {
                continue;
            }
            if (!readable(d)) {
                ignored++;
                continue;
            }
            if (!window.contains(d.startedAt())) {
                continue;
            }
            if (!sets.containsKey(d.releaseSetId())) {
                withoutSet++;
            }
            counted.add(d);
            if (!byEnvironment.containsKey(d.environmentId())) {
                otherEnvironments.add(d.environmentId());
            }
            if (!services.contains(d.serviceId())) {
                otherServices.add(d.serviceId());
            }
        }
        otherEnvironments.forEach(e -> byEnvironment.put(e, new LinkedHashMap<>()));
        services.addAll(otherServices);
        for (Map<String, List<Deployment>> of : byEnvironment.values()) {
            services.forEach(s -> of.put(s, new ArrayList<>()));
        }
        counted.forEach(d -> byEnvironment.get(d.environmentId()).get(d.serviceId()).add(d));

        List<Measures> environmentMeasures = new ArrayList<>();
        List<Measures> serviceMeasures = new ArrayList<>();
        for (var environment : byEnvironment.entrySet()) {
            List<Evaluated> all = new ArrayList<>();
            for (var service : environment.getValue().entrySet()) {
                if (!inManifest.contains(service.getKey()) && service.getValue().isEmpty()) {
                    // Without a project, or gone from the manifest: a service shows where it has deployments.
                    continue;
                }
                Evaluated evaluated = evaluate(environment.getKey(), service.getKey(), service.getValue(), sets, window);
                all.add(evaluated);
                serviceMeasures.add(measures(environment.getKey(), service.getKey(), List.of(evaluated), window));
            }
            environmentMeasures.add(measures(environment.getKey(), null, all, window));
        }
        return new DeliveryReport(window, environmentMeasures, serviceMeasures, ignored, withoutSet);
    }

    /** What we need of a deployment to place it; a final status without an end is a record we cannot trust. */
    private static boolean readable(Deployment d) {
        return d.environmentId() != null && d.serviceId() != null && d.status() != null && d.startedAt() != null
                && (d.status() == IN_PROGRESS || d.endedAt() != null);
    }

    /** One deployment as the metrics see it. */
    private record Fact(int bucket, boolean deployed, boolean change, boolean failed, Duration leadTime) {}

    /** A failure of a service and, once restored, how long it took (null while still failing). */
    private record Failure(String environmentId, String serviceId, Instant since, String releaseSetId, int bucket,
                           Duration restoredAfter) {}

    private record Evaluated(List<Fact> facts, List<Failure> failures) {}

    /** One service in one environment, every rule of the class comment applied in the order its deployments started. */
    private static Evaluated evaluate(String environmentId, String serviceId, List<Deployment> deployments,
                                      Map<String, ReleaseSet> sets, Window window) {
        List<Deployment> ordered = new ArrayList<>(deployments);
        ordered.sort(Comparator.comparing(Deployment::startedAt)
                .thenComparing(Deployment::releaseSetId, Comparator.nullsFirst(Comparator.naturalOrder())));
        int size = ordered.size();
        boolean[] rollback = new boolean[size];
        boolean[] undone = new boolean[size];
        for (int i = 0; i < size; i++) {
            ReleaseSet set = sets.get(ordered.get(i).releaseSetId());
            rollback[i] = set != null && set.kind() == ReleaseSetKind.ROLLBACK;
        }
        for (int i = 0; i < size; i++) {
            if (rollback[i] && ordered.get(i).status() != UNCHANGED) {
                for (int j = i - 1; j >= 0; j--) {
                    if (!rollback[j] && isChange(ordered.get(j))) {
                        undone[j] = true;
                        break;
                    }
                }
            }
        }

        List<Fact> facts = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Failure open = null;
        for (int i = 0; i < size; i++) {
            Deployment d = ordered.get(i);
            int bucket = window.bucketIndex(d.startedAt());
            boolean change = !rollback[i] && isChange(d);
            boolean failed = change && (FAILURES.contains(d.status()) || undone[i]);
            facts.add(new Fact(bucket, DEPLOYED.contains(d.status()), change, failed,
                    rollback[i] ? null : leadTime(d, sets.get(d.releaseSetId()))));
            if (failed) {
                if (open == null) {
                    open = new Failure(environmentId, serviceId, d.endedAt(), d.releaseSetId(), bucket, null);
                }
            } else if (open != null && d.isSuccess()) {
                failures.add(new Failure(environmentId, serviceId, open.since(), open.releaseSetId(), open.bucket(),
                        nonNegative(Duration.between(open.since(), d.endedAt()))));
                open = null;
            }
        }
        if (open != null) {
            failures.add(open);
        }
        return new Evaluated(facts, failures);
    }

    private static boolean isChange(Deployment d) {
        return d.status().isFinal() && d.status() != UNCHANGED;
    }

    private static Duration leadTime(Deployment d, ReleaseSet set) {
        if (d.status() != COMPLETED || set == null) {
            return null;
        }
        Instant pushed = set.releases().stream()
                .filter(r -> Objects.equals(r.serviceId(), d.serviceId()))
                .map(Release::createdAt)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
        return pushed == null ? null : nonNegative(Duration.between(pushed, d.endedAt()));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Measures measures(String environmentId, String serviceId, List<Evaluated> parts, Window window) {
        List<Window.Bucket> buckets = window.buckets();
        int n = buckets.size();
        long[] deployed = new long[n];
        long[] changes = new long[n];
        long[] failed = new long[n];
        List<List<Duration>> leadTimes = lists(n);
        List<List<Duration>> restores = lists(n);
        List<Duration> allLeadTimes = new ArrayList<>();
        List<Duration> allRestores = new ArrayList<>();
        List<StillFailing> stillFailing = new ArrayList<>();
        for (Evaluated part : parts) {
            for (Fact fact : part.facts()) {
                int b = fact.bucket();
                if (fact.deployed()) {
                    deployed[b]++;
                }
                if (fact.change()) {
                    changes[b]++;
                    if (fact.failed()) {
                        failed[b]++;
                    }
                }
                if (fact.leadTime() != null) {
                    leadTimes.get(b).add(fact.leadTime());
                    allLeadTimes.add(fact.leadTime());
                }
            }
            for (Failure failure : part.failures()) {
                if (failure.restoredAfter() == null) {
                    stillFailing.add(new StillFailing(failure.environmentId(), failure.serviceId(), failure.since(),
                            failure.releaseSetId()));
                } else {
                    restores.get(failure.bucket()).add(failure.restoredAfter());
                    allRestores.add(failure.restoredAfter());
                }
            }
        }
        stillFailing.sort(Comparator.comparing(StillFailing::since));

        List<CountPoint> frequency = new ArrayList<>();
        List<DurationPoint> leadTimeSeries = new ArrayList<>();
        List<RatePoint> failureSeries = new ArrayList<>();
        List<DurationPoint> restoreSeries = new ArrayList<>();
        long totalDeployed = 0;
        long totalChanges = 0;
        long totalFailed = 0;
        for (int b = 0; b < n; b++) {
            Window.Bucket bucket = buckets.get(b);
            frequency.add(new CountPoint(bucket.start(), bucket.end(), deployed[b]));
            leadTimeSeries.add(new DurationPoint(bucket.start(), bucket.end(), median(leadTimes.get(b)), leadTimes.get(b).size()));
            failureSeries.add(new RatePoint(bucket.start(), bucket.end(), rate(failed[b], changes[b]), failed[b], changes[b]));
            restoreSeries.add(new DurationPoint(bucket.start(), bucket.end(), median(restores.get(b)), restores.get(b).size()));
            totalDeployed += deployed[b];
            totalChanges += changes[b];
            totalFailed += failed[b];
        }
        return new Measures(environmentId, serviceId,
                new DeploymentFrequency(totalDeployed, totalDeployed / window.days(), frequency),
                new LeadTime(median(allLeadTimes), percentile(allLeadTimes, 0.9), allLeadTimes.size(), leadTimeSeries),
                new ChangeFailureRate(rate(totalFailed, totalChanges), totalFailed, totalChanges, failureSeries),
                new TimeToRestore(median(allRestores), allRestores.size(), restoreSeries, stillFailing));
    }

    private static List<List<Duration>> lists(int n) {
        List<List<Duration>> lists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static Double rate(long failed, long of) {
        return of == 0 ? null : (double) failed / of;
    }

    /** The middle value; the mean of the two middle ones for an even count; null for none. */
    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle)
                : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
    }

    /** Nearest rank: the ⌈p·n⌉-th smallest value; null for none. */
    static Duration percentile(List<Duration> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }
}
