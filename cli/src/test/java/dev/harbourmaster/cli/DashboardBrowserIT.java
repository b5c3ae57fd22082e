package dev.harbourmaster.cli;

import static dev.harbourmaster.testing.ImagePushes.newHash;
import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.dashboard.DashboardServer;
import dev.harbourmaster.dashboard.DashboardWiring;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentEvidence;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.local.FailureSwitch;
import dev.harbourmaster.local.LocalMode;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.ImagePushes;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's headless Chromium, driven by Selenium through its
 * ChromeDriver) over local mode's real pipeline: images pushed to the emulator's ECR are recorded,
 * deployed and ended by the real handlers, and the pages must show exactly that. Screenshots of the
 * pages go to target/screenshots, or to the folder named by -Dscreenshots.dir (make screenshots).
 * They are the README's pictures, so they are taken from a team's ordinary day (images that describe
 * themselves, a person's deploy to prod with a reason) before the escaping test writes its script
 * into the record.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String XSS = "<script>window.hmXss = 1</script><img src=x onerror=\"window.hmXss = 2\"> fix typo";
    private static final String PROD_WHY = "Batch minting for the ingest pipeline (RFC 013)";

    @TempDir
    static Path dir;

    private static final Emulator emulator = new Emulator();
    private static LocalMode mode;
    private static DashboardServer server;
    private static ChromeDriver browser;
    private static DynamoDbReleaseSets releaseSets;
    private static String table;
    private static String stagingCluster;
    private static String goodHash;
    private static String minter;
    private static ReleaseSet failed;

    @BeforeAll
    static void start() throws IOException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        stagingCluster = "catalogue-staging-" + run;
        Path manifest = Fixtures.exampleManifestOnClusters(dir, run);
        table = "hm-dashboard-it-" + run;
        mode = LocalMode.start(new LocalMode.Options()
                .home(Emulator.repositoryRoot())
                .manifest(manifest)
                .endpoint(URI.create(System.getenv("AWS_ENDPOINT_URL")))
                .table(table)
                .prefix("hm-dashboard-it-" + run)
                .busName("harbourmaster-dashboard-it-" + run)
                .settle(Duration.ofSeconds(1))
                .poll(Duration.ofMillis(500))
                .logFile(Path.of("target/dashboard-it-local.log"))
                .out(new PrintStream(OutputStream.nullOutputStream())));
        releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        server = DashboardServer.start(DashboardWiring.of(emulator.dynamo(), table, List.of("catalogue")).dashboard(), 0);
        browser = chromium(dir.resolve("chromium-profile"));
    }

    /** Debian's Chromium, headless, with no network of its own beyond loopback (flags from the machine's notes). */
    static ChromeDriver chromium(Path profile) {
        File driver = new File("/usr/bin/chromedriver");
        if (!driver.canExecute() || !new File("/usr/bin/chromium").canExecute()) {
            throw new AssertionError("Chromium or ChromeDriver is missing: run scripts/browser-env.sh (make test does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (mode != null) {
            mode.close();
        }
    }

    @Test
    @Order(1)
    void theMatrixShowsTheReleaseDeployedToStaging() throws IOException {
        goodHash = newHash();
        push("catalogue/ingestor", goodHash, "Parse MARC 21 holdings records in batches");
        awaitSet("ingestor", goodHash, ReleaseSetStatus.SUCCEEDED);
        minter = newHash();
        push("catalogue/id_minter", minter, "Mint identifiers in batches of 500");
        awaitSet("id_minter", minter, ReleaseSetStatus.SUCCEEDED);
        // The api services' nginx first (it completes no release alone), then each app.
        String api = newHash();
        push("platform/nginx", api, "nginx 1.27 with gzip for JSON responses");
        push("catalogue/requests", api, "Rate limits per API key");
        awaitSet("requests", api, ReleaseSetStatus.SUCCEEDED);
        push("catalogue/search", api, "Facets by format and year");
        awaitSet("search", api, ReleaseSetStatus.SUCCEEDED);
        assertThat(mode.awaitIdle(WITHIN)).isTrue();

        open("/p/catalogue");
        assertThat(cell("staging", "ingestor").findElement(By.cssSelector(".hash")).getText()).isEqualTo(goodHash);
        assertThat(cell("staging", "id_minter").findElement(By.cssSelector(".hash")).getText()).isEqualTo(minter);
        assertThat(cell("staging", "ingestor").findElement(By.cssSelector(".outcome")).getText()).contains("COMPLETED");
        assertThat(cell("prod", "ingestor").getText()).contains("never deployed");
        assertThat(browser.findElement(By.tagName("main")).getAttribute("data-live")).as("nothing in flight").isNull();
    }

    @Test
    @Order(2)
    void aFailedDeployShowsItsReason() throws IOException {
        String arn = FailureSwitch.serviceArn(emulator.ecs(), stagingCluster, "catalogue-ingestor-staging").orElseThrow();
        FailureSwitch.set(emulator.ecs(), arn, true);
        String bad = newHash();
        try {
            push("catalogue/ingestor", bad, "Read holdings from the new S3 layout");
            failed = awaitSet("ingestor", bad, ReleaseSetStatus.FAILED);
            await("ingestor rolled back", () -> releaseSets.deployments(failed.id()).stream()
                    .filter(d -> d.status() == DeploymentStatus.ROLLED_BACK).findFirst());
            assertThat(mode.awaitIdle(WITHIN)).isTrue();
        } finally {
            FailureSwitch.set(emulator.ecs(), arn, false);
        }
        Deployment deployment = releaseSets.deployments(failed.id()).get(0);

        open("/p/catalogue");
        WebElement cell = cell("staging", "ingestor");
        assertThat(cell.findElement(By.cssSelector(".hash")).getText()).as("the good release still runs").isEqualTo(goodHash);
        assertThat(cell.findElement(By.cssSelector(".outcome")).getText()).contains("ROLLED_BACK", bad);
        assertThat(cell.findElement(By.cssSelector(".reason")).getAttribute("title")).isEqualTo(deployment.reason());

        open("/sets/" + failed.id());
        WebElement evidence = browser.findElement(By.cssSelector(".evidence[data-service=ingestor]"));
        assertThat(evidence.findElement(By.cssSelector(".cause")).getText()).as("the cause first, with what runs again")
                .isEqualTo("exit code 1 (EssentialContainerExited), rolled back to " + goodHash);
        assertThat(deployment.reason()).startsWith("exit code 1 (EssentialContainerExited); ");
        assertThat(evidence.findElement(By.cssSelector(".reason")).getText()).as("then the ids and the rest, once")
                .isEqualTo(deployment.reason().substring("exit code 1 (EssentialContainerExited); ".length()))
                .contains("ECS circuit breaker rolled back to");
        assertThat(evidence.findElement(By.cssSelector(".tasks")).getText()).contains("STOPPED", "EssentialContainerExited");
        String setReason = releaseSets.releaseSet(failed.id()).orElseThrow().statusReason();
        assertThat(browser.findElement(By.cssSelector("dl.facts .reason")).getText()).isEqualTo(setReason)
                .startsWith("ingestor ROLLED_BACK");
        assertThat(browser.findElement(By.cssSelector(".commands")).getText())
                .contains("git log --oneline " + goodHash + ".." + bad);
        screenshot("release-set-failed");
    }

    @Test
    @Order(3)
    void aPersonsDeployToProdShowsWhoAndWhy() throws IOException {
        HmRunner hm = new HmRunner(new Session() {
            @Override
            public Map<String, String> environment() {
                Map<String, String> environment = new HashMap<>(System.getenv());
                environment.put("HM_ACTOR", "ada@example.com");
                return environment;
            }
        });
        hm.succeeds(table, "deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter", "--yes",
                "-m", PROD_WHY);
        assertThat(mode.awaitIdle(WITHIN)).isTrue();

        open("/p/catalogue");
        WebElement cell = cell("prod", "id_minter");
        assertThat(cell.findElement(By.cssSelector(".hash")).getText()).isEqualTo(minter);
        assertThat(cell.findElement(By.cssSelector(".why")).getText()).isEqualTo(PROD_WHY);
        assertThat(cell.getText()).contains("ada@example.com");
    }

    @Test
    @Order(4)
    void theHistoryFilterKeepsOnlyWhatItAsks() throws IOException {
        open("/p/catalogue/history");
        assertThat(rows()).hasSizeGreaterThanOrEqualTo(4);
        screenshot("history");
        choose("status", "FAILED");
        browser.findElement(By.cssSelector("form.filters button")).submit();
        await("the filtered page", () -> Optional.of(browser.getCurrentUrl()).filter(u -> u.contains("status=FAILED")));
        List<WebElement> rows = rows();
        assertThat(rows).extracting(r -> r.getAttribute("data-set")).containsExactly(failed.id());
        assertThat(rows.get(0).getText()).contains("FAILED", "ingestor");

        choose("status", "");
        choose("env", "prod");
        browser.findElement(By.cssSelector("form.filters button")).submit();
        await("the prod page", () -> Optional.of(browser.getCurrentUrl()).filter(u -> u.contains("env=prod")));
        assertThat(rows()).extracting(r -> r.findElements(By.tagName("td")).get(1).getText()).containsOnly("prod");
    }

    @Test
    @Order(5)
    void theOtherPagesRenderForScreenshots() throws IOException {
        open("/p/catalogue");
        screenshot("home");
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            open("/p/catalogue");
            assertThat(browser.findElement(By.cssSelector(".matrix")).isDisplayed()).isTrue();
            assertThat(((JavascriptExecutor) browser).executeScript("""
                    const width = document.documentElement.clientWidth;
                    return [...document.querySelectorAll('main *')]
                        .filter(e => !e.closest('.scroll') || e.closest('.matrix'))
                        .filter(e => e.getBoundingClientRect().right > width + 1)
                        .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60));"""))
                    .as("nothing on the home page is wider than a 390 px phone (drift text, digests, banners)")
                    .asList().isEmpty();
            screenshot("home-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
        open("/p/catalogue/diff");
        assertThat(browser.findElement(By.cssSelector("table.diff")).getText()).contains("ingestor", goodHash);
        screenshot("diff");
        open("/p/catalogue/metrics");
        assertThat(browser.findElements(By.cssSelector("figure.plot svg"))).hasSizeGreaterThanOrEqualTo(8);
        assertThat(browser.findElement(By.cssSelector("section[data-env=staging]")).getText())
                .contains("Change failure rate", "1 of 5 changes failed");
        screenshot("metrics");
    }

    @Test
    @Order(6)
    void userTextIsShownAsTextAndNeverRuns() throws IOException {
        // After the screenshots, so that none of them shows it: prod's ingestor, never deployed there before.
        HmRunner hm = new HmRunner(new Session());
        hm.succeeds(table, "deploy", "--project", "catalogue", "--env", "prod", "--services", "ingestor",
                "--release", goodHash, "--yes", "--no-wait", "-m", XSS);
        ReleaseSet probe = await("the probe's release set", () -> releaseSets.releaseSets("catalogue", "prod", 5).stream()
                .filter(s -> XSS.equals(s.description())).findFirst());
        assertThat(mode.awaitIdle(WITHIN)).isTrue();

        for (String page : List.of("/p/catalogue", "/p/catalogue/history", "/sets/" + probe.id())) {
            open(page);
            assertThat(((JavascriptExecutor) browser).executeScript("return window.hmXss === undefined"))
                    .as("no injected script ran on %s", page).isEqualTo(true);
            assertThat(browser.findElements(By.cssSelector("main img"))).as("no injected element on %s", page).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).getText()).as(page).contains("<script>window.hmXss");
        }
    }

    @Test
    @Order(7)
    void aPageWithASetInFlightRefreshesItselfUntilTheSetEnds() throws IOException {
        // Its own table, written the way the deployer and the recorder write: a set claimed and started,
        // then its evidence recorded while the page stays open in the browser.
        String own = emulator.newTable();
        var project = dev.harbourmaster.testing.Fixtures.exampleProject();
        new dev.harbourmaster.dynamodb.DynamoDbCatalogue(emulator.dynamo(), own).apply(project);
        var seeder = new dev.harbourmaster.testing.RecordSeeder(emulator, own, project);
        Instant at = Instant.now();
        var release = seeder.release("search", "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f", at);
        ReleaseSet set = seeder.request("prod", at, "erin", "live", null, List.of(release));
        seeder.deploy(set, java.util.Map.of());
        try (DashboardServer live = DashboardServer.start(DashboardWiring.of(emulator.dynamo(), own, List.of("catalogue")).dashboard(), 0)) {
            browser.get(live.url() + "p/catalogue");
            assertThat(browser.findElement(By.tagName("main")).getAttribute("data-live")).isEqualTo("3");
            assertThat(browser.findElement(By.cssSelector("section.progress")).getText())
                    .contains("prod: release set " + set.id() + " in flight", "search → 5e6f7a8", "IN PROGRESS",
                            "0 tasks seen running the new digest");
            ((JavascriptExecutor) browser).executeScript("document.body.setAttribute('data-opened', 'once')");

            seeder.record(set.id(), "search", dev.harbourmaster.testing.RecordSeeder.completed(release, at));

            await("the page to show the deployed release by itself", () -> browser
                    .findElements(By.cssSelector("td[data-env=prod][data-service=search] .hash")).stream()
                    .map(WebElement::getText).filter("5e6f7a8"::equals).findFirst());
            assertThat(browser.findElement(By.tagName("body")).getAttribute("data-opened"))
                    .as("refreshed in place, not reloaded").isEqualTo("once");
            assertThat(browser.findElements(By.cssSelector("section.progress"))).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).getAttribute("data-live")).as("stops refreshing").isNull();
        }
    }

    /**
     * The issue "denser cells: a 20 × 3 project fits a laptop screen without scrolling": 20 services of
     * one set in 3 environments, each with a current deployment (one of them rolled back, with its
     * cause, and a few ready to promote), on a 1440 × 900 screen. The page is its header, the summary
     * and the matrix, so the whole page must fit: nothing to scroll to.
     */
    @Test
    @Order(8)
    void aProjectOfTwentyServicesInThreeEnvironmentsFitsALaptopScreen() throws Exception {
        String own = emulator.newTable();
        Project project = new ManifestParser().parse("twenty services", twentyServices());
        new DynamoDbCatalogue(emulator.dynamo(), own).apply(project);
        RecordSeeder seeder = new RecordSeeder(emulator, own, project);
        Instant now = Instant.now();
        List<String> services = project.services().map(Service::id).toList();
        String weekly = newHash();
        deployAll(seeder, "prod", services, weekly, now.minus(Duration.ofDays(3)), "ada@example.com",
                "Weekly release: batch minting, MARC 21 holdings, facets");
        deployAll(seeder, "qa", services, weekly, now.minus(Duration.ofDays(2)), "ada@example.com",
                "Weekly release: batch minting, MARC 21 holdings, facets");
        deployAll(seeder, "staging", services, weekly, now.minus(Duration.ofDays(2)), "deploy-bot", "auto-deploy of the push");
        // Since then: three pushes to staging, one of them rolled back; one promoted to qa.
        String fix = newHash();
        Release matcher = seeder.release("matcher", fix, now.minus(Duration.ofHours(2)));
        Release merger = seeder.release("merger", fix, now.minus(Duration.ofHours(2)));
        Release indexer = seeder.release("indexer", fix, now.minus(Duration.ofHours(2)));
        ReleaseSet pushed = seeder.request("staging", now.minus(Duration.ofHours(2)), "deploy-bot", "auto-deploy of the push",
                "pipeline", List.of(matcher, merger, indexer));
        seeder.deploy(pushed, Map.of("matcher", RecordSeeder.completed(matcher, pushed.requestedAt()),
                "merger", RecordSeeder.completed(merger, pushed.requestedAt()),
                "indexer", RecordSeeder.rolledBack(indexer, pushed.requestedAt())));
        ReleaseSet promoted = seeder.request("qa", now.minus(Duration.ofHours(1)), "grace@example.com",
                "Matcher: merge works that share an identifier", "pipeline", List.of(matcher));
        seeder.deploy(promoted, Map.of("matcher", RecordSeeder.completed(matcher, promoted.requestedAt())));

        try (DashboardServer dashboard = DashboardServer.start(DashboardWiring.of(emulator.dynamo(), own, List.of("collections"))
                .dashboard(), 0)) {
            browser.get(dashboard.url() + "p/collections");
            viewport(1440, 900);
            assertThat(browser.findElements(By.cssSelector("table.matrix tbody tr"))).hasSize(20);
            WebElement cause = browser.findElement(By.cssSelector("td[data-env=staging][data-service=indexer] .reason"));
            assertThat(cause.getText()).isEqualTo("exit code 137 OutOfMemoryError (EssentialContainerExited), rolled back to "
                    + weekly);
            assertThat(((JavascriptExecutor) browser).executeScript("return arguments[0].scrollWidth <= arguments[0].clientWidth"
                    + " && getComputedStyle(arguments[0]).textOverflow !== 'ellipsis'", cause)).as("the cause shown whole")
                    .isEqualTo(true);
            List<?> measured = (List<?>) ((JavascriptExecutor) browser).executeScript("""
                    return [window.innerWidth, window.innerHeight, document.documentElement.scrollHeight,
                            Math.ceil(document.querySelector('footer').getBoundingClientRect().bottom)];""");
            screenshot("home-twenty-services");
            assertThat(measured.subList(0, 2)).as("the viewport").isEqualTo(List.of(1440L, 900L));
            assertThat(((Number) measured.get(2)).longValue()).as("the page's height (its footer ends at %s px)", measured.get(3))
                    .isLessThanOrEqualTo(900);
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    /** Sizes the window so that the page itself (window.innerWidth × innerHeight) is width × height. */
    private static void viewport(int width, int height) {
        List<?> inner = (List<?>) ((JavascriptExecutor) browser).executeScript(
                "return [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight];");
        browser.manage().window().setSize(new Dimension(width + ((Number) inner.get(0)).intValue(),
                height + ((Number) inner.get(1)).intValue()));
    }

    /** A manifest of 20 services in one set, in staging, qa and prod. */
    private static String twentyServices() {
        StringBuilder yaml = new StringBuilder("""
                project:
                  id: collections
                  name: Collections pipeline
                environments:
                """);
        for (String environment : List.of("staging", "qa", "prod")) {
            yaml.append("  - id: ").append(environment).append("\n    cluster: collections-").append(environment)
                    .append("\n    ecsServiceName: \"{service}-{env}\"\n");
        }
        yaml.append("serviceSets:\n  - id: pipeline\n    services:\n");
        for (String service : List.of("sierra_adapter", "calm_adapter", "mets_adapter", "tei_adapter", "miro_adapter",
                "id_minter", "ingestor", "matcher", "merger", "transformer", "relation_embedder", "path_concatenator",
                "batcher", "router", "indexer", "reindexer", "image_inferrer", "snapshot_generator", "requests", "search")) {
            yaml.append("      - id: ").append(service).append("\n        repository: collections/").append(service)
                    .append('\n');
        }
        return yaml.toString();
    }

    /** One release set of every service at one release hash, deployed and completed. */
    private static void deployAll(RecordSeeder seeder, String environment, List<String> services, String hash, Instant at,
                                  String who, String why) {
        List<Release> releases = services.stream().map(s -> seeder.release(s, hash, at.minus(Duration.ofMinutes(30)))).toList();
        ReleaseSet set = seeder.request(environment, at, who, why, "pipeline", releases);
        Map<String, DeploymentEvidence> evidence = new HashMap<>();
        releases.forEach(r -> evidence.put(r.serviceId(), RecordSeeder.completed(r, at)));
        seeder.deploy(set, evidence);
    }

    private static void open(String path) {
        browser.get(server.url() + path.substring(1));
        assertThat(browser.findElement(By.tagName("main")).isDisplayed()).isTrue();
    }

    private static void choose(String select, String value) {
        browser.findElement(By.cssSelector("select[name=" + select + "] option[value='" + value + "']")).click();
    }

    private static WebElement cell(String env, String service) {
        return browser.findElement(By.cssSelector("td[data-env=" + env + "][data-service=" + service + "]"));
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("table.history tbody tr"));
    }

    private static <T> T await(String what, Supplier<Optional<T>> check) {
        return ImagePushes.await(what, WITHIN, check, () -> "local mode's log: cli/target/dashboard-it-local.log");
    }

    /**
     * Pushes an image tagged ref.HASH, as {@link ImagePushes#push} does, that describes itself as a
     * team's images do (the OCI description annotation, which becomes the release's description).
     */
    private static void push(String repository, String hash, String description) {
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023, "digest": "sha256:%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654, "digest": "sha256:%s"}],
                 "annotations": {"org.opencontainers.image.description": "%s"}}
                """.formatted(sha256(repository + hash + "config"), sha256(repository + hash + "layer"), description);
        emulator.ecr().putImage(b -> b.repositoryName(repository).imageTag("ref." + hash).imageManifest(manifest)
                .imageDigest("sha256:" + sha256(manifest)).imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void screenshot(String name) throws IOException {
        Path folder = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static ReleaseSet awaitSet(String service, String hash, ReleaseSetStatus status) {
        return await("release set of " + service + " " + hash + " " + status, () ->
                releaseSets.releaseSets("catalogue", "staging", 20).stream()
                        .filter(s -> s.releases().stream().anyMatch(r -> r.serviceId().equals(service)
                                && hash.equals(r.releaseHash())))
                        .filter(s -> s.status() == status).findFirst());
    }
}
