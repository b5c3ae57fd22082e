package dev.harbourmaster.domain;

import java.util.List;

/**
 * One ECR repository feeding one container of one service: what build-recorder looks up on
 * every push. It carries the whole service (all its containers), the project's release-hash rule
 * and the environments that deploy new releases at once, so that a push needs no other read.
 */
public record RepositoryFeed(String repository, String projectId, String serviceSetId, Service service,
                             String container, ReleaseHashRule releaseHashRule, List<String> autoDeployEnvironments) {

    public RepositoryFeed {
        autoDeployEnvironments = List.copyOf(autoDeployEnvironments);
    }
}
