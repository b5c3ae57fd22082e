package dev.harbourmaster.views;


import static dev.harbourmaster.views.Text.age;
import static dev.harbourmaster.views.Text.cut;

import dev.harbourmaster.documents.HistoryDocument;
import dev.harbourmaster.documents.ReleaseSetDocument;
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
            row.put("requestedBy", Text.by(set.requestedBy(), set.requestedByArn()));
            row.put("age", age(set.requestedAt(), now));
            row.put("services", set.releases().size());
            row.put("description", cut(set.description(), Text.CELL));
            row.put("statusReason", cut(set.statusReason(), Text.CELL));
            return row;
        }).toList();
    }

    public HistoryDocument json() {
        return new HistoryDocument(page.releaseSets().stream().map(ReleaseSetDocument::summary).toList(),
                page.nextPageToken());
    }
}
