package dev.harbourmaster.domain;

/**
 * REQUESTED → IN_PROGRESS → SUCCEEDED | FAILED | PARTIAL, or REJECTED by a guardrail. An automatic
 * set (auto-deploy of a push) that finds its environment busy is QUEUED instead, and REQUESTED
 * again when the set in flight there ends.
 */
public enum ReleaseSetStatus {
    REQUESTED, QUEUED, IN_PROGRESS, SUCCEEDED, FAILED, PARTIAL, REJECTED;

    public boolean isFinal() {
        return this != REQUESTED && this != QUEUED && this != IN_PROGRESS;
    }
}
