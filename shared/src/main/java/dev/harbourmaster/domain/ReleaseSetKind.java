package dev.harbourmaster.domain;

public enum ReleaseSetKind {
    DEPLOY, PROMOTE, ROLLBACK
}
