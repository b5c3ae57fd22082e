package dev.harbourmaster.dashboard;

import dev.harbourmaster.support.Times;
import java.time.Instant;

/** The frame of every page: head, the project's navigation, the main part, and where its JSON is. */
final class Layout {

    /** Seconds between refreshes of a page that shows something in flight (static/live.js reads it). */
    static final int LIVE_SECONDS = 3;

    private Layout() {}

    /**
     * @param projectId null on pages about no project
     * @param section   which navigation entry is current: status, history, diff, metrics, or null
     * @param jsonPath  the API address of the same data, or null
     * @param live      whether the page refreshes itself (something is in flight)
     */
    static String page(String title, String projectId, String section, String jsonPath, boolean live, Instant now,
                       Html main) {
        Html page = new Html();
        page.raw("<!doctype html>").open("html", "lang", "en").open("head")
                .raw("<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .element("title", title + " · Harbourmaster")
                .raw("<link rel=\"stylesheet\" href=\"/static/dashboard.css\"><script src=\"/static/live.js\" defer></script>")
                .close("head").open("body").open("header");
        page.link("/", "⚓ Harbourmaster", "class", "brand");
        if (projectId != null) {
            page.open("nav", "aria-label", "project");
            page.element("span", projectId, "class", "project");
            nav(page, "/p/" + projectId, "Status", "status".equals(section));
            nav(page, "/p/" + projectId + "/history", "History", "history".equals(section));
            nav(page, "/p/" + projectId + "/diff", "Diff", "diff".equals(section));
            nav(page, "/p/" + projectId + "/metrics", "Metrics", "metrics".equals(section));
            page.close("nav");
        }
        page.close("header");
        page.open("main", "id", "main", "data-live", live ? String.valueOf(LIVE_SECONDS) : null);
        page.raw(main.toString());
        page.close("main").open("footer");
        page.text("Read from the table at ").element("time", Times.format(now), "datetime", Times.format(now));
        if (live) {
            page.text(" · refreshing every " + LIVE_SECONDS + " s while something is in flight");
        }
        if (jsonPath != null) {
            page.text(" · the same as JSON: ").link(jsonPath, jsonPath);
        }
        return page.close("footer").close("body").close("html").toString();
    }

    private static void nav(Html page, String href, String label, boolean current) {
        page.link(href, label, "aria-current", current ? "page" : null);
    }
}
