package dev.harbourmaster.domain;

/**
 * One ECR repository feeding one container of one service: what build-recorder looks up on
 * every push. It carries the whole service (all its containers) and the project's release-hash
 * rule so that a release can be made without reading the project.
 */
public record RepositoryFeed(String repository, String projectId, String serviceSetId, Service service,
                             String container, ReleaseHashRule releaseHashRule) {}
