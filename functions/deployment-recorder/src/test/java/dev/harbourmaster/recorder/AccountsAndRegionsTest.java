package dev.harbourmaster.recorder;

import static dev.harbourmaster.recorder.Scenario.API;
import static dev.harbourmaster.recorder.Scenario.API_DEPLOYMENT;
import static dev.harbourmaster.recorder.Scenario.API_DIGEST;
import static dev.harbourmaster.recorder.Scenario.SET_ID;
import static dev.harbourmaster.recorder.Scenario.T0;
import static dev.harbourmaster.recorder.Scenario.WORKER;
import static dev.harbourmaster.recorder.Scenario.WORKER_DEPLOYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.recorder.EcsEvent.DeploymentStateChange;
import dev.harbourmaster.recorder.EcsEvent.ServiceAction;
import dev.harbourmaster.recorder.EcsEvent.TaskStateChange;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.support.ServedAccounts;
import dev.harbourmaster.support.ServedAccounts.AccountRegion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * An ECS deployment id, a cluster's name and a service's name are unique only within one account
 * and region: staging in the stack's account and prod in a workload account may both have
 * catalogue-staging/catalogue-api-staging, and an id may repeat. The recorder matches an event by
 * account, region, cluster, service and id together.
 */
class AccountsAndRegionsTest {

    private static final String WORKLOAD = "210987654321";
    private static final String PROD_SET = "01JCATALOGUEPROD0000000001";
    private static final String PROD_DEPLOYMENT = "ecs-svc/3000000000000000003";
    private static final Placement PROD = new Placement(WORKLOAD, Scenario.REGION,
            "arn:aws:iam::" + WORKLOAD + ":role/harbourmaster-workload");

    private final Scenario scenario = new Scenario();
    private final InMemoryDeploymentRecords records = Scenario.records();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ServedAccounts served = new ServedAccounts(new AccountRegion(Scenario.ACCOUNT, Scenario.REGION),
            List.of(new AccountRegion(WORKLOAD, Scenario.REGION)));
    private final DeploymentRecorder recorder = new DeploymentRecorder(records, Mockito.mock(ReleaseSets.class),
            new FakeEcs(), () -> T0.plusSeconds(200), Duration.ofMinutes(2), served,
            new Log("test", new PrintStream(logged, true, StandardCharsets.UTF_8), () -> T0.plusSeconds(200)));

    AccountsAndRegionsTest() {
        // prod lives in the workload account, with the same cluster and service names as staging here
        Deployment prodApi = Scenario.started(API, API_DIGEST, PROD_DEPLOYMENT).toBuilder().releaseSetId(PROD_SET)
                .environmentId("prod").placement(PROD).build();
        records.put(new ReleaseSet(PROD_SET, "catalogue", "prod", "backend", List.of(Scenario.release(API, API_DIGEST)),
                ReleaseSetKind.DEPLOY, "ada", "promote", T0, ReleaseSetStatus.IN_PROGRESS, null), List.of(prodApi));
    }

    @Test
    void anEventFromTheWorkloadAccountEndsTheDeploymentThereAndNotTheOneOfTheSameNameHere() {
        recorder.record(inAccount(scenario.task(API, PROD_DEPLOYMENT, "p1", 3, "RUNNING", API_DIGEST, null, 30), WORKLOAD));
        DeploymentRecorder.Result result = recorder.record(inAccount(
                scenario.deployment(API, PROD_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"), WORKLOAD));

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.RECORDED);
        assertThat(deployment(PROD_SET).status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment(SET_ID).status()).as("staging's deployment of the same names").isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void anEventReplayedWithTheOtherAccountsIdIsNotMatchedToOurDeployment() {
        DeploymentRecorder.Result replayed = recorder.record(inAccount(
                scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 90, "tasks failed to start"), WORKLOAD));

        assertThat(replayed.outcome()).as("an ECS deployment of the workload account that nobody started")
                .isEqualTo(DeploymentRecorder.Outcome.OUT_OF_BAND);
        Deployment staging = records.setRecord(SET_ID).orElseThrow().deployment(WORKER).orElseThrow();
        assertThat(staging.status()).as("staging's deployment of that id, here").isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(staging.evidence().reports()).isEmpty();
        assertThat(records.outOfBand.get(WORKER_DEPLOYMENT).placement().samePlace(PROD)).as("kept where it happened").isTrue();
    }

    @Test
    void aTaskOfTheWorkloadAccountIsNotEvidenceForADeploymentHere() {
        recorder.record(inAccount(scenario.task(API, API_DEPLOYMENT, "x1", 3, "STOPPED", API_DIGEST, 1, 30), WORKLOAD));

        assertThat(deployment(SET_ID).evidence().tasks()).isEmpty();
    }

    @Test
    void aServiceActionIsANoticeOnTheDeploymentInItsOwnAccountOnly() {
        ServiceAction here = scenario.serviceAction(API, "WARN", "SERVICE_TASK_START_IMPAIRED", 40, "no capacity");
        recorder.record(inAccount(here, WORKLOAD));

        assertThat(deployment(PROD_SET).evidence().notices()).hasSize(1);
        assertThat(deployment(SET_ID).evidence().notices()).isEmpty();
    }

    @Test
    void anEventFromAnAccountNoEnvironmentNamesIsLoggedAndAcknowledged() {
        DeploymentRecorder.Result result = recorder.record(inAccount(
                scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"), "999999999999"));

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.IGNORED);
        assertThat(result.detail()).contains("account 999999999999 region eu-west-1 is not one this stack serves");
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("ECS event ignored", "999999999999");
        assertThat(records.outOfBand).isEmpty();
        assertThat(deployment(SET_ID).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
    }

    @Test
    void theStacksOwnAccountSpelledOutIsTheStacksOwnPlace() {
        assertThat(served.normalized(new Placement(Scenario.ACCOUNT, Scenario.REGION, null))).isEqualTo(Placement.HOME);
        assertThat(served.normalized(new Placement(WORKLOAD, null, null))).isEqualTo(new Placement(WORKLOAD, Scenario.REGION, null));
        assertThat(served.normalized(new Placement(null, "us-east-1", null)))
                .isEqualTo(new Placement(Scenario.ACCOUNT, "us-east-1", null));
        assertThat(served.placementRefusal(new Placement(null, "us-east-1", null))).get().asString()
                .contains("account 123456789012 region us-east-1 is not one this stack serves");
        assertThat(served.placementRefusal(PROD)).isEmpty();
    }

    private Deployment deployment(String setId) {
        return records.setRecord(setId).orElseThrow().deployment(API).orElseThrow();
    }

    private static EcsEvent inAccount(EcsEvent e, String account) {
        return switch (e) {
            case DeploymentStateChange d -> new DeploymentStateChange(d.eventId(), d.time(), account, d.region(), d.cluster(),
                    d.serviceName(), d.serviceArn().replace(Scenario.ACCOUNT, account), d.state(), d.deploymentId(),
                    d.updatedAt(), d.reason());
            case TaskStateChange t -> new TaskStateChange(t.eventId(), t.time(), account, t.region(), t.cluster(),
                    t.serviceName(), t.taskArn().replace(Scenario.ACCOUNT, account), t.startedBy(), t.version(),
                    t.lastStatus(), t.desiredStatus(), t.taskDefinitionArn(), t.containers(), t.stoppedReason(),
                    t.stopCode(), t.startedAt(), t.stoppedAt());
            case ServiceAction a -> new ServiceAction(a.eventId(), a.time(), account, a.region(), a.cluster(),
                    a.serviceName(), a.serviceArn(), a.eventType(), a.eventName(), a.reasons());
            default -> throw new IllegalArgumentException("not used here: " + e);
        };
    }

}
