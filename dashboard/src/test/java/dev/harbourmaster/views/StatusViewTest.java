package dev.harbourmaster.views;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.HookState;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.RolloutPlan;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.support.Ulid;
import dev.harbourmaster.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class StatusViewTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String OLD = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String NEW = "ffee0011223344556677889900aabbccddeeff00";
    private static final String DIGEST = "sha256:" + "0123456789ab".repeat(5) + "cdef";
    private static final String LONG_WHY = "Roll out the batch minting change that the catalogue team asked for in RFC 013";

    private static CurrentState.Running running(String hash, String set, Instant since, String who, String why) {
        return new CurrentState.Running(hash, List.of(new ReleaseImage("app", "catalogue/x", DIGEST, "repo@" + DIGEST, hash)),
                set, DeploymentStatus.COMPLETED, since, who, why, "ecs-svc/1");
    }

    private static CurrentState.LastDeployment last(String hash, String set, DeploymentStatus status, Instant at, String who,
                                                    String why) {
        return new CurrentState.LastDeployment(set, hash, status, "because", at, who, why, at);
    }

    private StatusView view(List<CurrentState> rows, Map<String, Gate> gates) {
        return new StatusView(new ProjectState(Fixtures.exampleProject(), rows), gates, Map.of(), NOW);
    }

    private static Map<String, Gate> openGates() {
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("staging", new Gate(Optional.empty(), Optional.empty(), null));
        gates.put("prod", new Gate(Optional.empty(), Optional.empty(), null));
        return gates;
    }

    private static List<String> table(List<Map<String, Object>> rows) {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text)).rows(rows, "none");
        return text.toString().lines().toList();
    }

    @Test
    void theMatrixShowsWhatRunsTheLastOutcomeAndNeverDeployedServices() {
        Instant since = NOW.minusSeconds(3 * 60);
        List<CurrentState> rows = List.of(
                new CurrentState("catalogue", "staging", "id_minter", running(NEW, "S2", since, "alice", LONG_WHY),
                        last(NEW, "S2", DeploymentStatus.COMPLETED, since, "alice", LONG_WHY), null, 1),
                new CurrentState("catalogue", "staging", "search",
                        running(OLD, "S1", NOW.minusSeconds(5 * 86_400), "bob", "first"),
                        last(NEW, "S2", DeploymentStatus.ROLLED_BACK, NOW.minusSeconds(7200), "alice", "second"), null, 3));

        List<String> lines = table(view(rows, openGates()).tableRows());

        assertThat(lines.get(0)).startsWith("ENVIRONMENT  SERVICE    RELEASE  DIGEST               AGE  LAST DEPLOYMENT")
                .contains("BY", "WHY", "CHANGED OUTSIDE");
        assertThat(lines).hasSize(1 + 8);
        assertThat(lines.get(1)).startsWith("staging      id_minter  ffee001  sha256:0123456789ab  3m   COMPLETED")
                .contains("alice (ARN not recorded)  Roll out the batch minting change that the ca...")
                .doesNotContain("RFC 013");
        assertThat(lines.get(2)).startsWith("staging      ingestor   -        -                    -    never deployed");
        assertThat(lines.get(4)).startsWith("staging      search     a1b2c3d  sha256:0123456789ab  5d   ROLLED_BACK ffee001 (runs a1b2c3d)")
                .contains("alice (ARN not recorded)  second");
        assertThat(lines.get(5)).startsWith("prod         id_minter  -        -                    -    never deployed");
    }

    @Test
    void jsonKeepsEverythingWhole() throws Exception {
        Instant since = NOW.minusSeconds(60);
        List<CurrentState> rows = List.of(new CurrentState("catalogue", "staging", "id_minter",
                running(NEW, "S2", since, "alice", LONG_WHY), last(NEW, "S2", DeploymentStatus.COMPLETED, since, "alice", LONG_WHY),
                null, 1));

        String json = Json.MAPPER.writeValueAsString(view(rows, openGates()).json());

        assertThat(json).contains(LONG_WHY, NEW, DIGEST, "\"since\":\"2026-11-20T11:59:00.000Z\"",
                "\"lastDeployment\":\"never deployed\"", "\"changedOutside\":false", "\"lock\":null");
    }

    @Test
    void anAdoptedBaselineSaysSoUntilADeploymentReplacesIt() throws Exception {
        CurrentState.Running adopted = CurrentState.Running.adopted(OLD, List.of(new ReleaseImage("app", "catalogue/x", DIGEST,
                        "repo@" + DIGEST, OLD)), NOW.minusSeconds(300), "carol", "arn:aws:iam::123456789012:user/carol",
                "adopted: ran before Harbourmaster (task definition x:3)", "ecs-svc/9",
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/x:3", null);
        CurrentState baseline = new CurrentState("catalogue", "prod", "requests", adopted, null, null, 0);
        CurrentState failedOver = new CurrentState("catalogue", "prod", "search", adopted,
                last(NEW, "S2", DeploymentStatus.ROLLED_BACK, NOW.minusSeconds(60), "bob", "y"), null, 1);
        CurrentState noHash = new CurrentState("catalogue", "prod", "ingestor", CurrentState.Running.adopted(null,
                adopted.images(), NOW, "carol", null, "adopted", null, adopted.adoptedFrom(), null), null, null, 0);

        assertThat(StatusView.outcome(baseline)).isEqualTo("ADOPTED");
        assertThat(StatusView.outcome(failedOver)).isEqualTo("ROLLED_BACK ffee001 (runs adopted a1b2c3d)");
        assertThat(StatusView.outcome(noHash)).isEqualTo("ADOPTED");
        StatusView view = view(List.of(baseline, failedOver, noHash), openGates());
        List<String> lines = table(view.tableRows());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("prod         requests").contains("a1b2c3d")
                .contains("ADOPTED").contains("carol (arn:aws:iam::123456789012:user/carol)").contains("adopted: ran before"));
        assertThat(view.summary()).contains("prod: 1 failed");
        JsonNode json = Json.MAPPER.readTree(dev.harbourmaster.documents.JsonDocuments.write(view.json()));
        JsonNode requests = StreamSupport.stream(json.get("services").spliterator(), false)
                .filter(s -> s.get("service").asText().equals("requests") && s.get("environment").asText().equals("prod"))
                .findFirst().orElseThrow();
        assertThat(requests.get("lastDeployment").asText()).isEqualTo("ADOPTED");
        assertThat(requests.get("running").get("adopted").asBoolean()).isTrue();
        assertThat(requests.get("running").get("adoptedFrom").asText()).endsWith("task-definition/x:3");
        assertThat(requests.get("running").get("releaseSet").isNull()).isTrue();
    }

    @Test
    void aChangeOutsideHarbourmasterIsMarkedUntilADeploymentReplacesIt() {
        CurrentState.OutOfBand outside = new CurrentState.OutOfBand("ecs-svc/777", "COMPLETED", NOW.minusSeconds(600), "console");
        CurrentState drifted = new CurrentState("catalogue", "prod", "requests",
                running(OLD, "S1", NOW.minusSeconds(3600), "bob", "x"), null, outside, 2);
        CurrentState replaced = new CurrentState("catalogue", "prod", "search",
                running(OLD, "S1", NOW.minusSeconds(60), "bob", "x"), null, outside, 2);
        CurrentState onlyOutside = new CurrentState("catalogue", "prod", "ingestor", null, null, outside, 0);

        assertThat(StatusView.changedOutside(drifted)).isTrue();
        assertThat(StatusView.changedOutside(replaced)).isFalse();
        assertThat(StatusView.changedOutside(onlyOutside)).isTrue();
        List<String> lines = table(view(List.of(drifted, replaced, onlyOutside), openGates()).tableRows());
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("prod         requests").endsWith("ecs-svc/777 10m ago"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("prod         ingestor").contains("never deployed")
                .endsWith("ecs-svc/777 10m ago"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("prod         search").doesNotContain("ecs-svc/777"));
    }

    @Test
    void theLastVerificationIsShownBesideEachService() {
        CurrentState row = new CurrentState("catalogue", "prod", "requests", running(OLD, "S1", NOW.minusSeconds(3600), "bob", "x"),
                null, null, 1);
        EnvironmentVerification verified = new EnvironmentVerification("catalogue", "prod", NOW.minusSeconds(300), "erin",
                List.of(new EnvironmentVerification.ServiceVerdict("requests", "DRIFT", "task runs sha256:beef")));
        StatusView view = new StatusView(new ProjectState(Fixtures.exampleProject(), List.of(row), Map.of(),
                Map.of("prod", verified)), openGates(), Map.of(), NOW);

        assertThat(table(view.tableRows())).anySatisfy(l -> assertThat(l).startsWith("prod         requests")
                .contains("DRIFT 5m ago"));
        JsonNode json = Json.MAPPER.valueToTree(view.json());
        JsonNode requests = StreamSupport.stream(json.get("services").spliterator(), false)
                .filter(s -> s.get("environment").asText().equals("prod") && s.get("service").asText().equals("requests"))
                .findFirst().orElseThrow();
        assertThat(requests.at("/verification/status").asText()).isEqualTo("DRIFT");
        assertThat(requests.at("/verification/summary").asText()).isEqualTo("task runs sha256:beef");
        assertThat(requests.at("/verification/checkedBy").asText()).isEqualTo("erin");
        assertThat(json.at("/services/0/verification").isNull()).as("staging was never verified").isTrue();
    }

    @Test
    void eachEnvironmentSaysWhatTheOneBeforeItRunsThatItDoesNotAndTheSummaryLeadsWithTrouble() {
        List<CurrentState> rows = List.of(
                new CurrentState("catalogue", "staging", "id_minter", running(NEW, "S2", NOW, "alice", "x"), null, null, 1),
                new CurrentState("catalogue", "staging", "search", running(OLD, "S1", NOW, "alice", "x"), null, null, 1),
                new CurrentState("catalogue", "prod", "search", running(OLD, "S1", NOW, "bob", "x"),
                        last(NEW, "S3", DeploymentStatus.ROLLED_BACK, NOW, "bob", "y"), null, 2));
        StatusView view = view(rows, openGates());

        assertThat(view.promotable("staging")).as("the first environment has none before it").isEmpty();
        assertThat(view.promotableText("prod")).isEqualTo("ready to promote from staging: id_minter ffee001"
                + " (hm promote --project catalogue --from staging --to prod)");
        assertThat(view.gateLines()).contains("prod: ready to promote from staging: id_minter ffee001"
                + " (hm promote --project catalogue --from staging --to prod)");
        assertThat(view.summary()).isEqualTo("staging: 2 services run · prod: 1 failed");
    }

    @Test
    void outcomesSayWhatFailedAndWhatStillRuns() {
        assertThat(StatusView.outcome(null)).isEqualTo("never deployed");
        assertThat(StatusView.outcome(new CurrentState("p", "e", "s", null,
                last(NEW, "S1", DeploymentStatus.FAILED, NOW, "a", "b"), null, 0))).isEqualTo("FAILED ffee001");
        assertThat(StatusView.outcome(new CurrentState("p", "e", "s", running(OLD, "S1", NOW, "a", "b"),
                last(NEW, "S2", DeploymentStatus.TIMED_OUT, NOW, "a", "b"), null, 0))).isEqualTo("TIMED_OUT ffee001 (runs a1b2c3d)");
        assertThat(StatusView.outcome(new CurrentState("p", "e", "s", running(OLD, "S1", NOW, "a", "b"),
                last(OLD, "S2", DeploymentStatus.FAILED, NOW, "a", "b"), null, 0))).isEqualTo("FAILED");
    }

    @Test
    void gatesSayWhoLockedWhyUntilWhenAndWhatIsInFlight() {
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("staging", new Gate(Optional.empty(), Optional.of("01JDSET"), NOW.plusSeconds(3600)));
        gates.put("prod", new Gate(Optional.of(new Lock("catalogue", "prod", "carol", "release freeze", NOW.minusSeconds(600),
                NOW.plusSeconds(7200), "arn:aws:sts::123456789012:assumed-role/ops/carol")), Optional.empty(), null));
        gates.put("qa", new Gate(Optional.of(new Lock("catalogue", "qa", "dan", "db work", NOW.minusSeconds(7200),
                NOW.minusSeconds(60))), Optional.of("01JDOLD"), NOW.minusSeconds(30)));

        assertThat(view(List.of(), gates).gateLines()).containsExactly(
                "staging: release set 01JDSET in flight, holds the environment until 2026-11-20T13:00:00.000Z (in 1h)",
                "prod: LOCKED by carol (arn:aws:sts::123456789012:assumed-role/ops/carol) since 2026-11-20T11:50:00.000Z (10m ago) until 2026-11-20T14:00:00.000Z (in 2h): release freeze",
                "qa: lock by dan (ARN not recorded) since 2026-11-20T10:00:00.000Z (2h ago) expired 2026-11-20T11:59:00.000Z (1m ago), no longer in force: db work",
                "qa: release set 01JDOLD in flight, its hold expired 2026-11-20T11:59:30.000Z (30s ago) (another set may take the environment)");
        assertThat(view(List.of(), openGates()).gateLines()).containsExactly(
                "staging: open, no release set in flight", "prod: open, no release set in flight");
        assertThat(new StatusView(new ProjectState(Fixtures.exampleProject(), List.of()),
                Map.of("prod", new Gate(Optional.of(new Lock("catalogue", "prod", "carol", null, null, null)), Optional.empty(),
                        null)), Map.of(), NOW).gateLines()).containsExactly("prod: FROZEN by carol (ARN not recorded), no expiry");
    }

    @Test
    void aDeploymentInFlightSaysItsStageAndTheCommandThatLetsItGoOnWhenAHookHoldsIt() {
        Deployment linear = Deployment.builder().serviceId("id_minter").images(List.of()).status(DeploymentStatus.IN_PROGRESS)
                .plan(new RolloutPlan("LINEAR", 10, 10.0, 6, null, 0, List.of(1440))).claimedAt(NOW.minusSeconds(60));
        Deployment held = linear.withEvidence(DeploymentEvidence.NONE.withHook(new HookState("ecs-pause-1", "PAUSE",
                "POST_TEST_TRAFFIC_SHIFT", "AWAITING_ACTION", NOW.plusSeconds(3600), "ROLLBACK", NOW)));
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("prod", new Gate(Optional.empty(), Optional.of("01JDSET"), null));

        assertThat(view(List.of(), gates).withInFlight(Map.of("prod", List.of(linear))).gateLines()).containsExactly(
                "prod: release set 01JDSET in flight", "prod: id_minter IN_PROGRESS, LINEAR 10% every 6 min, bake 10 min, 1 pause hook");
        assertThat(view(List.of(), gates).withInFlight(Map.of("prod", List.of(held))).gateLines()).containsExactly(
                "prod: release set 01JDSET in flight", "prod: id_minter IN_PROGRESS, awaiting approval at POST_TEST_TRAFFIC_SHIFT,"
                        + " expires 2026-11-20T13:00:00.000Z: hm approve --project catalogue --env prod");
    }

    private static ReleaseSet set(String environment, Instant at, String who, ReleaseSetStatus status, String reason) {
        return new ReleaseSet(Ulid.random(at), "catalogue", environment, null, List.of(), ReleaseSetKind.DEPLOY, who, "why",
                at, status, reason);
    }

    @Test
    void setsThatWaitSayForWhatAndSinceWhenAndFreshOrEndedSetsAreLeftOut() throws Exception {
        String ended = Ulid.random(NOW.minusSeconds(3600));
        String inFlight = Ulid.random(NOW.minusSeconds(1800));
        String behind = "queued behind release set %s: it starts when that one ends";
        ReleaseSet unclaimed = set("staging", NOW.minusSeconds(300), "alice", ReleaseSetStatus.REQUESTED, null);
        ReleaseSet justAMinute = set("staging", NOW.minusSeconds(60), "bob", ReleaseSetStatus.REQUESTED, null);
        ReleaseSet fresh = set("staging", NOW.minusSeconds(5), "bob", ReleaseSetStatus.REQUESTED, null);
        ReleaseSet stranded = set("staging", NOW.minusSeconds(200), "ecr-push", ReleaseSetStatus.QUEUED, behind.formatted(ended));
        ReleaseSet done = set("staging", NOW.minusSeconds(900), "carol", ReleaseSetStatus.SUCCEEDED, "1 service runs the release");
        ReleaseSet first = set("prod", NOW.minusSeconds(240), "ecr-push", ReleaseSetStatus.QUEUED, behind.formatted(ended));
        ReleaseSet second = set("prod", NOW.minusSeconds(120), "ecr-push", ReleaseSetStatus.QUEUED, behind.formatted(ended));
        Map<String, Gate> gates = new LinkedHashMap<>();
        gates.put("staging", new Gate(Optional.empty(), Optional.empty(), null));
        gates.put("prod", new Gate(Optional.empty(), Optional.of(inFlight), NOW.plusSeconds(3600)));
        StatusView view = new StatusView(new ProjectState(Fixtures.exampleProject(), List.of()), gates, Map.of(
                "staging", List.of(fresh, justAMinute, stranded, unclaimed, done), "prod", List.of(second, first)), NOW);

        assertThat(view.gateLines()).containsExactly(
                "staging: open, no release set in flight",
                "staging: release set " + unclaimed.id() + " REQUESTED 5m ago by alice (ARN not recorded): no deployer has claimed it",
                "staging: release set " + stranded.id() + " QUEUED 3m ago by ecr-push: queued behind release set " + ended
                        + " (no longer in flight)",
                "prod: release set " + inFlight + " in flight, holds the environment until 2026-11-20T13:00:00.000Z (in 1h)",
                "prod: release set " + first.id() + " QUEUED 4m ago by ecr-push: waits for release set " + inFlight + " in flight",
                "prod: release set " + second.id() + " QUEUED 2m ago by ecr-push: waits for release set " + inFlight
                        + " in flight and 1 queued before it");

        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(view.json()));
        assertThat(json.at("/environments/0/waiting")).hasSize(2);
        assertThat(json.at("/environments/0/waiting/0/releaseSet").asText()).isEqualTo(unclaimed.id());
        assertThat(json.at("/environments/0/waiting/0/requestedAt").asText()).isEqualTo("2026-11-20T11:55:00.000Z");
        assertThat(json.at("/environments/0/waiting/0/hint").asText()).isEqualTo("no deployer has claimed it");
        assertThat(json.at("/environments/0/waiting/0/waitsFor").isNull()).isTrue();
        JsonNode queued = json.at("/environments/1/waiting/1");
        assertThat(queued.get("releaseSet").asText()).isEqualTo(second.id());
        assertThat(queued.get("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.get("statusReason").asText()).isEqualTo(behind.formatted(ended));
        assertThat(queued.get("waitsFor").asText()).as("the set in flight now, not the one it was queued behind").isEqualTo(inFlight);
        assertThat(queued.get("waitsForInFlight").asBoolean()).isTrue();
        assertThat(queued.get("queuedAhead").asInt()).isEqualTo(1);
        assertThat(view(List.of(), openGates()).json().toString()).as("nothing waits: empty lists").contains("waiting=[]");
    }

    @Test
    void onlyTheNewestSetsThatWaitAreListedAndTheOlderCounted() {
        List<ReleaseSet> unclaimed = new ArrayList<>();
        for (int i = 7; i >= 1; i--) {
            unclaimed.add(set("staging", NOW.minusSeconds(3600L * i), "ecr-push", ReleaseSetStatus.REQUESTED, null));
        }
        StatusView view = new StatusView(new ProjectState(Fixtures.exampleProject(), List.of()),
                Map.of("staging", Gate.OPEN), Map.of("staging", unclaimed), NOW);

        assertThat(view.gateLines()).containsExactly(
                "staging: open, no release set in flight",
                "staging: 2 older release sets wait too: hm history --project catalogue --env staging",
                "staging: release set " + unclaimed.get(2).id() + " REQUESTED 5h ago by ecr-push: no deployer has claimed it",
                "staging: release set " + unclaimed.get(3).id() + " REQUESTED 4h ago by ecr-push: no deployer has claimed it",
                "staging: release set " + unclaimed.get(4).id() + " REQUESTED 3h ago by ecr-push: no deployer has claimed it",
                "staging: release set " + unclaimed.get(5).id() + " REQUESTED 2h ago by ecr-push: no deployer has claimed it",
                "staging: release set " + unclaimed.get(6).id() + " REQUESTED 1h ago by ecr-push: no deployer has claimed it");
        assertThat(view.json().toString()).as("the JSON has them all").contains(unclaimed.get(0).id(), unclaimed.get(1).id());
    }

    @Test
    void rowsOfServicesNoLongerInTheManifestAreShownLast() {
        CurrentState gone = new CurrentState("catalogue", "staging", "legacy", running(OLD, "S0", NOW.minusSeconds(60), "a", "b"),
                null, null, 0);

        List<StatusView.Cell> cells = view(List.of(gone), openGates()).cells();

        assertThat(cells).extracting(c -> c.environmentId() + "/" + c.serviceId() + (c.inManifest() ? "" : "!")).containsExactly(
                "staging/id_minter", "staging/ingestor", "staging/requests", "staging/search", "staging/legacy!",
                "prod/id_minter", "prod/ingestor", "prod/requests", "prod/search");
    }
}
