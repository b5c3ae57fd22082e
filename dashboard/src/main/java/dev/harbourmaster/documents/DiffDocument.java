package dev.harbourmaster.documents;

import java.util.List;
import java.util.Map;

/**
 * hm diff and /api/p/PROJECT/diff: per service what runs in each of two environments (keyed by
 * environment), then the releases newer than what runs.
 */
public record DiffDocument(String project, List<String> environments, List<Service> services, List<Available> available,
                           int limit) {

    /**
     * @param onlyIn the environment it runs in, when it runs in one only
     * @param config how the first environment's task definition differs from the second's in configuration
     *               ("+FEATURE_X": set in the first only; "memory 512→1024": the second's, then the first's);
     *               empty when they configure the same, null when either is not known
     */
    public record Service(String service, String serviceSet, boolean inManifest, String difference, boolean same,
                          String onlyIn, Map<String, RunningDocument> running, Map<String, List<String>> commitsOnlyIn,
                          List<String> config) {}

    /** @param runs the release hash running there; null for never deployed */
    public record Available(String environment, String service, String runs, boolean runningFound,
                            List<ReleaseDocument> releases, boolean more, String note) {}
}
