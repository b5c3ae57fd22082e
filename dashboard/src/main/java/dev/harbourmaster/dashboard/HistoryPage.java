package dev.harbourmaster.dashboard;

import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;
import static dev.harbourmaster.views.Text.when;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.views.Text;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Release sets newest first, with a form of filters that are kept in every link, and the next page. */
final class HistoryPage {

    private static final int WHY = 70;

    private final Project project;
    private final HistoryFilters filters;
    private final DeploymentHistory.HistoryPage page;
    private final Instant now;

    HistoryPage(Project project, HistoryFilters filters, DeploymentHistory.HistoryPage page, Instant now) {
        this.project = project;
        this.filters = filters;
        this.page = page;
        this.now = now;
    }

    String render() {
        Html html = new Html();
        html.element("h1", "History");
        form(html);
        if (page.releaseSets().isEmpty()) {
            html.element("p", filters.any() ? "No release set matches these filters." : "No release set yet.",
                    "class", "empty");
        } else {
            table(html);
        }
        html.open("p", "class", "pager");
        if (filters.pageToken() != null) {
            html.link(href(null), "⇤ newest");
        }
        if (page.nextPageToken() != null) {
            html.text(" ").link(href(page.nextPageToken()), "older →", "rel", "next");
        }
        html.close("p");
        String api = "/api/p/" + project.id() + "/history" + query(filters.pageToken());
        return Layout.page("History of " + project.id(), project.id(), "history", api, false, now, html);
    }

    private void form(Html html) {
        html.open("form", "class", "filters", "method", "get", "action", "/p/" + project.id() + "/history");
        select(html, "env", "environment", project.environments().stream().map(Environment::id).toList(), filters.environmentId());
        select(html, "service", "service", project.services().map(Service::id).toList(), filters.serviceId());
        select(html, "status", "outcome", java.util.Arrays.stream(ReleaseSetStatus.values()).map(Enum::name).toList(),
                filters.status() == null ? null : filters.status().name());
        input(html, "by", "person", "text", filters.requestedBy());
        input(html, "since", "since", "date", filters.sinceText());
        input(html, "until", "until", "date", filters.untilText());
        html.raw("<button type=\"submit\">Filter</button>");
        if (filters.any()) {
            html.text(" ").link("/p/" + project.id() + "/history", "clear");
        }
        html.close("form");
    }

    private static void select(Html html, String name, String label, List<String> options, String chosen) {
        html.open("label").text(label + " ").open("select", "name", name).element("option", "any", "value", "");
        for (String option : options) {
            html.element("option", option, "value", option, "selected", option.equals(chosen) ? "selected" : null);
        }
        html.close("select").close("label");
    }

    private static void input(Html html, String name, String label, String type, String value) {
        html.open("label").text(label + " ").open("input", "name", name, "type", type, "value", value).close("label");
    }

    private void table(Html html) {
        html.open("div", "class", "scroll").open("table", "class", "history").open("thead").open("tr");
        for (String column : List.of("release set", "environment", "kind", "outcome", "requested", "by", "services", "why")) {
            html.element("th", column, "scope", "col");
        }
        html.close("tr").close("thead").open("tbody");
        for (ReleaseSet set : page.releaseSets()) {
            html.open("tr", "data-set", set.id()).open("td").link(HomePage.setHref(set.id()), set.id(), "class", "hash").close("td")
                    .element("td", set.environmentId())
                    .element("td", set.kind().name())
                    .open("td");
            Badges.badge(html, set.status().name());
            if (set.statusReason() != null && set.status() != ReleaseSetStatus.SUCCEEDED) {
                html.element("div", cut(set.statusReason(), WHY), "class", "reason", "title", set.statusReason());
            }
            html.close("td")
                    .element("td", age(set.requestedAt(), now) + " ago", "title", when(set.requestedAt(), now))
                    .element("td", Text.by(set.requestedBy(), set.requestedByArn()))
                    .element("td", String.join(", ", set.serviceIds()))
                    .element("td", set.description() == null ? "–" : cut(set.description(), WHY), "title", set.description())
                    .close("tr");
        }
        html.close("tbody").close("table").close("div");
    }

    private String href(String pageToken) {
        return "/p/" + project.id() + "/history" + query(pageToken);
    }

    /** The filters (and a page) as a query string, so every link keeps them. */
    private String query(String pageToken) {
        Map<String, String> params = new LinkedHashMap<>(filters.params());
        if (pageToken != null) {
            params.put("page", pageToken);
        }
        List<String> pairs = new ArrayList<>();
        params.forEach((k, v) -> pairs.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }
}
