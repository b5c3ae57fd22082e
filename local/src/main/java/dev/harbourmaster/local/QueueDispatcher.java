package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.invoke.LocalContext;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Delivers what the template's EventBridge rules routed to their stand-in queues to the functions'
 * real handlers, as Lambda's asynchronous invocation would: the event's JSON as the input stream. A
 * handler that throws (an AWS error, or {@code NotRecordedYetException} for an ECS event that
 * overtook the deployer's write) leaves the message on the queue; it comes back after the queue's
 * visibility timeout, and after {@link #MAX_RECEIVES} receives it is dead-lettered (logged and
 * deleted), as the functions' EventInvokeConfig would after its retries.
 */
final class QueueDispatcher {

    static final int MAX_RECEIVES = 3;

    /** One queue and the handler it feeds. */
    record Feed(EventPlumbing.Route route, LocalFunctions.StreamHandler function) {}

    private final LocalClients clients;
    private final List<Feed> feeds;
    private final LocalLog localLog;
    private final Log log;
    private final AtomicLong activity;
    private final String account;

    private final java.util.concurrent.atomic.AtomicBoolean saidAccountMissing = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param account the emulator's account id, for the envelopes that lack it (see {@link #asDelivered}); null
     *                when the manifest's environments are in several accounts: then whose an event is cannot be
     *                known from the queue it came by, and an envelope without it is handed over as it is
     */
    QueueDispatcher(LocalClients clients, List<Feed> feeds, LocalLog localLog, AtomicLong activity, String account) {
        this.clients = clients;
        this.account = account;
        this.feeds = List.copyOf(feeds);
        this.localLog = localLog;
        this.log = localLog.log();
        this.activity = activity;
    }

    private record Received(Feed feed, Message message, Instant at) {}

    /**
     * One pass over every queue; true when it delivered anything. What the pass received from all
     * queues is delivered in the order its events say it happened (ECS's {@code detail.updatedAt},
     * else the envelope's {@code time}), not queue by queue: a failing task's STOPPED, sent before the
     * circuit breaker's FAILED, reaches the recorder first, as a RUNNING task does before COMPLETED.
     */
    boolean dispatchOnce() {
        List<Received> received = new ArrayList<>();
        for (Feed feed : feeds) {
            clients.sqs.receiveMessage(b -> b.queueUrl(feed.route().queueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages()
                    .forEach(message -> received.add(new Received(feed, message, happenedAt(message.body()))));
        }
        received.sort(Comparator.comparing(Received::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (Received r : received) {
            activity.incrementAndGet();
            deliver(r.feed(), r.message());
        }
        return !received.isEmpty();
    }

    /** When the event says it happened; null when it says nothing readable (it is delivered first, as it came). */
    static Instant happenedAt(String body) {
        try {
            JsonNode event = Json.MAPPER.readTree(body);
            String at = event.path("detail").path("updatedAt").asText(event.path("time").asText(""));
            return at.isEmpty() ? null : Instant.parse(at);
        } catch (java.io.IOException | java.time.format.DateTimeParseException unreadable) {
            return null;
        }
    }

    private void deliver(Feed feed, Message message) {
        String function = feed.function().functionId();
        int receives = Integer.parseInt(message.attributes()
                .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        if (account == null && lacksAccount(message.body()) && saidAccountMissing.compareAndSet(false, true)) {
            localLog.say("warning", "the emulator delivered an event without its account (plain moto leaves it out);"
                    + " with environments in several accounts local mode cannot tell whose it is and does not guess:"
                    + " the functions ignore such events. Run the emulator through scripts/moto_server.py");
            log.warn("event delivered without its account").with("function", function).with("event", message.body()).write();
        }
        try {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            feed.function().handler().handleRequest(
                    new ByteArrayInputStream(asDelivered(message.body(), account).getBytes(StandardCharsets.UTF_8)), answer,
                    new LocalContext(function, localLog.logs(), LocalMode.INVOCATION_TIMEOUT_MILLIS));
            log.info("invoked").with("function", function).with("event", feed.route().event().eventName())
                    .with("answer", answer.toString(StandardCharsets.UTF_8)).write();
            delete(feed, message);
        } catch (Exception e) {
            if (receives >= MAX_RECEIVES) {
                log.error("event dead-lettered: the function failed on it " + receives + " times")
                        .with("function", function).with("error", String.valueOf(e)).with("event", message.body()).write();
                delete(feed, message);
            } else {
                log.info("invocation failed; the event comes back after the queue's visibility timeout")
                        .with("function", function).with("receives", receives).with("error", String.valueOf(e)).write();
            }
        }
    }

    /**
     * The event as EventBridge delivers it to a Lambda target. moto's delivery to an SQS target
     * leaves the envelope's {@code account} out (its default input template has no account field),
     * which the functions read (build-recorder forms the registry's address from it, the
     * deployment-recorder whose ECS it was): it is put back, when local mode's environments are all
     * in one account (scripts/moto_server.py delivers it, as EventBridge does; other emulators may
     * not). Anything else, an event that has it, and any event when {@code account} is null, pass unchanged.
     */
    static String asDelivered(String body, String account) {
        try {
            JsonNode event = Json.MAPPER.readTree(body);
            if (event instanceof ObjectNode envelope && !envelope.hasNonNull("account") && envelope.has("detail-type")
                    && account != null) {
                envelope.put("account", account);
                return envelope.toString();
            }
        } catch (java.io.IOException notJson) {
            // handed over as it is: the function says what is wrong with it
        }
        return body;
    }

    private static boolean lacksAccount(String body) {
        try {
            JsonNode event = Json.MAPPER.readTree(body);
            return event instanceof ObjectNode envelope && envelope.has("detail-type") && !envelope.hasNonNull("account");
        } catch (java.io.IOException notJson) {
            return false;
        }
    }

    private void delete(Feed feed, Message message) {
        clients.sqs.deleteMessage(b -> b.queueUrl(feed.route().queueUrl()).receiptHandle(message.receiptHandle()));
    }

    /** Messages on the queues, visible or being retried. */
    int waiting() {
        int waiting = 0;
        for (Feed feed : feeds) {
            Map<QueueAttributeName, String> attributes = clients.sqs.getQueueAttributes(b -> b
                    .queueUrl(feed.route().queueUrl()).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            waiting += Integer.parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                    + Integer.parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
        }
        return waiting;
    }
}
