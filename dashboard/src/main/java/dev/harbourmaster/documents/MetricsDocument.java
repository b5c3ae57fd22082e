package dev.harbourmaster.documents;

import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.metrics.DeliveryReport;
import dev.harbourmaster.metrics.DeliveryReport.Measures;
import java.time.Duration;
import java.util.List;

/** /api/p/PROJECT/metrics: the four delivery measures per environment and service; durations in milliseconds. */
public record MetricsDocument(String project, String from, String to, String bucket, List<MeasuresDocument> environments,
                              List<MeasuresDocument> services, long ignoredDeployments, long withoutReleaseSet) {

    /** @param service null for the environment's own measures */
    public record MeasuresDocument(String environment, String service, Frequency deploymentFrequency, Lead leadTime,
                                   FailureRate changeFailureRate, Restore timeToRestore) {}

    public record Frequency(long n, double perDay, List<Count> series) {}

    public record Lead(Long medianMs, Long p90Ms, long n, List<Median> series) {}

    public record FailureRate(Double rate, long failed, long n, List<Rate> series) {}

    public record Restore(Long medianMs, long n, List<StillFailing> stillFailing, List<Median> series) {}

    public record StillFailing(String service, String since, String releaseSet) {}

    public record Count(String start, long n) {}

    public record Median(String start, Long medianMs) {}

    public record Rate(String start, Double rate) {}

    public static MetricsDocument of(String projectId, DeliveryReport report) {
        return new MetricsDocument(projectId, format(report.window().from()), format(report.window().to()),
                report.window().bucketSize().name(), report.environments().stream().map(MetricsDocument::measures).toList(),
                report.services().stream().map(MetricsDocument::measures).toList(), report.ignoredDeployments(),
                report.withoutReleaseSet());
    }

    private static MeasuresDocument measures(Measures m) {
        var f = m.deploymentFrequency();
        var l = m.leadTime();
        var c = m.changeFailureRate();
        var t = m.timeToRestore();
        return new MeasuresDocument(m.environmentId(), m.serviceId(),
                new Frequency(f.n(), f.perDay(), f.series().stream().map(p -> new Count(format(p.start()), p.n())).toList()),
                new Lead(millis(l.median()), millis(l.p90()), l.n(), l.series().stream()
                        .map(p -> new Median(format(p.start()), millis(p.median()))).toList()),
                new FailureRate(c.rate(), c.failed(), c.n(), c.series().stream()
                        .map(p -> new Rate(format(p.start()), p.rate())).toList()),
                new Restore(millis(t.median()), t.n(), t.stillFailing().stream()
                        .map(s -> new StillFailing(s.serviceId(), format(s.since()), s.releaseSetId())).toList(),
                        t.series().stream().map(p -> new Median(format(p.start()), millis(p.median()))).toList()));
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }
}
