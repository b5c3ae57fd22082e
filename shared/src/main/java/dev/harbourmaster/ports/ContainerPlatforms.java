package dev.harbourmaster.ports;

import dev.harbourmaster.domain.Placement;

/**
 * The ECS of each environment, wherever it lives: one platform per account, region and role
 * ({@link Placement}), made once and kept with its credentials, which it refreshes itself.
 */
@FunctionalInterface
public interface ContainerPlatforms {

    ContainerPlatform at(Placement placement);

    /** One platform for every placement: a single account and region (tests, local mode, tools). */
    static ContainerPlatforms only(ContainerPlatform platform) {
        return placement -> platform;
    }
}
