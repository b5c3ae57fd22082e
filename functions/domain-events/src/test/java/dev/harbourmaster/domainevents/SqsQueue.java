package dev.harbourmaster.domainevents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** An SQS queue on the emulator: the target of an EventBridge rule, read back to see what the rule delivered. */
final class SqsQueue implements AutoCloseable {

    private final SqsClient sqs = SqsClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    private final String url;
    private final String arn;

    SqsQueue(String name) {
        url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    String arn() {
        return arn;
    }

    /** The bodies of the messages that arrive within {@code wait}, until {@code atLeast} have arrived. */
    List<JsonNode> receive(int atLeast, Duration wait) {
        List<JsonNode> bodies = new ArrayList<>();
        Instant deadline = Instant.now().plus(wait);
        do {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(300)).messages()) {
                try {
                    bodies.add(Json.MAPPER.readTree(message.body()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (bodies.size() >= atLeast) {
                break;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (Instant.now().isBefore(deadline));
        return bodies;
    }

    @Override
    public void close() {
        sqs.deleteQueue(b -> b.queueUrl(url));
        sqs.close();
    }
}
