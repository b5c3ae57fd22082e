package dev.harbourmaster.views;


import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;
import static dev.harbourmaster.views.Text.format;

import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.ports.DeploymentHistory.HistoryPage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What hm history shows of a page of release sets. */
public final class HistoryView {

    private final HistoryPage page;
    private final Instant now;

    public HistoryView(HistoryPage page, Instant now) {
        this.page = page;
        this.now = now;
    }

    public List<Map<String, Object>> tableRows() {
        return page.releaseSets().stream().map(set -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", set.id());
            row.put("environment", set.environmentId());
            row.put("kind", set.kind().name());
            row.put("status", set.status().name());
            row.put("requestedBy", Words.by(set.requestedBy(), set.requestedByArn()));
            row.put("age", age(set.requestedAt(), now));
            row.put("services", set.releases().size());
            row.put("description", cut(set.description(), Text.CELL));
            row.put("statusReason", cut(set.statusReason(), Text.CELL));
            return row;
        }).toList();
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("releaseSets", page.releaseSets().stream().map(HistoryView::setJson).toList());
        json.put("nextPage", page.nextPageToken());
        return json;
    }

    /** A release set, uncut, without its releases' images (hm show has them). */
    public static Map<String, Object> setJson(ReleaseSet set) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", set.id());
        s.put("project", set.projectId());
        s.put("environment", set.environmentId());
        s.put("serviceSet", set.serviceSetId());
        s.put("kind", set.kind().name());
        s.put("status", set.status().name());
        s.put("statusReason", set.statusReason());
        s.put("requestedBy", set.requestedBy());
        s.put("requestedByArn", set.requestedByArn());
        s.put("requestedAt", format(set.requestedAt()));
        s.put("description", set.description());
        s.put("services", set.serviceIds());
        s.put("releases", set.releases().stream().map(r -> {
            Map<String, Object> release = new LinkedHashMap<>();
            release.put("service", r.serviceId());
            release.put("releaseHash", r.releaseHash());
            return release;
        }).toList());
        return s;
    }
}
