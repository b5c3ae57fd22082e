package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Readers of the table stream's item images (the stream is NEW_AND_OLD_IMAGES), with the same
 * mappers that write the items, so a reader of the stream never spells an attribute name itself.
 * Images are the SDK's attribute maps: a Lambda handler converts the events library's maps first
 * (shared does not depend on aws-lambda-java-events).
 */
public final class StreamImages {

    private StreamImages() {}

    /** The item's {@code type} (e.g. "Deployment", "ReleaseSet"), or null (a keys-only image has none). */
    public static String type(Map<String, AttributeValue> image) {
        return image == null ? null : string(image, Keys.TYPE);
    }

    /** The item's {@code status} as written (not checked against an enum), or null. */
    public static String status(Map<String, AttributeValue> image) {
        return image == null ? null : string(image, "status");
    }

    /** A record's keys for a log line ("RELEASESET#01J… DEPLOYMENT#api"), or null when it has none. */
    public static String describeKey(Map<String, AttributeValue> keys) {
        String pk = keys == null ? null : string(keys, Keys.PK);
        if (pk == null) {
            return null;
        }
        String sk = string(keys, Keys.SK);
        return sk == null ? pk : pk + " " + sk;
    }

    /** A release set's deployment of one service (not an out-of-band deployment, which has a type of its own). */
    public static boolean isDeployment(Map<String, AttributeValue> image) {
        return ReleaseSetItems.DEPLOYMENT.equals(type(image));
    }

    public static boolean isReleaseSet(Map<String, AttributeValue> image) {
        return ReleaseSetItems.RELEASE_SET.equals(type(image));
    }

    /**
     * The deployment an image holds.
     *
     * @throws IllegalArgumentException when the image is not a deployment's, lacks one of the ids
     *                                  that name it (release set, project, environment, service) or
     *                                  its status, or holds a value that cannot be read
     */
    public static Deployment deployment(Map<String, AttributeValue> image) {
        if (!isDeployment(image)) {
            throw new IllegalArgumentException("not a deployment item (type " + type(image) + ")");
        }
        for (String name : List.of("releaseSet", "project", "environment", "service", "status")) {
            String value = string(image, name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("deployment item has no '" + name + "'");
            }
        }
        try {
            return ReleaseSetItems.deployment(image);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("deployment item cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The release set an image holds.
     *
     * @throws IllegalArgumentException when the image is not a release set's or cannot be read
     */
    public static ReleaseSet releaseSet(Map<String, AttributeValue> image) {
        if (!isReleaseSet(image)) {
            throw new IllegalArgumentException("not a release set item (type " + type(image) + ")");
        }
        try {
            return ReleaseSetItems.releaseSet(image);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("release set item cannot be read: " + e.getMessage(), e);
        }
    }
}
