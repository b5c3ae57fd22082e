package dev.harbourmaster.cli.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.cli.environment.Verification.Kind;
import dev.harbourmaster.cli.environment.Verification.Observed;
import dev.harbourmaster.cli.environment.Verification.Result;
import dev.harbourmaster.cli.environment.Verification.Status;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.testing.RecordSeeder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison rules of hm verify, with made-up ECS answers. */
class VerificationTest {

    private static final Instant SINCE = Instant.parse("2026-11-20T10:00:00Z");
    private static final String REG = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final String APP = RecordSeeder.digest("app-1");
    private static final String NGINX = RecordSeeder.digest("nginx-1");
    private static final String OTHER = RecordSeeder.digest("app-2");
    private static final String TD = "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-requests:7";
    private static final RunningService SERVICE = new RunningService("catalogue-prod", "catalogue-requests-prod",
            "arn:aws:ecs:eu-west-1:123456789012:service/catalogue-prod/catalogue-requests-prod", TD, "ecs-svc/1", "ECS", null);

    private static List<ReleaseImage> images(String app, String nginx) {
        return List.of(new ReleaseImage("app", "catalogue/requests", app, REG + "catalogue/requests@" + app, "abc1234"),
                new ReleaseImage("nginx", "platform/nginx", nginx, REG + "platform/nginx@" + nginx, "abc1234"));
    }

    private static CurrentState row(List<ReleaseImage> images, CurrentState.OutOfBand outOfBand) {
        return new CurrentState("catalogue", "prod", "requests", new CurrentState.Running("abc1234", images, "SET",
                DeploymentStatus.COMPLETED, SINCE, "alice", "why", "ecs-svc/1"), null, outOfBand, 3);
    }

    private static TaskDefinition definition(String app, String nginx, String... sidecars) {
        Map<String, String> images = new LinkedHashMap<>();
        if (app != null) {
            images.put("app", app.startsWith("sha256:") ? REG + "catalogue/requests@" + app : app);
        }
        images.put("nginx", REG + "platform/nginx@" + nginx);
        for (String sidecar : sidecars) {
            images.put(sidecar, "public.ecr.aws/datadog/agent:7");
        }
        return new TaskDefinition(TD, "catalogue-requests", images);
    }

    private static TaskEvidence task(String id, String status, String app, String nginx) {
        List<TaskEvidence.ContainerEvidence> containers = new ArrayList<>();
        containers.add(new TaskEvidence.ContainerEvidence("app", app, null, null));
        containers.add(new TaskEvidence.ContainerEvidence("nginx", nginx, null, null));
        return new TaskEvidence("arn:task/" + id, 2, status, TD, containers, null, null, SINCE, null);
    }

    private static Observed observed(TaskDefinition definition, List<TaskEvidence> tasks) {
        return new Observed("catalogue-prod", "catalogue-requests-prod", SERVICE, definition, tasks, null);
    }

    private static Result check(CurrentState row, Observed observed) {
        return Verification.check("requests", row, null, observed);
    }

    @Test
    void okWhenTheTaskDefinitionAndTheRunningTasksRunTheRecordedDigests() {
        Result result = check(row(images(APP, NGINX), null), observed(definition(APP, NGINX, "datadog"),
                List.of(task("1", "RUNNING", APP, NGINX), task("2", "RUNNING", APP, NGINX))));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.differences()).isEmpty();
        assertThat(result.notes()).as("a sidecar the release does not name is not Harbourmaster's").isEmpty();
    }

    @Test
    void noTaskReportingADigestIsANoteNotDrift() {
        Result none = check(row(images(APP, NGINX), null), observed(definition(APP, NGINX), List.of()));
        Result pending = check(row(images(APP, NGINX), null), observed(definition(APP, NGINX),
                List.of(task("1", "PENDING", null, null))));

        assertThat(none.status()).isEqualTo(Status.OK);
        assertThat(none.notes()).containsExactly("no running task reported a digest (ECS lists no running task of deployment"
                + " ecs-svc/1): the task definition decides; this is not drift by itself");
        assertThat(pending.status()).isEqualTo(Status.OK);
        assertThat(pending.notes()).singleElement().asString().contains("(1 task, none has reported one yet)");
    }

    @Test
    void aTaskDefinitionImageOnAnotherDigestOrATagIsDrift() {
        Result other = check(row(images(APP, NGINX), null), observed(definition(OTHER, NGINX), List.of()));
        Result tagged = check(row(images(APP, NGINX), null), observed(definition(REG + "catalogue/requests:latest", NGINX),
                List.of()));

        assertThat(other.status()).isEqualTo(Status.DRIFT);
        assertThat(other.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.TASK_DEFINITION_IMAGE);
            assertThat(d.container()).isEqualTo("app");
            assertThat(d.recorded()).isEqualTo(APP);
            assertThat(d.actual()).isEqualTo(REG + "catalogue/requests@" + OTHER);
            assertThat(d.message()).isEqualTo("container app: the record says " + APP + " (release abc1234), task definition"
                    + " catalogue-requests:7 runs " + REG + "catalogue/requests@" + OTHER);
        });
        assertThat(tagged.status()).isEqualTo(Status.DRIFT);
        assertThat(tagged.differences().get(0).actual()).endsWith(":latest");
    }

    @Test
    void aContainerMissingFromTheTaskDefinitionIsDrift() {
        Result result = check(row(images(APP, NGINX), null), observed(definition(null, NGINX, "datadog"), List.of()));

        assertThat(result.status()).isEqualTo(Status.DRIFT);
        assertThat(result.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.CONTAINER_MISSING);
            assertThat(d.message()).isEqualTo("task definition catalogue-requests:7 has no container 'app' (its containers:"
                    + " nginx, datadog)");
        });
    }

    @Test
    void runningTasksOnAnotherDigestAreDriftCountedPerDigestAndStoppedTasksAreHistory() {
        Result result = check(row(images(APP, NGINX), null), observed(definition(APP, NGINX), List.of(
                task("1", "RUNNING", APP, NGINX), task("2", "RUNNING", OTHER, NGINX), task("3", "RUNNING", OTHER, NGINX),
                task("4", "STOPPED", RecordSeeder.digest("old"), NGINX))));

        assertThat(result.status()).isEqualTo(Status.DRIFT);
        assertThat(result.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.TASK_DIGEST);
            assertThat(d.actual()).isEqualTo(OTHER);
            assertThat(d.message()).isEqualTo("2 of 3 running tasks: container app runs " + OTHER + ", the record says " + APP);
        });
        assertThat(result.runningTasks()).hasSize(3);
    }

    @Test
    void aMissingServiceIsDriftWhenTheRecordSaysSomethingRunsAndAbsentOtherwise() {
        Observed missing = new Observed("catalogue-prod", "catalogue-requests-prod", null, null, null, null);

        Result drift = check(row(images(APP, NGINX), null), missing);
        Result absent = check(null, missing);

        assertThat(drift.status()).isEqualTo(Status.DRIFT);
        assertThat(drift.differences()).singleElement().satisfies(d -> assertThat(d.message()).isEqualTo(
                "ECS service catalogue-requests-prod is not in cluster catalogue-prod (missing or INACTIVE); the record says"
                        + " release abc1234 runs there"));
        assertThat(absent.status()).isEqualTo(Status.ABSENT);
        assertThat(absent.drift()).isFalse();
        assertThat(absent.notes()).singleElement().asString().contains("check the environment's ecsServiceName rule");
    }

    @Test
    void ecsRunningSomethingTheRecordDoesNotKnowIsDrift() {
        CurrentState failedOnly = new CurrentState("catalogue", "prod", "requests", null, new CurrentState.LastDeployment(
                "SET", "abc1234", DeploymentStatus.FAILED, "boom", SINCE, "alice", "why", SINCE), null, 1);

        for (CurrentState row : new CurrentState[] {null, failedOnly}) {
            Result result = check(row, observed(definition(APP, NGINX), List.of()));
            assertThat(result.status()).isEqualTo(Status.DRIFT);
            assertThat(result.differences()).singleElement().satisfies(d -> {
                assertThat(d.kind()).isEqualTo(Kind.NOT_RECORDED);
                assertThat(d.message()).startsWith("the record has no release running here, but ECS runs task definition"
                        + " catalogue-requests:7 (app=" + REG + "catalogue/requests@" + APP);
            });
        }
    }

    @Test
    void aChangeMadeOutsideHarbourmasterIsDriftUntilADeploymentOfOursReplacesIt() {
        CurrentState.OutOfBand after = new CurrentState.OutOfBand("ecs-svc/42", "COMPLETED", SINCE.plusSeconds(60), null);
        CurrentState.OutOfBand before = new CurrentState.OutOfBand("ecs-svc/41", "COMPLETED", SINCE.minusSeconds(60), null);

        Result drift = check(row(images(APP, NGINX), after), observed(definition(APP, NGINX), List.of()));
        Result replaced = check(row(images(APP, NGINX), before), observed(definition(APP, NGINX), List.of()));

        assertThat(drift.status()).isEqualTo(Status.DRIFT);
        assertThat(drift.differences()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.OUT_OF_BAND);
            assertThat(d.message()).isEqualTo("changed outside Harbourmaster: ECS deployment ecs-svc/42 at"
                    + " 2026-11-20T10:01:00.000Z (COMPLETED) was not started by Harbourmaster");
        });
        assertThat(replaced.status()).isEqualTo(Status.OK);
    }

    @Test
    void whatAReleaseSetInFlightIsRollingIsDeployingNotDrift() {
        Release rolling = new Release("catalogue", "api", "requests", "def5678", images(OTHER, NGINX), "catalogue/requests",
                OTHER, SINCE, "next");

        Result deploying = Verification.check("requests", row(images(APP, NGINX), null), rolling,
                observed(definition(OTHER, NGINX), List.of()));
        Result elsewhere = Verification.check("requests", row(images(APP, NGINX), null), rolling,
                observed(definition(RecordSeeder.digest("third"), NGINX), List.of()));
        Result firstDeploy = Verification.check("requests", null, rolling, observed(definition(OTHER, NGINX), List.of()));

        assertThat(deploying.status()).isEqualTo(Status.DEPLOYING);
        assertThat(deploying.notes()).containsExactly("a release set in flight is deploying release def5678 here and ECS runs"
                + " it; verify again when the set has ended");
        assertThat(elsewhere.status()).isEqualTo(Status.DRIFT);
        assertThat(firstDeploy.status()).isEqualTo(Status.DEPLOYING);
    }

    @Test
    void anUnansweredQuestionIsUnverifiedNotOk() {
        Observed noDefinition = new Observed("catalogue-prod", "catalogue-requests-prod", SERVICE, null, null,
                "DescribeTaskDefinition x: AccessDeniedException: no");
        Observed noTasks = new Observed("catalogue-prod", "catalogue-requests-prod", SERVICE, definition(APP, NGINX), null,
                "ListTasks x: ThrottlingException: slow down");

        assertThat(check(row(images(APP, NGINX), null), noDefinition).status()).isEqualTo(Status.UNVERIFIED);
        Result tasks = check(row(images(APP, NGINX), null), noTasks);
        assertThat(tasks.status()).isEqualTo(Status.UNVERIFIED);
        assertThat(tasks.notes()).containsExactly("could not list the running tasks: ListTasks x: ThrottlingException: slow down");
        assertThat(check(row(images(OTHER, NGINX), null), noTasks).status()).as("drift found anyway").isEqualTo(Status.DRIFT);
    }

    @Test
    void aServiceWhoseDeploymentsEcsDoesNotManageIsCheckedByItsTaskDefinition() {
        RunningService codeDeploy = new RunningService("catalogue-prod", "catalogue-requests-prod", "arn", TD, null, "CODE_DEPLOY", null);

        Result result = check(row(images(APP, NGINX), null), new Observed("catalogue-prod", "catalogue-requests-prod",
                codeDeploy, definition(APP, NGINX), null, null));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.notes()).singleElement().asString().startsWith("ECS does not manage this service's deployments");
    }

    private static CurrentState adopted(String taskDefinition) {
        return new CurrentState("catalogue", "prod", "requests", CurrentState.Running.adopted("abc1234", images(APP, NGINX),
                SINCE, "carol", null, "adopted", "ecs-svc/1", taskDefinition, null), null, null, 0);
    }

    @Test
    void anAdoptedBaselineIsOkWhileTheServiceRunsTheRevisionItWasAdoptedFromImagesByTagOrNot() {
        Result result = check(adopted(TD), observed(definition(REG + "catalogue/requests:v1.4", NGINX, "datadog"),
                List.of(task("1", "RUNNING", APP, NGINX))));

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.differences()).isEmpty();
        assertThat(result.notes()).singleElement().asString().startsWith(Verification.ADOPTED_BY_TAG)
                .contains("catalogue-requests:7");
    }

    @Test
    void anAdoptedBaselineStillHoldsTheRunningTasksToItsDigests() {
        Result result = check(adopted(TD), observed(definition(REG + "catalogue/requests:v1.4", NGINX),
                List.of(task("1", "RUNNING", OTHER, NGINX))));

        assertThat(result.status()).isEqualTo(Status.DRIFT);
        assertThat(result.differences()).extracting(Verification.Difference::kind).containsExactly(Kind.TASK_DIGEST);
    }

    @Test
    void anotherRevisionThanTheOneAdoptedIsComparedAsAlways() {
        Result result = check(adopted(TD.replace(":7", ":6")), observed(definition(REG + "catalogue/requests:v1.5", NGINX),
                List.of()));

        assertThat(result.status()).isEqualTo(Status.DRIFT);
        assertThat(result.differences()).extracting(Verification.Difference::kind).containsExactly(Kind.TASK_DEFINITION_IMAGE);
    }
}
