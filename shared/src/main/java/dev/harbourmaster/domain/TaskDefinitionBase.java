package dev.harbourmaster.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * What the task-definition revision a deploy registers is a copy of (images replaced): the manifest's
 * {@code environments[].taskDefinitionBase}.
 */
public enum TaskDefinitionBase {
    /** The revision the ECS service runs now: a deploy changes images only (the default). */
    RUNNING,
    /**
     * The family's newest ACTIVE revision (DescribeTaskDefinition with the family alone): what Terraform
     * or anyone registered since the last deploy (an environment variable, more memory) ships with it.
     */
    LATEST;

    /** The word the manifest, the record and the views use: {@code running}, {@code latest}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The base a word names; empty for anything else. */
    public static Optional<TaskDefinitionBase> of(String word) {
        if (word == null) {
            return Optional.empty();
        }
        for (TaskDefinitionBase base : values()) {
            if (base.word().equals(word.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(base);
            }
        }
        return Optional.empty();
    }
}
