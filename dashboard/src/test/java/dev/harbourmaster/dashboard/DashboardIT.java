package dev.harbourmaster.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.documents.JsonDocuments;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.EnvironmentVerification.ServiceVerdict;
import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.dynamodb.DynamoDbVerifications;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.ports.ReleaseSets.Gate;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import dev.harbourmaster.views.ReleaseSetView;
import dev.harbourmaster.views.StatusView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over records written by the production adapters on the emulator: what each page
 * shows, what it escapes, how many requests it costs, and that its JSON is hm's.
 */
class DashboardIT {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Instant T0 = NOW.minus(Duration.ofDays(3));
    private static final String XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

    private static final Emulator emulator = new Emulator();
    private static String table;
    private static Project project;
    private static Dashboard dashboard;
    private static ReleaseSet good;
    private static ReleaseSet rolledBack;
    private static ReleaseSet inFlight;
    private static ReleaseSet probe;
    private static ReleaseSet queued;
    private static ReleaseSet unclaimed;
    private static ReleaseSet fresh;

    @BeforeAll
    static void seed() {
        table = emulator.newTable();
        project = Fixtures.exampleProject();
        new DynamoDbCatalogue(emulator.dynamo(), table).apply(project);
        RecordSeeder seeder = new RecordSeeder(emulator, table, project);

        Release ingestorOld = seeder.release("ingestor", "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", T0);
        Release minter = seeder.release("id_minter", "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", T0);
        good = seeder.request("staging", T0.plusSeconds(60), "alice", "first release", "pipeline", List.of(ingestorOld, minter));
        seeder.deploy(good, Map.of("ingestor", RecordSeeder.completed(ingestorOld, T0.plusSeconds(60)),
                "id_minter", RecordSeeder.completed(minter, T0.plusSeconds(60))));

        Release ingestorBad = seeder.release("ingestor", "ffee0011223344556677889900aabbccddeeff00", T0.plusSeconds(3600));
        rolledBack = seeder.request("staging", T0.plusSeconds(7200), "bob", "memory tuning", null, List.of(ingestorBad));
        seeder.deploy(rolledBack, Map.of("ingestor", RecordSeeder.rolledBack(ingestorBad, T0.plusSeconds(7200))));

        probe = seeder.request("prod", T0.plusSeconds(9000), ReleaseSetKind.PROMOTE, "mallory" + XSS, XSS, null, List.of(minter));
        seeder.deploy(probe, Map.of("id_minter", RecordSeeder.completed(minter, T0.plusSeconds(9000))));
        seeder.lock("prod", "carol", "freeze " + XSS, T0.plusSeconds(9500), null);

        Release ingestorNext = seeder.release("ingestor", "1234567890abcdef1234567890abcdef12345678", T0.plusSeconds(10_000));
        inFlight = seeder.request("staging", T0.plusSeconds(10_800), "dave", "next try", null, List.of(ingestorNext));
        seeder.deploy(inFlight, Map.of());

        // Sets that wait: an automatic one queued behind the set in flight, one no deployer has claimed for
        // five minutes, and one requested seconds ago (not waiting yet).
        Release minterNext = seeder.release("id_minter", "2345678901abcdef2345678901abcdef23456789", NOW.minusSeconds(700));
        queued = seeder.request("staging", NOW.minusSeconds(600), "ecr-push", "push", null, List.of(minterNext));
        assertThat(seeder.releaseSets().queue(queued, "queued behind release set " + inFlight.id()
                + ": it starts when that one ends")).isTrue();
        unclaimed = seeder.request("prod", NOW.minusSeconds(300), "erin", "nobody listens", null, List.of(minterNext));
        fresh = seeder.request("prod", NOW.minusSeconds(20), "erin", "just asked", null, List.of(minterNext));

        new DynamoDbVerifications(emulator.dynamo(), table).save(new EnvironmentVerification("catalogue", "staging",
                NOW.minusSeconds(600), "erin", List.of(new ServiceVerdict("id_minter", "DRIFT",
                "task definition runs sha256:beef, the record says sha256:0a1b " + XSS),
                new ServiceVerdict("ingestor", "DEPLOYING", null))));
        dashboard = DashboardWiring.of(emulator.dynamo(), table, List.of("catalogue"))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC)).dashboard();
    }

    private static Response get(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? dashboard.get(pathAndQuery, null) : dashboard.get(pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1));
    }

    private static List<String> callsFor(String pathAndQuery) {
        emulator.resetCalls();
        Response response = get(pathAndQuery);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return emulator.calls();
    }

    @Test
    void theHomePageIsOneQueryAndTheLocksPlusOnePerEnvironmentPlusOnePerSetInFlight() {
        // The project's partition; its environments' locks (partitions of their own: rights per environment);
        // staging's and prod's newest sets (for those that wait); the set in flight.
        assertThat(callsFor("/p/catalogue")).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem", "DynamoDb:Query",
                "DynamoDb:Query", "DynamoDb:Query");
        assertThat(callsFor("/api/p/catalogue/status")).containsExactly("DynamoDb:Query", "DynamoDb:BatchGetItem",
                "DynamoDb:Query", "DynamoDb:Query");
    }

    @Test
    void theHomePageShowsTheSetsThatWaitInEachEnvironment() {
        String html = get("/p/catalogue").body();
        assertThat(html).contains("<p class=\"banner busy\" role=\"status\">staging: release set <a href=\"/sets/"
                        + queued.id() + "\">", " QUEUED</span> 10m ago by ecr-push: waits for release set " + inFlight.id()
                        + " in flight</p>")
                .contains("<p class=\"banner stalled\" role=\"status\">prod: release set <a href=\"/sets/"
                        + unclaimed.id() + "\">", " REQUESTED</span> 5m ago by erin (ARN not recorded): no deployer has claimed it</p>")
                .doesNotContain(fresh.id());
    }

    @Test
    void theHomePageShowsTheMatrixLocksDriftAndLiveProgress() {
        String html = get("/p/catalogue").body();
        assertThat(html).contains("data-live=\"3\"", "release set <a href=\"/sets/" + inFlight.id() + "\"")
                .contains("<strong>ingestor</strong> → 1234567 ")
                .contains("a1b2c3d", "ROLLED_BACK ffee001 (runs a1b2c3d)", "first release")
                .contains("FROZEN</span> <strong>prod is frozen</strong>", "freeze &lt;script&gt;").doesNotContain("🔒")
                .contains("✖ DRIFT (verified 10m ago): task definition runs sha256:beef")
                .contains("hm unlock --project catalogue --env prod");
        assertThat(html).doesNotContain("<script>alert", "<img src=x");
    }

    @Test
    void userTextIsEscapedOnEveryPage() {
        for (String page : List.of("/p/catalogue", "/p/catalogue/history", "/sets/" + probe.id(), "/p/catalogue/diff",
                "/p/catalogue/metrics", "/p/catalogue/history?by=" + java.net.URLEncoder.encode(XSS, java.nio.charset.StandardCharsets.UTF_8))) {
            String html = get(page).body();
            assertThat(html).as(page).doesNotContain("<script>alert", "<img src=x", "onerror=alert(2)>");
        }
        assertThat(get("/sets/" + probe.id()).body()).contains("mallory&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void theStatusApiIsWhatHmStatusPrints() throws Exception {
        ProjectState state = new DynamoDbDeploymentHistory(emulator.dynamo(), table).projectState("catalogue").orElseThrow();
        Map<String, Gate> gates = new LinkedHashMap<>();
        project.environments().forEach(e -> gates.put(e.id(), state.gate(e.id())));
        JsonNode expected = asRead(new StatusView(state, gates, new DynamoDbDeploymentHistory(emulator.dynamo(), table)
                .waiting("catalogue", List.copyOf(gates.keySet())), NOW).json());
        Response response = get("/api/p/catalogue/status");
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(Json.MAPPER.readTree(response.body())).isEqualTo(expected);
        assertThat(expected.at("/environments/1/lock/owner").asText()).isEqualTo("carol");
        assertThat(expected.at("/environments/0/inFlight/releaseSet").asText()).isEqualTo(inFlight.id());
        assertThat(expected.at("/environments/0/waiting/0/releaseSet").asText()).isEqualTo(queued.id());
        assertThat(expected.at("/environments/0/waiting/0/waitsFor").asText()).isEqualTo(inFlight.id());
        assertThat(expected.at("/environments/1/waiting")).hasSize(1);
        assertThat(expected.at("/environments/1/waiting/0/releaseSet").asText()).isEqualTo(unclaimed.id());
    }

    @Test
    void aReleaseSetPageExplainsTheFailureAndTheCommitsItBrought() throws Exception {
        String html = get("/sets/" + rolledBack.id()).body();
        assertThat(html).contains("ROLLED BACK", "EssentialContainerExited", "exit 137",
                "OutOfMemoryError: Container killed due to memory usage", "Circuit breaker rolled back to ecs-svc/previous",
                "git log --oneline a1b2c3d4e5f60718293a4b5c6d7e8f9012345678..ffee0011223344556677889900aabbccddeeff00",
                "hm promote --project catalogue --release-set " + rolledBack.id() + " --to prod",
                "hm rollback --project catalogue --env staging");
        Response api = get("/api/sets/" + rolledBack.id());
        var detail = new DynamoDbDeploymentHistory(emulator.dynamo(), table).releaseSet(rolledBack.id()).orElseThrow();
        assertThat(Json.MAPPER.readTree(api.body())).isEqualTo(asRead(new ReleaseSetView(detail, NOW).json()));
    }

    @Test
    void historyFiltersAndPagesStayCorrectTogether() throws Exception {
        assertThat(ids("/api/p/catalogue/history")).containsExactly(fresh.id(), unclaimed.id(), queued.id(), inFlight.id(),
                probe.id(), rolledBack.id(), good.id());
        assertThat(ids("/api/p/catalogue/history?status=FAILED")).containsExactly(rolledBack.id());
        assertThat(ids("/api/p/catalogue/history?by=bob")).containsExactly(rolledBack.id());
        assertThat(ids("/api/p/catalogue/history?env=staging&service=ingestor"))
                .containsExactly(inFlight.id(), rolledBack.id(), good.id());
        assertThat(ids("/api/p/catalogue/history?until=" + T0.plusSeconds(7200))).containsExactly(good.id());
        assertThat(ids("/api/p/catalogue/history?since=" + T0.plusSeconds(7200) + "&until=" + T0.plusSeconds(10_000)))
                .containsExactly(probe.id(), rolledBack.id());

        List<String> paged = new ArrayList<>();
        String next = "/api/p/catalogue/history?service=ingestor&limit=1";
        while (next != null) {
            JsonNode page = Json.MAPPER.readTree(get(next).body());
            page.get("releaseSets").forEach(s -> paged.add(s.get("id").asText()));
            next = page.get("nextPage").isNull() ? null
                    : "/api/p/catalogue/history?service=ingestor&limit=1&page=" + page.get("nextPage").asText();
        }
        assertThat(paged).containsExactly(inFlight.id(), rolledBack.id(), good.id());

        String html = get("/p/catalogue/history?status=FAILED&env=staging").body();
        assertThat(html).contains("data-set=\"" + rolledBack.id() + "\"").doesNotContain("data-set=\"" + good.id() + "\"")
                .contains("<option value=\"FAILED\" selected=\"selected\">FAILED</option>");
        String first = get("/p/catalogue/history?limit=2&by=a").body();
        assertThat(first).contains("href=\"/p/catalogue/history?by=a&amp;limit=2&amp;page=");
    }

    /** As hm --output json prints it and a reader parses it back (numbers as parsed, not as built). */
    /** A document as hm --output json prints it. */
    private static JsonNode asRead(Object document) throws Exception {
        return Json.MAPPER.readTree(JsonDocuments.write(document));
    }

    private static List<String> ids(String path) throws Exception {
        Response response = get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Json.MAPPER.readTree(response.body()).get("releaseSets").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    @Test
    void badRequestsSayWhatWasWrongAndWhatIsAllowed() throws Exception {
        Response status = get("/api/p/catalogue/history?status=EXPLODED");
        assertThat(status.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(status.body()).get("message").asText()).contains("unknown outcome 'EXPLODED'", "SUCCEEDED");
        assertThat(get("/p/catalogue/history?env=qa").body()).contains("no environment &#39;qa&#39; in project catalogue");
        assertThat(get("/p/catalogue/history?since=yesterday").status()).isEqualTo(400);
        assertThat(get("/p/catalogue/metrics?days=5").body()).contains("days must be one of [7, 30, 90]");
        Response missing = get("/p/nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).contains("hm project apply");
        assertThat(get("/sets/01JZZZZZZZZZZZZZZZZZZZZZZZ").status()).isEqualTo(404);
        assertThat(get("/api/nothing").contentType()).startsWith("application/json");
        assertThat(get("/p?project=catalogue").location()).isEqualTo("/p/catalogue");
    }

    @Test
    void theDiffAndMetricsPagesReadTheRecords() throws Exception {
        JsonNode diff = Json.MAPPER.readTree(get("/api/p/catalogue/diff?a=staging&b=prod").body());
        assertThat(diff.get("environments").toString()).isEqualTo("[\"staging\",\"prod\"]");
        assertThat(get("/p/catalogue/diff").body()).contains("staging and prod", "id_minter");

        JsonNode metrics = Json.MAPPER.readTree(get("/api/p/catalogue/metrics?days=7").body());
        JsonNode staging = metrics.get("environments").get(0);
        assertThat(staging.get("environment").asText()).isEqualTo("staging");
        assertThat(staging.at("/deploymentFrequency/n").asLong()).isEqualTo(2);
        assertThat(staging.at("/changeFailureRate/failed").asLong()).isEqualTo(1);
        assertThat(get("/p/catalogue/metrics").body()).contains("Deployment frequency", "<svg", "1 of 3 changes failed");
    }

    @Test
    void overHttpOnLoopbackWithItsSecurityHeaders() throws Exception {
        try (DashboardServer server = DashboardServer.start(dashboard, 0);
             HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(server.url() + "p/catalogue")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
            assertThat(home.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/html; charset=utf-8");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            HttpResponse<String> css = http.send(HttpRequest.newBuilder(URI.create(server.url() + "static/dashboard.css")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(css.body()).contains(".badge");
        }
    }

    @Test
    void asALambdaBehindAFunctionUrl() {
        DashboardFunction function = new DashboardFunction(DashboardWiring.forLambda(emulator.dynamo(),
                Map.of("TABLE_NAME", table, "PROJECTS", "catalogue")));
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withRawPath("/api/p/catalogue/history")
                .withRawQueryString("status=FAILED")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build())
                .build();
        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsKey("Content-Security-Policy");
        assertThat(response.getBody()).contains(rolledBack.id()).doesNotContain(good.id());
        assertThat(function.handleRequest(APIGatewayV2HTTPEvent.builder().withRawPath("/").withRequestContext(event.getRequestContext())
                .build(), null).getBody()).contains("href=\"/p/catalogue\"");
        APIGatewayV2HTTPResponse notHttp = function.handleRequest(APIGatewayV2HTTPEvent.builder().build(), null);
        assertThat(notHttp.getStatusCode()).as("an event that is not a request, such as a schedule's").isEqualTo(400);
        assertThat(notHttp.getBody()).contains("Not an HTTP request");
    }
}
