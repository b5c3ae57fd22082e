package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.dynamodb.StreamImages;
import dev.harbourmaster.ports.DomainEventBus.Event;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.Times;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a stream record tells as a CDEvent (spec v0.5.1), sent beside Harbourmaster's own events:
 * a build's first write as artifact.published ({@link ArtifactCdEvents}), a deployment that
 * finished as a service event ({@link ServiceCdEvents}), an environment item as environment.created,
 * modified or deleted ({@link EnvironmentCdEvents}). On EventBridge the detail-type is the CDEvent's
 * type and the detail the CDEvent. An image that cannot be read is logged and skipped; a read that
 * fails throws, and Lambda delivers the record again.
 */
final class CdEvents {

    private final ArtifactCdEvents artifacts;
    private final ServiceCdEvents services;
    private final EnvironmentCdEvents environments;
    private final Log log;

    /**
     * @param source          the events' context source
     * @param previousSuccess the newest successful deployment of the same ECS service before one
     */
    CdEvents(String source, Function<Deployment, Optional<Deployment>> previousSuccess, Log log) {
        this.artifacts = new ArtifactCdEvents(source);
        this.services = new ServiceCdEvents(previousSuccess, source);
        this.environments = new EnvironmentCdEvents(source);
        this.log = log;
    }

    /** The context source of one installation: its table, since ids are unique only within it. */
    static String sourceOf(String tableName) {
        return "/harbourmaster/" + tableName;
    }

    /** Build and environment items are told only as CDEvents: Harbourmaster's own events are of deployments and sets. */
    static boolean onlyCdEvents(StreamChange change) {
        Map<String, AttributeValue> image = change.newImage() != null && !change.newImage().isEmpty()
                ? change.newImage() : change.oldImage();
        return StreamImages.isBuild(image) || StreamImages.isEnvironment(image);
    }

    /** @param sets the release sets read so far in this batch (a deployment's set was read for its own event) */
    Optional<Publication> publication(int index, StreamChange change, Map<String, Optional<ReleaseSet>> sets) {
        try {
            return cdEvent(change, sets).map(event -> new Publication(index, change,
                    new Event(event.type(), json(event), Times.parse(event.context().timestamp())),
                    () -> log.info("cdevent published").with("type", event.type()).with("id", event.context().id())
                            .with("subject", event.subject().id()).with("sequenceNumber", change.sequenceNumber()).write()));
        } catch (IllegalArgumentException e) {
            log.warn("stream record has no CDEvent: its image cannot be read")
                    .with("why", e.getMessage())
                    .with("sequenceNumber", change.sequenceNumber())
                    .with("key", StreamImages.describeKey(change.keys()))
                    .write();
            return Optional.empty();
        }
    }

    private Optional<CdEvent> cdEvent(StreamChange change, Map<String, Optional<ReleaseSet>> sets) {
        Map<String, AttributeValue> now = change.newImage();
        Map<String, AttributeValue> before = change.oldImage();
        boolean hasNew = now != null && !now.isEmpty();
        if ("INSERT".equals(change.eventName()) && StreamImages.isBuild(now)) {
            Build build = StreamImages.build(now);
            return Optional.of(artifacts.of(build, change.approximateCreation()));
        }
        if (hasNew && StreamImages.isEnvironment(now) && ("INSERT".equals(change.eventName()) || "MODIFY".equals(change.eventName()))) {
            EnvironmentCdEvents.Change kind = "INSERT".equals(change.eventName()) || !StreamImages.isEnvironment(before)
                    ? EnvironmentCdEvents.Change.CREATED : EnvironmentCdEvents.Change.MODIFIED;
            return Optional.of(environments.of(kind, StreamImages.environment(now), ItemFingerprint.of(now),
                    change.approximateCreation()));
        }
        if (!hasNew && "REMOVE".equals(change.eventName()) && StreamImages.isEnvironment(before)) {
            return Optional.of(environments.of(EnvironmentCdEvents.Change.DELETED, StreamImages.environment(before),
                    ItemFingerprint.of(before), change.approximateCreation()));
        }
        if (hasNew && StreamImages.isDeployment(now)
                && Transition.of(change) instanceof Transition.DeploymentFinished finished) {
            Deployment d = finished.deployment();
            Optional<ReleaseSet> set = sets.getOrDefault(d.releaseSetId(), Optional.empty());
            return services.of(d, set, DeploymentFinished.of(d, finished.previousStatus(), set), change.approximateCreation());
        }
        return Optional.empty();
    }

    private static String json(CdEvent event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CDEvent could not be written", e);
        }
    }
}
