package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * What ECR would publish, made from what the emulator's ECR holds (it publishes nothing itself):
 * every new image (digest), and every new tag on a known digest, becomes an "ECR Image Action"
 * event (PUSH, SUCCESS) put on the default bus, where the template's rule routes it. One event per
 * tag, as ECR sends one per tagged push; an untagged image is one event without a tag. Images that
 * are there when local mode starts are not news.
 */
final class EcrWatcher {

    static final String SOURCE = "aws.ecr";
    static final String DETAIL_TYPE = "ECR Image Action";

    private final LocalClients clients;
    private final LocalLog localLog;
    private final Log log;
    private final AtomicLong activity;
    /** repository → digest → tags seen. */
    private final Map<String, Map<String, Set<String>>> seen = new HashMap<>();

    EcrWatcher(LocalClients clients, LocalLog localLog, AtomicLong activity) {
        this.clients = clients;
        this.localLog = localLog;
        this.log = localLog.log();
        this.activity = activity;
    }

    /** Takes note of what is there now, without events. */
    synchronized void seed() {
        scan(true);
    }

    /** Publishes what changed since the last look; true when there was anything. */
    synchronized boolean watchOnce() {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (Pushed pushed : scan(false)) {
            entries.add(imageAction(pushed.repository(), pushed.digest(), pushed.tag(), pushed.mediaType(), Instant.now()));
            localLog.say("push", pushed.repository() + (pushed.tag() == null ? "" : ":" + pushed.tag()) + " "
                    + LocalLog.Text.shortDigest(pushed.digest()));
        }
        for (int from = 0; from < entries.size(); from += 10) {
            List<PutEventsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 10));
            List<PutEventsResultEntry> results = clients.events.putEvents(b -> b.entries(batch)).entries();
            for (PutEventsResultEntry result : results) {
                if (result.errorCode() != null) {
                    log.error("ECR event not accepted by EventBridge").with("error", result.errorCode() + ": "
                            + result.errorMessage()).write();
                }
            }
        }
        if (!entries.isEmpty()) {
            activity.incrementAndGet();
        }
        return !entries.isEmpty();
    }

    private record Pushed(String repository, String digest, String tag, String mediaType) {}

    private List<Pushed> scan(boolean quiet) {
        List<Pushed> news = new ArrayList<>();
        for (Repository repository : clients.ecr.describeRepositoriesPaginator(b -> { }).repositories()) {
            String name = repository.repositoryName();
            Map<String, Set<String>> digests = seen.computeIfAbsent(name, n -> new HashMap<>());
            List<ImageDetail> images;
            try {
                images = clients.ecr.describeImagesPaginator(b -> b.repositoryName(name)).imageDetails().stream().toList();
            } catch (RepositoryNotFoundException deletedMeanwhile) {
                continue;
            }
            // moto may hold two images with one digest (it derives digests from the layers): their tags are the digest's.
            Map<String, Set<String>> tagsByDigest = new LinkedHashMap<>();
            Map<String, String> mediaTypes = new HashMap<>();
            for (ImageDetail image : images) {
                tagsByDigest.computeIfAbsent(image.imageDigest(), d -> new LinkedHashSet<>()).addAll(image.imageTags());
                mediaTypes.putIfAbsent(image.imageDigest(), image.imageManifestMediaType());
            }
            tagsByDigest.forEach((digest, tags) -> {
                Set<String> known = digests.get(digest);
                String mediaType = mediaTypes.get(digest);
                if (known == null) {
                    digests.put(digest, new LinkedHashSet<>(tags));
                    if (!quiet) {
                        if (tags.isEmpty()) {
                            news.add(new Pushed(name, digest, null, mediaType));
                        }
                        tags.forEach(tag -> news.add(new Pushed(name, digest, tag, mediaType)));
                    }
                } else {
                    for (String tag : tags) {
                        if (known.add(tag) && !quiet) {
                            news.add(new Pushed(name, digest, tag, mediaType));
                        }
                    }
                    // A tag that moved to another image may come back: then it is pushed again.
                    known.retainAll(tags);
                }
            });
            // An image deleted and pushed again is a push again.
            digests.keySet().retainAll(tagsByDigest.keySet());
        }
        return news;
    }

    /** The event ECR sends for a successful push (the shape of events/ecr-push-success.json), as PutEvents takes it. */
    static PutEventsRequestEntry imageAction(String repository, String digest, String tag, String mediaType, Instant at) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("result", "SUCCESS");
        detail.put("repository-name", repository);
        detail.put("image-digest", digest);
        detail.put("action-type", "PUSH");
        if (tag != null) {
            detail.put("image-tag", tag);
        }
        if (mediaType != null) {
            detail.put("manifest-media-type", mediaType);
        }
        return PutEventsRequestEntry.builder().source(SOURCE).detailType(DETAIL_TYPE).detail(detail.toString())
                .time(at).build();
    }
}
