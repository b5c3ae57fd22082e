package dev.harbourmaster.lambdaruntime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A new event bus on the emulator whose events (source harbourmaster) a rule copies to a queue, read back here. */
final class BusQueue implements AutoCloseable {

    private final EventBridgeClient events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private final SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private final String bus;
    private final String queueUrl;

    BusQueue(String bus) {
        this.bus = bus;
        events.createEventBus(b -> b.name(bus));
        queueUrl = sqs.createQueue(b -> b.queueName(bus)).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name(bus).eventBusName(bus).eventPattern("{\"source\": [\"harbourmaster\"]}"));
        events.putTargets(b -> b.rule(bus).eventBusName(bus).targets(t -> t.id("queue").arn(queueArn)));
    }

    /** The first event that reaches the queue within {@code within}. */
    Optional<JsonNode> receive(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1).maxNumberOfMessages(1)).messages()) {
                try {
                    return Optional.of(Json.MAPPER.readTree(message.body()));
                } catch (JsonProcessingException e) {
                    throw new AssertionError("the queue holds what is not an event: " + message.body(), e);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        events.removeTargets(b -> b.rule(bus).eventBusName(bus).ids("queue"));
        events.deleteRule(b -> b.name(bus).eventBusName(bus));
        events.deleteEventBus(b -> b.name(bus));
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }
}
