package dev.harbourmaster.views;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Lock;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
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
        return new StatusView(new ProjectState(Fixtures.exampleProject(), rows), gates, NOW);
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
                .contains("alice  Roll out the batch minting change that the ca...")
                .doesNotContain("RFC 013");
        assertThat(lines.get(2)).startsWith("staging      ingestor   -        -                    -    never deployed");
        assertThat(lines.get(4)).startsWith("staging      search     a1b2c3d  sha256:0123456789ab  5d   ROLLED_BACK ffee001 (runs a1b2c3d)")
                .contains("alice  second");
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
                Map.of("prod", verified)), openGates(), NOW);

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
                NOW.plusSeconds(7200))), Optional.empty(), null));
        gates.put("qa", new Gate(Optional.of(new Lock("catalogue", "qa", "dan", "db work", NOW.minusSeconds(7200),
                NOW.minusSeconds(60))), Optional.of("01JDOLD"), NOW.minusSeconds(30)));

        assertThat(view(List.of(), gates).gateLines()).containsExactly(
                "staging: release set 01JDSET in flight, holds the environment until 2026-11-20T13:00:00.000Z (in 1h)",
                "prod: LOCKED by carol since 2026-11-20T11:50:00.000Z (10m ago) until 2026-11-20T14:00:00.000Z (in 2h): release freeze",
                "qa: lock by dan since 2026-11-20T10:00:00.000Z (2h ago) expired 2026-11-20T11:59:00.000Z (1m ago), no longer in force: db work",
                "qa: release set 01JDOLD in flight, its hold expired 2026-11-20T11:59:30.000Z (30s ago) (another set may take the environment)");
        assertThat(view(List.of(), openGates()).gateLines()).containsExactly(
                "staging: open, no release set in flight", "prod: open, no release set in flight");
        assertThat(new StatusView(new ProjectState(Fixtures.exampleProject(), List.of()),
                Map.of("prod", new Gate(Optional.of(new Lock("catalogue", "prod", "carol", null, null, null)), Optional.empty(),
                        null)), NOW).gateLines()).containsExactly("prod: FROZEN by carol, no expiry");
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
