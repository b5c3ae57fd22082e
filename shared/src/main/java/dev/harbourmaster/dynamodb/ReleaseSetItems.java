package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.instant;
import static dev.harbourmaster.dynamodb.Attributes.item;
import static dev.harbourmaster.dynamodb.Attributes.maps;
import static dev.harbourmaster.dynamodb.Attributes.number;
import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.ApprovalDecision;
import dev.harbourmaster.domain.ContainerLog;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Release set, deployment, lock and in-flight items. */
final class ReleaseSetItems {

    static final String RELEASE_SET = "ReleaseSet";
    static final String DEPLOYMENT = "Deployment";
    static final String LOCK = "Lock";
    static final String IN_FLIGHT = "InFlight";
    static final String OUT_OF_BAND = "OutOfBandDeployment";
    static final String ROLLBACK_ALIAS = "RollbackAlias";

    private ReleaseSetItems() {}

    static Map<String, AttributeValue> releaseSetItem(ReleaseSet set) {
        return item(Keys.releaseSet(set.id()), Keys.RELEASE_SET_SK, RELEASE_SET)
                .put(Keys.GSI1PK, Keys.releaseSetsOf(set.projectId(), set.environmentId()))
                // The ULID alone: ids of both forms (bare, scoped) sort by time in one environment's partition.
                .put(Keys.GSI1SK, ReleaseSetIds.ulid(set.id()))
                .put("id", set.id())
                .put("project", set.projectId())
                .put("environment", set.environmentId())
                .put("serviceSet", set.serviceSetId())
                .putMaps("releases", set.releases(), r -> LedgerItems.releaseAttributes(new Attributes.Item(), r))
                .put("kind", set.kind().name())
                .put("requestedBy", set.requestedBy())
                .put("requestedByArn", set.requestedByArn())
                .put("description", set.description())
                .put("requestedAt", set.requestedAt())
                .put("status", set.status().name())
                .put("statusReason", set.statusReason())
                .putMap("approval", approvalMap(set.approval()))
                // Top-level, so that history can filter by service (contains) without reading the releases.
                .putSet("services", set.serviceIds())
                .build();
    }

    /**
     * Reads a release set; a malformed one (someone wrote it by hand) fails with a message that
     * names what is wrong, so the deployer can reject it instead of crashing. The key is what IAM
     * allowed the writer (rights per environment): an id other than the key's, or a project or
     * environment other than the id names, is such a set.
     */
    static ReleaseSet releaseSet(Map<String, AttributeValue> item) {
        String id = required(item, "id");
        String project = required(item, "project");
        String environment = required(item, "environment");
        String pk = string(item, Keys.PK);
        if (pk != null && !pk.equals(Keys.releaseSet(id))) {
            throw new IllegalArgumentException("release set item's key " + pk + " is not its id " + id);
        }
        ReleaseSetIds.scope(id).filter(scope -> !scope.equals(new ReleaseSetIds.Scope(project, environment)))
                .ifPresent(scope -> {
                    throw new IllegalArgumentException("release set " + id + " names " + scope + " in its id but "
                            + project + "/" + environment + " in its project and environment");
                });
        return new ReleaseSet(id, project, environment, string(item, "serviceSet"),
                maps(item, "releases", m -> withProject(LedgerItems.release(m), project)),
                ReleaseSetKind.valueOf(required(item, "kind")), string(item, "requestedBy"), string(item, "description"),
                instant(item, "requestedAt"), ReleaseSetStatus.valueOf(required(item, "status")),
                string(item, "statusReason"), string(item, "requestedByArn"), Attributes.map(item, "approval", ReleaseSetItems::approval));
    }

    /** What hm approve or reject decided of a held set: a map on the set's item, null when nobody did. */
    static Map<String, AttributeValue> approvalMap(ApprovalDecision decision) {
        return decision == null ? null : new Attributes.Item().put("decision", decision.decision()).put("by", decision.by())
                .put("byArn", decision.byArn()).put("why", decision.why()).put("at", decision.at()).build();
    }

    private static ApprovalDecision approval(Map<String, AttributeValue> map) {
        return new ApprovalDecision(string(map, "decision"), string(map, "by"), string(map, "byArn"), string(map, "why"),
                instant(map, "at"));
    }

    /**
     * A release set item whose key is not its id, or whose id names another project or environment
     * than it says: written with the rights of the key's environment only. Lists leave it out (it is
     * not the environment's it says), reads by id call it malformed.
     */
    static boolean misplacedSet(Map<String, AttributeValue> item) {
        String id = string(item, "id");
        String pk = string(item, Keys.PK);
        return id != null && (pk != null && !pk.equals(Keys.releaseSet(id)) || ReleaseSetIds.scope(id)
                .filter(scope -> !scope.equals(new ReleaseSetIds.Scope(string(item, "project"), string(item, "environment"))))
                .isPresent());
    }

    private static Release withProject(Release release, String project) {
        return release.projectId() != null ? release : new Release(project, release.serviceSetId(), release.serviceId(),
                release.releaseHash(), release.images(), release.sourceRepository(), release.sourceDigest(),
                release.createdAt(), release.description());
    }

    static Map<String, AttributeValue> deploymentItem(Deployment deployment) {
        Attributes.Item item = deploymentAttributes(
                item(Keys.releaseSet(deployment.releaseSetId()), Keys.DEPLOYMENT_PREFIX + deployment.serviceId(), DEPLOYMENT),
                deployment);
        if (deployment.cluster() != null && deployment.ecsServiceName() != null && deployment.startedAt() != null) {
            // Deployments of one ECS service, newest first: what the recorder asks of events that carry no id of ours.
            item.put(Keys.GSI1PK, Keys.ecsService(deployment.placement(), deployment.cluster(), deployment.ecsServiceName()))
                    .put(Keys.GSI1SK, Times.format(deployment.startedAt()) + "#" + deployment.releaseSetId());
        }
        if (deployment.ecsDeploymentId() != null) {
            item.put(Keys.GSI2PK, Keys.ecsDeployment(deployment.ecsDeploymentId())).put(Keys.GSI2SK, DEPLOYMENT);
        }
        return item.build();
    }

    /** A deployment ECS reported that Harbourmaster did not start: kept under its ECS service, found by its id. */
    static Map<String, AttributeValue> outOfBandItem(Deployment deployment) {
        return deploymentAttributes(item(Keys.ecsService(deployment.placement(), deployment.cluster(), deployment.ecsServiceName()),
                Keys.OUT_OF_BAND_PREFIX + deployment.ecsDeploymentId(), OUT_OF_BAND), deployment)
                .put(Keys.GSI2PK, Keys.ecsDeployment(deployment.ecsDeploymentId())).put(Keys.GSI2SK, OUT_OF_BAND)
                .build();
    }

    static Map<String, AttributeValue> outOfBandKey(Deployment deployment) {
        return Attributes.key(Keys.ecsService(deployment.placement(), deployment.cluster(), deployment.ecsServiceName()),
                Keys.OUT_OF_BAND_PREFIX + deployment.ecsDeploymentId());
    }

    /** Points a circuit-breaker rollback's ECS deployment id at the deployment it rolled back. */
    static Map<String, AttributeValue> rollbackAliasItem(String rollbackDeploymentId, Deployment rolledBack) {
        return item(Keys.ecsDeployment(rollbackDeploymentId), Keys.ALIAS_SK, ROLLBACK_ALIAS)
                .put(Keys.GSI2PK, Keys.ecsDeployment(rollbackDeploymentId)).put(Keys.GSI2SK, ROLLBACK_ALIAS)
                .put("releaseSet", rolledBack.releaseSetId())
                .put("service", rolledBack.serviceId())
                .put("account", rolledBack.placement().account())
                .put("region", rolledBack.placement().region())
                .build();
    }

    /** Where the deployment (or the one a rollback alias names) ran, as keyed: normalized, the stack's own null. */
    static Placement placeOf(Map<String, AttributeValue> item) {
        return new Placement(string(item, "account"), string(item, "region"), null);
    }

    private static Attributes.Item deploymentAttributes(Attributes.Item item, Deployment deployment) {
        if (!deployment.logs().isEmpty()) {
            item.putMaps("logs", deployment.logs(), ReleaseSetItems::logMap);
        }
        return item.put("releaseSet", deployment.releaseSetId())
                .put("project", deployment.projectId())
                .put("environment", deployment.environmentId())
                .put("service", deployment.serviceId())
                .put("cluster", deployment.cluster())
                .put("ecsService", deployment.ecsServiceName())
                .put("releaseHash", deployment.releaseHash())
                .putMaps("images", deployment.images(), LedgerItems::imageMap)
                .put("ecsDeploymentId", deployment.ecsDeploymentId())
                .put("previousTaskDefinition", deployment.previousTaskDefinition())
                .put("taskDefinition", deployment.taskDefinition())
                .put("status", deployment.status().name())
                .put("reason", deployment.reason())
                .put("startedAt", deployment.startedAt())
                .put("endedAt", deployment.endedAt())
                .putMap("evidence", EvidenceItems.evidenceMap(deployment.evidence()))
                .put("serviceDeploymentArn", deployment.serviceDeploymentArn())
                .putMap("plan", EvidenceItems.planMap(deployment.plan()))
                .put("account", deployment.placement().account())
                .put("region", deployment.placement().region())
                .put("roleArn", deployment.placement().roleArn())
                .putMap("config", ConfigItems.configMap(deployment.config()))
                .put("revision", deployment.revision());
    }

    /**
     * A deployment item under a release set whose id names another project or environment than the
     * deployment does: written by someone with rights on that set's partition only, not by the deployer.
     */
    static boolean misplaced(Map<String, AttributeValue> item) {
        String pk = string(item, Keys.PK);
        String prefix = Keys.releaseSet("");
        if (!DEPLOYMENT.equals(string(item, Keys.TYPE)) || pk == null || !pk.startsWith(prefix)) {
            return false;
        }
        String setId = pk.substring(prefix.length());
        return !setId.equals(string(item, "releaseSet")) || ReleaseSetIds.scope(setId)
                .filter(scope -> !scope.equals(new ReleaseSetIds.Scope(string(item, "project"), string(item, "environment"))))
                .isPresent();
    }

    static Deployment deployment(Map<String, AttributeValue> item) {
        if (misplaced(item)) {
            throw new IllegalArgumentException("deployment item " + string(item, Keys.SK) + " under " + string(item, Keys.PK)
                    + " names another release set, project or environment than its key");
        }
        return Deployment.builder().releaseSetId(string(item, "releaseSet")).projectId(string(item, "project"))
                .environmentId(string(item, "environment")).serviceId(string(item, "service"))
                .cluster(string(item, "cluster")).ecsServiceName(string(item, "ecsService"))
                .releaseHash(string(item, "releaseHash")).images(maps(item, "images", LedgerItems::image))
                .ecsDeploymentId(string(item, "ecsDeploymentId"))
                .previousTaskDefinition(string(item, "previousTaskDefinition"))
                .taskDefinition(string(item, "taskDefinition"))
                .status(DeploymentStatus.valueOf(string(item, "status"))).reason(string(item, "reason"))
                .startedAt(instant(item, "startedAt")).endedAt(instant(item, "endedAt"))
                .evidence(Attributes.map(item, "evidence", EvidenceItems::evidence))
                .logs(maps(item, "logs", ReleaseSetItems::log))
                .serviceDeploymentArn(string(item, "serviceDeploymentArn"))
                .plan(Attributes.map(item, "plan", EvidenceItems::plan))
                .placement(new Placement(string(item, "account"), string(item, "region"), string(item, "roleArn")))
                .config(Attributes.map(item, "config", ConfigItems::config))
                .revision(number(item, "revision", 0)).build();
    }

    private static Map<String, AttributeValue> logMap(ContainerLog log) {
        return new Attributes.Item().put("container", log.container()).put("group", log.group())
                .put("region", log.region()).put("streamPrefix", log.streamPrefix()).build();
    }

    private static ContainerLog log(Map<String, AttributeValue> item) {
        return new ContainerLog(string(item, "container"), string(item, "group"), string(item, "region"),
                string(item, "streamPrefix"));
    }

    static Map<String, AttributeValue> lockItem(Lock lock) {
        return item(Keys.lockOf(lock.projectId(), lock.environmentId()), Keys.LOCK_SK, LOCK)
                .put("project", lock.projectId())
                .put("environment", lock.environmentId())
                .put("owner", lock.owner())
                .put("ownerArn", lock.ownerArn())
                .put("reason", lock.reason())
                .put("lockedAt", lock.lockedAt())
                .put("expiresAt", lock.expiresAt())
                .put("replaces", lock.replaces())
                .build();
    }

    static Map<String, AttributeValue> lockKey(String projectId, String environmentId) {
        return Attributes.key(Keys.lockOf(projectId, environmentId), Keys.LOCK_SK);
    }

    static Map<String, AttributeValue> legacyLockKey(String projectId, String environmentId) {
        return Attributes.key(Keys.project(projectId), Keys.legacyLock(environmentId));
    }

    /**
     * The lock an item holds; empty when it was lifted (hm unlock keeps the item, with who lifted it),
     * or when its key names another environment than it does (written with rights on that one only).
     */
    static Optional<Lock> lock(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || item.containsKey("unlockedAt")) {
            return Optional.empty();
        }
        Lock lock = new Lock(string(item, "project"), string(item, "environment"), string(item, "owner"),
                string(item, "reason"), instant(item, "lockedAt"), instant(item, "expiresAt"), string(item, "ownerArn"),
                string(item, "replaces"));
        String pk = string(item, Keys.PK);
        boolean ownPartition = pk == null || !pk.startsWith("LOCK#")
                || pk.equals(Keys.lockOf(lock.projectId(), lock.environmentId()));
        return ownPartition ? Optional.of(lock) : Optional.empty();
    }

    /**
     * An environment's lock, from its own item and from where locks were kept before (either may be
     * null): the one in force, else the one that expired.
     */
    static Optional<Lock> lockOf(Map<String, AttributeValue> item, Map<String, AttributeValue> legacyItem, Instant now) {
        List<Lock> locks = Stream.of(lock(item), lock(legacyItem)).flatMap(Optional::stream).toList();
        return locks.stream().filter(l -> l.inForceAt(now)).findFirst()
                .or(() -> locks.stream().findFirst());
    }

    /** An environment's gate from its lock item, a lock item left under the project, and its in-flight item (each may be null). */
    static Gate gate(Map<String, AttributeValue> lockItem, Map<String, AttributeValue> legacyLockItem,
                     Map<String, AttributeValue> inFlightItem, Instant now) {
        Optional<Lock> lock = lockOf(lockItem, legacyLockItem, now);
        return inFlightItem == null ? new Gate(lock, Optional.empty(), null) : new Gate(lock,
                Optional.ofNullable(string(inFlightItem, "releaseSet")), instant(inFlightItem, "holdUntil"));
    }

    private static String required(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("release set item has no '" + name + "'");
        }
        return value;
    }
}
