package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.dynamodb.StreamImages.ProjectEnvironment;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An environment item written or deleted by {@code hm project apply} as environment.created (an
 * INSERT), environment.modified (a MODIFY: apply writes an environment's item only when the
 * manifest changed it) or environment.deleted (a REMOVE). The subject is {@code <project>/<environment>},
 * the id the service events name their environment by. One item tells many facts over time, so
 * the id names the image written ({@link ItemFingerprint}): a redelivery has the same, the next
 * apply another.
 */
final class EnvironmentCdEvents {

    enum Change { CREATED, MODIFIED, DELETED }

    private final String source;

    EnvironmentCdEvents(String source) {
        this.source = source;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EnvironmentData(String project, String environment, String cluster, String ecsServiceName, boolean autoDeploy,
                           boolean approvalRequired, String account, String region, String roleArn, String appliedBy,
                           String appliedAt) {}

    /** @param fingerprint of the image that tells the change (the new one; the old one of a deletion) */
    CdEvent of(Change change, ProjectEnvironment written, String fingerprint, Instant recordedAt) {
        String type = switch (change) {
            case CREATED -> CdEvent.ENVIRONMENT_CREATED;
            case MODIFIED -> CdEvent.ENVIRONMENT_MODIFIED;
            case DELETED -> CdEvent.ENVIRONMENT_DELETED;
        };
        Environment e = written.environment();
        // A deletion's old image still holds the apply that wrote it, not the deletion's time.
        Instant at = change != Change.DELETED && written.appliedAt() != null ? written.appliedAt()
                : recordedAt != null ? recordedAt : Instant.now();
        String subject = ServiceCdEvents.environmentId(written.projectId(), e.id());
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", e.name() == null || e.name().isBlank() ? e.id() : e.name());
        EnvironmentData data = new EnvironmentData(written.projectId(), e.id(), e.cluster(), e.ecsServiceName(), e.autoDeploy(),
                e.approval().required(), e.placement().account(), e.placement().region(), e.placement().roleArn(),
                change == Change.DELETED ? null : written.appliedBy(),
                change == Change.DELETED ? null : DeploymentFinished.time(written.appliedAt()));
        return new CdEvent(
                new CdEvent.Context(CdEvent.SPEC_VERSION,
                        CdEventIds.id(source, type, "environment/" + subject + "/" + fingerprint), source, type, Times.format(at)),
                new CdEvent.Subject(subject, content),
                Json.MAPPER.valueToTree(data));
    }
}
