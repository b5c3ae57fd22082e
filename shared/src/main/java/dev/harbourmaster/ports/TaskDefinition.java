package dev.harbourmaster.ports;

import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.ContainerLog;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task definition revision: its ARN, family, the image of each container, in the definition's
 * order, where the containers that use awslogs with a stream prefix send their logs, and the
 * fingerprint of its configuration (null where not known).
 */
public record TaskDefinition(String arn, String family, Map<String, String> imagesByContainer, List<ContainerLog> logs,
                             ConfigFingerprint config) {

    public TaskDefinition {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(family, "family");
        imagesByContainer = Collections.unmodifiableMap(new LinkedHashMap<>(imagesByContainer));
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /** A revision whose configuration is not known. */
    public TaskDefinition(String arn, String family, Map<String, String> imagesByContainer, List<ContainerLog> logs) {
        this(arn, family, imagesByContainer, logs, null);
    }

    /** A revision whose containers' logs are not known. */
    public TaskDefinition(String arn, String family, Map<String, String> imagesByContainer) {
        this(arn, family, imagesByContainer, List.of());
    }
}
