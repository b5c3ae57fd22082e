package dev.harbourmaster.domainevents;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stream records as Lambda delivers them, with images written out attribute by attribute as the
 * table holds deployments and release sets (docs/data-model.md); DomainEventsIT reads the real ones.
 */
final class StreamFixtures {

    static final String SET_ID = "01JSET00000000000000000000";
    static final String DIGEST = "sha256:" + "a".repeat(64);
    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter@" + DIGEST;
    static final Instant RELEASED = Instant.parse("2026-11-20T09:30:00Z");
    static final Instant REQUESTED = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant STARTED = Instant.parse("2026-11-20T10:00:05Z");
    static final Instant ENDED = Instant.parse("2026-11-20T10:04:05.500Z");

    private StreamFixtures() {}

    static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    static AttributeValue n(long value) {
        return new AttributeValue().withN(Long.toString(value));
    }

    static AttributeValue m(Map<String, AttributeValue> value) {
        return new AttributeValue().withM(value);
    }

    static AttributeValue l(AttributeValue... values) {
        return new AttributeValue().withL(Arrays.asList(values));
    }

    static Map<String, AttributeValue> keys(String pk, String sk) {
        Map<String, AttributeValue> keys = new LinkedHashMap<>();
        keys.put("PK", s(pk));
        keys.put("SK", s(sk));
        return keys;
    }

    /** A deployment of {@code service} in {@link #SET_ID}, started in ECS, with the given status. */
    static Map<String, AttributeValue> deployment(String service, String status) {
        Map<String, AttributeValue> item = keys("RELEASESET#" + SET_ID, "DEPLOYMENT#" + service);
        item.put("type", s("Deployment"));
        item.put("releaseSet", s(SET_ID));
        item.put("project", s("catalogue"));
        item.put("environment", s("staging"));
        item.put("service", s(service));
        item.put("cluster", s("catalogue-staging"));
        item.put("ecsService", s("catalogue-" + service + "-staging"));
        item.put("releaseHash", s("3f9c2ab"));
        item.put("images", l(m(Map.of("container", s(service), "repository", s("catalogue/" + service),
                "digest", s(DIGEST), "image", s(IMAGE), "releaseHash", s("3f9c2ab")))));
        item.put("ecsDeploymentId", s("ecs-svc/1111111111111111111"));
        item.put("previousTaskDefinition", s("arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-" + service + ":1"));
        item.put("taskDefinition", s("arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-" + service + ":2"));
        item.put("status", s(status));
        item.put("startedAt", s("2026-11-20T10:00:05.000Z"));
        if (!status.equals("IN_PROGRESS")) {
            item.put("reason", s("ECS reported COMPLETED and 1 task ran the release's digests"));
            item.put("endedAt", s("2026-11-20T10:04:05.500Z"));
        }
        item.put("evidence", m(Map.of("askedEcs", new AttributeValue().withBOOL(false))));
        item.put("revision", n(2));
        return item;
    }

    /** A release set of id_minter and ingestor with the given status. */
    static Map<String, AttributeValue> releaseSet(String status) {
        Map<String, AttributeValue> item = keys("RELEASESET#" + SET_ID, "RELEASESET");
        item.put("type", s("ReleaseSet"));
        item.put("GSI1PK", s("PROJECT#catalogue#ENV#staging#SETS"));
        item.put("GSI1SK", s(SET_ID));
        item.put("id", s(SET_ID));
        item.put("project", s("catalogue"));
        item.put("environment", s("staging"));
        item.put("serviceSet", s("pipeline"));
        item.put("releases", l(release("id_minter"), release("ingestor")));
        item.put("kind", s("DEPLOY"));
        item.put("requestedBy", s("alice@example.com"));
        item.put("requestedByArn", s(ALICE_ARN));
        item.put("description", s("ship the minter"));
        item.put("requestedAt", s("2026-11-20T10:00:00.000Z"));
        item.put("status", s(status));
        if (!status.equals("REQUESTED") && !status.equals("IN_PROGRESS")) {
            item.put("statusReason", s("1 of 2 failed: ingestor FAILED: boom; succeeded: id_minter"));
        }
        item.put("services", new AttributeValue().withSS(List.of("id_minter", "ingestor")));
        item.put("revision", n(3));
        return item;
    }

    private static AttributeValue release(String service) {
        return m(Map.of("project", s("catalogue"), "serviceSet", s("pipeline"), "service", s(service),
                "releaseHash", s("3f9c2ab"),
                "images", l(m(Map.of("container", s(service), "repository", s("catalogue/" + service),
                        "digest", s(DIGEST), "image", s(IMAGE), "releaseHash", s("3f9c2ab")))),
                "sourceRepository", s("catalogue/" + service), "sourceDigest", s(DIGEST),
                "createdAt", s("2026-11-20T09:30:00.000Z")));
    }

    static final String ALICE_ARN = "arn:aws:sts::123456789012:assumed-role/deploy/alice";

    /** The domain record of {@link #releaseSet}. */
    static ReleaseSet domainSet(ReleaseSetStatus status, ReleaseSetKind kind) {
        return new ReleaseSet(SET_ID, "catalogue", "staging", "pipeline",
                List.of(domainRelease("id_minter"), domainRelease("ingestor")), kind, "alice@example.com",
                "ship the minter", REQUESTED, status, null, ALICE_ARN);
    }

    static Release domainRelease(String service) {
        return new Release("catalogue", "pipeline", service, "3f9c2ab",
                List.of(new ReleaseImage(service, "catalogue/" + service, DIGEST, IMAGE, "3f9c2ab")),
                "catalogue/" + service, DIGEST, RELEASED, null);
    }

    static DynamodbEvent.DynamodbStreamRecord record(String sequence, String eventName, Map<String, AttributeValue> oldImage,
                                                     Map<String, AttributeValue> newImage) {
        Map<String, AttributeValue> image = newImage != null ? newImage : oldImage;
        StreamRecord stream = new StreamRecord();
        stream.setKeys(keys(image.get("PK").getS(), image.get("SK").getS()));
        stream.setOldImage(oldImage);
        stream.setNewImage(newImage);
        stream.setSequenceNumber(sequence);
        stream.setStreamViewType(StreamViewType.NEW_AND_OLD_IMAGES);
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventID("event-" + sequence);
        record.setEventName(eventName);
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
