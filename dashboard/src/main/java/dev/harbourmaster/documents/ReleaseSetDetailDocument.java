package dev.harbourmaster.documents;

import dev.harbourmaster.ports.DeploymentHistory.ReleaseSetDetail;
import java.util.List;

/** hm show and /api/sets/ID: the set with its releases whole, each deployment with its evidence, and the services not deployed. */
public record ReleaseSetDetailDocument(ReleaseSetDocument<ReleaseSetDocument.Whole> releaseSet,
                                       List<DeploymentDocument> deployments, List<String> notDeployed) {

    public static ReleaseSetDetailDocument of(ReleaseSetDetail detail) {
        return new ReleaseSetDetailDocument(ReleaseSetDocument.whole(detail.set()),
                detail.deployments().stream().map(DeploymentDocument::of).toList(),
                detail.set().serviceIds().stream().filter(id -> detail.deployment(id).isEmpty()).toList());
    }
}
