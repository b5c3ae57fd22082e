package dev.harbourmaster.cli.deploy;

import static dev.harbourmaster.cli.deploy.Records.NOW;
import static dev.harbourmaster.cli.deploy.Records.deployment;
import static dev.harbourmaster.cli.deploy.Records.release;
import static dev.harbourmaster.cli.deploy.Records.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.cli.Actor;
import dev.harbourmaster.cli.Hm;
import dev.harbourmaster.cli.Session;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.DeploymentRecords.SetRecord;
import dev.harbourmaster.ports.DeploymentRecords;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.support.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * hm deploy, promote and rollback as a person runs them, over stores in memory: what is refused
 * before anything is written, what is written, how the follow ends and with which exit code.
 */
class DeployCommandsTest {

    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";

    record Run(int exitCode, String out, String err) {}

    private final Session session = mock(Session.class);
    private final DeploymentHistory history = mock(DeploymentHistory.class);
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final DeploymentRecords records = mock(DeploymentRecords.class);
    private final BuildLedger ledger = mock(BuildLedger.class);
    private final DeliveryRecords delivery = mock(DeliveryRecords.class);
    private final List<ReleaseSet> requested = new ArrayList<>();
    private final Release minterOld = release("id_minter", OLD, NOW.minusSeconds(7200));
    private final Release minterNew = release("id_minter", NEW, NOW.minusSeconds(60));
    /** What the deployer and the recorder do with the set hm wrote, one read at a time. */
    private Function<ReleaseSet, List<SetRecord>> story = set -> List.of(Records.record(set, ReleaseSetStatus.REQUESTED, null));
    private Deque<SetRecord> reads;

    @BeforeEach
    void stores() {
        when(session.history(anyString())).thenReturn(history);
        when(session.releaseSets(anyString())).thenReturn(releaseSets);
        when(session.records(anyString())).thenReturn(records);
        when(session.ledger(anyString())).thenReturn(ledger);
        when(session.delivery(anyString())).thenReturn(delivery);
        when(delivery.read(any(), any(), any(), any())).thenReturn(DeliveryRecords.History.EMPTY);
        when(delivery.knownBad(any(), any())).thenCallRealMethod();
        when(session.actor()).thenReturn(new Actor("alice@example.com via https://ci.example.com/runs/42",
                "arn:aws:sts::123456789012:assumed-role/ci/run-42"));
        state(running("staging", minterOld, "S1"));
        when(ledger.newestReleases(anyString(), anyInt())).thenReturn(new BuildLedger.NewestReleases(List.of(), false));
        when(ledger.releases("catalogue", "id_minter", Planner.SAME_HASH_SEARCHED)).thenReturn(List.of(minterNew));
        when(releaseSets.request(any())).thenAnswer(call -> {
            ReleaseSet set = call.getArgument(0);
            requested.add(set);
            reads = new ArrayDeque<>(story.apply(set));
            return true;
        });
        when(records.setRecord(anyString())).thenAnswer(call -> Optional.of(reads.size() > 1 ? reads.poll() : reads.peek()));
    }

    private List<CurrentState> rows = List.of();

    private void state(CurrentState... rows) {
        this.rows = List.of(rows);
        stateIs(new ProjectState(Records.PROJECT, this.rows));
    }

    /** What the project's state reads, whole (hm status) or for a change to one environment (deploy, promote, rollback). */
    private void stateIs(ProjectState state) {
        when(history.projectState("catalogue")).thenReturn(Optional.of(state));
        when(history.projectStateFor(eq("catalogue"), anyString())).thenReturn(Optional.of(state));
    }

    /** The gate of staging, as the read of the project finds it. */
    private void stagingGate(ReleaseSets.Gate gate) {
        stateIs(new ProjectState(Records.PROJECT, rows, Map.of("staging", gate), Map.of()));
    }

    private Run hm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hm.run(session, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run deploy(String... more) {
        List<String> args = new ArrayList<>(List.of("deploy", "--project", "catalogue", "--env", "staging",
                "--poll-interval", "1ms"));
        args.addAll(List.of(more));
        return hm(args.toArray(String[]::new));
    }

    @Test
    void helpListsTheThreeCommandsAndTheirOptions() {
        assertThat(hm("--help").out()).contains("deploy", "promote", "rollback");
        assertThat(hm("help", "deploy").out()).contains("--services", "--release", "--message", "--yes", "--no-wait",
                "--timeout", "3 nothing to change").doesNotContain("--poll-interval");
        assertThat(hm("help", "promote").out()).contains("--from", "--to", "--release-set");
        assertThat(hm("help", "rollback").out()).contains("--env", "--to");
    }

    @Test
    void usageErrorsAreExit2BeforeAnyAwsCall() {
        Session none = mock(Session.class);
        StringWriter err = new StringWriter();
        assertThat(Hm.run(none, new PrintWriter(new StringWriter()), new PrintWriter(err), "deploy", "--project", "catalogue",
                "--env", "staging", "--timeout", "soon")).isEqualTo(2);
        assertThat(Hm.run(none, new PrintWriter(new StringWriter()), new PrintWriter(err), "promote", "--project", "catalogue",
                "--to", "prod")).isEqualTo(2);
        assertThat(Hm.run(none, new PrintWriter(new StringWriter()), new PrintWriter(err), "promote", "--project", "catalogue",
                "--from", "prod", "--to", "prod")).isEqualTo(2);
        assertThat(Hm.run(none, new PrintWriter(new StringWriter()), new PrintWriter(err), "rollback", "--project", "catalogue",
                "--env", "prod", "--to", "last-tuesday")).isEqualTo(2);
        assertThat(err.toString()).contains("hm: --timeout 'soon' is not a duration",
                "hm: name what to promote: either --from ENV (what runs there) or --release-set ID",
                "hm: --from and --to name the same environment, 'prod'",
                "hm: --to 'last-tuesday' is not a release set id: take one from hm history");
        verifyNoInteractions(none);
    }

    @Test
    void withNoTerminalAndNoYesNothingIsWrittenAndTheExitIs2() {
        Run run = deploy();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hm: no terminal to confirm on: pass --yes" + System.lineSeparator());
        assertThat(run.out()).as("the plan is shown first").contains("Deploy to catalogue/staging: 1 service changes",
                "id_minter  a1b2c3d sha256:", " -> b2c3d4e sha256:");
        verify(releaseSets, never()).request(any());
    }

    @Test
    void noWaitWritesTheSetWithWhoAndWhyAndExits0() {
        Run run = deploy("--yes", "--no-wait", "-m", "ship the batch minter");

        assertThat(run.exitCode()).as(run.err()).isZero();
        ReleaseSet set = requested.get(0);
        assertThat(set.kind()).isEqualTo(ReleaseSetKind.DEPLOY);
        assertThat(set.status()).isEqualTo(ReleaseSetStatus.REQUESTED);
        assertThat(set.releases()).containsExactly(minterNew);
        assertThat(set.serviceSetId()).isNull();
        assertThat(set.requestedBy()).isEqualTo("alice@example.com via https://ci.example.com/runs/42");
        assertThat(set.description()).isEqualTo("ship the batch minter");
        assertThat(run.out()).contains("Why: ship the batch minter", "By:  alice@example.com via https://ci.example.com/runs/42",
                "Requested release set " + set.id() + " (hm show " + set.id() + ")").doesNotContain("Following");
        verify(records, never()).setRecord(anyString());
    }

    @Test
    void followsTheSetToSucceededAndExits0() {
        story = set -> List.of(
                Records.record(set, ReleaseSetStatus.REQUESTED, null),
                Records.record(set, ReleaseSetStatus.IN_PROGRESS, null,
                        deployment(set, minterNew, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/7")),
                Records.record(set, ReleaseSetStatus.SUCCEEDED, "1 service runs the release",
                        deployment(set, minterNew, DeploymentStatus.COMPLETED, "ECS reported COMPLETED", "ecs-svc/7")));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Following it every 1ms for up to 30m (Ctrl-C stops following, not the deploy):",
                "release set REQUESTED: waiting for the deployer", "id_minter IN_PROGRESS: ECS deployment ecs-svc/7",
                "id_minter COMPLETED: ECS reported COMPLETED", "release set SUCCEEDED: 1 service runs the release",
                "Done: SUCCEEDED (1 service runs the release)");
        assertThat(requested.get(0).description()).as("no -m: from the release").isEqualTo("deploy b2c3d4e");
    }

    @Test
    void aFailedSetPrintsEachServicesReasonAndExits1() {
        state(running("staging", minterOld, "S1"), running("staging", release("search", OLD, NOW), "S1"));
        Release searchNew = release("search", NEW, NOW);
        when(ledger.releases("catalogue", "search", Planner.SAME_HASH_SEARCHED)).thenReturn(List.of(searchNew));
        story = set -> List.of(Records.record(set, ReleaseSetStatus.PARTIAL, "1 of 2 failed: search ROLLED_BACK: tasks failed",
                deployment(set, minterNew, DeploymentStatus.COMPLETED, "ECS reported COMPLETED", "ecs-svc/7"),
                deployment(set, searchNew, DeploymentStatus.ROLLED_BACK, "tasks failed to start: exit code 1", "ecs-svc/8")));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).as("each failure once, by its cause, with what runs again")
                .containsOnlyOnce("search ROLLED_BACK: tasks failed to start: exit code 1, rolled back to " + OLD.substring(0, 7))
                .contains("release set PARTIAL: 1 of 2 failed (search)").doesNotContain("PARTIAL:" + System.lineSeparator());
        String id = requested.get(0).id();
        assertThat(run.err()).isEqualTo("hm: release set " + id + " ended PARTIAL: search ROLLED_BACK; details: hm show " + id
                + System.lineSeparator());
    }

    @Test
    void aReleaseThatFailedBeforeNeedsForceAndTheRefusalSaysWhereAndWhy() {
        ReleaseSet inProd = Records.set("prod", NOW, ReleaseSetStatus.FAILED, minterNew);
        // As prod's row keeps it, read with the project: no read of the deployments.
        state(running("staging", minterOld, "S1"), new CurrentState("catalogue", "prod", "id_minter", null, null, null, 1,
                new CurrentState.BadReleases(Instant.EPOCH, List.of(new CurrentState.BadOutcome(inProd.id(), NEW,
                        DeploymentStatus.FAILED, Instant.now().minusSeconds(600),
                        "exit code 1 (EssentialContainerExited); ECS ids", false)), null)));

        assertRefusedWithoutForce();
        verify(delivery, never()).read(any(), any(), any(), any());
    }

    @Test
    void aFailureARowWrittenBeforeRowsKeptThemDoesNotHoldIsReadFromTheDeployments() {
        Deployment failed = deployment(Records.set("prod", NOW, ReleaseSetStatus.FAILED, minterNew), minterNew,
                DeploymentStatus.FAILED, "exit code 1 (EssentialContainerExited); ECS ids", "ecs-svc/9").toBuilder()
                .environmentId("prod").startedAt(NOW.minusSeconds(700)).endedAt(NOW.minusSeconds(600)).build();
        state(running("staging", minterOld, "S1"), new CurrentState("catalogue", "prod", "id_minter", null, null, null, 1, null));
        when(delivery.read(any(), any(), any(), any())).thenReturn(new DeliveryRecords.History(List.of(), List.of(failed)));

        assertRefusedWithoutForce();
        verify(delivery, times(2)).read(any(), any(), any(), any());
    }

    private void assertRefusedWithoutForce() {
        Run refused = deploy("--yes", "--no-wait");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("warning: " + NEW.substring(0, 7) + " FAILED in prod ");
        assertThat(refused.err()).startsWith("hm: id_minter " + NEW.substring(0, 7) + " FAILED in prod ")
                .contains("ECS ids; to deploy it anyway, add --force");
        assertThat(requested).as("nothing written").isEmpty();

        assertThat(deploy("--yes", "--no-wait", "--force").exitCode()).isZero();
        assertThat(requested).hasSize(1);
    }

    @Test
    void aRejectedSetExits1WithTheDeployersReason() {
        story = set -> List.of(Records.record(set, ReleaseSetStatus.REJECTED, "environment catalogue/staging is locked by"
                + " carol: release freeze; deploy after it is unlocked (hm unlock --project catalogue --env staging)"));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("was REJECTED: environment catalogue/staging is locked by carol: release freeze;"
                + " deploy after it is unlocked (hm unlock --project catalogue --env staging)");
    }

    @Test
    void aTimeoutSaysWhatIsInFlightAndHowToFollowIt() {
        story = set -> List.of(Records.record(set, ReleaseSetStatus.IN_PROGRESS, null,
                deployment(set, minterNew, DeploymentStatus.IN_PROGRESS, null, "ecs-svc/7")));

        Run run = deploy("--yes", "--timeout", "50ms");

        assertThat(run.exitCode()).isEqualTo(1);
        String id = requested.get(0).id();
        assertThat(run.err()).startsWith("hm: release set " + id + " is still in flight after ")
                .contains("(id_minter IN_PROGRESS); it goes on without hm: follow it with hm show " + id);
    }

    @Test
    void aSetNoDeployerClaimsIsExplainedOnceAndStillEndsAtTheTimeoutWithExit1() {
        // As the table would say of a set requested two minutes ago (hm's own clock runs here).
        story = set -> List.of(new SetRecord(new ReleaseSet(set.id(), set.projectId(), set.environmentId(),
                set.serviceSetId(), set.releases(), set.kind(), set.requestedBy(), set.description(),
                set.requestedAt().minus(Duration.ofMinutes(2)), ReleaseSetStatus.REQUESTED, null), 1, List.of()));

        Run run = deploy("--yes", "--timeout", "50ms");

        String id = requested.get(0).id();
        assertThat(run.out()).containsOnlyOnce("no deployer has claimed it").contains("- the set: hm show " + id,
                "hm keeps following it until the timeout.");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hm: release set " + id + " is still in flight after ")
                .contains("(id_minter waiting for the deployer); it goes on without hm: follow it with hm show " + id);
    }

    @Test
    void aLockedEnvironmentIsRefusedBeforeWritingWithWhoWhyUntilWhenAndTheFix() {
        Instant until = Instant.now().plus(Duration.ofHours(2));
        stagingGate(new ReleaseSets.Gate(Optional.of(new Lock("catalogue",
                "staging", "carol", "release freeze", Instant.now(), until)), Optional.empty(), null));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hm: catalogue/staging is locked by carol until ")
                .contains(": release freeze; deploy after it expires, or lift it (hm unlock --project catalogue --env staging)");
        verify(releaseSets, never()).request(any());
    }

    @Test
    void anExpiredLockDoesNotStopADeploy() {
        stagingGate(new ReleaseSets.Gate(Optional.of(new Lock("catalogue",
                "staging", "carol", "release freeze", NOW, Instant.now().minusSeconds(60))), Optional.empty(), null));

        assertThat(deploy("--yes", "--no-wait").exitCode()).isZero();
    }

    @Test
    void anotherSetInFlightIsRefusedNamingItAndWhoAskedForIt() {
        ReleaseSet other = Records.set("staging", NOW, ReleaseSetStatus.IN_PROGRESS, minterOld);
        stagingGate(new ReleaseSets.Gate(Optional.empty(),
                Optional.of(other.id()), Instant.now().plusSeconds(3600)));
        when(releaseSets.releaseSet(other.id())).thenReturn(Optional.of(other));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hm: release set " + other.id() + " is in flight in catalogue/staging (requested by"
                + " alice@example.com (ARN not recorded): why 2026-11-20T12:00:00Z); one release set per environment at a time: wait for it to"
                + " end (hm show " + other.id() + ") and run this again" + System.lineSeparator());
    }

    @Test
    void theCommandsOfferedQuoteWhatTheTableSays() {
        // Whoever can write the table chooses the id of the set in flight; hm offers it in a command to copy.
        stagingGate(new ReleaseSets.Gate(Optional.empty(),
                Optional.of("$(touch${IFS}/tmp/owned)"), Instant.now().plusSeconds(3600)));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("wait for it to end (hm show '$(touch${IFS}/tmp/owned)') and run this again");
    }

    @Test
    void nothingToDeployIsExit3WithWhatToDoAndWritesNothing() {
        state(running("staging", minterNew, "S2"));

        Run run = deploy("--yes");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("id_minter  b2c3d4e sha256:", "  unchanged");
        assertThat(run.err()).isEqualTo("hm: nothing to deploy: id_minter already runs the chosen release in catalogue/staging;"
                + " push a new image, or choose another release with --release HASH (hm releases --project catalogue)"
                + System.lineSeparator());
        verify(releaseSets, never()).request(any());
        verify(session, never()).actor();
    }

    @Test
    void anUnknownProjectSaysHowToRegisterIt() {
        Run run = hm("deploy", "--project", "shop", "--env", "staging", "--yes");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("hm: project 'shop' is not registered: register it with 'hm project apply -f"
                + " harbourmaster.yml'" + System.lineSeparator());
    }

    @Test
    void noCredentialsAndNoEndpointAreOneLineEachWithoutAStackTrace() {
        when(session.actor()).thenThrow(SdkClientException.create("Unable to load credentials from any of the providers"
                + " in the chain AwsCredentialsProviderChain"));
        Run noCredentials = deploy("--yes");
        assertThat(noCredentials.exitCode()).isEqualTo(1);
        assertThat(noCredentials.err()).startsWith("hm: no AWS credentials: configure them").doesNotContain("\tat ");

        when(history.projectStateFor(eq("catalogue"), anyString())).thenThrow(SdkClientException.create("Unable to execute"
                + " HTTP request: Connect to localhost:4566 failed: Connection refused"));
        Run noEndpoint = deploy("--yes");
        assertThat(noEndpoint.exitCode()).isEqualTo(1);
        assertThat(noEndpoint.err()).startsWith("hm: cannot reach ").doesNotContain("\tat ");
    }

    @Test
    void jsonOutputIsOneDocumentWithThePlanAndTheSet() throws Exception {
        Run run = deploy("--yes", "--no-wait", "--output", "json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("{").contains("\"plan\"", "\"kind\" : \"DEPLOY\"", "\"status\" : \"REQUESTED\"",
                minterNew.images().get(0).digest()).doesNotContain("Requested release set");
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(fieldNames(json)).containsExactly("schemaVersion", "plan", "releaseSet", "timedOut", "nothingToChange");
        assertThat(fieldNames(json.get("releaseSet"))).containsExactly("id", "status", "statusReason", "requestedAt",
                "deployments");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void promoteWritesAPromoteSetOfWhatRunsInTheSource() {
        ReleaseSet staging = Records.set("staging", NOW, ReleaseSetStatus.SUCCEEDED, minterNew);
        state(running("staging", minterNew, staging.id()), running("prod", minterOld, "P1"));
        when(releaseSets.releaseSet(staging.id())).thenReturn(Optional.of(staging));

        Run run = hm("promote", "--project", "catalogue", "--from", "staging", "--to", "prod", "--yes", "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        ReleaseSet set = requested.get(0);
        assertThat(set.kind()).isEqualTo(ReleaseSetKind.PROMOTE);
        assertThat(set.environmentId()).isEqualTo("prod");
        assertThat(set.releases()).containsExactly(minterNew);
        assertThat(run.out()).contains("Promote to catalogue/prod: 1 service changes", "What runs in staging, for prod:",
                "ingestor: never deployed in staging, left out (prod keeps what runs)");
    }

    @Test
    void rollbackWritesARollbackSetOfTheEarlierReleases() {
        ReleaseSet good = Records.set("staging", NOW.minusSeconds(7200), ReleaseSetStatus.SUCCEEDED, minterOld);
        ReleaseSet current = Records.set("staging", NOW.minusSeconds(3600), ReleaseSetStatus.SUCCEEDED, minterNew);
        state(running("staging", minterNew, current.id()));
        when(history.history(any(), any())).thenReturn(new DeploymentHistory.HistoryPage(List.of(current, good), null));

        Run run = hm("rollback", "--project", "catalogue", "--env", "staging", "--yes", "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        ReleaseSet set = requested.get(0);
        assertThat(set.kind()).isEqualTo(ReleaseSetKind.ROLLBACK);
        assertThat(set.releases()).containsExactly(minterOld);
        assertThat(set.description()).startsWith("roll back " + current.id() + " to " + good.id());
        assertThat(run.out()).contains("Roll back in catalogue/staging: 1 service changes", "Current: release set " + current.id(),
                "Back to: release set " + good.id(), "(from " + good.id() + ")");
        ArgumentCaptor<ReleaseSet> written = ArgumentCaptor.forClass(ReleaseSet.class);
        verify(releaseSets).request(written.capture());
        assertThat(written.getValue().id()).isEqualTo(set.id());
    }
}
