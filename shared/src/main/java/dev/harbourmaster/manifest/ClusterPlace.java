package dev.harbourmaster.manifest;

import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;

/**
 * An ECS cluster where it lives: its name in an account and region (null: the stack's own). Two
 * environments at one place would be one cluster. An account or region left out and the same one
 * written out are told apart here, as the stack's own is not known to the manifest.
 */
record ClusterPlace(String account, String region, String cluster) {

    static ClusterPlace of(Environment environment) {
        Placement placement = environment.placement();
        return new ClusterPlace(placement.account(), placement.region(), environment.cluster());
    }

    /** "cluster 'shop' in account 123456789012, region eu-west-1", or "... in the stack's own account and region". */
    String describe() {
        return "cluster '" + cluster + "' in " + new Placement(account, region, null).describe();
    }
}
