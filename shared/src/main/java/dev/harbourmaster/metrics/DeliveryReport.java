package dev.harbourmaster.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The delivery metrics of one project over a {@link Window}: one {@link Measures} per environment
 * and one per (environment, service), computed by {@link DeliveryMetrics}.
 *
 * <p>Every series has one point per {@link Window#buckets() bucket of the window}, oldest first,
 * empty buckets included, so all series of a report line up: a point carries its bucket's
 * {@code start} and {@code end}, its value and {@code n}, the count behind the value. A value that
 * has no data is {@code null}, never NaN or zero (a bucket with no change has no failure rate).
 * A deployment falls in the bucket of its {@code startedAt}; so does a failure (the bucket of
 * the deployment that failed).
 *
 * @param environments      per environment, over all its services' deployments (a release set of
 *                          three services counts three deployments); in manifest order
 * @param services          per (environment, service); environment by environment, services in manifest order
 * @param ignoredDeployments deployments read (for the window) that could not be placed and are left out of
 *                          every number: no environment, service, status or start, or a final status
 *                          with no end
 * @param withoutReleaseSet deployments whose release set was not found: counted, but with no lead time
 *                          and taken for a change (not a rollback)
 */
public record DeliveryReport(Window window, List<Measures> environments, List<Measures> services,
                             long ignoredDeployments, long withoutReleaseSet) {

    public DeliveryReport {
        environments = List.copyOf(environments);
        services = List.copyOf(services);
    }

    public Optional<Measures> environment(String environmentId) {
        return environments.stream().filter(m -> m.environmentId().equals(environmentId)).findFirst();
    }

    public Optional<Measures> service(String environmentId, String serviceId) {
        return services.stream()
                .filter(m -> m.environmentId().equals(environmentId) && Objects.equals(m.serviceId(), serviceId))
                .findFirst();
    }

    /** The services of one environment, in report order. */
    public List<Measures> servicesOf(String environmentId) {
        return services.stream().filter(m -> m.environmentId().equals(environmentId)).toList();
    }

    /**
     * The four measures of one environment ({@code serviceId} null) or one service in one environment.
     */
    public record Measures(String environmentId, String serviceId, DeploymentFrequency deploymentFrequency,
                           LeadTime leadTime, ChangeFailureRate changeFailureRate, TimeToRestore timeToRestore) {}

    /**
     * Successful deployments: status COMPLETED or COMPLETED_UNVERIFIED, of any kind of release set
     * (rollbacks included: the environment changed). Not UNCHANGED (nothing was rolled), not in flight,
     * not failed.
     *
     * @param n      how many in the window
     * @param perDay {@code n} divided by the window's length in days ({@link Window#days()}); 0.0 when none
     * @param series per bucket: how many ({@link CountPoint#n()})
     */
    public record DeploymentFrequency(long n, double perDay, List<CountPoint> series) {
        public DeploymentFrequency {
            series = List.copyOf(series);
        }
    }

    /**
     * Time from the push of the image (the release's {@code createdAt}) to the end of its COMPLETED
     * deployment ({@code endedAt}). Only COMPLETED (verified) deployments of DEPLOY and PROMOTE sets:
     * a rollback set redeploys old releases, whose push-to-deploy time says nothing about delivery.
     * A promotion's lead time runs from the push, so prod's lead time includes the time in staging.
     *
     * @param median the median (the mean of the two middle ones when {@code n} is even); null when n = 0
     * @param p90    the 90th percentile, nearest rank (the ⌈0.9·n⌉-th shortest); null when n = 0
     * @param n      how many deployments were measured
     * @param series per bucket: the median and n of the deployments that started in it
     */
    public record LeadTime(Duration median, Duration p90, long n, List<DurationPoint> series) {
        public LeadTime {
            series = List.copyOf(series);
        }
    }

    /**
     * The share of changes that failed. See {@link DeliveryMetrics} for the exact rule.
     *
     * @param rate   {@code failed / n}, 0.0 to 1.0; null when n = 0
     * @param failed changes that failed
     * @param n      changes: ended deployments of DEPLOY and PROMOTE sets that rolled something (not UNCHANGED)
     * @param series per bucket: rate, failed and n of the changes that started in it
     */
    public record ChangeFailureRate(Double rate, long failed, long n, List<RatePoint> series) {
        public ChangeFailureRate {
            series = List.copyOf(series);
        }
    }

    /**
     * How long a service stayed failed: from a failure to the end of the next successful deployment of
     * that service in that environment. See {@link DeliveryMetrics} for the exact rule.
     *
     * @param median       the median of the restored failures; null when none was restored
     * @param n            failures restored within the window
     * @param series       per bucket: median and n of the restored failures that began in it
     * @param stillFailing failures not restored by the window's end, oldest first (at most one per service)
     */
    public record TimeToRestore(Duration median, long n, List<DurationPoint> series, List<StillFailing> stillFailing) {
        public TimeToRestore {
            series = List.copyOf(series);
            stillFailing = List.copyOf(stillFailing);
        }
    }

    /**
     * A service whose last failure no successful deployment has followed yet: "still failing since …".
     *
     * @param since        when the failure began (see {@link DeliveryMetrics})
     * @param releaseSetId the release set of the deployment that failed first
     */
    public record StillFailing(String environmentId, String serviceId, Instant since, String releaseSetId) {}

    /** A bucket's count: the bar's height is {@code n}. */
    public record CountPoint(Instant start, Instant end, long n) {}

    /** A bucket's median duration over {@code n} values; {@code median} is null when n = 0. */
    public record DurationPoint(Instant start, Instant end, Duration median, long n) {}

    /** A bucket's rate, {@code failed} of {@code n}; {@code rate} is null when n = 0. */
    public record RatePoint(Instant start, Instant end, Double rate, long failed, long n) {}
}
