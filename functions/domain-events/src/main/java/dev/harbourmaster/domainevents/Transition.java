package dev.harbourmaster.domainevents;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.StreamImages;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a stream record means to the publisher. Something finished when the new image's status is
 * final and differs from the old image's: an INSERT that is already final (a deployment written
 * FAILED or UNCHANGED at once) finished; a later write that keeps the final status (more evidence,
 * a repeated write) did not, so it publishes nothing. A final status that changes to another
 * (FAILED, then ROLLED_BACK when the circuit breaker's rollback is seen) finishes again, with the
 * old status as {@code previousOutcome}. The template's stream filter cannot compare the two
 * images, so this is where repeats stop.
 */
sealed interface Transition {

    /** A deployment reached a final status; {@code previousStatus} as the old image had it (null: none). */
    record DeploymentFinished(Deployment deployment, String previousStatus) implements Transition {}

    /** A release set reached a final status. */
    record ReleaseSetFinished(ReleaseSet set, String previousStatus) implements Transition {}

    /** Nothing to publish, and why; {@code malformed} when the image could not be read. */
    record Skip(String why, boolean malformed) implements Transition {}

    static Transition of(StreamChange change) {
        Map<String, AttributeValue> now = change.newImage();
        if (now == null || now.isEmpty()) {
            return new Skip("the record has no new image (a REMOVE, or a stream without images)", false);
        }
        String type = StreamImages.type(now);
        if (type == null) {
            return new Skip("the new image has no type (keys only)", false);
        }
        String status = StreamImages.status(now);
        String before = StreamImages.status(change.oldImage());
        if (StreamImages.isDeployment(now)) {
            DeploymentStatus parsed = parse(DeploymentStatus.class, status);
            if (parsed == null) {
                return new Skip("the deployment's status '" + status + "' is not one Harbourmaster writes", true);
            }
            if (!parsed.isFinal()) {
                return new Skip("the deployment is not final (" + status + ")", false);
            }
            if (Objects.equals(status, before)) {
                return new Skip("the deployment's status did not change (" + status + ")", false);
            }
            try {
                return new DeploymentFinished(StreamImages.deployment(now), before);
            } catch (IllegalArgumentException e) {
                return new Skip(e.getMessage(), true);
            }
        }
        if (StreamImages.isReleaseSet(now)) {
            ReleaseSetStatus parsed = parse(ReleaseSetStatus.class, status);
            if (parsed == null) {
                return new Skip("the release set's status '" + status + "' is not one Harbourmaster writes", true);
            }
            if (!parsed.isFinal()) {
                return new Skip("the release set is not final (" + status + ")", false);
            }
            if (parsed == ReleaseSetStatus.UNKNOWN) {
                // History written by hm import weco (kind IMPORTED): nothing finished now, and its outcome was never known.
                return new Skip("the release set's outcome is not recorded (UNKNOWN: imported history); nothing finished", false);
            }
            if (Objects.equals(status, before)) {
                return new Skip("the release set's status did not change (" + status + ")", false);
            }
            try {
                return new ReleaseSetFinished(StreamImages.releaseSet(now), before);
            } catch (IllegalArgumentException e) {
                return new Skip(e.getMessage(), true);
            }
        }
        return new Skip("a " + type + " item is neither a deployment nor a release set", false);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
