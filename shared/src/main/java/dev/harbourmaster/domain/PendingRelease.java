package dev.harbourmaster.domain;

import java.time.Instant;

/**
 * What a {@link BuildState#RELEASING} build needs to have its releases and release sets written
 * again exactly as the delivery that began them would have: their keys and ids derive from these.
 *
 * @param createdAt  the releases' time: the push, or the event of the tag that released the build
 * @param tag        that event's tag, which its auto-deploy release sets name; null for none
 * @param autoDeploy whether the releases request release sets in auto-deploy environments (a push's
 *                   do, an adoption's do not)
 */
public record PendingRelease(Instant createdAt, String tag, boolean autoDeploy) {}
