package dev.harbourmaster.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ServiceDeploymentState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each deployment is asked of the ECS of its own environment: its account, region and role. */
class ServiceDeploymentQuestionsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Placement PROD = new Placement("210987654321", "us-east-1",
            "arn:aws:iam::210987654321:role/harbourmaster/workload");

    @Test
    void deploymentsInTwoAccountsAreAskedEachOfItsOwnAccount() {
        ContainerPlatform home = mock(ContainerPlatform.class);
        ContainerPlatform prod = mock(ContainerPlatform.class);
        String stagingArn = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/staging/api-staging/A";
        String prodArn = "arn:aws:ecs:us-east-1:210987654321:service-deployment/prod/api-prod/B";
        when(home.serviceDeployments(List.of(stagingArn))).thenReturn(List.of(state(stagingArn)));
        when(prod.serviceDeployments(List.of(prodArn))).thenReturn(List.of(state(prodArn)));
        ServiceDeploymentQuestions questions = new ServiceDeploymentQuestions(p -> p.equals(PROD) ? prod : home,
                mock(DeploymentRecords.class));

        var evidence = questions.about(List.of(deployment("staging", stagingArn, Placement.HOME), deployment("prod", prodArn, PROD)));

        verify(home).serviceDeployments(List.of(stagingArn));
        verify(prod).serviceDeployments(List.of(prodArn));
        assertThat(evidence.keySet()).containsExactlyInAnyOrder(stagingArn, prodArn);
        assertThat(evidence.get(prodArn).serviceDeployment().status()).isEqualTo("SUCCESSFUL");
    }

    private static ServiceDeploymentState state(String arn) {
        return new ServiceDeploymentState(new ServiceDeploymentReport(arn, "SUCCESSFUL", null, null, T0, T0, null, null, null,
                List.of(), null, null, null), List.of(), null, null);
    }

    private static Deployment deployment(String environment, String arn, Placement placement) {
        return Deployment.builder().releaseSetId("01M8XRRWEZJG79A7HPHGJRM85K").projectId("catalogue").environmentId(environment)
                .serviceId("api").cluster(environment).ecsServiceName("api-" + environment).images(List.of())
                .ecsDeploymentId("ecs-svc/1").serviceDeploymentArn(arn).placement(placement)
                .status(DeploymentStatus.COMPLETED).startedAt(T0).build();
    }
}
