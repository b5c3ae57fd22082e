package dev.harbourmaster.local;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static dev.harbourmaster.testing.ImagePushes.push;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template's notification webhook in local mode: a loopback HTTP server stands in for Slack,
 * local mode is told to post there (what the API destination would post, from the template's rule
 * and input transformer), and ingestor's deployments fail from the start (--fail).
 */
class LocalModeNotificationsIT {

    /** A request the loopback webhook received. */
    record Received(String method, String contentType, String stackHeader, JsonNode body) {}

    @TempDir
    static Path dir;

    private static final Emulator emulator = new Emulator();
    private static final ByteArrayOutputStream narration = new ByteArrayOutputStream();
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static HttpServer webhook;
    private static LocalMode mode;
    private static DynamoDbReleaseSets releaseSets;

    @BeforeAll
    static void start() throws IOException {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/services/T000/B000", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Harbourmaster-Stack"), Json.MAPPER.readTree(body)));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        webhook.start();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String table = "hm-local-notify-it-" + run;
        mode = LocalMode.start(new LocalMode.Options()
                .home(Emulator.repositoryRoot())
                .manifest(Fixtures.exampleManifestOnClusters(dir, run))
                .endpoint(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .table(table)
                .prefix("hm-local-notify-it-" + run)
                .busName("harbourmaster-local-notify-it-" + run)
                .settle(Duration.ofSeconds(1))
                .poll(Duration.ofMillis(500))
                .fail("staging/ingestor")
                .notificationUrl(URI.create("http://127.0.0.1:" + webhook.getAddress().getPort() + "/services/T000/B000"))
                .logFile(Path.of("target/local-notify-it.log"))
                .out(new PrintStream(narration, true, StandardCharsets.UTF_8)));
        releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
    }

    @AfterAll
    static void stop() {
        if (mode != null) {
            mode.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void aFailedDeploymentReachesTheWebhookNamingTheServiceItsReleaseAndReasonButASuccessDoesNot() {
        String good = newHash();
        push(emulator.ecr(), "catalogue/id_minter", good);
        ReleaseSet succeeded = awaitSet("id_minter", good, ReleaseSetStatus.SUCCEEDED);
        String bad = newHash();
        push(emulator.ecr(), "catalogue/ingestor", bad);
        ReleaseSet failed = awaitSet("ingestor", bad, ReleaseSetStatus.FAILED);

        Received notification = await("the webhook's notification of " + failed.id(), () -> received.stream()
                .filter(r -> r.body().at("/blocks/2/elements/0/text").asText().equals(failed.id())).findFirst());

        System.out.println("the webhook received: " + notification.body());
        assertThat(notification.method()).isEqualTo("POST");
        assertThat(notification.contentType()).startsWith("application/json");
        assertThat(notification.stackHeader()).as("the connection's API key header").isEqualTo(mode.eventBusName());
        assertThat(notification.body().path("text").asText()).isEqualTo("catalogue/staging: release set FAILED");
        String releaseHash = failed.releases().get(0).releaseHash();
        String summary = notification.body().at("/blocks/1/text/text").asText();
        // The reason as the set's end read it: the recorder may add to the deployment's afterwards (the rollback's end).
        assertThat(summary).as("names the service, its release, outcome and reason")
                .matches("(?s)ingestor " + java.util.regex.Pattern.quote(releaseHash) + " (FAILED|ROLLED_BACK): .+\nRequested by ecr-push: .+")
                .contains("exit code 1 (EssentialContainerExited)")
                .containsIgnoringCase("task failed to start");
        assertThat(received).as("failures only (NotifyOn's default): no notification of the set that succeeded")
                .noneMatch(r -> r.body().toString().contains(succeeded.id()));
    }

    private static ReleaseSet awaitSet(String service, String hash, ReleaseSetStatus status) {
        return await("release set of " + service + " " + hash + " " + status, () ->
                releaseSets.releaseSets("catalogue", "staging", 20).stream()
                        .filter(s -> s.releases().stream().anyMatch(r -> r.serviceId().equals(service) && hash.equals(r.releaseHash())))
                        .filter(s -> s.status() == status).findFirst());
    }

    private static <T> T await(String what, java.util.function.Supplier<Optional<T>> check) {
        return ImagePushes.await(what, Duration.ofSeconds(30), check,
                () -> "local mode said:\n" + narration.toString(StandardCharsets.UTF_8) + "\nthe webhook received: " + received);
    }
}
