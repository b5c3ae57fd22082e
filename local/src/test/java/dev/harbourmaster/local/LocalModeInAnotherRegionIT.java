package dev.harbourmaster.local;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static dev.harbourmaster.testing.ImagePushes.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * Local mode in a region other than the test emulator's, as a shell with another AWS_REGION starts
 * it: a client made from its export line pushes there, and staging deploys itself there (moto's
 * stream records say us-east-1 whatever the region: nothing may depend on them). The emulator's own
 * region holds none of it.
 */
class LocalModeInAnotherRegionIT {

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();

    @Test
    void localModeRunsInTheRegionItChoseAndAClientGivenItsExportLineSeesItWork() {
        String emulatorRegion = emulator.dynamo().serviceClientConfiguration().region().id();
        String region = emulatorRegion.equals("us-east-2") ? "ap-south-1" : "us-east-2";
        String run = UUID.randomUUID().toString().substring(0, 8);
        String table = "hm-local-region-it-" + run;
        ByteArrayOutputStream narration = new ByteArrayOutputStream();
        LocalMode.Options options = new LocalMode.Options()
                .home(Emulator.repositoryRoot())
                .manifest(Fixtures.exampleManifestOnClusters(dir, run))
                .endpoint(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .region(LocalRegion.choose(null, Map.of("AWS_REGION", region, "AWS_DEFAULT_REGION", emulatorRegion)))
                .table(table)
                .prefix("hm-local-region-it-" + run)
                .busName("harbourmaster-local-region-it-" + run)
                .settle(Duration.ofMillis(500))
                .poll(Duration.ofMillis(300))
                .logFile(Path.of("target/local-region-it.log"))
                .out(new PrintStream(narration, true, StandardCharsets.UTF_8));
        try (LocalMode mode = LocalMode.start(options); SdkHttpClient http = UrlConnectionHttpClient.create()) {
            assertThat(mode.banner().get(0)).contains("region " + region + " (from AWS_REGION)");
            assertThat(mode.banner()).anySatisfy(line -> assertThat(line)
                    .contains("AWS_REGION=" + region + " AWS_DEFAULT_REGION=" + region));

            Map<String, String> shell = mode.environment();
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    shell.get("AWS_ACCESS_KEY_ID"), shell.get("AWS_SECRET_ACCESS_KEY")));
            URI endpoint = URI.create(shell.get("AWS_ENDPOINT_URL"));
            Region shellRegion = Region.of(shell.get("AWS_REGION"));
            try (EcrClient ecr = EcrClient.builder().httpClient(http).endpointOverride(endpoint).region(shellRegion)
                    .credentialsProvider(credentials).build();
                 DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(http).endpointOverride(endpoint)
                         .region(shellRegion).credentialsProvider(credentials).build()) {
                String hash = newHash();
                String digest = push(ecr, "catalogue/id_minter", hash);
                DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(dynamo, table);

                ReleaseSet set = ImagePushes.await("staging's release set of id_minter " + hash + " SUCCEEDED in " + region,
                        Duration.ofSeconds(20), () -> releaseSets.releaseSets("catalogue", "staging", 5).stream()
                                .filter(s -> s.status() == ReleaseSetStatus.SUCCEEDED)
                                .filter(s -> s.releases().stream().anyMatch(r -> hash.equals(r.releaseHash()))).findFirst(),
                        () -> narration.toString(StandardCharsets.UTF_8));

                Deployment deployment = releaseSets.deployments(set.id()).get(0);
                assertThat(deployment.status()).isEqualTo(DeploymentStatus.COMPLETED);
                assertThat(deployment.images().get(0).image()).as("the image ECR's event named, in its region")
                        .contains(".dkr.ecr." + region + ".amazonaws.com/catalogue/id_minter@" + digest);
                assertThat(deployment.taskDefinition()).startsWith("arn:aws:ecs:" + region + ":");
            }
        }
        assertThatThrownBy(() -> emulator.dynamo().describeTable(b -> b.tableName(table)))
                .as("nothing in the emulator's region " + emulatorRegion).isInstanceOf(ResourceNotFoundException.class);
    }
}
