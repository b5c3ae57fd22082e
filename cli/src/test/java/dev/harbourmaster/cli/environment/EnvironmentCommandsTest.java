package dev.harbourmaster.cli.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
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
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.ports.ContainerPlatform;
import dev.harbourmaster.ports.ContainerPlatformException;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.ports.ReleaseSets;
import dev.harbourmaster.ports.RunningService;
import dev.harbourmaster.ports.TaskDefinition;
import dev.harbourmaster.ports.Verifications;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import dev.harbourmaster.views.Text;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** diff, lock, unlock and verify through hm's command line, over stand-ins for the table and ECS. */
class EnvironmentCommandsTest {

    private static final String DIGEST = RecordSeeder.digest("id_minter-1");

    private final Session session = mock(Session.class);
    private final Catalogue catalogue = mock(Catalogue.class);
    private final ReleaseSets releaseSets = mock(ReleaseSets.class);
    private final DeploymentHistory history = mock(DeploymentHistory.class);
    private final ContainerPlatform ecs = mock(ContainerPlatform.class);
    private final Verifications verifications = mock(Verifications.class);
    private final Project project = Fixtures.exampleProject();

    private record Run(int exitCode, String out, String err) {
        JsonNode json() throws Exception {
            return Json.MAPPER.readTree(out);
        }
    }

    private Run hm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Hm.run(session, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private void wired() {
        when(session.catalogue(anyString())).thenReturn(catalogue);
        when(session.releaseSets(anyString())).thenReturn(releaseSets);
        when(session.history(anyString())).thenReturn(history);
        when(session.containers(any())).thenReturn(ecs);
        when(session.verifications(anyString())).thenReturn(verifications);
        when(session.actor()).thenReturn(new Actor("alice@example.com", "arn:aws:iam::123456789012:user/alice"));
        when(catalogue.project("catalogue")).thenReturn(Optional.of(project));
        when(releaseSets.gate(anyString(), anyString())).thenReturn(new ReleaseSets.Gate(Optional.empty(), Optional.empty(), null));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(hm("--help").out()).contains("diff", "lock", "unlock", "verify");
        assertThat(hm("help", "lock").out()).contains("--project", "--env", "--message", "--for", "30m, 2h, 1d");
        assertThat(hm("help", "diff").out()).contains("ENV_A", "ENV_B", "--limit");
    }

    @Test
    void lockWithoutAReasonIsExit2NamingTheOptionBeforeAnyAwsCall() {
        Run run = hm("lock", "--project", "catalogue", "--env", "prod");
        Run blank = hm("lock", "--project", "catalogue", "--env", "prod", "-m", " ");
        Run badFor = hm("lock", "--project", "catalogue", "--env", "prod", "-m", "freeze", "--for", "two hours");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hm: a lock needs a reason: add -m \"why\" (whoever is refused a deploy reads it)\n");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(badFor.exitCode()).isEqualTo(2);
        assertThat(badFor.err()).contains("--for 'two hours' is not understood");
        verifyNoInteractions(session);
    }

    @Test
    void lockWritesWhoWhyAndUntilWhenAndSaysWhoseLockItReplaced() {
        wired();
        Instant earlier = Instant.now().minus(Duration.ofMinutes(10));
        Lock carol = new Lock("catalogue", "prod", "carol", "release freeze", earlier, null);
        when(releaseSets.gate("catalogue", "prod")).thenReturn(new ReleaseSets.Gate(Optional.of(carol), Optional.of("01SET"), null));

        Run refused = hm("lock", "--project", "catalogue", "--env", "prod", "-m", "incident 42", "--for", "2h");
        assertThat(refused.exitCode()).as("someone else's lock is not taken over silently").isEqualTo(1);
        assertThat(refused.err()).isEqualTo("hm: catalogue/prod is locked by carol (ARN not recorded) since "
                + Text.when(earlier.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), earlier).replace("(0s ago)", "(10m ago)")
                + ", no expiry: release freeze; ask them to lift it (hm unlock --project catalogue --env prod), or replace"
                + " their lock with --force (yours then records whose it replaced)\n");
        verify(releaseSets, never()).lock(any());

        Run run = hm("lock", "--project", "catalogue", "--env", "prod", "-m", "incident 42", "--for", "2h", "--force");

        assertThat(run.exitCode()).as(run.err()).isZero();
        ArgumentCaptor<Lock> written = ArgumentCaptor.forClass(Lock.class);
        verify(releaseSets).lock(written.capture());
        Lock lock = written.getValue();
        assertThat(lock.owner()).isEqualTo("alice@example.com");
        assertThat(lock.reason()).isEqualTo("incident 42");
        assertThat(Duration.between(lock.lockedAt(), lock.expiresAt())).isEqualTo(Duration.ofHours(2));
        assertThat(lock.replaces()).as("who replaced whom, on the record").isEqualTo("carol (ARN not recorded), no expiry: release freeze");
        assertThat(run.out()).contains("Locked catalogue/prod for 2h, until ", ", by alice@example.com (arn:aws:iam::123456789012:user/alice): incident 42",
                "It replaces the lock of carol (ARN not recorded) since ", "(10m ago), no expiry: release freeze",
                "Release sets for prod are refused until then; 'hm unlock --project catalogue --env prod' opens it earlier.",
                "Release set 01SET is already in flight there: the lock does not stop it");
    }

    @Test
    void anotherPersonBehindTheSameRoleIsSomeoneElse() {
        wired();
        Lock bobs = new Lock("catalogue", "prod", "bob", "audit freeze", Instant.now().minusSeconds(60), null,
                "arn:aws:iam::123456789012:user/alice");
        when(releaseSets.gate("catalogue", "prod")).thenReturn(new ReleaseSets.Gate(Optional.of(bobs), Optional.empty(), null));

        Run run = hm("lock", "--project", "catalogue", "--env", "prod", "-m", "mine now");

        assertThat(run.exitCode()).as("one CI role, two people told apart by HM_ACTOR").isEqualTo(1);
        assertThat(run.err()).contains("catalogue/prod is locked by bob", "--force");
    }

    @Test
    void yourOwnLockOrAnExpiredOneIsReplacedWithoutForce() {
        wired();
        Instant earlier = Instant.now().minus(Duration.ofHours(3));
        Lock mine = new Lock("catalogue", "prod", "alice@example.com via https://ci.example.com/runs/7", "freeze", earlier,
                null, "arn:aws:iam::123456789012:user/alice");
        Lock expired = new Lock("catalogue", "staging", "carol", "db work", earlier, earlier.plus(Duration.ofHours(1)));
        when(releaseSets.gate("catalogue", "prod")).thenReturn(new ReleaseSets.Gate(Optional.of(mine), Optional.empty(), null));
        when(releaseSets.gate("catalogue", "staging")).thenReturn(new ReleaseSets.Gate(Optional.of(expired), Optional.empty(), null));

        assertThat(hm("lock", "--project", "catalogue", "--env", "prod", "-m", "longer", "--for", "1d").exitCode()).isZero();
        assertThat(hm("lock", "--project", "catalogue", "--env", "staging", "-m", "mine now").exitCode()).isZero();
        ArgumentCaptor<Lock> written = ArgumentCaptor.forClass(Lock.class);
        verify(releaseSets, times(2)).lock(written.capture());
        assertThat(written.getAllValues()).extracting(Lock::replaces).containsOnlyNulls();
    }

    @Test
    void lockWithoutForLastsUntilUnlockedAndJsonSaysEverything() throws Exception {
        wired();

        Run run = hm("lock", "--project", "catalogue", "--env", "staging", "-m", "freeze", "--output", "json");

        JsonNode json = run.json();
        assertThat(fieldNames(json)).containsExactly("schemaVersion", "project", "environment", "lock", "replaced", "inFlight");
        assertThat(fieldNames(json.get("lock"))).containsExactly("owner", "ownerArn", "reason", "lockedAt", "expiresAt", "inForce",
                "replaces");
        assertThat(json.get("lock").get("owner").asText()).isEqualTo("alice@example.com");
        assertThat(json.get("lock").get("expiresAt").isNull()).isTrue();
        assertThat(json.get("lock").get("inForce").asBoolean()).isTrue();
        assertThat(json.get("replaced").isNull()).isTrue();
        assertThat(hm("lock", "--project", "catalogue", "--env", "staging", "-m", "freeze").out())
                .contains("Locked catalogue/staging until unlocked, by alice@example.com (arn:aws:iam::123456789012:user/alice): freeze",
                        "Release sets for staging are refused until 'hm unlock --project catalogue --env staging'.");
    }

    @Test
    void unknownProjectOrEnvironmentIsExit1WithTheFix() {
        wired();
        when(catalogue.project("nope")).thenReturn(Optional.empty());

        Run project = hm("lock", "--project", "nope", "--env", "prod", "-m", "x");
        Run environment = hm("unlock", "--project", "catalogue", "--env", "qa");
        Run typo = hm("lock", "-p", "catalogue", "-e", "prdo", "-m", "x");

        assertThat(project.exitCode()).isEqualTo(1);
        assertThat(project.err()).isEqualTo("hm: project 'nope' is not registered: register it with 'hm project apply -f"
                + " harbourmaster.yml'\n");
        assertThat(environment.exitCode()).isEqualTo(1);
        assertThat(environment.err()).isEqualTo("hm: environment 'qa' is not in project 'catalogue'; its environments are:"
                + " staging, prod\n");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).isEqualTo("hm: environment 'prdo' is not in project 'catalogue'; its environments are:"
                + " staging, prod; did you mean prod?\n");
        verify(releaseSets, never()).lock(any());
        verify(releaseSets, never()).unlock(anyString(), anyString(), any(), any(), any());
    }

    @Test
    void unlockSaysWhoseLockItRemovedAndNothingWhenThereIsNone() throws Exception {
        wired();
        Run none = hm("unlock", "--project", "catalogue", "--env", "prod");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEqualTo("catalogue/prod is not locked: nothing to unlock.\n");
        verify(releaseSets, never()).unlock(anyString(), anyString(), any(), any(), any());

        Instant earlier = Instant.now().minus(Duration.ofHours(3));
        Lock expired = new Lock("catalogue", "prod", "carol", "freeze", earlier, earlier.plus(Duration.ofHours(1)));
        when(releaseSets.gate("catalogue", "prod")).thenReturn(new ReleaseSets.Gate(Optional.of(expired), Optional.empty(), null));
        Run run = hm("unlock", "--project", "catalogue", "--env", "prod");
        assertThat(run.out()).contains("Unlocked catalogue/prod: removed the expired lock of carol (ARN not recorded) since ", "expired ",
                "(2h ago): freeze");
        verify(releaseSets).unlock(eq("catalogue"), eq("prod"), eq("alice@example.com"),
                eq("arn:aws:iam::123456789012:user/alice"), any());
        JsonNode json = hm("unlock", "--project", "catalogue", "--env", "prod", "--output", "json").json();
        assertThat(fieldNames(json)).containsExactly("schemaVersion", "project", "environment", "unlocked", "removed", "unlockedBy",
                "unlockedByArn");
        assertThat(json.get("removed").get("inForce").asBoolean()).isFalse();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void diffNamesTwoDifferentEnvironmentsThatExist() {
        wired();
        when(history.projectState("catalogue")).thenReturn(Optional.of(new ProjectState(project, List.of())));

        Run same = hm("diff", "--project", "catalogue", "prod", "prod");
        Run one = hm("diff", "--project", "catalogue", "prod");
        Run unknown = hm("diff", "--project", "catalogue", "staging", "qa");

        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.err()).contains("name two different environments, e.g. 'hm diff --project catalogue staging prod'");
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.err()).contains("Missing required parameter: 'ENV_B'");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("hm: environment 'qa' is not in project 'catalogue'; its environments are:"
                + " staging, prod\n");
    }

    private void ecsRuns(String image) {
        Map<String, RunningService> services = new LinkedHashMap<>();
        services.put("catalogue-id_minter-prod", new RunningService("catalogue-prod", "catalogue-id_minter-prod", "arn:svc",
                "arn:aws:ecs:eu-west-1:1:task-definition/id_minter:3", "ecs-svc/7", "ECS", null));
        when(ecs.services(eq("catalogue-prod"), anyList())).thenReturn(services);
        when(ecs.taskDefinition("arn:aws:ecs:eu-west-1:1:task-definition/id_minter:3")).thenReturn(new TaskDefinition(
                "arn:aws:ecs:eu-west-1:1:task-definition/id_minter:3", "id_minter", Map.of("id_minter", image)));
        when(ecs.tasksStartedBy("catalogue-prod", "ecs-svc/7")).thenReturn(List.of());
    }

    private void recorded() {
        CurrentState row = new CurrentState("catalogue", "prod", "id_minter", new CurrentState.Running("abc1234",
                List.of(new ReleaseImage("id_minter", "catalogue/id_minter", DIGEST, "reg/catalogue/id_minter@" + DIGEST,
                        "abc1234")), "SET", DeploymentStatus.COMPLETED, Instant.now(), "alice", "why", "ecs-svc/7"),
                null, null, 1);
        when(history.projectState("catalogue")).thenReturn(Optional.of(new ProjectState(project, List.of(row))));
    }

    @Test
    void verifyPrintsEachServiceAndExits0WithoutDrift() {
        wired();
        recorded();
        ecsRuns("reg/catalogue/id_minter@" + DIGEST);

        Run run = hm("verify", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).containsPattern("id_minter\\s+catalogue-id_minter-prod\\s+OK\\s+abc1234\\s+sha256:[0-9a-f]{12}"
                + "\\s+id_minter:3\\s+0 running");
        assertThat(run.out()).containsPattern("ingestor\\s+catalogue-ingestor-prod\\s+ABSENT");
        assertThat(run.out()).contains("Note: no running task reported a digest for", "OK: ECS runs what the record says (1 OK,"
                + " 3 deployed nowhere).");
    }

    @Test
    void verifyDriftIsExit1WithTheServiceNamedOnStderrAndCompleteJson() throws Exception {
        wired();
        recorded();
        String other = "reg/catalogue/id_minter@" + RecordSeeder.digest("console");
        ecsRuns(other);

        Run run = hm("verify", "--project", "catalogue", "--env", "prod");
        Run json = hm("verify", "--project", "catalogue", "--env", "prod", "--output", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).containsPattern("id_minter\\s+catalogue-id_minter-prod\\s+DRIFT");
        assertThat(run.out()).contains("id_minter (catalogue-id_minter-prod): DRIFT",
                "  - container id_minter: the record says " + DIGEST.substring(0, 19) + " (release abc1234), task definition"
                        + " id_minter:3 runs reg/catalogue/id_minter@" + RecordSeeder.digest("console").substring(0, 19),
                "DRIFT in 1 of 4 services: id_minter.");
        assertThat(run.err()).startsWith("hm: drift in catalogue/prod: id_minter; ECS does not run what Harbourmaster recorded:")
                .hasLineCount(1);
        assertThat(json.exitCode()).isEqualTo(1);
        JsonNode verdict = json.json();
        assertThat(verdict.get("drift").asBoolean()).isTrue();
        JsonNode minter = verdict.get("services").get(0);
        assertThat(minter.get("status").asText()).isEqualTo("DRIFT");
        assertThat(minter.get("recorded").get("images").get(0).get("digest").asText()).isEqualTo(DIGEST);
        assertThat(minter.get("ecs").get("images").get("id_minter").asText()).isEqualTo(other);
        assertThat(minter.get("differences").get(0).get("kind").asText()).isEqualTo("TASK_DEFINITION_IMAGE");
        assertThat(minter.get("differences").get(0).get("actual").asText()).isEqualTo(other);

        ArgumentCaptor<EnvironmentVerification> kept = ArgumentCaptor.forClass(EnvironmentVerification.class);
        verify(verifications, times(2)).save(kept.capture());
        EnvironmentVerification last = kept.getValue();
        assertThat(last.environmentId()).isEqualTo("prod");
        assertThat(last.checkedBy()).isEqualTo("alice@example.com");
        assertThat(last.service("id_minter").orElseThrow().status()).isEqualTo("DRIFT");
        assertThat(last.service("id_minter").orElseThrow().summary()).startsWith("container id_minter: the record says");
        assertThat(last.service("ingestor").orElseThrow().status()).isNotEqualTo("DRIFT");
    }

    @Test
    void aClusterEcsDoesNotKnowIsOneLineWithTheFix() {
        wired();
        recorded();
        when(ecs.services(eq("catalogue-prod"), anyList())).thenThrow(new ContainerPlatformException("DescribeServices",
                "catalogue-prod [catalogue-id_minter-prod]", "ClusterNotFoundException", "Cluster not found.", false, null));

        Run run = hm("verify", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hm: ECS cluster 'catalogue-prod' of environment 'prod' not found at ")
                .contains(": create it, or fix the environment's cluster in harbourmaster.yml and run 'hm project apply'")
                .hasLineCount(1);
    }

    @Test
    void aServiceEcsWouldNotDescribeIsUnverifiedAndExit1() {
        wired();
        recorded();
        ecsRuns("reg/catalogue/id_minter@" + DIGEST);
        when(ecs.tasksStartedBy("catalogue-prod", "ecs-svc/7")).thenThrow(new ContainerPlatformException("ListTasks",
                "catalogue-prod ecs-svc/7", "AccessDeniedException", "not allowed", false, null));

        Run run = hm("verify", "--project", "catalogue", "--env", "prod");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("note: could not list the running tasks: ListTasks catalogue-prod ecs-svc/7:"
                + " AccessDeniedException: not allowed", "NOT VERIFIED: id_minter; no drift in the others.");
        assertThat(run.err()).startsWith("hm: could not verify catalogue/prod: id_minter").hasLineCount(1);
    }
}
