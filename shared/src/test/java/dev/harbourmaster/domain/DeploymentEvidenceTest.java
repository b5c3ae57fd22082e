package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeploymentEvidenceTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static TaskEvidence task(String id, long version, String status, String digest) {
        return new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/" + id, version, status, "td:2",
                List.of(new TaskEvidence.ContainerEvidence("app", digest, "STOPPED".equals(status) ? 1L : null, null)),
                "STOPPED".equals(status) ? "Essential container in task exited" : null, null,
                "PENDING".equals(status) ? null : T0.plusSeconds(version), "STOPPED".equals(status) ? T0.plusSeconds(60) : null);
    }

    @Test
    void theNewerSightingOfATaskWinsAndKeepsTheDigestTheOlderOneSaw() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withTask(task("t1", 5, "STOPPED", null))
                .withTask(task("t1", 3, "RUNNING", "sha256:aa"));

        assertThat(evidence.tasks()).singleElement().satisfies(t -> {
            assertThat(t.lastStatus()).isEqualTo("STOPPED");
            assertThat(t.containers().get(0).imageDigest()).isEqualTo("sha256:aa");
            assertThat(t.containers().get(0).exitCode()).isEqualTo(1L);
        });
    }

    @Test
    void ofTwoReportsOfOneStateTheEarlierWins() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(9), "late", EcsReport.FROM_EVENT))
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(5), "early", EcsReport.FROM_DESCRIBE_SERVICES));

        assertThat(evidence.report("COMPLETED").reason()).isEqualTo("early");
    }

    @Test
    void everyTimeAStateWasReportedIsKeptSoOneBeforeAStartHidesNoLaterOne() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(90), "ours", EcsReport.FROM_EVENT))
                .withReport(new EcsReport("COMPLETED", T0.minusMillis(1), "before the start", EcsReport.FROM_EVENT))
                .withReport(new EcsReport("COMPLETED", T0.plusSeconds(90), "ours", EcsReport.FROM_EVENT));

        assertThat(evidence.reports()).extracting(EcsReport::reason).containsExactly("before the start", "ours");
        assertThat(evidence.report("COMPLETED").reason()).isEqualTo("before the start");
        assertThat(evidence.report("COMPLETED", T0).reason()).isEqualTo("ours");
        assertThat(evidence.report("COMPLETED", T0.plusSeconds(90)).reason()).as("at the start itself").isEqualTo("ours");
        assertThat(evidence.report("COMPLETED", T0.plusSeconds(91))).isNull();
        assertThat(evidence.report("FAILED", null)).isNull();
    }

    @Test
    void theNewestReportsAreKeptWhenThereAreTooMany() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE;
        for (int i = 0; i < DeploymentEvidence.MAX_REPORTS + 3; i++) {
            evidence = evidence.withReport(new EcsReport("IN_PROGRESS", T0.plusSeconds(i), "report " + i, EcsReport.FROM_EVENT));
        }

        assertThat(evidence.reports()).hasSize(DeploymentEvidence.MAX_REPORTS);
        assertThat(evidence.report("IN_PROGRESS").reason()).isEqualTo("report 3");
    }

    @Test
    void mergingIsTheSameInAnyOrderAndAnyNumberOfRepeats() {
        List<DeploymentEvidence> facts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            facts.add(DeploymentEvidence.NONE.withTask(task("t" + (i % 25), i % 7, i % 3 == 0 ? "STOPPED" : "RUNNING",
                    i % 2 == 0 ? "sha256:" + i : null)));
        }
        for (int i = 0; i < 14; i++) {
            facts.add(DeploymentEvidence.NONE.withNotice(new ServiceNotice("e" + i, T0.plusSeconds(i), "WARN",
                    "SERVICE_TASK_START_IMPAIRED", List.of())));
        }
        facts.add(DeploymentEvidence.NONE.withReport(new EcsReport("FAILED", T0.plusSeconds(50), "failed", "event")));
        for (int i = 0; i < 8; i++) {
            facts.add(DeploymentEvidence.NONE.withReport(new EcsReport(i % 2 == 0 ? "COMPLETED" : "IN_PROGRESS",
                    T0.plusSeconds(i * 10 - 30), "report " + i, i % 3 == 0 ? "DescribeServices" : "event")));
        }
        facts.add(DeploymentEvidence.NONE.withRollback(new Rollback("ecs-svc/2", "ecs-svc/0", "IN_PROGRESS", T0)));
        facts.add(DeploymentEvidence.NONE.withRollback(new Rollback("ecs-svc/2", "ecs-svc/0", "COMPLETED", T0)));
        String[] apiStatuses = {"PENDING", "IN_PROGRESS", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL"};
        for (int i = 0; i < apiStatuses.length; i++) {
            facts.add(DeploymentEvidence.NONE.withServiceDeployment(serviceDeployment(apiStatuses[i], T0.plusSeconds(100 + i),
                    i % 2 == 0 ? List.of() : List.of("latency-p99"))));
        }
        facts.add(DeploymentEvidence.NONE.withServiceDeployment(serviceDeployment("IN_PROGRESS", T0.plusSeconds(101), List.of("other"))));
        for (int i = 0; i < 12; i++) {
            facts.add(DeploymentEvidence.NONE.withHook(new HookState("hook-" + (i % 4), "PAUSE", "POST_TEST_TRAFFIC_SHIFT",
                    i < 8 ? "AWAITING_ACTION" : "SUCCEEDED", T0.plusSeconds(600), "ROLLBACK", T0.plusSeconds(i))));
        }
        for (int i = 0; i < 13; i++) {
            facts.add(DeploymentEvidence.NONE.withAction(new OperatorAction(i % 2 == 0 ? "APPROVE" : "REJECT", "hook-" + (i % 4),
                    "alice", "reason " + i, T0.plusSeconds(200 + i))));
        }
        facts.add(DeploymentEvidence.NONE.withSupersededBy("arn:sd/2", null));
        facts.add(DeploymentEvidence.NONE.withSupersededBy("arn:sd/2", "01SET"));
        facts.add(DeploymentEvidence.NONE.withSupersededBy("arn:sd/3", "01OTHER"));
        DeploymentEvidence reference = facts.stream().reduce(DeploymentEvidence.NONE, DeploymentEvidence::with);

        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<DeploymentEvidence> shuffled = new ArrayList<>(facts);
            shuffled.add(facts.get(random.nextInt(facts.size())));
            Collections.shuffle(shuffled, random);
            assertThat(shuffled.stream().reduce(DeploymentEvidence.NONE, DeploymentEvidence::with)).isEqualTo(reference);
        }
        assertThat(reference.tasks()).hasSize(DeploymentEvidence.MAX_TASKS);
        assertThat(reference.notices()).hasSize(DeploymentEvidence.MAX_NOTICES)
                .first().satisfies(n -> assertThat(n.eventId()).as("newest first").isEqualTo("e13"));
        assertThat(reference.rollback().state()).isEqualTo("COMPLETED");
        assertThat(reference.reports()).hasSize(DeploymentEvidence.MAX_REPORTS);
        assertThat(reference.serviceDeployment().status()).as("the furthest status wins").isEqualTo("ROLLBACK_SUCCESSFUL");
        assertThat(reference.hooks()).hasSize(4).allSatisfy(h -> assertThat(h.status()).as("an ended hook over a waiting one")
                .isIn("SUCCEEDED", "AWAITING_ACTION"));
        assertThat(reference.hooks()).filteredOn(h -> h.hookId().equals("hook-0")).singleElement()
                .extracting(HookState::status).isEqualTo("SUCCEEDED");
        assertThat(reference.actions()).hasSize(DeploymentEvidence.MAX_ACTIONS).last().extracting(OperatorAction::why)
                .isEqualTo("reason 12");
        assertThat(reference.supersededBy()).isEqualTo("arn:sd/2");
        assertThat(reference.supersededBySet()).as("a replacement of ours, once known, stays known").isEqualTo("01SET");
    }

    private static ServiceDeploymentReport serviceDeployment(String status, Instant at, List<String> alarms) {
        return new ServiceDeploymentReport("arn:sd/1", status, "because", null, at, null, null, null,
                alarms.isEmpty() ? "MONITORING" : "TRIGGERED", alarms, "MONITORING", 0, 3);
    }

    @Test
    void theSweepersFirstTimeoutStays() {
        DeploymentEvidence evidence = DeploymentEvidence.NONE.withTimeout("first", T0).withTimeout("second", T0.plusSeconds(300));

        assertThat(evidence.timedOut()).isEqualTo("first");
        assertThat(evidence.timedOutAt()).isEqualTo(T0);
    }
}
