package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.cli.deploy.Records.NOW;
import static dev.harbourmaster.cli.deploy.Records.deployment;
import static dev.harbourmaster.cli.deploy.Records.record;
import static dev.harbourmaster.cli.deploy.Records.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.cli.CliException;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.TaskEvidence;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.DeploymentRecords.SetRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class FollowerTest {

    private final Release minter = release("id_minter", "b2c3d4e", NOW);
    private final Release search = release("search", "b2c3d4e", NOW);
    private final ReleaseSet set = Records.set("staging", NOW, ReleaseSetStatus.REQUESTED, minter, search);
    private final List<String> said = new ArrayList<>();
    private final List<Duration> slept = new ArrayList<>();
    private Instant clock = NOW;

    private static final NobodyListening ON_AWS = new NobodyListening("harbourmaster", null, "eu-west-1");

    private Follower follower(Supplier<Optional<SetRecord>> read, Duration timeout) {
        return follower(read, Duration.ofSeconds(2), timeout, ON_AWS);
    }

    private Follower follower(Supplier<Optional<SetRecord>> read, Duration interval, Duration timeout, NobodyListening hints) {
        return new Follower(read, () -> clock, d -> {
            slept.add(d);
            clock = clock.plus(d);
        }, interval, timeout, Duration.ofMinutes(1), hints, Map.of("search", "a1b2c3d4e5f6"), said::add);
    }

    /** The same set, requested at another time. */
    private static ReleaseSet requestedAt(ReleaseSet set, Instant at) {
        return new ReleaseSet(set.id(), set.projectId(), set.environmentId(), set.serviceSetId(), set.releases(), set.kind(),
                set.requestedBy(), set.description(), at, set.status(), set.statusReason());
    }

    private static Supplier<Optional<SetRecord>> script(SetRecord... records) {
        Deque<SetRecord> left = new ArrayDeque<>(List.of(records));
        return () -> Optional.of(left.size() > 1 ? left.poll() : left.peek());
    }

    @Test
    void printsOneLinePerChangeUntilTheSetEnds() {
        SetRecord requested = record(set, ReleaseSetStatus.REQUESTED, null);
        SetRecord started = record(set, ReleaseSetStatus.IN_PROGRESS, null,
                deployment(set, minter, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/1"),
                deployment(set, search, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/2"));
        SetRecord oneDone = record(set, ReleaseSetStatus.IN_PROGRESS, null,
                deployment(set, minter, DeploymentStatus.COMPLETED, "ECS reported COMPLETED and 1 task ran the release's digests", "ecs-svc/1"),
                deployment(set, search, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/2"));
        SetRecord failed = record(set, ReleaseSetStatus.PARTIAL, "1 of 2 failed: search ROLLED_BACK: tasks failed to start",
                deployment(set, minter, DeploymentStatus.COMPLETED, "ECS reported COMPLETED and 1 task ran the release's digests", "ecs-svc/1"),
                deployment(set, search, DeploymentStatus.ROLLED_BACK, "tasks failed to start", "ecs-svc/2"));

        Follower.Outcome outcome = follower(script(requested, requested, started, oneDone, oneDone, failed),
                Duration.ofMinutes(30)).follow(set.id());

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.last().set().status()).isEqualTo(ReleaseSetStatus.PARTIAL);
        assertThat(said).containsExactly(
                "+0s     release set REQUESTED: waiting for the deployer",
                "+4s     id_minter IN_PROGRESS: ECS deployment ecs-svc/1",
                "+4s     search IN_PROGRESS: ECS deployment ecs-svc/2",
                "+4s     release set IN_PROGRESS",
                "+6s     id_minter COMPLETED: ECS reported COMPLETED and 1 task ran the release's digests",
                "+10s    search ROLLED_BACK: tasks failed to start, rolled back to a1b2c3d",
                "+10s    release set PARTIAL: 1 of 2 failed (search)");
        assertThat(Follower.failures(outcome.last())).as("named once more at the end, without the cause again")
                .containsExactly("search ROLLED_BACK");
    }

    @Test
    void aLongDeploymentIsNeverSilentForMoreThanThirtySeconds() {
        SetRecord started = record(set, ReleaseSetStatus.IN_PROGRESS, null,
                deployment(set, minter, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/1"));
        Deployment onRelease = deployment(set, minter, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/1").toBuilder()
                .evidence(DeploymentEvidence.NONE.withTask(new TaskEvidence("arn:aws:ecs:eu-west-1:1:task/c/aaaa1111", 3,
                        "RUNNING", "td/id_minter:2", List.of(new TaskEvidence.ContainerEvidence(minter.images().get(0).container(),
                        minter.images().get(0).digest(), null, null)), null, null, NOW, null))).build();
        SetRecord oneTask = record(set, ReleaseSetStatus.IN_PROGRESS, null, onRelease);

        follower(script(started, started, started, started, started, started, started, started, started, started, oneTask),
                Duration.ofSeconds(5), Duration.ofSeconds(75), ON_AWS).follow(set.id());

        assertThat(said).containsExactly(
                "+0s     id_minter IN_PROGRESS: ECS deployment ecs-svc/1",
                "+0s     release set IN_PROGRESS",
                "+30s    still IN_PROGRESS: id_minter IN_PROGRESS (no task on the new digest yet), search not started",
                "+1m00s  still IN_PROGRESS: id_minter IN_PROGRESS (1 task on the new digest), search not started");
    }

    @Test
    void stopsAtTheTimeoutAndSaysWhatIsStillInFlight() {
        SetRecord started = record(set, ReleaseSetStatus.IN_PROGRESS, null,
                deployment(set, minter, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/1"));

        Follower.Outcome outcome = follower(script(started), Duration.ofSeconds(5)).follow(set.id());

        assertThat(outcome.timedOut()).isTrue();
        assertThat(slept).as("never sleeps past the timeout").containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(1));
        assertThat(Follower.inFlight(outcome.last())).isEqualTo("id_minter IN_PROGRESS, search not started");
        assertThat(said).hasSize(2);
    }

    @Test
    void aFewFailedReadsAreRetriedAndManyEndFollowingWithWhereToLook() {
        SetRecord done = record(set, ReleaseSetStatus.SUCCEEDED, "2 services run the release");
        int[] calls = {0};
        Follower.Outcome outcome = follower(() -> {
            if (calls[0]++ < Follower.READ_ATTEMPTS - 1) {
                throw SdkClientException.create("Unable to execute HTTP request: Read timed out");
            }
            return Optional.of(done);
        }, Duration.ofMinutes(1)).follow(set.id());
        assertThat(outcome.last().set().status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);

        assertThatThrownBy(() -> follower(() -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        }, Duration.ofMinutes(1)).follow(set.id()))
                .isInstanceOf(CliException.class)
                .hasMessage("could not read release set " + set.id() + " 5 times in a row (Unable to execute HTTP request:"
                        + " Connection refused); it goes on without hm: follow it with hm show " + set.id());
    }

    @Test
    void aSetHeldForApprovalEndsTheFollowAtOnceInsteadOfWaitingForTheTimeout() {
        SetRecord requested = record(set, ReleaseSetStatus.REQUESTED, null);
        SetRecord held = record(set, ReleaseSetStatus.AWAITING_APPROVAL,
                "waits for approval in staging: hm approve --project catalogue --env staging " + set.id());

        Follower.Outcome outcome = follower(script(requested, held), Duration.ofMinutes(30)).follow(set.id());

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.last().set().status()).isEqualTo(ReleaseSetStatus.AWAITING_APPROVAL);
        assertThat(slept).hasSize(1);
        assertThat(said).last().asString().endsWith("release set AWAITING_APPROVAL: waits for approval in staging:"
                + " hm approve --project catalogue --env staging " + set.id());
    }

    @Test
    void aRejectedSetEndsAtOnceWithItsReason() {
        SetRecord rejected = record(set, ReleaseSetStatus.REJECTED, "environment catalogue/staging is locked by carol");

        Follower.Outcome outcome = follower(script(rejected), Duration.ofMinutes(1)).follow(set.id());

        assertThat(said).containsExactly("+0s     release set REJECTED: environment catalogue/staging is locked by carol");
        assertThat(Follower.failures(outcome.last())).as("nothing was deployed, and the reason says why").isEmpty();
        assertThat(slept).isEmpty();
    }

    @Test
    void aSetNoDeployerClaimsIsExplainedOnceAfterAMinuteAndFollowedToTheTimeout() {
        SetRecord requested = record(set, ReleaseSetStatus.REQUESTED, null);

        Follower.Outcome outcome = follower(script(requested), Duration.ofSeconds(10), Duration.ofMinutes(3), ON_AWS)
                .follow(set.id());

        assertThat(outcome.timedOut()).as("the notice does not end following").isTrue();
        assertThat(outcome.elapsed()).isEqualTo(Duration.ofMinutes(3));
        assertThat(said).filteredOn(l -> l.contains("still REQUESTED: waiting")).as("a heartbeat every 30 s while nothing changes")
                .extracting(l -> l.substring(0, 7).strip()).containsExactly("+30s", "+1m00s", "+1m40s", "+2m10s", "+2m40s");
        said.removeIf(l -> l.contains("still REQUESTED: waiting"));
        assertThat(said.get(0)).isEqualTo("+0s     release set REQUESTED: waiting for the deployer");
        assertThat(said.get(1)).as("not at one minute, but at the first read past it")
                .isEqualTo("+1m10s  release set still REQUESTED 1m10s after it was requested: no deployer has claimed it"
                        + " (a deployer takes a set within seconds). Check:");
        assertThat(said.subList(2, said.size())).containsExactly(
                "        - the Harbourmaster stack is deployed in the account and region of table 'harbourmaster' (eu-west-1):"
                        + " aws cloudformation describe-stacks --stack-name <stack>",
                "        - the deployer's stream mapping is Enabled: aws lambda list-event-source-mappings --function-name"
                        + " <stack>-DeployerFunction-<suffix>:live --query"
                        + " 'EventSourceMappings[].[State,StateTransitionReason,LastProcessingResult]' (the name: aws lambda"
                        + " list-functions --query \"Functions[?contains(FunctionName, 'DeployerFunction')].FunctionName\")",
                "        - the stack's DeployerFailureQueue (<stack>-DeployerFailureQueue-<suffix>) holds the batches the deployer"
                        + " gave up on; its log group is /aws/lambda/<stack>/deployer",
                "        - the set: hm show " + set.id(),
                "        hm keeps following it until the timeout.");
    }

    @Test
    void theMinuteCountsFromTheSetsRequestNotFromWhenHmBeganFollowing() {
        SetRecord requested = record(requestedAt(set, NOW.minusSeconds(50)), ReleaseSetStatus.REQUESTED, null);

        follower(script(requested), Duration.ofSeconds(4), Duration.ofSeconds(30), ON_AWS).follow(set.id());

        assertThat(said).filteredOn(l -> l.contains("no deployer has claimed it")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("+12s    release set still REQUESTED 1m2s after it was requested"));
    }

    @Test
    void onAnEmulatorItAsksWhetherLocalModeRuns() {
        SetRecord requested = record(requestedAt(set, NOW.minusSeconds(120)), ReleaseSetStatus.REQUESTED, null);
        NobodyListening local = NobodyListening.of("hm-local", java.util.Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566"));

        follower(script(requested), Duration.ofSeconds(2), Duration.ofSeconds(5), local).follow(set.id());

        assertThat(said).containsExactly(
                "+0s     release set REQUESTED: waiting for the deployer",
                "+0s     release set still REQUESTED 2m after it was requested: no deployer has claimed it (a deployer takes"
                        + " a set within seconds). Check:",
                "        - on an emulator (AWS_ENDPOINT_URL=http://127.0.0.1:4566) the deployer runs inside hm local up: is it"
                        + " running, on this endpoint and with table 'hm-local'? (scripts/moto.sh start runs no deployer)",
                "        - the set: hm show " + set.id(),
                "        hm keeps following it until the timeout.");
    }

    @Test
    void aQueuedSetSaysOnceWhatItWaitsForAndItsWaitForADeployerStartsWhenItLeavesTheQueue() {
        ReleaseSet old = requestedAt(set, NOW.minusSeconds(600));
        String ahead = "01JD0000000000000000000000";
        SetRecord queued = record(old, ReleaseSetStatus.QUEUED, "queued behind release set " + ahead + ": it starts when that one ends");
        SetRecord requested = record(old, ReleaseSetStatus.REQUESTED, null);
        SetRecord started = record(old, ReleaseSetStatus.IN_PROGRESS, null,
                deployment(set, minter, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/1"));
        SetRecord done = record(old, ReleaseSetStatus.SUCCEEDED, "2 services run the release");

        follower(script(queued, queued, requested, requested, started, done), Duration.ofSeconds(2), Duration.ofMinutes(30),
                ON_AWS).follow(set.id());

        assertThat(said).containsExactly(
                "+0s     release set QUEUED: queued behind release set " + ahead + ": it starts when that one ends",
                "+0s     an automatic set waits its turn: it starts when release set " + ahead + " ends (follow it with hm show "
                        + ahead + "), after any set queued before it; hm keeps following it until the timeout.",
                "+4s     release set REQUESTED: waiting for the deployer",
                "+8s     id_minter IN_PROGRESS: ECS deployment ecs-svc/1",
                "+8s     release set IN_PROGRESS",
                "+10s    release set SUCCEEDED: 2 services run the release");
        assertThat(Follower.inFlight(record(old, ReleaseSetStatus.QUEUED, null))).isEqualTo("id_minter queued, search queued");
    }
}
