package dev.harbourmaster.domain;

/**
 * REQUESTED → IN_PROGRESS → SUCCEEDED | FAILED | PARTIAL, or REJECTED by a guardrail. An automatic
 * set (auto-deploy of a push) that finds its environment busy is QUEUED instead, and REQUESTED
 * again when the set in flight there ends. A set for an environment that requires approval is held
 * AWAITING_APPROVAL before anything is rolled: hm approve makes it REQUESTED again (with the
 * approval kept on it), hm reject ends it REJECTED. UNKNOWN is final and says that the outcome was
 * never recorded: release sets imported from another tool's history (kind IMPORTED), which kept who
 * deployed what, where and why, but not whether it worked.
 */
public enum ReleaseSetStatus {
    REQUESTED, QUEUED, AWAITING_APPROVAL, IN_PROGRESS, SUCCEEDED, FAILED, PARTIAL, REJECTED, UNKNOWN;

    public boolean isFinal() {
        return this != REQUESTED && this != QUEUED && this != AWAITING_APPROVAL && this != IN_PROGRESS;
    }
}
