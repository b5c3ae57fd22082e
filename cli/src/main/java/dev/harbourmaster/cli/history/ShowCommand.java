package dev.harbourmaster.cli.history;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.views.Output;
import dev.harbourmaster.views.ReleaseSetView;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import dev.harbourmaster.ports.MalformedReleaseSetException;
import dev.harbourmaster.domain.ReleaseSetIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** One release set and its deployments with their evidence: one Query (access patterns 4 and 7). */
@Command(name = "show", footerHeading = Hm.EXAMPLES, footer = {
        "  hm show catalogue/staging/01JD8XK0000000000000000000",
        "  hm show catalogue/staging/01JD8XK0000000000000000000 --output json"},
        description = "One release set: who, why, status, and each deployment with what ECS reported.")
public final class ShowCommand extends RecordCommand {

    @Parameters(index = "0", paramLabel = "RELEASE_SET_ID", description = "The release set's id, as hm history shows it.")
    String releaseSetId;

    public ShowCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        // ULIDs are case-insensitive; the table stores them upper-case.
        String id = ReleaseSetIds.isValid(ReleaseSetIds.normalise(releaseSetId)) ? ReleaseSetIds.normalise(releaseSetId)
                : releaseSetId.strip();
        ReleaseSetDetail detail;
        try {
            String lookup = id;
            detail = history().releaseSet(lookup).orElseThrow(() -> new CliException("release set " + lookup
                    + " not found; list them with hm history --project PROJECT"));
        } catch (MalformedReleaseSetException e) {
            throw new CliException(e.getMessage() + "; it was not written by Harbourmaster: fix or delete the item");
        }
        ReleaseSetView view = new ReleaseSetView(detail, Instant.now());
        Output out = output();
        if (out.isJson()) {
            out.json(view.json());
            return 0;
        }
        view.header().forEach(out::say);
        out.say("");
        List<Map<String, Object>> rows = view.deploymentRows();
        if (!rows.isEmpty()) {
            out.table(rows);
        }
        view.evidence().forEach(out::say);
        return 0;
    }
}
