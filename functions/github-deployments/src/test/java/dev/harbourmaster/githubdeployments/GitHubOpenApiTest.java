package dev.harbourmaster.githubdeployments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.invoke.LambdaImages;
import dev.harbourmaster.support.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The checker the loopback GitHub applies: it must see what GitHub's description forbids, or the ITs prove nothing. */
class GitHubOpenApiTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void theOperationsWeCallAreFoundWithTheirPathValues() {
        GitHubOpenApi.Operation status = GitHubOpenApi.operation("POST", "/repos/o/r/deployments/42/statuses");
        assertThat(status.id()).isEqualTo("repos/create-deployment-status");
        assertThat(status.pathValues()).containsEntry("owner", "o").containsEntry("repo", "r").containsEntry("deployment_id", "42");
        assertThat(GitHubOpenApi.operation("GET", "/repos/o/r/deployments").id()).isEqualTo("repos/list-deployments");
        assertThat(GitHubOpenApi.operation("POST", "/repos/o/r/deployments").id()).isEqualTo("repos/create-deployment");
        assertThat(GitHubOpenApi.operation("DELETE", "/repos/o/r/deployments/42")).isNull();
        assertThat(GitHubOpenApi.operation("POST", "/repos/o/r/statuses/abc")).isNull();
    }

    @Test
    void bodiesOutsideTheSchemaAreProblems() throws Exception {
        var create = GitHubOpenApi.operation("POST", "/repos/o/r/deployments");
        assertThat(GitHubOpenApi.problems(create, Map.of(), json("{\"environment\": \"x\"}"))).anyMatch(p -> p.contains("ref"));
        assertThat(GitHubOpenApi.problems(create, Map.of(), json("{\"ref\": \"a\", \"auto_merge\": \"no\"}"))).isNotEmpty();
        assertThat(GitHubOpenApi.problems(create, Map.of(), json("{\"ref\": \"a\", \"payload\": 3}"))).isNotEmpty();
        assertThat(GitHubOpenApi.problems(create, Map.of(), json("{\"ref\": \"a\", \"description\": null}"))).as("nullable").isEmpty();
        assertThat(GitHubOpenApi.problems(create, Map.of(), null)).anyMatch(p -> p.contains("needs a body"));

        var status = GitHubOpenApi.operation("POST", "/repos/o/r/deployments/42/statuses");
        assertThat(GitHubOpenApi.problems(status, Map.of(), json("{\"state\": \"done\"}"))).isNotEmpty();
        assertThat(GitHubOpenApi.problems(GitHubOpenApi.operation("POST", "/repos/o/r/deployments/abc/statuses"), Map.of(),
                json("{\"state\": \"success\"}"))).anyMatch(p -> p.contains("deployment_id"));
    }

    @Test
    void unknownOrMistypedQueryParametersAreProblems() {
        var list = GitHubOpenApi.operation("GET", "/repos/o/r/deployments");
        assertThat(GitHubOpenApi.problems(list, Map.of("ref", "main", "environment", "a/b", "per_page", "100"), null)).isEmpty();
        assertThat(GitHubOpenApi.problems(list, Map.of("per_page", "many"), null)).isNotEmpty();
        assertThat(GitHubOpenApi.problems(list, Map.of("branch", "main"), null)).anyMatch(p -> p.contains("branch"));
    }

    @Test
    void whatWeSendIsWhatTheDescriptionAllows() {
        DeploymentRequests requests = new DeploymentRequests(Optional.of("https://hm.example.org"));
        var set = dev.harbourmaster.dynamodb.StreamImages.releaseSet(
                LambdaImages.toSdk(StreamFixtures.releaseSet("01JSET", "prod", "PARTIAL", "id_minter", "ingestor")));
        var target = new DeploymentTarget(new GitHubRepository("o", "r"), StreamFixtures.HASH);

        var create = GitHubOpenApi.operation("POST", "/repos/o/r/deployments");
        assertThat(GitHubOpenApi.problems(create, Map.of(), requests.deployment(set, target, java.util.List.of("id_minter")))).isEmpty();
        var status = GitHubOpenApi.operation("POST", "/repos/o/r/deployments/42/statuses");
        assertThat(GitHubOpenApi.problems(status, Map.of(), requests.status(set, "failure"))).isEmpty();
        assertThat(GitHubOpenApi.problems(status, Map.of(), requests.superseded(set))).isEmpty();
        assertThat(requests.status(set, "failure").path("log_url").asText()).isEqualTo("https://hm.example.org/sets/01JSET");
        assertThat(requests.deployment(set, target, java.util.List.of("id_minter")).path("production_environment").asBoolean()).isTrue();
    }
}
