package dev.harbourmaster.dashboard;

import static dev.harbourmaster.views.Text.duration;
import static dev.harbourmaster.views.Text.shortHash;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.FailureCause;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.support.Shell;
import dev.harbourmaster.views.ReleaseSetView;
import dev.harbourmaster.views.Text;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One release set: who asked for it and why, each service's deployment with its timings, outcome,
 * the digests ECS was seen running and why it failed, the commits it brought, and the hm commands
 * that act on it.
 */
final class ReleaseSetPage {

    private final ReleaseSetDetail detail;
    private final Project project;
    private final Map<String, Deployment> previous;
    private final Instant now;

    /**
     * @param project  the set's project, for the commands to copy (null when it is no longer registered)
     * @param previous per service, the last successful deployment before this set's: the commit range's start
     */
    ReleaseSetPage(ReleaseSetDetail detail, Project project, Map<String, Deployment> previous, Instant now) {
        this.detail = detail;
        this.project = project;
        this.previous = previous;
        this.now = now;
    }

    boolean live() {
        return !detail.set().status().isFinal();
    }

    String render() {
        ReleaseSet set = detail.set();
        Html html = new Html();
        html.element("h1", title());
        html.open("p", "class", "set-id").text("Release set ").element("code", set.id()).close("p");
        html.open("dl", "class", "facts");
        fact(html, "environment", set.environmentId());
        // Where its deployments ran, when not in the stack's own account and region (as they were rolled, not as the manifest says now).
        set.releases().stream().map(r -> detail.deployment(r.serviceId()).orElse(null)).filter(Objects::nonNull)
                .map(Deployment::placement).filter(p -> p.account() != null || p.region() != null).findFirst()
                .ifPresent(p -> fact(html, "where", new Placement(p.account(), p.region(), null).describe()
                        + (p.roleArn() == null ? "" : " (as " + p.roleArn() + ")")));
        fact(html, "kind", set.kind().name() + (set.serviceSetId() == null ? ", chosen services" : ", service set " + set.serviceSetId()));
        fact(html, "requested", when(set.requestedAt(), now) + " by " + Text.by(set.requestedBy(), set.requestedByArn()));
        fact(html, "why", orDash(set.description()));
        html.element("dt", "outcome").open("dd");
        Badges.badge(html, set.status().name());
        if (set.statusReason() != null) {
            html.element("p", set.statusReason(), "class", "reason");
        }
        html.close("dd").close("dl");

        html.element("h2", "Deployments");
        html.open("div", "class", "scroll").open("table", "class", "deployments").open("thead").open("tr");
        for (String column : List.of("service", "release", "before", "outcome", "started", "ended", "took", "ECS deployment")) {
            html.element("th", column, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (Release release : set.releases()) {
            Deployment d = detail.deployment(release.serviceId()).orElse(null);
            Deployment before = previous.get(release.serviceId());
            html.open("tr", "data-service", release.serviceId()).element("th", release.serviceId(), "scope", "row")
                    .open("td").element("code", shortHash(release.releaseHash()), "title", release.releaseHash()).close("td")
                    .open("td").element("code", before == null ? "–" : shortHash(before.releaseHash())).close("td")
                    .open("td");
            if (d == null) {
                Badges.badge(html, set.status().isFinal() ? null : "REQUESTED", set.status() == ReleaseSetStatus.UNKNOWN
                        ? "not recorded" : set.status().isFinal() ? "not deployed" : "waiting");
            } else {
                Badges.badge(html, d.status().name());
            }
            html.close("td")
                    .open("td").time(d == null ? null : d.startedAt(), now).close("td")
                    .open("td").time(d == null ? null : d.endedAt(), now).close("td")
                    .element("td", d == null ? "–" : orDash(duration(d.durationMillis())))
                    .element("td", d == null ? "–" : orDash(d.ecsDeploymentId()))
                    .close("tr");
        }
        html.close("tbody").close("table").close("div");

        for (Release release : set.releases()) {
            detail.deployment(release.serviceId()).ifPresent(d -> evidence(html, d));
        }
        commits(html);
        commands(html);
        String projectId = set.projectId();
        return Layout.page(title(), projectId, null, "/api/sets/" + set.id(), live(), now, html);
    }

    /** "prod · ingestor 8c8c8c8 · FAILED", or "prod · 3 services · PARTIAL": where, what and how it went. */
    String title() {
        ReleaseSet set = detail.set();
        String what = set.releases().size() == 1
                ? set.releases().get(0).serviceId() + " " + shortHash(set.releases().get(0).releaseHash())
                : Text.services(set.releases().size());
        return set.environmentId() + " · " + what + " · " + set.status();
    }

    private void evidence(Html html, Deployment d) {
        DeploymentEvidence e = d.evidence();
        html.open("section", "class", "evidence", "data-service", d.serviceId())
                .open("h3").text(d.serviceId() + " ");
        Badges.badge(html, d.status().name());
        html.close("h3");
        String cause = FailureCause.of(d);
        Deployment before = previous.get(d.serviceId());
        String failure = !d.status().isFailure() ? null
                : Text.failure(cause, d.reason(), d.status(), before == null ? null : before.releaseHash());
        if (failure != null) {
            html.element("p", failure, "class", "cause");
        }
        String details = failure == null ? d.reason() : Text.details(d.reason(), cause);
        if (details != null) {
            html.element("p", details, "class", "reason");
        }
        html.element("p", "Wanted: " + String.join(", ", d.images().stream().map(i -> i.container() + " " + i.digest()).toList()),
                "class", "wanted");
        ReleaseSetView.config(d).ifPresent(config -> html.element("p", "config: " + config, "class", "config"));
        if (!e.tasks().isEmpty()) {
            html.open("table", "class", "tasks").open("thead").open("tr");
            for (String column : List.of("task", "status", "digests seen", "why it stopped", "logs")) {
                html.element("th", column, "scope", "col");
            }
            html.close("tr").close("thead").open("tbody");
            for (TaskEvidence task : e.tasks()) {
                html.open("tr").element("td", shortTask(task.taskArn()), "title", task.taskArn())
                        .element("td", orDash(task.lastStatus()))
                        .element("td", String.join(", ", task.containers().stream()
                                .map(c -> c.name() + " " + orDash(c.imageDigest())).toList()))
                        .element("td", stopped(task));
                html.open("td");
                if (d.logs().isEmpty()) {
                    html.text("–");
                }
                for (ContainerLog log : d.logs()) {
                    html.link(logsUrl(log, task.taskArn()), log.container() + " logs", "rel", "noopener").text(" ");
                }
                html.close("td").close("tr");
            }
            html.close("tbody").close("table");
        } else if (d.ecsDeploymentId() != null) {
            html.element("p", "No task of this deployment has been seen yet.", "class", "meta");
        }
        List<Event> events = events(e);
        if (!events.isEmpty()) {
            html.element("h4", "What ECS said, oldest first");
            html.open("ol", "class", "reports");
            for (Event event : events) {
                html.open("li").time(event.at(), now).text(" " + event.text()).close("li");
            }
            html.close("ol");
        }
        html.close("section");
    }

    /**
     * The CloudWatch console's page of a task's log stream. The console takes the group and the stream
     * URL-encoded, with each "%" written "$25".
     */
    static String logsUrl(ContainerLog log, String taskArn) {
        return "https://" + log.region() + ".console.aws.amazon.com/cloudwatch/home?region=" + log.region()
                + "#logsV2:log-groups/log-group/" + consoleEncoded(log.group()) + "/log-events/"
                + consoleEncoded(log.stream(shortTask(taskArn)));
    }

    private static String consoleEncoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%", "$25");
    }

    private record Event(Instant at, String text) {}

    /** ECS's reports and notices, the circuit breaker's rollback and the sweeper's verdict, in the order they happened. */
    private static List<Event> events(DeploymentEvidence e) {
        List<Event> events = new ArrayList<>();
        e.reports().forEach(r -> events.add(new Event(r.at(), "ECS: " + r.state() + (r.reason() == null ? "" : ": " + r.reason()))));
        e.notices().forEach(n -> events.add(new Event(n.at(), n.eventType() + " " + n.eventName()
                + (n.reasons().isEmpty() ? "" : ": " + String.join("; ", n.reasons())))));
        if (e.rollback() != null) {
            events.add(new Event(e.rollback().at(), "Circuit breaker rolled back to " + orDash(e.rollback().toDeploymentId())
                    + " (" + orDash(e.rollback().state()) + ")"));
        }
        if (e.timedOut() != null) {
            events.add(new Event(e.timedOutAt(), "Sweeper: " + e.timedOut()));
        }
        events.sort(Comparator.comparing(Event::at, Comparator.nullsLast(Comparator.naturalOrder())));
        return events;
    }

    private static String stopped(TaskEvidence task) {
        if (!task.stopped()) {
            return "–";
        }
        StringBuilder why = new StringBuilder(orDash(task.stopCode()));
        if (task.stoppedReason() != null) {
            why.append(": ").append(task.stoppedReason());
        }
        task.containers().stream().filter(c -> c.exitCode() != null || c.reason() != null).forEach(c -> why
                .append("; ").append(c.name()).append(c.exitCode() == null ? "" : " exit " + c.exitCode())
                .append(c.reason() == null ? "" : " (" + c.reason() + ")"));
        return why.toString();
    }

    /** The commits each service's deployment brought, as the git command that lists them. */
    private void commits(Html html) {
        html.element("h2", "Commits");
        html.open("ul", "class", "commands");
        for (Release release : detail.set().releases()) {
            Deployment before = previous.get(release.serviceId());
            if (before == null) {
                html.element("li", release.serviceId() + ": first deployment here, no earlier release to compare");
            } else if (before.releaseHash() != null && before.releaseHash().equals(release.releaseHash())) {
                html.element("li", release.serviceId() + ": the same release as before");
            } else {
                html.open("li").text(release.serviceId() + ": ")
                        .element("code", Shell.command("git", "log", "--oneline",
                                before.releaseHash() + ".." + release.releaseHash()))
                        .close("li");
            }
        }
        html.close("ul");
    }

    /** What the buttons of a deployment tool would do, as hm commands to copy (the dashboard itself only reads). */
    private void commands(Html html) {
        ReleaseSet set = detail.set();
        html.element("h2", "Act on it");
        html.open("ul", "class", "commands");
        if (set.kind() == ReleaseSetKind.IMPORTED) {
            // History from weco-deploy: its releases are image tags another tool moved, never deployed again.
            html.element("li", "Imported history (hm import weco): weco-deploy recorded who deployed what, where and why,"
                    + " not the outcome; it cannot be promoted or rolled back to.");
            html.open("li").text("The same in a terminal: ").element("code", Shell.command("hm", "show", set.id())).close("li");
            html.close("ul");
            return;
        }
        if (project != null) {
            for (Environment environment : project.environments()) {
                if (!environment.id().equals(set.environmentId())) {
                    html.open("li").text("Promote these releases to " + environment.id() + ": ")
                            .element("code", Shell.command("hm", "promote", "--project", set.projectId(),
                                    "--release-set", set.id(), "--to", environment.id()))
                            .close("li");
                }
            }
        }
        html.open("li").text("Undo the newest release set of " + set.environmentId() + ": ")
                .element("code", Shell.command("hm", "rollback", "--project", set.projectId(), "--env", set.environmentId()))
                .close("li");
        html.open("li").text("Go back to exactly this set's releases: ")
                .element("code", Shell.command("hm", "rollback", "--project", set.projectId(), "--env", set.environmentId(),
                        "--to", set.id())).close("li");
        html.open("li").text("The same in a terminal: ").element("code", Shell.command("hm", "show", set.id())).close("li");
        html.close("ul");
    }

    private static void fact(Html html, String name, String value) {
        html.element("dt", name).element("dd", value);
    }

    private static String shortTask(String taskArn) {
        return taskArn == null ? "–" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    private static String orDash(String text) {
        return text == null ? "–" : text;
    }
}
