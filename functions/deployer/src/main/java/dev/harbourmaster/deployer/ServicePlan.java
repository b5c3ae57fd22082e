package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.ports.TaskDefinition;
import java.util.Map;

/**
 * One service of a release set as found before rolling: where it runs, what it runs now, or why
 * it cannot be rolled.
 *
 * @param current the task definition the service runs now, or null when ECS could not tell ({@code problem} says why)
 */
record ServicePlan(Release release, String cluster, String ecsServiceName, TaskDefinition current, String problem) {

    static ServicePlan found(Release release, String cluster, String ecsServiceName, TaskDefinition current) {
        return new ServicePlan(release, cluster, ecsServiceName, current, null);
    }

    static ServicePlan unusable(Release release, String cluster, String ecsServiceName, String problem) {
        return new ServicePlan(release, cluster, ecsServiceName, null, problem);
    }

    /** Container → digest-pinned image the release asks for. */
    Map<String, String> wantedImages() {
        return ReleaseImage.byContainer(release.images());
    }

    /** True when every container of the release already runs exactly the release's image. */
    boolean alreadyRunning() {
        return current != null && wantedImages().entrySet().stream()
                .allMatch(e -> e.getValue().equals(current.imagesByContainer().get(e.getKey())));
    }
}
