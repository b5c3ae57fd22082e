package dev.harbourmaster.support;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * SDK clients built the same way everywhere: the small URL-connection HTTP client, region and
 * credentials from the default chains, and the endpoint from AWS_ENDPOINT_URL, which the SDK
 * reads itself (so an emulator needs no code path of its own).
 */
public final class AwsClients {

    private AwsClients() {}

    public static TlsWhenNeededHttpClient httpClient() {
        return new TlsWhenNeededHttpClient();
    }

    public static DynamoDbClient dynamoDb(SdkHttpClient http) {
        return DynamoDbClient.builder().httpClient(http).build();
    }

    public static EcrClient ecr(SdkHttpClient http) {
        return EcrClient.builder().httpClient(http).build();
    }

    public static EventBridgeClient eventBridge(SdkHttpClient http) {
        return EventBridgeClient.builder().httpClient(http).build();
    }

    /** ECS throttles per account and API (RegisterTaskDefinition hardest); rolling a release set meets it. */
    public static EcsClient ecs(SdkHttpClient http) {
        return EcsClient.builder().httpClient(http)
                .overrideConfiguration(c -> c.retryStrategy(patientRetries())).build();
    }

    /**
     * The standard strategy (exponential backoff with full jitter, from 1 s for throttling errors,
     * capped at 20 s) with 8 attempts instead of 3: up to about a minute of backing off before a
     * throttled call fails. Chosen over adaptive mode because adaptive slows every operation of
     * the client when one API's quota is hit, and ECS keeps a quota per API.
     */
    public static RetryStrategy patientRetries() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(8).build();
    }
}
