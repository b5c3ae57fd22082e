package dev.harbourmaster.dynamodb;

import static dev.harbourmaster.dynamodb.Attributes.string;

import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.ReleaseSet;
import java.time.Instant;
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

    /** A build of an ECR repository (what build-recorder writes once per pushed digest). */
    public static boolean isBuild(Map<String, AttributeValue> image) {
        return LedgerItems.BUILD.equals(type(image));
    }

    /**
     * The build an image holds.
     *
     * @throws IllegalArgumentException when the image is not a build's, lacks its repository, digest or
     *                                  state, or holds a value that cannot be read
     */
    public static Build build(Map<String, AttributeValue> image) {
        if (!isBuild(image)) {
            throw new IllegalArgumentException("not a build item (type " + type(image) + ")");
        }
        for (String name : List.of("repository", "digest", "imageRepositoryUri", "state")) {
            String value = string(image, name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("build item has no '" + name + "'");
            }
        }
        try {
            return LedgerItems.build(image);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("build item cannot be read: " + e.getMessage(), e);
        }
    }

    /** One environment of a project's catalogue (what `hm project apply` writes, changes and deletes). */
    public static boolean isEnvironment(Map<String, AttributeValue> image) {
        return image != null && CatalogueItems.isEnvironment(image);
    }

    /** A project's environment and who applied it, as one environment item holds them. */
    public record ProjectEnvironment(String projectId, Environment environment, String appliedBy, Instant appliedAt) {}

    /**
     * The environment an image holds, with its project (the item's partition).
     *
     * @throws IllegalArgumentException when the image is not an environment's, is not in a project's
     *                                  partition, has no id, or holds a value that cannot be read
     */
    public static ProjectEnvironment environment(Map<String, AttributeValue> image) {
        if (!isEnvironment(image)) {
            throw new IllegalArgumentException("not an environment item (type " + type(image) + ")");
        }
        String project = CatalogueItems.projectOf(image);
        if (project == null) {
            throw new IllegalArgumentException("environment item is not in a project's partition (PK " + string(image, Keys.PK) + ")");
        }
        String id = string(image, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("environment item has no 'id'");
        }
        try {
            return new ProjectEnvironment(project, CatalogueItems.environment(image), string(image, "appliedBy"),
                    Attributes.instant(image, "appliedAt"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("environment item cannot be read: " + e.getMessage(), e);
        }
    }
}
