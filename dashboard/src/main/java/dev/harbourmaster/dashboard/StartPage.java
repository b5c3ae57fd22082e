package dev.harbourmaster.dashboard;

import java.time.Instant;
import java.util.List;

/** The start: the projects this dashboard was started for, and a box to open any other by its id. */
final class StartPage {

    private final List<String> projects;
    private final Instant now;

    StartPage(List<String> projects, Instant now) {
        this.projects = projects;
        this.now = now;
    }

    String render() {
        Html html = new Html();
        html.element("h1", "Projects");
        if (projects.isEmpty()) {
            html.element("p", "No project was named when this dashboard started (hm dashboard --project P names one).",
                    "class", "empty");
        } else {
            html.open("ul", "class", "projects");
            projects.forEach(p -> html.open("li").link("/p/" + p, p).close("li"));
            html.close("ul");
        }
        html.open("form", "method", "get", "action", "/p").open("label").text("Open a project by its id ")
                .open("input", "name", "project", "required", "required", "pattern", "[a-z0-9_-]+").close("label")
                .raw("<button type=\"submit\">Open</button>").close("form");
        return Layout.page("Harbourmaster", null, null, null, false, now, html);
    }
}
