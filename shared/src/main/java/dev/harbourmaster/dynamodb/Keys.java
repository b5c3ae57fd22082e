package dev.harbourmaster.dynamodb;

import dev.harbourmaster.domain.Placement;

/**
 * The table's key design, in one place. docs/data-model.md explains it pattern by pattern.
 * Ids cannot contain '#' (the manifest and ECR naming rules forbid it), so '#' separates parts.
 */
final class Keys {

    static final String PK = "PK";
    static final String SK = "SK";
    static final String GSI1 = "GSI1";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    static final String GSI2 = "GSI2";
    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";
    static final String TYPE = "type";

    static final String PROJECT_SK = "PROJECT";
    static final String ENVIRONMENT_PREFIX = "ENV#";
    static final String SERVICE_SET_PREFIX = "SERVICESET#";
    static final String SERVICE_PREFIX = "SERVICE#";
    static final String FEED_PREFIX = "FEED#";
    static final String BUILD_PREFIX = "BUILD#";
    static final String RELEASE_PREFIX = "RELEASE#";
    static final String UNASSIGNED = "UNASSIGNED";
    static final String RELEASE_SET_SK = "RELEASESET";
    static final String DEPLOYMENT_PREFIX = "DEPLOYMENT#";
    /** GSI2 partition of every environment's in-flight marker: the sweeper's list. */
    static final String IN_FLIGHT_INDEX = "INFLIGHT";
    /** Sorts before {@link #ENVIRONMENT_PREFIX}: the catalogue reads its items from ENV# on and skips these. */
    static final String CURRENT_PREFIX = "CURRENT#";
    static final String OUT_OF_BAND_PREFIX = "OUTOFBAND#";
    static final String ALIAS_SK = "ALIAS";
    static final String LOCK_SK = "LOCK";

    private Keys() {}

    static String project(String projectId) {
        return "PROJECT#" + projectId;
    }

    static String repository(String repository) {
        return "REPO#" + repository;
    }

    static String feed(String projectId, String serviceId, String container) {
        return FEED_PREFIX + projectId + "#" + serviceId + "#" + container;
    }

    static String feedsOfProject(String projectId) {
        return FEED_PREFIX + projectId + "#";
    }

    static String build(String digest) {
        return BUILD_PREFIX + digest;
    }

    static String buildsOfRepository(String repository) {
        return "REPO#" + repository + "#BUILDS";
    }

    static String service(String projectId, String serviceId) {
        return "SERVICE#" + projectId + "#" + serviceId;
    }

    static String releaseSet(String releaseSetId) {
        return "RELEASESET#" + releaseSetId;
    }

    static String releaseSetsOf(String projectId, String environmentId) {
        return "PROJECT#" + projectId + "#ENV#" + environmentId + "#SETS";
    }

    /**
     * The sort keys of an environment's gate, its lock and the release set in flight, begin with
     * this. They live in the project's partition, right after the environment's own item
     * ({@code ENV#<env>}), so the Query that reads the project reads every gate too.
     */
    static String gateOf(String environmentId) {
        return ENVIRONMENT_PREFIX + environmentId + "#";
    }

    /**
     * Where a lock was kept before locks had a partition of their own: read (and removed by hm
     * unlock) until none is left, never written.
     */
    static String legacyLock(String environmentId) {
        return gateOf(environmentId) + "LOCK";
    }

    /**
     * A lock's partition: one per environment, so that IAM's dynamodb:LeadingKeys can allow
     * locking staging and not prod ("Rights per environment" in docs/data-model.md).
     */
    static String lockOf(String projectId, String environmentId) {
        return "LOCK#" + projectId + "/" + environmentId;
    }

    static String inFlight(String environmentId) {
        return gateOf(environmentId) + "INFLIGHT";
    }

    /** The last verification of an environment (hm verify): the dashboard's drift marker. */
    static String verification(String environmentId) {
        return "VERIFIED#" + environmentId;
    }

    /** GSI2 partition of an environment's QUEUED release sets, oldest first (the sort key is the set's id). */
    static String queueOf(String projectId, String environmentId) {
        return "QUEUED#" + projectId + "#" + environmentId;
    }

    static String ecsDeployment(String ecsDeploymentId) {
        return "ECSDEPLOYMENT#" + ecsDeploymentId;
    }

    /**
     * The partition of an ECS service's deployments (GSI1 of deployment items; out-of-band items' own PK).
     * A service in another account or region than the stack's has them in the partition of its place
     * ({@code ECSSERVICE#ACCOUNT:REGION#cluster#service}; a cluster's name has no colon), so two
     * accounts' {@code main/api} are two services.
     *
     * @param place where the service is, normalized ({@link Placement#normalized}); the stack's own is null
     */
    static String ecsService(Placement place, String cluster, String ecsServiceName) {
        String scope = place == null || (place.account() == null && place.region() == null) ? ""
                : place.account() + ":" + place.region() + "#";
        return "ECSSERVICE#" + scope + cluster + "#" + ecsServiceName;
    }

    /** A current-state row's sort key, under the project's partition: one Query reads the project and all its rows. */
    static String current(String environmentId, String serviceId) {
        return CURRENT_PREFIX + environmentId + "#" + serviceId;
    }

    static String releasesOfProject(String projectId) {
        return "PROJECT#" + projectId + "#RELEASES";
    }
}
