package dev.harbourmaster.domain;

/**
 * What a release set asks for. DEPLOY, PROMOTE and ROLLBACK are requested to be rolled out;
 * IMPORTED is history brought in from another tool (hm import weco): it records what that tool
 * deployed, where, by whom and why, and is never rolled out (the deployer refuses it).
 */
public enum ReleaseSetKind {
    DEPLOY, PROMOTE, ROLLBACK, IMPORTED
}
