package dev.harbourmaster.recorder.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.support.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * An SQS queue on the emulator, spoken to in SQS's JSON protocol with SigV4-signed requests (the
 * build has no SQS SDK module, and production code needs none): enough to create a queue for an
 * EventBridge rule's target and read what the rule delivered.
 */
final class SqsQueue implements AutoCloseable {

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final String url;
    private final String arn;

    SqsQueue(String name) {
        String configured = System.getenv("AWS_ENDPOINT_URL");
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("AWS_ENDPOINT_URL is not set: run integration tests through scripts/with-moto.sh");
        }
        endpoint = URI.create(configured);
        region = new DefaultAwsRegionProviderChain().getRegion().id();
        credentials = DefaultCredentialsProvider.builder().build().resolveCredentials();
        url = call("CreateQueue", body -> body.put("QueueName", name)).path("QueueUrl").asText();
        arn = call("GetQueueAttributes", body -> {
            body.put("QueueUrl", url);
            body.putArray("AttributeNames").add("QueueArn");
        }).path("Attributes").path("QueueArn").asText();
    }

    String arn() {
        return arn;
    }

    /** The bodies of the messages that arrive within {@code wait}, until {@code atLeast} have arrived. */
    List<JsonNode> receive(int atLeast, Duration wait) {
        List<JsonNode> bodies = new ArrayList<>();
        Instant deadline = Instant.now().plus(wait);
        do {
            JsonNode response = call("ReceiveMessage", body -> body.put("QueueUrl", url)
                    .put("MaxNumberOfMessages", 10).put("WaitTimeSeconds", 0).put("VisibilityTimeout", 300));
            for (JsonNode message : response.path("Messages")) {
                try {
                    bodies.add(Json.MAPPER.readTree(message.path("Body").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (bodies.size() >= atLeast) {
                break;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        return bodies;
    }

    private JsonNode call(String action, Consumer<ObjectNode> fill) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        fill.accept(body);
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().uri(endpoint).method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "AmazonSQS." + action)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sqs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null)).build()).call();
            String text;
            try (InputStream in = response.responseBody().<InputStream>map(stream -> stream).orElseGet(InputStream::nullInputStream)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!response.httpResponse().isSuccessful()) {
                throw new IllegalStateException("SQS " + action + " failed: " + response.httpResponse().statusCode() + " " + text);
            }
            return text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            call("DeleteQueue", body -> body.put("QueueUrl", url));
        } finally {
            http.close();
        }
    }
}
