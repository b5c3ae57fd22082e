package dev.harbourmaster.domain;

/** REQUESTED → IN_PROGRESS → SUCCEEDED | FAILED | PARTIAL, or REJECTED by a guardrail. */
public enum ReleaseSetStatus {
    REQUESTED, IN_PROGRESS, SUCCEEDED, FAILED, PARTIAL, REJECTED;

    public boolean isFinal() {
        return this != REQUESTED && this != IN_PROGRESS;
    }
}
