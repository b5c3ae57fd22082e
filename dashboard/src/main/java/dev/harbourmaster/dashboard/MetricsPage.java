package dev.harbourmaster.dashboard;

import dev.harbourmaster.metrics.DeliveryReport.Measures;
import dev.harbourmaster.metrics.DeliveryReport;
import dev.harbourmaster.metrics.Window;
import dev.harbourmaster.support.Times;
import dev.harbourmaster.views.Text;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Delivery metrics of each environment, from our own records: how often it deploys, how long a
 * push takes to run there, how many changes fail, and how long a failure lasts; then the same per
 * service as a table.
 */
final class MetricsPage {

    /** The windows a person can choose, in days. */
    static final List<Integer> WINDOWS = List.of(7, 30, 90);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final String projectId;
    private final DeliveryReport report;
    private final int days;
    private final Instant now;

    MetricsPage(String projectId, DeliveryReport report, int days, Instant now) {
        this.projectId = projectId;
        this.report = report;
        this.days = days;
        this.now = now;
    }

    /** 7 and 30 days are drawn by day, 90 by week. */
    static Window window(int days, Instant now) {
        return Window.last(Duration.ofDays(days), now, days > 30 ? Window.BucketSize.WEEK : Window.BucketSize.DAY);
    }

    String render() {
        Html html = new Html();
        html.element("h1", "Delivery metrics");
        html.open("p", "class", "filters").text("Last ");
        for (int choice : WINDOWS) {
            html.link("/p/" + projectId + "/metrics?days=" + choice, choice + " days", "aria-current",
                    choice == days ? "page" : null).text(" ");
        }
        html.text(" · per " + report.window().bucketSize().name().toLowerCase(Locale.ROOT) + ", UTC, from our own records")
                .close("p");
        for (Measures environment : report.environments()) {
            html.open("section", "class", "environment", "data-env", environment.environmentId())
                    .element("h2", environment.environmentId());
            html.open("div", "class", "plots");
            frequency(html, environment);
            leadTime(html, environment);
            failureRate(html, environment);
            restore(html, environment);
            html.close("div");
            services(html, environment.environmentId());
            html.close("section");
        }
        if (report.environments().isEmpty()) {
            html.element("p", "The project has no environments.", "class", "empty");
        }
        if (report.ignoredDeployments() > 0) {
            html.element("p", report.ignoredDeployments() + " deployment records could not be placed and are left out.",
                    "class", "meta");
        }
        return Layout.page("Metrics of " + projectId, projectId, "metrics", "/api/p/" + projectId + "/metrics?days=" + days,
                false, now, html);
    }

    private void frequency(Html html, Measures m) {
        var f = m.deploymentFrequency();
        card(html, "Deployment frequency", f.n() == 0 ? "none" : String.format(Locale.ROOT, "%.2f / day", f.perDay()),
                f.n() + " successful deployments",
                f.series().stream().map(p -> new Plots.Bar((double) p.n(), label(p.start()) + ": " + p.n(), false)).toList());
    }

    private void leadTime(Html html, Measures m) {
        var l = m.leadTime();
        card(html, "Lead time, push to running", l.median() == null ? "no data" : "median " + Text.duration(l.median().toMillis()),
                l.n() == 0 ? "no completed deployment of a pushed release"
                        : "p90 " + Text.duration(l.p90().toMillis()) + ", of " + l.n(),
                l.series().stream().map(p -> new Plots.Bar(p.median() == null ? null : (double) p.median().toMillis(),
                        label(p.start()) + ": " + (p.median() == null ? "none" : Text.duration(p.median().toMillis())), false)).toList());
    }

    private void failureRate(Html html, Measures m) {
        var c = m.changeFailureRate();
        card(html, "Change failure rate", c.rate() == null ? "no changes" : percent(c.rate()),
                c.failed() + " of " + c.n() + " changes failed or were rolled back",
                c.series().stream().map(p -> new Plots.Bar(p.rate(), label(p.start()) + ": "
                        + (p.rate() == null ? "no changes" : percent(p.rate()) + " (" + p.failed() + " of " + p.n() + ")"),
                        true)).toList());
    }

    private void restore(Html html, Measures m) {
        var t = m.timeToRestore();
        String still = t.stillFailing().isEmpty() ? "" : "; " + t.stillFailing().size() + " still failing since "
                + Times.format(t.stillFailing().get(0).since());
        card(html, "Time to restore", t.median() == null ? "no failures restored" : "median " + Text.duration(t.median().toMillis()),
                t.n() + " restored" + still,
                t.series().stream().map(p -> new Plots.Bar(p.median() == null ? null : (double) p.median().toMillis(),
                        label(p.start()) + ": " + (p.median() == null ? "none" : Text.duration(p.median().toMillis())), true)).toList());
    }

    private static void card(Html html, String title, String figure, String detail, List<Plots.Bar> bars) {
        html.open("figure", "class", "plot").element("h3", title).element("div", figure, "class", "figure")
                .raw(Plots.bars(title, bars)).element("figcaption", detail, "class", "meta").close("figure");
    }

    private void services(Html html, String environmentId) {
        List<Measures> services = report.servicesOf(environmentId);
        if (services.isEmpty()) {
            return;
        }
        html.open("div", "class", "scroll").open("table", "class", "metrics").open("thead").open("tr");
        for (String column : List.of("service", "deployments", "per day", "lead time (median)", "change failure rate",
                "time to restore (median)")) {
            html.element("th", column, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (Measures s : services) {
            var cfr = s.changeFailureRate();
            html.open("tr", "data-service", s.serviceId()).element("th", s.serviceId(), "scope", "row")
                    .element("td", String.valueOf(s.deploymentFrequency().n()))
                    .element("td", String.format(Locale.ROOT, "%.2f", s.deploymentFrequency().perDay()))
                    .element("td", s.leadTime().median() == null ? "–" : Text.duration(s.leadTime().median().toMillis()))
                    .element("td", cfr.rate() == null ? "–" : percent(cfr.rate()) + " (" + cfr.failed() + " of " + cfr.n() + ")")
                    .element("td", s.timeToRestore().median() == null ? "–"
                            : Text.duration(s.timeToRestore().median().toMillis()))
                    .close("tr");
        }
        html.close("tbody").close("table").close("div");
    }

    private static String label(Instant start) {
        return DAY.format(start);
    }

    private static String percent(double rate) {
        return String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }
}
