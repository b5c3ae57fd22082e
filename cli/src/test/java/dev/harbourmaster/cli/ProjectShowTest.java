package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.Environment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.TaskDefinitionBase;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.testing.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** hm project show says where each environment lives: its account, region and role, or the stack's own. */
class ProjectShowTest {

    private static final Placement ELSEWHERE = new Placement("210987654321", "us-east-1",
            "arn:aws:iam::210987654321:role/HarbourmasterDeployer");

    private final Session session = mock(Session.class);
    private final Catalogue catalogue = mock(Catalogue.class);
    private final HmRunner hm = new HmRunner(session);

    @BeforeEach
    void registered() {
        Project example = Fixtures.exampleProject();
        Environment prod = example.environment("prod").orElseThrow();
        Project placed = new Project(example.id(), example.name(), example.releaseHashRule(), List.of(
                example.environment("staging").orElseThrow(), new Environment(prod.id(), prod.name(), prod.cluster(),
                        prod.ecsServiceName(), prod.autoDeploy(), prod.approval(), ELSEWHERE, TaskDefinitionBase.LATEST)),
                example.serviceSets());
        when(session.catalogue(anyString())).thenReturn(catalogue);
        when(catalogue.project("catalogue")).thenReturn(Optional.of(placed));
    }

    @Test
    void eachEnvironmentsRowNamesItsAccountRegionAndRoleOrTheStacksOwn() {
        HmRunner.Run run = hm.succeeds("t", "project", "show", "--project", "catalogue");

        List<String> lines = run.out().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("ENVIRONMENT")).findFirst().orElseThrow();
        assertThat(header).containsSubsequence("CLUSTER", "ACCOUNT", "REGION", "ROLE");
        String staging = lines.stream().filter(l -> l.startsWith("staging ")).findFirst().orElseThrow();
        String prod = lines.stream().filter(l -> l.startsWith("prod ")).findFirst().orElseThrow();
        assertThat(staging).containsSubsequence("catalogue-staging", "(the stack's own)", "(the stack's own)",
                "(the stack's own)");
        assertThat(prod).containsSubsequence("catalogue-prod", "210987654321", "us-east-1",
                "arn:aws:iam::210987654321:role/HarbourmasterDeployer");
    }

    @Test
    void eachEnvironmentSaysWhichRevisionItsDeploysCopy() {
        List<String> lines = hm.succeeds("t", "project", "show", "--project", "catalogue").out().lines().toList();

        assertThat(lines.stream().filter(l -> l.startsWith("ENVIRONMENT")).findFirst().orElseThrow()).contains("TASK DEFINITION BASE");
        assertThat(lines.stream().filter(l -> l.startsWith("staging ")).findFirst().orElseThrow()).contains(" running ");
        assertThat(lines.stream().filter(l -> l.startsWith("prod ")).findFirst().orElseThrow()).contains(" latest ");
        JsonNode environments = hm.succeeds("t", "project", "show", "--project", "catalogue", "-o", "json").json().get("environments");
        assertThat(environments.get(0).get("taskDefinitionBase").asText()).isEqualTo("RUNNING");
        assertThat(environments.get(1).get("taskDefinitionBase").asText()).isEqualTo("LATEST");
    }

    @Test
    void theJsonHasEachEnvironmentsPlacementWithNullsForTheStacksOwn() {
        JsonNode environments = hm.succeeds("t", "project", "show", "--project", "catalogue", "-o", "json")
                .json().get("environments");

        JsonNode staging = environments.get(0).get("placement");
        JsonNode prod = environments.get(1).get("placement");
        assertThat(staging.get("account").isNull()).isTrue();
        assertThat(staging.get("region").isNull()).isTrue();
        assertThat(staging.get("roleArn").isNull()).isTrue();
        assertThat(staging.get("home").asBoolean()).isTrue();
        assertThat(prod.get("account").asText()).isEqualTo("210987654321");
        assertThat(prod.get("region").asText()).isEqualTo("us-east-1");
        assertThat(prod.get("roleArn").asText()).isEqualTo("arn:aws:iam::210987654321:role/HarbourmasterDeployer");
        assertThat(prod.get("home").asBoolean()).isFalse();
    }
}
