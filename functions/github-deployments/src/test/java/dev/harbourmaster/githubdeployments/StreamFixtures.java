package dev.harbourmaster.githubdeployments;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.ImageMetadata;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Release set items as the table's stream carries them (docs/data-model.md), written out attribute
 * by attribute, and the builds their images are; GitHubDeploymentsIT reads the real ones.
 */
final class StreamFixtures {

    static final String HASH = "3f9c2ab4d5e6f708192a3b4c5d6e7f8091a2b3c4";
    static final String REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";

    private StreamFixtures() {}

    static String digest(String service) {
        return "sha256:" + String.format("%64s", Integer.toHexString(service.hashCode())).replace(' ', 'a');
    }

    static Build build(String service, String source) {
        return new Build("catalogue/" + service, digest(service), REGISTRY + "catalogue/" + service, Set.of("ref." + HASH),
                Instant.parse("2026-11-20T09:30:00Z"), HASH, new ImageMetadata(HASH, source, null, null), BuildState.RELEASED);
    }

    static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    static AttributeValue m(Map<String, AttributeValue> value) {
        return new AttributeValue().withM(value);
    }

    static AttributeValue l(AttributeValue... values) {
        return new AttributeValue().withL(Arrays.asList(values));
    }

    /** A release set of {@code services} (each one image of catalogue/SERVICE at {@link #HASH}) with the given status. */
    static Map<String, AttributeValue> releaseSet(String id, String environment, String status, String... services) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("PK", s("RELEASESET#" + id));
        item.put("SK", s("RELEASESET"));
        item.put("type", s("ReleaseSet"));
        item.put("id", s(id));
        item.put("project", s("catalogue"));
        item.put("environment", s(environment));
        item.put("serviceSet", s("pipeline"));
        item.put("releases", l(Arrays.stream(services).map(StreamFixtures::release).toArray(AttributeValue[]::new)));
        item.put("kind", s("DEPLOY"));
        item.put("requestedBy", s("alice@example.com"));
        item.put("description", s("ship the minter"));
        item.put("requestedAt", s("2026-11-20T10:00:00.000Z"));
        item.put("status", s(status));
        if (List.of("FAILED", "PARTIAL", "REJECTED").contains(status)) {
            item.put("statusReason", s("1 of 2 failed: ingestor FAILED: tasks failed to start"));
        }
        item.put("services", new AttributeValue().withSS(List.of(services)));
        item.put("revision", new AttributeValue().withN("3"));
        return item;
    }

    private static AttributeValue release(String service) {
        return m(Map.of("project", s("catalogue"), "serviceSet", s("pipeline"), "service", s(service),
                "releaseHash", s(HASH),
                "images", l(m(Map.of("container", s(service), "repository", s("catalogue/" + service),
                        "digest", s(digest(service)), "image", s(REGISTRY + "catalogue/" + service + "@" + digest(service)),
                        "releaseHash", s(HASH)))),
                "sourceRepository", s("catalogue/" + service), "sourceDigest", s(digest(service)),
                "createdAt", s("2026-11-20T09:30:00.000Z")));
    }

    static DynamodbEvent.DynamodbStreamRecord record(String sequence, Map<String, AttributeValue> oldImage,
                                                     Map<String, AttributeValue> newImage) {
        StreamRecord stream = new StreamRecord();
        stream.setKeys(Map.of("PK", newImage.get("PK"), "SK", newImage.get("SK")));
        stream.setOldImage(oldImage);
        stream.setNewImage(newImage);
        stream.setSequenceNumber(sequence);
        stream.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID("event-" + sequence);
        record.setEventName(oldImage == null ? "INSERT" : "MODIFY");
        record.setEventSource("aws:dynamodb");
        record.setAwsRegion("eu-west-1");
        record.setDynamodb(stream);
        return record;
    }

    static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }
}
