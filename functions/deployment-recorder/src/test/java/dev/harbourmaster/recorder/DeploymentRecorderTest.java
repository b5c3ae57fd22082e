package dev.harbourmaster.recorder;

import static dev.harbourmaster.recorder.Scenario.API;
import static dev.harbourmaster.recorder.Scenario.API_DEPLOYMENT;
import static dev.harbourmaster.recorder.Scenario.API_DIGEST;
import static dev.harbourmaster.recorder.Scenario.OTHER_DIGEST;
import static dev.harbourmaster.recorder.Scenario.SET_ID;
import static dev.harbourmaster.recorder.Scenario.T0;
import static dev.harbourmaster.recorder.Scenario.WORKER;
import static dev.harbourmaster.recorder.Scenario.WORKER_DEPLOYMENT;
import static dev.harbourmaster.recorder.Scenario.WORKER_DIGEST;
import static dev.harbourmaster.recorder.Scenario.WORKER_PREVIOUS;
import static dev.harbourmaster.recorder.Scenario.WORKER_ROLLBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.Placement;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.ServiceDeploymentReport;
import dev.harbourmaster.domain.ServiceNotice;
import dev.harbourmaster.ports.ContainerPlatforms;
import dev.harbourmaster.ports.ServiceDeploymentState;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.recorder.EcsEvent.DeploymentState;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeploymentRecorderTest {

    private final Scenario scenario = new Scenario();
    private final InMemoryDeploymentRecords records = Scenario.records();
    private final FakeEcs ecs = new FakeEcs();
    private final AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(200));
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final DeploymentRecorder recorder = new DeploymentRecorder(records, org.mockito.Mockito.mock(dev.harbourmaster.ports.ReleaseSets.class), ecs, now::get, Duration.ofMinutes(2), Fixtures.SERVED,
            new Log("test", new PrintStream(logged, true, StandardCharsets.UTF_8), now::get));

    @Test
    void completedWithTheReleasesDigestRunningIsCompleted() {
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.IN_PROGRESS, 1, "in progress"));
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30));
        DeploymentRecorder.Result result = recorder.record(
                scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.RECORDED);
        Deployment api = deployment(API);
        assertThat(api.status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(api.reason()).isEqualTo("ECS reported COMPLETED and 1 task ran the release's digests");
        assertThat(api.endedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(tasksAsked()).as("events gave evidence: ECS is not asked for tasks").isEmpty();
        assertThat(ecs.asked).as("its end: what the service deployments API says, once")
                .containsExactly("service deployments [" + Scenario.API_SERVICE_DEPLOYMENT + "]");
        CurrentState row = current(API);
        assertThat(row.running().releaseHash()).isEqualTo("abc1234");
        assertThat(row.running().images()).extracting(i -> i.digest()).containsExactly(API_DIGEST);
        assertThat(row.running().requestedBy()).isEqualTo("ada");
        assertThat(row.running().description()).isEqualTo("ship the new minter");
        assertThat(row.last().status()).isEqualTo(DeploymentStatus.COMPLETED);
    }

    @Test
    void evidenceOnACopyReadBeforeAnotherWriteIsRecordedOnTheRecordItselfWithNothingLost() {
        Deployment found = deployment(API);  // as a lagging index would still show it after the next write
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30));
        int setRevision = (int) records.setRecord(SET_ID).orElseThrow().revision();

        DeploymentRecorder.Result result = recorder.update(found, d -> d.withEvidence(
                DeploymentEvidence.NONE.withNotice(new ServiceNotice(
                        "n1", T0.plusSeconds(40), "WARN", "SERVICE_TASK_START_IMPAIRED", List.of()))), null, null);

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.RECORDED);
        assertThat(deployment(API).evidence().tasks()).as("the other write's evidence stays").hasSize(1);
        assertThat(deployment(API).evidence().notices()).hasSize(1);
        assertThat(records.conflicts).as("the copy's write was refused, then the record read").isEqualTo(1);
        assertThat(records.setRecord(SET_ID).orElseThrow().revision()).as("evidence in flight does not move the set")
                .isEqualTo(setRevision);
    }

    @Test
    void completedWithoutEvidenceAsksEcsOnceAndStaysUnverifiedWhenEcsKnowsNoTask() {
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));
        DeploymentRecorder.Result repeat = recorder.record(
                scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(deployment(API).reason()).contains("no task of this deployment was seen running");
        assertThat(tasksAsked()).containsExactly("tasks " + API_DEPLOYMENT);
        assertThat(repeat.outcome()).isEqualTo(DeploymentRecorder.Outcome.DUPLICATE);
        assertThat(current(API).running().status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
    }

    @Test
    void completedWithoutEventsIsVerifiedByWhatEcsAnswers() {
        ecs.tasksByDeployment.put(API_DEPLOYMENT, List.of(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/a9", 4,
                "RUNNING", "td", List.of(new TaskEvidence.ContainerEvidence(API, API_DIGEST, null, null)), null, null,
                T0.plusSeconds(30), null)));

        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment(API).evidence().askedEcs()).isTrue();
    }

    @Test
    void aDigestEcsAnswersInUpperCaseIsUnknownNotTheReleases() {
        ecs.tasksByDeployment.put(API_DEPLOYMENT, List.of(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/a9", 4,
                "RUNNING", "td", List.of(new TaskEvidence.ContainerEvidence(API, API_DIGEST.toUpperCase().replace("SHA256:",
                "sha256:"), null, null)), null, null, T0.plusSeconds(30), null)));

        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(deployment(API).evidence().tasks()).singleElement().satisfies(task -> {
            assertThat(task.lastStatus()).isEqualTo("RUNNING");
            assertThat(task.containers()).singleElement().satisfies(c -> assertThat(c.imageDigest()).isNull());
        });
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("container digest not read", "\"source\":\"DescribeTasks\"",
                "it has upper-case hex digits");
    }

    @Test
    void aMalformedDigestInAnEventIsNeitherTheReleasesNorAMismatch() {
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", "sha512:" + "a".repeat(128), null, 30));
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a2", 3, "RUNNING", API_DIGEST, null, 31));
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment(API).reason()).isEqualTo("ECS reported COMPLETED and 1 task ran the release's digests");
        assertThat(deployment(API).evidence().tasks()).as("both tasks kept").hasSize(2);
        assertThat(tasksAsked()).as("a task with the release's digest was seen: ECS is not asked").isEmpty();
    }

    @Test
    void aTaskRunningAnotherDigestMakesItADigestMismatchEvenAfterCompleted() {
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30));
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a2", 3, "RUNNING", OTHER_DIGEST, null, 31));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.DIGEST_MISMATCH);
        assertThat(deployment(API).reason()).contains("task a2 container api ran " + OTHER_DIGEST
                + ", the release has " + API_DIGEST);
        assertThat(current(API).last().status()).isEqualTo(DeploymentStatus.DIGEST_MISMATCH);
    }

    @Test
    void failedIsExplainedByTheStoppedTasks() {
        recorder.record(scenario.task(WORKER, WORKER_DEPLOYMENT, "w1", 5, "STOPPED", WORKER_DIGEST, 1, 40));
        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60,
                "ECS deployment circuit breaker: task failed to start."));

        Deployment worker = deployment(WORKER);
        assertThat(worker.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(worker.reason()).isEqualTo("exit code 1 (EssentialContainerExited); ECS deployment circuit breaker: task"
                + " failed to start.: task w1 stopped (EssentialContainerExited): Essential container in task exited; worker"
                + " exit code 1 exited with 1");
        assertThat(current(WORKER).running()).as("nothing of the release runs").isNull();
        assertThat(current(WORKER).last().status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(current(WORKER).last().cause()).as("kept for the cells: the cause alone").isEqualTo("exit code 1 (EssentialContainerExited)");
    }

    @Test
    void aCircuitBreakerRollbackMakesTheDeploymentRolledBackToThePreviousOne() {
        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60, "task failed to start."));
        recorder.record(scenario.deployment(WORKER, WORKER_ROLLBACK, DeploymentState.IN_PROGRESS, 61,
                "ECS deployment circuit breaker: rolling back to deploymentId " + WORKER_PREVIOUS + "."));
        recorder.record(scenario.deployment(WORKER, WORKER_ROLLBACK, DeploymentState.COMPLETED, 120, "completed."));

        Deployment worker = deployment(WORKER);
        assertThat(worker.status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(worker.evidence().rollback().toDeploymentId()).isEqualTo(WORKER_PREVIOUS);
        assertThat(worker.evidence().rollback().state()).isEqualTo("COMPLETED");
        assertThat(worker.reason()).isEqualTo("task failed to start.; ECS circuit breaker rolled back to " + WORKER_PREVIOUS
                + " (rollback " + WORKER_ROLLBACK + " COMPLETED)");
        assertThat(records.outOfBand).as("the rollback is not a change made outside").isEmpty();
    }

    /** Every deployment of the scenario was claimed at T0. */
    @Test
    void anEndDatedBeforeTheDeploymentStartedIsEvidenceButEndsNothing() {
        DeploymentRecorder.Result early = recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED,
                T0.minusMillis(1), "completed"));

        assertThat(early.outcome()).isEqualTo(DeploymentRecorder.Outcome.RECORDED);
        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(deployment(API).endedAt()).isNull();
        assertThat(deployment(API).durationMillis()).isNull();
        assertThat(deployment(API).evidence().reports()).extracting(r -> r.at()).containsExactly(T0.minusMillis(1));
        assertThat(tasksAsked()).as("not taken for a completion: nothing to verify").isEmpty();
        assertThat(records.currentState("catalogue", "staging", API)).as("nothing ended").isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("ECS event dated before the deployment started:"
                + " recorded as evidence, not as its end", "ECS reported COMPLETED at 2026-11-20T09:59:59.999Z, before the"
                + " deployment started at 2026-11-20T10:00:00Z");

        recorder.record(scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30));
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(deployment(API).status()).as("the later report ends it").isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment(API).endedAt()).isEqualTo(T0.plusSeconds(90));
        assertThat(deployment(API).durationMillis()).isEqualTo(90_000L);
    }

    @Test
    void anEndExactlyAtTheStartEndsItHavingTakenNoTime() {
        recorder.record(scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30));
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, T0, "completed"));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment(API).endedAt()).isEqualTo(T0);
        assertThat(deployment(API).durationMillis()).isZero();
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("dated before the deployment started");
    }

    @Test
    void aFailureDatedBeforeTheStartNeitherFailsItNorNamesTheCause() {
        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, T0.minusSeconds(5),
                "ECS deployment circuit breaker: task failed to start."));

        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(set().status()).isEqualTo(ReleaseSetStatus.IN_PROGRESS);

        recorder.record(scenario.task(WORKER, WORKER_DEPLOYMENT, "w1", 3, "RUNNING", WORKER_DIGEST, null, 30));
        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));

        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.COMPLETED);
        assertThat(deployment(WORKER).endedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aRollbackThatBeganBeforeTheDeploymentStartedRollsBackAnEarlierOneAndIsIgnored() {
        DeploymentRecorder.Result result = recorder.record(scenario.deployment(WORKER, WORKER_ROLLBACK,
                DeploymentState.IN_PROGRESS, T0.minusMillis(1), "ECS deployment circuit breaker: rolling back to deploymentId "
                        + WORKER_PREVIOUS + "."));

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.IGNORED);
        assertThat(result.detail()).isEqualTo("circuit-breaker rollback " + WORKER_ROLLBACK + " began at"
                + " 2026-11-20T09:59:59.999Z, before deployment " + SET_ID + "/worker (" + WORKER_DEPLOYMENT + ") started at"
                + " 2026-11-20T10:00:00Z: it rolls back an earlier deployment, not this one");
        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(deployment(WORKER).evidence().rollback()).isNull();
        assertThat(records.byEcsDeployment(Placement.HOME, WORKER_ROLLBACK)).as("no alias to our deployment").isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("\"message\":\"ECS event ignored\"");
    }

    @Test
    void aRollbackThatBeganExactlyAtTheStartIsTheDeploymentsOwn() {
        recorder.record(scenario.deployment(WORKER, WORKER_ROLLBACK, DeploymentState.IN_PROGRESS, T0,
                "ECS deployment circuit breaker: rolling back to deploymentId " + WORKER_PREVIOUS + "."));

        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(deployment(WORKER).endedAt()).isEqualTo(T0);
        assertThat(deployment(WORKER).durationMillis()).isZero();
    }

    @Test
    void theLastDeploymentToEndEndsTheSetExactlyOnceNamingWhatFailed() {
        for (EcsEvent event : scenario.story()) {
            recorder.record(event);
        }
        for (EcsEvent event : scenario.story()) {
            recorder.record(event);
        }

        assertThat(records.setsEnded).isEqualTo(1);
        assertThat(set().status()).isEqualTo(ReleaseSetStatus.PARTIAL);
        assertThat(set().statusReason()).as("each failed service with its cause; the ids stay on the deployment")
                .isEqualTo("1 of 2 failed: worker ROLLED_BACK: exit code 1 (EssentialContainerExited); succeeded: api");
        assertThat(records.inFlight).as("the environment is free again").isEmpty();
    }

    @Test
    void whenEveryServiceRunsItsReleaseTheSetSucceeds() {
        for (String service : List.of(API, WORKER)) {
            String id = service.equals(API) ? API_DEPLOYMENT : WORKER_DEPLOYMENT;
            String digest = service.equals(API) ? API_DIGEST : WORKER_DIGEST;
            recorder.record(scenario.task(service, id, service + "1", 3, "RUNNING", digest, null, 30));
            recorder.record(scenario.deployment(service, id, DeploymentState.COMPLETED, 90, "completed"));
        }

        assertThat(set().status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        assertThat(set().statusReason()).isEqualTo("2 services run the release");
    }

    @Test
    void statusNeverGoesBackToInProgress() {
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.COMPLETED, 90, "completed"));
        DeploymentRecorder.Result late = recorder.record(
                scenario.deployment(API, API_DEPLOYMENT, DeploymentState.IN_PROGRESS, 1, "in progress"));

        assertThat(late.outcome()).isEqualTo(DeploymentRecorder.Outcome.RECORDED);
        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(deployment(API).evidence().reports()).extracting(r -> r.state()).containsExactly("COMPLETED", "IN_PROGRESS");
    }

    @Test
    void anUnknownDeploymentWhileOursIsInFlightIsRetriedThenRecordedAsOutOfBand() {
        EcsEvent foreign = scenario.deployment(API, "ecs-svc/9999", DeploymentState.IN_PROGRESS, 150, "in progress");
        now.set(T0.plusSeconds(160));

        assertThatThrownBy(() -> recorder.record(foreign)).isInstanceOf(NotRecordedYetException.class)
                .hasMessageContaining("retrying for up to PT2M");

        now.set(T0.plusSeconds(150 + 121));
        DeploymentRecorder.Result result = recorder.record(foreign);
        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.OUT_OF_BAND);
        Deployment outOfBand = records.outOfBand.get("ecs-svc/9999");
        assertThat(outOfBand.projectId()).isEqualTo("catalogue");
        assertThat(outOfBand.serviceId()).isEqualTo(API);
        assertThat(outOfBand.reason()).isEqualTo("changed outside Harbourmaster: ECS deployment ecs-svc/9999 in progress");
        assertThat(current(API).outOfBand().ecsDeploymentId()).isEqualTo("ecs-svc/9999");
    }

    @Test
    void anUnknownDeploymentOfAServiceWeNeverDeployedIsOutOfBandAtOnce() {
        EcsEvent foreign = scenario.deployment("billing", "ecs-svc/8888", DeploymentState.COMPLETED, 150, "completed");

        DeploymentRecorder.Result result = recorder.record(foreign);

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.OUT_OF_BAND);
        assertThat(records.outOfBand.get("ecs-svc/8888").status()).isEqualTo(DeploymentStatus.COMPLETED_UNVERIFIED);
        assertThat(records.outOfBand.get("ecs-svc/8888").projectId()).as("no deployment of ours names its project").isNull();
    }

    @Test
    void rollbackEventsThatCameBeforeTheRollbackStartedAreTakenBackFromOutOfBand() {
        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60, "task failed to start."));
        now.set(T0.plusSeconds(600));
        recorder.record(scenario.deployment(WORKER, WORKER_ROLLBACK, DeploymentState.COMPLETED, 120, "completed."));
        assertThat(records.outOfBand).containsKey(WORKER_ROLLBACK);

        recorder.record(scenario.deployment(WORKER, WORKER_ROLLBACK, DeploymentState.IN_PROGRESS, 61,
                "ECS deployment circuit breaker: rolling back to deploymentId " + WORKER_PREVIOUS + "."));

        assertThat(records.outOfBand).isEmpty();
        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(deployment(WORKER).evidence().rollback().state()).isEqualTo("COMPLETED");
        assertThat(current(WORKER).outOfBand()).isNull();
    }

    @Test
    void aTaskOfADeploymentNobodyReportedIsIgnored() {
        now.set(T0.plusSeconds(3600));
        DeploymentRecorder.Result result = recorder.record(
                scenario.task(API, "ecs-svc/7777", "x1", 3, "RUNNING", API_DIGEST, null, 30));

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.IGNORED);
        assertThat(result.detail()).contains("neither started nor saw reported");
    }

    @Test
    void serviceWarningsDuringTheDeploymentAreKeptAndOutsideItIgnored() {
        recorder.record(scenario.serviceAction(WORKER, "ERROR", "SERVICE_TASK_PLACEMENT_FAILURE", 45, "RESOURCE:MEMORY"));
        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60, "failed."));
        DeploymentRecorder.Result later = recorder.record(
                scenario.serviceAction(WORKER, "WARN", "SERVICE_TASK_START_IMPAIRED", 300));

        assertThat(deployment(WORKER).evidence().notices()).extracting(n -> n.eventName())
                .containsExactly("SERVICE_TASK_PLACEMENT_FAILURE");
        assertThat(deployment(WORKER).reason()).endsWith("ERROR SERVICE_TASK_PLACEMENT_FAILURE: RESOURCE:MEMORY");
        assertThat(later.outcome()).isEqualTo(DeploymentRecorder.Outcome.IGNORED);
    }

    @Test
    void aRepeatedEventIsADuplicate() {
        EcsEvent running = scenario.task(API, API_DEPLOYMENT, "a1", 3, "RUNNING", API_DIGEST, null, 30);
        recorder.record(running);

        assertThat(recorder.record(running).outcome()).isEqualTo(DeploymentRecorder.Outcome.DUPLICATE);
        assertThat(deployment(API).revision()).as("written once").isEqualTo(1);
    }

    private Deployment deployment(String service) {
        return records.setRecord(SET_ID).orElseThrow().deployment(service).orElseThrow();
    }

    private dev.harbourmaster.domain.ReleaseSet set() {
        return records.setRecord(SET_ID).orElseThrow().set();
    }

    private CurrentState current(String service) {
        return records.currentState("catalogue", "staging", service).orElseThrow();
    }

    private static ServiceDeploymentState apiSays(String status, List<String> alarms) {
        return new ServiceDeploymentState(new ServiceDeploymentReport(Scenario.API_SERVICE_DEPLOYMENT, status, "ECS: " + status,
                "BAKE_TIME", T0.plusSeconds(95), T0.plusSeconds(95), alarms.isEmpty() ? null : "alarms", T0.plusSeconds(80),
                alarms.isEmpty() ? "MONITORING" : "TRIGGERED", alarms, "MONITORING", 0, 3), List.of(),
                "arn:aws:ecs:eu-west-1:123456789012:service/catalogue-staging/catalogue-api-staging", null);
    }

    @Test
    void aPauseHookWaitingIsRecordedAndKeepsTheDeploymentInFlight() {
        DeploymentRecorder.Result result = recorder.record(scenario.hook(API, Scenario.API_SERVICE_DEPLOYMENT, "AWAITING_ACTION", 40));

        assertThat(result.outcome()).isEqualTo(DeploymentRecorder.Outcome.RECORDED);
        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.IN_PROGRESS);
        assertThat(deployment(API).evidence().hookAwaitingAction()).get().satisfies(h -> {
            assertThat(h.hookId()).isEqualTo(Scenario.API_HOOK);
            assertThat(h.expiresAt()).isEqualTo(T0.plusSeconds(40 + 3600));
        });
        assertThat(recorder.record(scenario.hook(API, "arn:aws:ecs:eu-west-1:123456789012:service-deployment/x/y/Other",
                "AWAITING_ACTION", 41)).outcome()).as("another service deployment's hook").isEqualTo(DeploymentRecorder.Outcome.IGNORED);
    }

    @Test
    void aFailureThatTheApiCallsAnAlarmRollbackIsRolledBackNamingTheAlarm() {
        ecs.serviceDeployments.put(Scenario.API_SERVICE_DEPLOYMENT, apiSays("ROLLBACK_SUCCESSFUL", List.of("api-5xx")));

        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.FAILED, 90, "ECS deployment failed."));

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(deployment(API).reason()).contains("ECS rolled back (alarm api-5xx in ALARM)");
    }

    @Test
    void aDeploymentEcsStoppedForAnotherIsSupersededNamingIt() {
        ecs.serviceDeployments.put(Scenario.API_SERVICE_DEPLOYMENT, apiSays("STOPPED", List.of()));
        ecs.services.put(Scenario.ecsName(API), new dev.harbourmaster.ports.RunningService(Scenario.CLUSTER, Scenario.ecsName(API),
                "arn:svc", "td:9", "ecs-svc/9999999999999999999", "ECS", Scenario.API_SERVICE_DEPLOYMENT + "Next"));
        recorder.record(scenario.deployment(API, API_DEPLOYMENT, DeploymentState.IN_PROGRESS, 1, "in progress"));
        Deployment api = deployment(API).withEvidence(DeploymentEvidence.NONE);

        recorder.update(api, d -> d.withEvidence(new ServiceDeploymentQuestions(ContainerPlatforms.only(ecs), records).about(d)), null, null);

        assertThat(deployment(API).status()).isEqualTo(DeploymentStatus.SUPERSEDED);
        assertThat(deployment(API).reason()).contains("replaced before it finished by service deployment "
                + Scenario.API_SERVICE_DEPLOYMENT + "Next", "outside Harbourmaster");
        assertThat(records.setRecord(SET_ID).orElseThrow().deployments()).extracting(Deployment::status)
                .contains(DeploymentStatus.SUPERSEDED);
    }

    @Test
    void aFailureWhoseStoppedTaskWasNotSeenAsksEcsForItsTasksOnceAndNamesTheExitCode() {
        ecs.tasksByDeployment.put(WORKER_DEPLOYMENT, List.of(DeploymentRecorder.taskOf(
                scenario.task(WORKER, WORKER_DEPLOYMENT, "w9", 5, "STOPPED", WORKER_DIGEST, 137, 40))));

        recorder.record(scenario.deployment(WORKER, WORKER_DEPLOYMENT, DeploymentState.FAILED, 60,
                "ECS deployment circuit breaker: task failed to start."));

        assertThat(deployment(WORKER).status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(deployment(WORKER).reason()).contains("exit code 137");
        assertThat(tasksAsked()).containsExactly("tasks " + WORKER_DEPLOYMENT);
    }

    private java.util.List<String> tasksAsked() {
        return ecs.asked.stream().filter(question -> question.startsWith("tasks ")).toList();
    }
}
