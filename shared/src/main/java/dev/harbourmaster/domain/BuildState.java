package dev.harbourmaster.domain;

/** Where a build stands on its way to being deployable. */
public enum BuildState {
    /** No manifest mentions its repository yet; a later `hm project apply` adopts it. */
    UNASSIGNED,
    /**
     * Its repository feeds services, but it has no releases yet: it was pushed without a tag
     * (one manifest of a multi-platform image, or a push by digest), or no release hash was found.
     * The first tag that gives a release hash makes its releases.
     */
    UNRELEASED,
    /**
     * Its releases are being written: more than one transaction takes (DynamoDB's limit is 100
     * writes). The build says how they were made ({@link PendingRelease}), so the next event for
     * its digest (a redelivery, or any other), or the next `hm project apply` for an adoption,
     * finishes them exactly so.
     */
    RELEASING,
    /** Its releases are made. */
    RELEASED
}
