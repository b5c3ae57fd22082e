package dev.harbourmaster.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Log;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What an API destination does for the template's webhook rules, towards a URL local mode is given:
 * each event on the stack's bus (a queue receives them all) that a rule's pattern matches (Event
 * Ruler, as EventBridge matches) is shaped by the rule's input transformer and sent with the
 * destination's method and the connection's headers. A refused or failed request is tried again
 * (the message comes back after the queue's visibility timeout), {@link QueueDispatcher#MAX_RECEIVES}
 * times in all, then dropped and logged; EventBridge's own retries (RetryPolicy: for an hour) and
 * rate limit (InvocationRateLimitPerSecond) are not modelled.
 */
final class WebhookSender {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final LocalClients clients;
    private final String queueUrl;
    private final List<WebhookRules.WebhookRule> rules;
    private final URI url;
    private final String ruleArnPrefix;
    private final Log log;
    private final AtomicLong activity;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param ruleArnPrefix the ARN of the rules without their name ({@code arn:aws:events:REGION:ACCOUNT:rule/BUS/}) */
    WebhookSender(LocalClients clients, String queueUrl, List<WebhookRules.WebhookRule> rules, URI url, String ruleArnPrefix,
                  Log log, AtomicLong activity) {
        this.clients = clients;
        this.queueUrl = queueUrl;
        this.rules = List.copyOf(rules);
        this.url = url;
        this.ruleArnPrefix = ruleArnPrefix;
        this.log = log;
        this.activity = activity;
    }

    /** One receive of the queue; true when it handled any event. */
    boolean sendOnce() {
        List<Message> messages = clients.sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
        for (Message message : messages) {
            activity.incrementAndGet();
            if (sendAll(message) || receives(message) >= QueueDispatcher.MAX_RECEIVES) {
                clients.sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return !messages.isEmpty();
    }

    /** True when every matching rule's request was accepted (or none matched). */
    private boolean sendAll(Message message) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(message.body());
        } catch (IOException unreadable) {
            log.warn("notification not sent: the event is not JSON").with("event", message.body()).write();
            return true;
        }
        boolean accepted = true;
        for (WebhookRules.WebhookRule rule : rules) {
            if (rule.pattern().matches(event)) {
                accepted &= send(rule, event, receives(message));
            }
        }
        return accepted;
    }

    private boolean send(WebhookRules.WebhookRule rule, JsonNode event, int receives) {
        String body = rule.input().render(event, rule.logicalId(), ruleArnPrefix + rule.logicalId());
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .method(rule.httpMethod(), HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        rule.headers().forEach(request::header);
        String releaseSet = event.path("detail").path("releaseSet").asText();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                log.info("notification sent").with("rule", rule.logicalId()).with("releaseSet", releaseSet)
                        .with("url", url.toString()).with("status", response.statusCode()).write();
                return true;
            }
            failed(rule, releaseSet, receives, "HTTP " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            failed(rule, releaseSet, receives, String.valueOf(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(rule, releaseSet, receives, "interrupted");
        }
        return false;
    }

    private void failed(WebhookRules.WebhookRule rule, String releaseSet, int receives, String why) {
        (receives >= QueueDispatcher.MAX_RECEIVES ? log.error("notification dropped after " + receives + " tries")
                : log.warn("notification not accepted; tried again")).with("rule", rule.logicalId())
                .with("releaseSet", releaseSet).with("url", url.toString()).with("error", why).write();
    }

    private static int receives(Message message) {
        return Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
    }
}
