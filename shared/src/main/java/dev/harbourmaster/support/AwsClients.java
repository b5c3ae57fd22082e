package dev.harbourmaster.support;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * SDK clients built the same way everywhere: the small URL-connection HTTP client, region and
 * credentials from the default chains, and the endpoint from AWS_ENDPOINT_URL, which the SDK
 * reads itself (so an emulator needs no code path of its own).
 */
public final class AwsClients {

    private AwsClients() {}

    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.create();
    }

    public static DynamoDbClient dynamoDb(SdkHttpClient http) {
        return DynamoDbClient.builder().httpClient(http).build();
    }

    public static EcrClient ecr(SdkHttpClient http) {
        return EcrClient.builder().httpClient(http).build();
    }
}
