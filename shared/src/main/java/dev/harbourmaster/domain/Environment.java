package dev.harbourmaster.domain;

/**
 * Where services run: an ECS cluster plus the rule that names each service's ECS service.
 *
 * @param ecsServiceName a pattern with the placeholders {project}, {serviceSet}, {service} and {env}
 */
public record Environment(String id, String name, String cluster, String ecsServiceName, boolean autoDeploy) {

    public static final String DEFAULT_ECS_SERVICE_NAME = "{service}-{env}";

    public String ecsServiceNameOf(String projectId, String serviceSetId, String serviceId) {
        return ecsServiceName
                .replace("{project}", projectId)
                .replace("{serviceSet}", serviceSetId)
                .replace("{service}", serviceId)
                .replace("{env}", id);
    }
}
