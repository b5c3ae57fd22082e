package dev.harbourmaster.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.WorkloadAccount;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * An environment in another account, on the emulator, which keeps each account's state apart and
 * gives an assumed role's credentials the role's account (as STS and ECS do): its ECS is read and
 * changed there only, and the role is assumed once however many calls are made.
 */
class EcsPlatformsIT {

    private static final String WORKLOAD = "210987654321";
    private static final String ROLE = "arn:aws:iam::" + WORKLOAD + ":role/harbourmaster/workload";

    private final Emulator emulator = new Emulator();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String cluster = "catalogue-prod-" + suffix;
    private final String service = "catalogue-api-prod-" + suffix;

    @Test
    void anEnvironmentInAnotherAccountIsReadThereOnlyWithTheRoleAssumedOnce() throws Exception {
        EcsClient workload = WorkloadAccount.ecs(ROLE);
        workload.createCluster(b -> b.clusterName(cluster));
        String definition = workload.registerTaskDefinition(b -> b.family(service).containerDefinitions(ContainerDefinition
                .builder().name("app").image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/api:bootstrap")
                .memory(256).build())).taskDefinition().taskDefinitionArn();
        workload.createService(b -> b.cluster(cluster).serviceName(service).taskDefinition(definition).desiredCount(1));
        long assumedBefore = assumeRoleCalls();

        EcsPlatforms platforms = new EcsPlatforms(emulator.ecs(), UrlConnectionHttpClient.create(), "harbourmaster-it");
        ContainerPlatform prod = platforms.at(new Placement(WORKLOAD, null, ROLE));
        for (int i = 0; i < 20; i++) {
            assertThat(prod.services(cluster, List.of(service))).containsKey(service);
        }

        assertThat(prod.services(cluster, List.of(service)).get(service).taskDefinitionArn())
                .as("the workload account's task definition").startsWith("arn:aws:ecs:eu-west-1:" + WORKLOAD + ":");
        assertThat(platforms.at(new Placement(WORKLOAD, null, ROLE))).as("kept, with its credentials").isSameAs(prod);
        assertThat(emulator.ecs().listClusters().clusterArns()).as("the stack's own account has no such cluster")
                .noneMatch(arn -> arn.endsWith("/" + cluster));
        assertThat(assumeRoleCalls() - assumedBefore).as("one AssumeRole for 21 calls: the credentials are cached")
                .isEqualTo(1);
    }

    /** AssumeRole calls made with this process's own key, as the emulator counted them (moto_server.py's change 7). */
    private static long assumeRoleCalls() throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                System.getenv("AWS_ENDPOINT_URL") + "/_harbourmaster/requests")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode counts = Json.MAPPER.readTree(answer.body()).path(System.getenv("AWS_ACCESS_KEY_ID"));
        return counts.path("sts").path("AssumeRole").asLong(0);
    }
}
