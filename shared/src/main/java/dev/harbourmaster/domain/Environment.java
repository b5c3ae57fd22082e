package dev.harbourmaster.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where services run: an ECS cluster plus the rule that names each service's ECS service.
 *
 * @param ecsServiceName a pattern with the placeholders {project}, {serviceSet}, {service} and {env}
 * @param approval       whether a release set waits for someone's approval before it is rolled here
 * @param placement      the account, region and role its ECS is reached with ({@link Placement#HOME}: the stack's own)
 * @param taskDefinitionBase what a deploy's new revision copies: what the service runs (the default), or the
 *                           family's newest revision
 * @param ecsServiceNames    service id → its ECS service's name, for services whose names follow no rule (an
 *                           estate adopted as it was); the rest are named by {@code ecsServiceName}
 */
public record Environment(String id, String name, String cluster, String ecsServiceName, boolean autoDeploy,
                          ApprovalRule approval, Placement placement, TaskDefinitionBase taskDefinitionBase,
                          Map<String, String> ecsServiceNames) {

    public static final String DEFAULT_ECS_SERVICE_NAME = "{service}-{env}";

    public Environment {
        approval = approval == null ? ApprovalRule.NONE : approval;
        placement = placement == null ? Placement.HOME : placement;
        taskDefinitionBase = taskDefinitionBase == null ? TaskDefinitionBase.RUNNING : taskDefinitionBase;
        ecsServiceNames = ecsServiceNames == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(ecsServiceNames));
    }

    /** An environment whose services are all named by its rule. */
    public Environment(String id, String name, String cluster, String ecsServiceName, boolean autoDeploy,
                       ApprovalRule approval, Placement placement, TaskDefinitionBase taskDefinitionBase) {
        this(id, name, cluster, ecsServiceName, autoDeploy, approval, placement, taskDefinitionBase, Map.of());
    }

    /** An environment whose deploys copy the revision the service runs. */
    public Environment(String id, String name, String cluster, String ecsServiceName, boolean autoDeploy,
                       ApprovalRule approval, Placement placement) {
        this(id, name, cluster, ecsServiceName, autoDeploy, approval, placement, TaskDefinitionBase.RUNNING);
    }

    /** An environment in the stack's own account and region. */
    public Environment(String id, String name, String cluster, String ecsServiceName, boolean autoDeploy,
                       ApprovalRule approval) {
        this(id, name, cluster, ecsServiceName, autoDeploy, approval, Placement.HOME);
    }

    /** An environment without a gate of its own. */
    public Environment(String id, String name, String cluster, String ecsServiceName, boolean autoDeploy) {
        this(id, name, cluster, ecsServiceName, autoDeploy, ApprovalRule.NONE);
    }

    public String ecsServiceNameOf(String projectId, String serviceSetId, String serviceId) {
        String named = ecsServiceNames.get(serviceId);
        if (named != null) {
            return named;
        }
        return ecsServiceName
                .replace("{project}", projectId)
                .replace("{serviceSet}", serviceSetId)
                .replace("{service}", serviceId)
                .replace("{env}", id);
    }
}
