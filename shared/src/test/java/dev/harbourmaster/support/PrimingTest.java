package dev.harbourmaster.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;

class PrimingTest {

    /** Every request that reaches the HTTP client, i.e. would reach AWS; it answers none. */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    /** Every request the SDK built and signed, by operation. */
    private final List<String> signed = new CopyOnWriteArrayList<>();

    private final SdkHttpClient wire = new SdkHttpClient() {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            sent.add(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("?"));
            throw new IllegalStateException("no network in this test");
        }

        @Override
        public void close() {}
    };

    private final ExecutionInterceptor seeSigned = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.httpRequest().firstMatchingHeader("Authorization").orElse("").startsWith("AWS4-HMAC-SHA256")) {
                signed.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }
    };

    @Test
    void ecrAndEcsPrimingSignsEachCallAndSendsNone() {
        try (EcrClient ecr = EcrClient.builder().httpClient(wire).region(Region.EU_WEST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                     .endpointOverride(URI.create("https://ecr.example")).overrideConfiguration(c -> c.addExecutionInterceptor(seeSigned)).build();
             EcsClient ecs = EcsClient.builder().httpClient(wire).region(Region.EU_WEST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                     .endpointOverride(URI.create("https://ecs.example")).overrideConfiguration(c -> c.addExecutionInterceptor(seeSigned)).build()) {

            int failures = new Priming().ecr(ecr).ecs(ecs).prime();

            assertThat(sent).as("priming calls that reached the HTTP client").isEmpty();
            assertThat(signed).containsExactly("BatchGetImage", "DescribeServices", "ListTasks", "DescribeTasks", "DescribeTaskDefinition");
            assertThat(failures).isZero();
        }
    }

    @Test
    void theClientsStillSendTheirOwnCalls() {
        try (EcrClient ecr = EcrClient.builder().httpClient(wire).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .endpointOverride(URI.create("https://ecr.example")).build()) {
            new Priming().ecr(ecr).prime();

            new Priming().read(() -> ecr.batchGetImage(b -> b.repositoryName("catalogue/id_minter"))).prime();

            assertThat(sent).singleElement().asString().endsWith("BatchGetImage");
        }
    }

    @Test
    void aRegisteredPrimingRunsItsReadsBeforeTheCheckpointAndSwallowsTheirFailures() {
        List<String> ran = new CopyOnWriteArrayList<>();
        Priming priming = new Priming().read(() -> ran.add("first"))
                .read(() -> { throw new IllegalStateException("no network"); })
                .read(() -> ran.add("last"));

        priming.register();
        assertThat(Priming.registered()).last().isSameAs(priming);
        assertThat(ran).as("nothing runs until the checkpoint").isEmpty();

        priming.beforeCheckpoint(null);
        assertThat(ran).containsExactly("first", "last");
    }
}
