package dev.harbourmaster.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict from what ECS's service deployments API, its hooks and hm's own actions say, for every
 * strategy of ECS's deployment controller and every way a deployment ends there.
 */
class ServiceDeploymentVerdictTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final String ARN = "arn:aws:ecs:eu-west-1:123456789012:service-deployment/c/s/AAAA";
    private static final List<ReleaseImage> RELEASE = List.of(
            new ReleaseImage("app", "catalogue/search", "sha256:aa", "catalogue/search@sha256:aa", "abc1234"));
    private static final TaskEvidence RAN_RELEASE = new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/t1", 3, "RUNNING", "td:2",
            List.of(new TaskEvidence.ContainerEvidence("app", "sha256:aa", null, null)), null, null, T0.plusSeconds(30), null);
    private static final HookState AWAITING = new HookState("ecs-pause-1", "PAUSE", "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION",
            T0.plusSeconds(86_400), "ROLLBACK", T0.plusSeconds(60));

    private static ServiceDeploymentReport api(String status, List<String> alarms, String circuitBreaker) {
        return new ServiceDeploymentReport(ARN, status, "ECS says " + status, "BAKE_TIME", T0.plusSeconds(600),
                status.equals("IN_PROGRESS") ? null : T0.plusSeconds(600), null, null, alarms.isEmpty() ? "MONITORING" : "TRIGGERED",
                alarms, circuitBreaker, circuitBreaker.equals("TRIGGERED") ? 3 : 0, 3);
    }

    record Case(String name, UnaryOperator<DeploymentEvidence> evidence, DeploymentStatus status, String reasonSays) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Case> CASES = List.of(
            new Case("successful, tasks on the release", e -> e.withTask(RAN_RELEASE)
                    .withServiceDeployment(api("SUCCESSFUL", List.of(), "MONITORING_COMPLETE")), DeploymentStatus.COMPLETED, "ran the release"),
            new Case("successful, no task seen", e -> e.withServiceDeployment(api("SUCCESSFUL", List.of(), "MONITORING_COMPLETE")),
                    DeploymentStatus.COMPLETED_UNVERIFIED, "no task"),
            new Case("waiting at a pause hook", e -> e.withHook(AWAITING).withServiceDeployment(api("IN_PROGRESS", List.of(), "MONITORING")),
                    DeploymentStatus.IN_PROGRESS, null),
            new Case("approved at the hook, then successful", e -> e.withTask(RAN_RELEASE).withHook(AWAITING)
                    .withAction(new OperatorAction("APPROVE", "ecs-pause-1", "alice", "looks good", T0.plusSeconds(120)))
                    .withHook(new HookState("ecs-pause-1", "PAUSE", null, "SUCCEEDED", null, null, T0.plusSeconds(121)))
                    .withServiceDeployment(api("SUCCESSFUL", List.of(), "MONITORING_COMPLETE")), DeploymentStatus.COMPLETED, "ran the release"),
            new Case("rejected at the hook", e -> e.withHook(AWAITING)
                    .withAction(new OperatorAction("REJECT", "ecs-pause-1", "bob", "error rate", T0.plusSeconds(120)))
                    .withServiceDeployment(api("ROLLBACK_SUCCESSFUL", List.of(), "MONITORING")), DeploymentStatus.ROLLED_BACK,
                    "rejected by bob (error rate)"),
            new Case("the pause hook timed out", e -> e.withHook(new HookState("ecs-pause-1", "PAUSE", "POST_TEST_TRAFFIC_SHIFT",
                    "TIMED_OUT", null, "ROLLBACK", T0.plusSeconds(86_400)))
                    .withServiceDeployment(api("ROLLBACK_IN_PROGRESS", List.of(), "MONITORING")), DeploymentStatus.ROLLED_BACK,
                    "PAUSE hook ecs-pause-1 at POST_TEST_TRAFFIC_SHIFT TIMED_OUT"),
            new Case("an alarm went off", e -> e.withServiceDeployment(api("ROLLBACK_SUCCESSFUL", List.of("search-5xx"), "MONITORING")),
                    DeploymentStatus.ROLLED_BACK, "alarm search-5xx in ALARM"),
            new Case("the circuit breaker, through the API", e -> e.withServiceDeployment(api("ROLLBACK_REQUESTED", List.of(), "TRIGGERED")),
                    DeploymentStatus.ROLLED_BACK, "the circuit breaker: 3 failed tasks of a threshold of 3"),
            new Case("stopped with rollback by hm", e -> e
                    .withAction(new OperatorAction("STOP_ROLLBACK", null, "carol", "wrong build", T0.plusSeconds(200)))
                    .withServiceDeployment(api("ROLLBACK_SUCCESSFUL", List.of(), "MONITORING")), DeploymentStatus.ROLLED_BACK,
                    "stopped and rolled back by carol (wrong build)"),
            new Case("the rollback failed", e -> e.withServiceDeployment(api("ROLLBACK_FAILED", List.of("search-5xx"), "MONITORING")),
                    DeploymentStatus.FAILED, "ECS could not roll back (alarm search-5xx in ALARM)"),
            new Case("stopped by hm", e -> e.withAction(new OperatorAction("STOP", null, "carol", "hold on", T0.plusSeconds(200)))
                    .withServiceDeployment(api("STOPPED", List.of(), "MONITORING")), DeploymentStatus.STOPPED, "stopped by carol (hold on)"),
            new Case("stopped by someone else", e -> e.withServiceDeployment(api("STOPPED", List.of(), "MONITORING")),
                    DeploymentStatus.STOPPED, "outside Harbourmaster"),
            new Case("replaced by someone's UpdateService", e -> e.withSupersededBy(ARN + "B", null)
                    .withServiceDeployment(api("STOPPED", List.of(), "MONITORING")), DeploymentStatus.SUPERSEDED,
                    "replaced before it finished by service deployment " + ARN + "B, made by an UpdateService outside Harbourmaster"),
            new Case("replaced by a set of ours", e -> e.withSupersededBy(ARN + "C", "01SET")
                    .withServiceDeployment(api("STOPPED", List.of(), "MONITORING")), DeploymentStatus.SUPERSEDED,
                    "made by release set 01SET of Harbourmaster"));

    static Stream<Arguments> strategiesAndOutcomes() {
        return Stream.of(RolloutPlan.ROLLING, RolloutPlan.BLUE_GREEN, RolloutPlan.LINEAR, RolloutPlan.CANARY)
                .flatMap(strategy -> CASES.stream().map(c -> Arguments.of(strategy, c)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("strategiesAndOutcomes")
    void theOutcomeAndItsCause(String strategy, Case c) {
        Deployment deployment = Deployment.builder().releaseSetId("01S").projectId("catalogue").environmentId("prod")
                .serviceId("search").images(RELEASE).ecsDeploymentId("ecs-svc/1").serviceDeploymentArn(ARN)
                .plan(new RolloutPlan(strategy, 10, 10.0, 6, 5.0, 15, List.of(1440))).claimedAt(T0);

        Deployment decided = deployment.withEvidence(c.evidence().apply(DeploymentEvidence.NONE));

        assertThat(decided.status()).isEqualTo(c.status());
        if (c.reasonSays() != null) {
            assertThat(decided.reason()).contains(c.reasonSays());
            assertThat(decided.endedAt()).as("ended when ECS said, never before the start").isAfterOrEqualTo(T0);
        } else {
            assertThat(decided.endedAt()).isNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategiesAndOutcomes")
    void evidenceInAnyOrderGivesTheSameVerdict(String strategy, Case c) {
        DeploymentEvidence all = c.evidence().apply(DeploymentEvidence.NONE);
        DeploymentEvidence reversed = DeploymentEvidence.NONE;
        for (DeploymentEvidence piece : pieces(all).reversed()) {
            reversed = reversed.with(piece);
        }
        assertThat(DeploymentVerdict.of(RELEASE, reversed, T0)).isEqualTo(DeploymentVerdict.of(RELEASE, all, T0));
    }

    private static List<DeploymentEvidence> pieces(DeploymentEvidence all) {
        Stream<DeploymentEvidence> tasks = all.tasks().stream().map(DeploymentEvidence.NONE::withTask);
        Stream<DeploymentEvidence> hooks = all.hooks().stream().map(DeploymentEvidence.NONE::withHook);
        Stream<DeploymentEvidence> actions = all.actions().stream().map(DeploymentEvidence.NONE::withAction);
        Stream<DeploymentEvidence> rest = Stream.of(DeploymentEvidence.NONE.withServiceDeployment(all.serviceDeployment())
                .withSupersededBy(all.supersededBy(), all.supersededBySet()));
        return Stream.of(tasks, hooks, actions, rest).flatMap(s -> s).toList();
    }
}
