package dev.harbourmaster.deployer;

import dev.harbourmaster.domain.ConfigChanges;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.ports.TaskDefinition;
import java.util.Map;

/**
 * One service of a release set as found before rolling: where it runs, what it runs now, the
 * revision its new one copies, or why it cannot be rolled.
 *
 * @param current  the task definition the service runs now, or null when ECS could not tell ({@code problem} says why)
 * @param base     the revision the new one copies (images replaced): {@code current}, or its family's newest
 * @param baseKind which of the two the environment asks for
 */
record ServicePlan(Release release, String cluster, String ecsServiceName, TaskDefinition current, TaskDefinition base,
                   TaskDefinitionBase baseKind, String problem) {

    static ServicePlan found(Release release, String cluster, String ecsServiceName, TaskDefinition current) {
        return found(release, cluster, ecsServiceName, current, current, TaskDefinitionBase.RUNNING);
    }

    static ServicePlan found(Release release, String cluster, String ecsServiceName, TaskDefinition current,
                             TaskDefinition base, TaskDefinitionBase baseKind) {
        return new ServicePlan(release, cluster, ecsServiceName, current, base, baseKind, null);
    }

    static ServicePlan unusable(Release release, String cluster, String ecsServiceName, String problem) {
        return new ServicePlan(release, cluster, ecsServiceName, null, null, TaskDefinitionBase.RUNNING, problem);
    }

    /** Container → digest-pinned image the release asks for. */
    Map<String, String> wantedImages() {
        return ReleaseImage.byContainer(release.images());
    }

    /** True when every container of the release already runs exactly the release's image. */
    boolean imagesRunning() {
        return current != null && wantedImages().entrySet().stream()
                .allMatch(e -> e.getValue().equals(current.imagesByContainer().get(e.getKey())));
    }

    /** What the new revision's configuration changes from what runs: none when it copies the running one. */
    ConfigChanges configChanges() {
        return current == null || base == null || base.arn().equals(current.arn()) ? ConfigChanges.NONE
                : ConfigChanges.between(current.config(), base.config());
    }

    /** True when the service already runs the release's images and the base changes no configuration. */
    boolean alreadyRunning() {
        return imagesRunning() && configChanges().isEmpty();
    }
}
