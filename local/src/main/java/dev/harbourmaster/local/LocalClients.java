package dev.harbourmaster.local;

import dev.harbourmaster.support.AwsClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients of one local mode, every one pointed at the emulator explicitly (endpoint, region,
 * test credentials), so local mode never depends on the environment of the process that runs it.
 * The same small HTTP client as the functions use ({@link AwsClients}), ECS with their patient
 * retries, and stream reads with a timeout of their own.
 */
final class LocalClients implements AutoCloseable {

    static final String TEST_ACCESS_KEY = "testing";
    static final String TEST_SECRET_KEY = "testing";

    private final SdkHttpClient http = AwsClients.httpClient();
    final URI endpoint;
    final Region region;
    final DynamoDbClient dynamo;
    final DynamoDbStreamsClient streams;
    final EcrClient ecr;
    final EcsClient ecs;
    final EventBridgeClient events;
    final SqsClient sqs;

    /**
     * @param streamCallTimeout how long a stream call may take, its retries included, before it is
     *                          given up on (the HTTP client alone would wait 30 s an attempt, and
     *                          DynamoDB's retries make that minutes); the reader then takes a fresh iterator
     */
    LocalClients(URI endpoint, Region region, Duration streamCallTimeout) {
        this.endpoint = endpoint;
        this.region = region;
        AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(TEST_ACCESS_KEY, TEST_SECRET_KEY));
        dynamo = DynamoDbClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        streams = DynamoDbStreamsClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(streamCallTimeout.dividedBy(3)).apiCallTimeout(streamCallTimeout))
                .build();
        ecr = EcrClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        ecs = EcsClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.retryStrategy(AwsClients.patientRetries())).build();
        events = EventBridgeClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
        sqs = SqsClient.builder().httpClient(http).endpointOverride(endpoint).region(region)
                .credentialsProvider(credentials).build();
    }

    @Override
    public void close() {
        dynamo.close();
        streams.close();
        ecr.close();
        ecs.close();
        events.close();
        sqs.close();
        http.close();
    }
}
