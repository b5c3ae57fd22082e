package dev.harbourmaster.dashboard;

import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;
import static dev.harbourmaster.views.Text.shortHash;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.views.EnvironmentDiff;
import dev.harbourmaster.views.Text;
import java.time.Instant;
import java.util.List;

/** Two environments side by side, then the releases each could take that it does not run yet. */
final class DiffPage {

    private final Project project;
    private final String a;
    private final String b;
    private final EnvironmentDiff diff;
    private final Instant now;

    DiffPage(Project project, String a, String b, EnvironmentDiff diff, Instant now) {
        this.project = project;
        this.a = a;
        this.b = b;
        this.diff = diff;
        this.now = now;
    }

    String render() {
        Html html = new Html();
        html.element("h1", a + " and " + b);
        form(html);
        html.element("p", diff.anyDifference() ? "Where they differ is marked ≠." : "They run the same releases.");
        html.open("div", "class", "scroll").open("table", "class", "diff").open("thead").open("tr")
                .element("th", "service", "scope", "col").element("th", a, "scope", "col").element("th", b, "scope", "col")
                .element("th", "difference", "scope", "col").element("th", "configuration", "scope", "col")
                .close("tr").close("thead").open("tbody");
        for (EnvironmentDiff.ServiceDiff s : diff.services()) {
            boolean differs = s.difference() != EnvironmentDiff.Difference.SAME
                    && s.difference() != EnvironmentDiff.Difference.NEITHER;
            html.open("tr", "data-service", s.serviceId(), "class", differs ? "differs" : null)
                    .element("th", s.serviceId() + (s.inManifest() ? "" : " (not in manifest)"), "scope", "row");
            running(html, s.a());
            running(html, s.b());
            html.element("td", (differs ? "≠ " : "= ") + diff.differenceText(s));
            String config = EnvironmentDiff.configText(s);
            html.element("td", config == null ? "not known" : config, "class", config == null ? "meta" : null).close("tr");
        }
        html.close("tbody").close("table").close("div");
        String configNote = diff.configNote();
        if (configNote != null) {
            html.element("p", configNote, "class", "meta");
        }

        html.element("h2", "Available, not deployed");
        boolean any = false;
        html.open("ul", "class", "available");
        for (EnvironmentDiff.Available av : diff.available()) {
            for (Release release : av.newer()) {
                any = true;
                html.open("li").element("strong", av.environmentId() + "/" + av.serviceId())
                        .text(" could take ").element("code", shortHash(release.releaseHash()), "title", release.releaseHash())
                        .text(" (pushed " + (release.createdAt() == null ? "?" : age(release.createdAt(), now) + " ago")
                                + (release.description() == null ? "" : ": " + cut(release.description(), 80)) + "), runs "
                                + (av.running() == null ? "nothing yet" : shortHash(av.running().releaseHash())));
                diff.knownBad(av.serviceId(), release).stream().findFirst().ifPresent(known -> html.element("div",
                        "⚠ " + Text.badOutcome(known, now), "class", "reason"));
                html.close("li");
            }
        }
        html.close("ul");
        if (!any) {
            html.element("p", "None: both run the newest release of every service.", "class", "empty");
        }
        diff.availableNotes().forEach(note -> html.element("p", note, "class", "meta"));
        return Layout.page(a + " and " + b, project.id(), "diff",
                "/api/p/" + project.id() + "/diff?a=" + a + "&b=" + b, false, now, html);
    }

    private void form(Html html) {
        html.open("form", "class", "filters", "method", "get", "action", "/p/" + project.id() + "/diff");
        for (String[] side : List.of(new String[] {"a", a}, new String[] {"b", b})) {
            html.open("label").text(side[0].toUpperCase() + " ").open("select", "name", side[0]);
            for (Environment e : project.environments()) {
                html.element("option", e.id(), "value", e.id(), "selected", e.id().equals(side[1]) ? "selected" : null);
            }
            html.close("select").close("label");
        }
        html.raw("<button type=\"submit\">Compare</button>").close("form");
    }

    private void running(Html html, CurrentState.Running running) {
        if (running == null) {
            html.element("td", "not deployed", "class", "none");
            return;
        }
        if (running.adopted()) {
            // No release set put it there: no page to link to.
            html.open("td").element("span", running.releaseHash() == null ? "no hash" : shortHash(running.releaseHash()),
                            "class", "hash", "title", running.releaseHash() == null ? "no build of the image gave a release hash"
                                    : running.releaseHash())
                    .element("span", " adopted " + age(running.since(), now) + " ago", "class", "meta").close("td");
            return;
        }
        html.open("td").link(HomePage.setHref(running.releaseSetId()), shortHash(running.releaseHash()), "class", "hash",
                        "title", running.releaseHash())
                .element("span", " " + age(running.since(), now) + " ago", "class", "meta").close("td");
    }
}
