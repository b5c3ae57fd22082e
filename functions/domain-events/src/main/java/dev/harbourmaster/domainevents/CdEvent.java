package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One CDEvent (CDEvents spec v0.5.1) as its JSON is sent: context, subject and our own customData.
 * The event types are the versions the v0.5.1 schemas accept (their "type" enums); the schemas
 * themselves are kept with the tests (src/test/resources/cdevents).
 *
 * @param customData Harbourmaster's ids and the reason (application/json, the spec's default content type)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CdEvent(Context context, Subject subject, JsonNode customData) {

    /** The spec's version (the context's specversion), as its conformance examples write it. */
    public static final String SPEC_VERSION = "0.5.1";

    public static final String ARTIFACT_PUBLISHED = "dev.cdevents.artifact.published.0.3.0";
    public static final String SERVICE_DEPLOYED = "dev.cdevents.service.deployed.0.3.0";
    public static final String SERVICE_UPGRADED = "dev.cdevents.service.upgraded.0.3.0";
    public static final String SERVICE_ROLLEDBACK = "dev.cdevents.service.rolledback.0.3.0";
    public static final String ENVIRONMENT_CREATED = "dev.cdevents.environment.created.0.3.0";
    public static final String ENVIRONMENT_MODIFIED = "dev.cdevents.environment.modified.0.3.0";
    public static final String ENVIRONMENT_DELETED = "dev.cdevents.environment.deleted.0.3.0";

    /** Every type this function emits: each one a detail-type its role may put (template.yaml, PublishDomainEvents). */
    public static final java.util.List<String> TYPES = java.util.List.of(ARTIFACT_PUBLISHED, SERVICE_DEPLOYED,
            SERVICE_UPGRADED, SERVICE_ROLLEDBACK, ENVIRONMENT_CREATED, ENVIRONMENT_MODIFIED, ENVIRONMENT_DELETED);

    /** @param timestamp RFC 3339, UTC with milliseconds */
    public record Context(String specversion, String id, String source, String type, String timestamp) {}

    /** @param content as the event type's schema defines it (may be empty, never absent) */
    public record Subject(String id, Map<String, Object> content) {}

    String type() {
        return context.type();
    }
}
