package dev.harbourmaster.githubdeployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.support.Json;
import java.util.Collection;
import java.util.Optional;

/**
 * The bodies of "Create a deployment" and "Create a deployment status" for a release set, and how
 * a deployment GitHub lists is recognised as the set's ({@code payload.releaseSet}).
 */
final class DeploymentRequests {

    /** GitHub's limit for a status's description (and what it shows of a deployment's). */
    static final int DESCRIPTION_LIMIT = 140;

    private final Optional<String> dashboardUrl;

    /** @param dashboardUrl the dashboard's address ending in "/" (NotificationDashboardUrl), if any */
    DeploymentRequests(Optional<String> dashboardUrl) {
        this.dashboardUrl = dashboardUrl.filter(u -> !u.isBlank()).map(u -> u.endsWith("/") ? u : u + "/");
    }

    /**
     * ref is the commit; auto_merge false (GitHub would otherwise merge the default branch into it);
     * required_contexts empty (else GitHub refuses a commit whose checks failed or are missing: the
     * images are already built and deployed); never transient.
     */
    ObjectNode deployment(ReleaseSet set, DeploymentTarget target, Collection<String> services) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("ref", target.ref());
        body.put("task", "deploy");
        body.put("auto_merge", false);
        body.putArray("required_contexts");
        ObjectNode payload = body.putObject("payload");
        payload.put("releaseSet", set.id());
        payload.put("project", set.projectId());
        payload.put("environment", set.environmentId());
        services.forEach(payload.putArray("services")::add);
        if (set.requestedBy() != null) {
            payload.put("requestedBy", set.requestedBy());
        }
        body.put("environment", GitHubEnvironments.name(set.projectId(), set.environmentId()));
        body.put("description", shorten("Harbourmaster release set " + set.id() + ": " + String.join(", ", services)
                + (set.description() == null ? "" : " (" + set.description() + ")")));
        body.put("transient_environment", false);
        body.put("production_environment", GitHubEnvironments.isProduction(set.environmentId()));
        return body;
    }

    ObjectNode status(ReleaseSet set, String state) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("state", state);
        dashboardUrl.ifPresent(url -> {
            body.put("log_url", url + "sets/" + set.id());
            body.put("environment_url", url + "p/" + set.projectId());
        });
        body.put("description", shorten(description(set, state)));
        return body;
    }

    ObjectNode superseded(ReleaseSet by) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("state", DeploymentStates.INACTIVE);
        body.put("description", shorten("Replaced by release set " + by.id()));
        return body;
    }

    /** Whether GitHub's deployment is the one created for this set. */
    static boolean isOf(JsonNode deployment, String releaseSetId) {
        return releaseSetId.equals(releaseSetOf(deployment));
    }

    /** The release set a listed deployment was created for, or null for one not created by Harbourmaster. */
    static String releaseSetOf(JsonNode deployment) {
        JsonNode payload = deployment.path("payload");
        if (payload.isTextual()) {
            try {
                payload = Json.MAPPER.readTree(payload.asText());
            } catch (Exception e) {
                return null;
            }
        }
        JsonNode id = payload == null ? null : payload.get("releaseSet");
        return id == null || !id.isTextual() ? null : id.asText();
    }

    private static String description(ReleaseSet set, String state) {
        return switch (state) {
            case DeploymentStates.SUCCESS -> "Deployed: " + String.join(", ", set.serviceIds());
            case DeploymentStates.FAILURE -> set.status() + (set.statusReason() == null ? "" : ": " + set.statusReason());
            default -> "Rolling out " + String.join(", ", set.serviceIds());
        };
    }

    static String shorten(String text) {
        return text.length() <= DESCRIPTION_LIMIT ? text : text.substring(0, DESCRIPTION_LIMIT - 1) + "…";
    }
}
