package dev.harbourmaster.ports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A task definition revision: its ARN, family and the image of each container, in the definition's order. */
public record TaskDefinition(String arn, String family, Map<String, String> imagesByContainer) {

    public TaskDefinition {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(family, "family");
        imagesByContainer = Collections.unmodifiableMap(new LinkedHashMap<>(imagesByContainer));
    }
}
