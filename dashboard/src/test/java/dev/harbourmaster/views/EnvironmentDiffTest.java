package dev.harbourmaster.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.views.EnvironmentDiff.Available;
import dev.harbourmaster.views.EnvironmentDiff.Difference;
import dev.harbourmaster.domain.ConfigFingerprint;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.Service;
import dev.harbourmaster.ports.DeploymentHistory.ProjectState;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Fixtures;
import dev.harbourmaster.testing.RecordSeeder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class EnvironmentDiffTest {

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String H1 = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
    private static final String H2 = "b2c3d4e5f60718293a4b5c6d7e8f901234567890";
    private static final String H3 = "c3d4e5f60718293a4b5c6d7e8f90123456789012";
    private static final BiFunction<String, String, List<String>> NO_GIT = (from, to) -> List.of();

    private final Project project = Fixtures.exampleProject();

    /** A release of a service of the example project; its digests derive from the hash (and the salt, for rebuilds). */
    private Release release(String serviceId, String hash, Instant at, String salt) {
        Service service = project.service(serviceId).orElseThrow();
        List<ReleaseImage> images = service.containers().stream().map(c -> {
            String digest = RecordSeeder.digest(c.repository() + "@" + hash + salt);
            return new ReleaseImage(c.name(), c.repository(), digest, "reg/" + c.repository() + "@" + digest, hash);
        }).toList();
        return new Release(project.id(), project.serviceSetOf(serviceId).orElseThrow().id(), serviceId, hash, images,
                images.get(0).repository(), images.get(0).digest(), at, "change " + hash.substring(0, 7));
    }

    private Release release(String serviceId, String hash, Instant at) {
        return release(serviceId, hash, at, "");
    }

    private static CurrentState.Running running(Release release, Instant since) {
        return new CurrentState.Running(release.releaseHash(), release.images(), "SET", DeploymentStatus.COMPLETED, since,
                "alice", "why", "ecs-svc/1");
    }

    private static CurrentState row(String env, String service, CurrentState.Running running) {
        return new CurrentState("catalogue", env, service, running, null, null, 1);
    }

    private static List<String> table(List<Map<String, Object>> rows) {
        StringWriter text = new StringWriter();
        new Output(Output.Format.table, new PrintWriter(text)).rows(rows, "none");
        return text.toString().lines().toList();
    }

    @Test
    void eachServiceSaysHowItDiffers() {
        Release old = release("id_minter", H1, NOW.minusSeconds(7200));
        Release next = release("id_minter", H2, NOW.minusSeconds(3600));
        Release rebuilt = release("id_minter", H1, NOW.minusSeconds(3000), "rebuilt");

        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, running(old, NOW), running(old, NOW), NO_GIT).difference())
                .isEqualTo(Difference.SAME);
        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, running(next, NOW), running(old, NOW), NO_GIT).difference())
                .isEqualTo(Difference.RELEASE);
        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, running(rebuilt, NOW), running(old, NOW), NO_GIT).difference())
                .as("same hash, other digest").isEqualTo(Difference.DIGEST);
        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, null, running(old, NOW), NO_GIT).difference())
                .isEqualTo(Difference.ONLY_IN_ONE);
        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, null, null, NO_GIT).difference()).isEqualTo(Difference.NEITHER);
    }

    private static CurrentState.Running configured(Release release, ConfigFingerprint config) {
        return new CurrentState.Running(release.releaseHash(), release.images(), "SET", DeploymentStatus.COMPLETED, NOW,
                "alice", "why", "ecs-svc/1", null, null, config);
    }

    private static ConfigFingerprint config(String memory, Map<String, String> environment) {
        return new ConfigFingerprint("256", memory, List.of(ConfigFingerprint.ContainerConfig.of("app", null, null,
                environment, Map.of(), List.of("8080/tcp"), null, null)));
    }

    @Test
    void configurationIsComparedWhereBothRevisionsAreKnown() {
        Release old = release("id_minter", H1, NOW.minusSeconds(7200));
        EnvironmentDiff.ServiceDiff differs = EnvironmentDiff.serviceDiff("s", "set", true,
                configured(old, config("1024", Map.of("FEATURE_X", "on", "LOG_LEVEL", "debug"))),
                configured(old, config("512", Map.of("LOG_LEVEL", "info", "OLD_FLAG", "1"))), NO_GIT);
        assertThat(differs.difference()).as("images alone say the same").isEqualTo(Difference.SAME);
        assertThat(differs.config().lines()).containsExactly("memory 512→1024", "+FEATURE_X", "~LOG_LEVEL", "-OLD_FLAG");
        assertThat(EnvironmentDiff.configText(differs)).isEqualTo("memory 512→1024, +FEATURE_X, ~LOG_LEVEL (+1 more)");

        ConfigFingerprint same = config("512", Map.of("LOG_LEVEL", "info"));
        assertThat(EnvironmentDiff.configText(EnvironmentDiff.serviceDiff("s", "set", true, configured(old, same),
                configured(old, same), NO_GIT))).isEqualTo("same");
        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, configured(old, same), running(old, NOW), NO_GIT).config())
                .as("a row written before configuration was kept").isNull();
        assertThat(EnvironmentDiff.serviceDiff("s", "set", true, null, configured(old, same), NO_GIT).config()).isNull();

        ProjectState state = new ProjectState(project, List.of(
                row("staging", "id_minter", configured(old, config("512", Map.of("FEATURE_X", "on")))),
                row("prod", "id_minter", configured(old, config("512", Map.of())))));
        EnvironmentDiff diff = EnvironmentDiff.of(state, "staging", "prod", Map.of(), 10, NO_GIT, NOW);
        JsonNode json = Json.MAPPER.valueToTree(diff.json());
        assertThat(json.get("services").get(0).get("config").toString()).isEqualTo("[\"+FEATURE_X\"]");
        assertThat(json.get("services").get(1).get("config").isNull()).as("ingestor runs nowhere").isTrue();
        assertThat(diff.configNote()).startsWith("config: staging's task definition against prod's (+ set in staging only");
        assertThat(table(diff.serviceRows())).anySatisfy(line -> assertThat(line).contains("id_minter").contains("+FEATURE_X"));
    }

    @Test
    void theCommitRangeIsAskedBothWaysAndOnlyForOtherReleases() {
        List<String> asked = new ArrayList<>();
        BiFunction<String, String, List<String>> git = (from, to) -> {
            asked.add(from.substring(0, 7) + ".." + to.substring(0, 7));
            return from.equals(H1) ? List.of("b2c3d4e Batch the minter", "9999999 Tidy up") : List.of();
        };
        Release old = release("id_minter", H1, NOW.minusSeconds(7200));
        Release next = release("id_minter", H2, NOW.minusSeconds(3600));
        ProjectState state = new ProjectState(project, List.of(
                row("staging", "id_minter", running(next, NOW)), row("prod", "id_minter", running(old, NOW)),
                row("staging", "ingestor", running(release("ingestor", H1, NOW), NOW)),
                row("prod", "ingestor", running(release("ingestor", H1, NOW), NOW))));

        EnvironmentDiff diff = EnvironmentDiff.of(state, "staging", "prod", Map.of(), 10, git, NOW);

        assertThat(asked).containsExactly("a1b2c3d..b2c3d4e", "b2c3d4e..a1b2c3d");
        assertThat(diff.services().get(0).onlyInA()).hasSize(2);
        assertThat(diff.differenceText(diff.services().get(0))).isEqualTo("differs: staging is 2 commits ahead");
        assertThat(diff.differenceText(diff.services().get(1))).isEqualTo("same");
        assertThat(diff.commitLines()).containsExactly("id_minter: in staging, not in prod (a1b2c3d..b2c3d4e):",
                "  b2c3d4e Batch the minter", "  9999999 Tidy up");

        EnvironmentDiff diverged = EnvironmentDiff.of(state, "staging", "prod", Map.of(), 10, (f, t) -> List.of("x"), NOW);
        assertThat(diverged.differenceText(diverged.services().get(0))).isEqualTo("differs: diverged (staging +1, prod +1)");

        EnvironmentDiff noCheckout = EnvironmentDiff.of(state, "staging", "prod", Map.of(), 10, NO_GIT, NOW);
        assertThat(noCheckout.differenceText(noCheckout.services().get(0))).isEqualTo("differs");
        assertThat(noCheckout.commitLines()).singleElement().asString().contains("inside the project's git checkout");
    }

    @Test
    void availableAreTheReleasesAboveTheRunningOne() {
        Release r1 = release("search", H1, NOW.minusSeconds(9000));
        Release r2 = release("search", H2, NOW.minusSeconds(6000));
        Release r3 = release("search", H3, NOW.minusSeconds(3000));
        List<Release> newestFirst = List.of(r3, r2, r1);

        Available behind = EnvironmentDiff.available("prod", "search", running(r1, NOW), newestFirst, 10);
        assertThat(behind.newer()).containsExactly(r3, r2);
        assertThat(behind.runningFound()).isTrue();
        assertThat(behind.more()).isFalse();

        assertThat(EnvironmentDiff.available("staging", "search", running(r3, NOW), newestFirst, 10).newer()).isEmpty();

        Available cut = EnvironmentDiff.available("prod", "search", running(r1, NOW), newestFirst, 1);
        assertThat(cut.newer()).containsExactly(r3);
        assertThat(cut.more()).isTrue();

        Available never = EnvironmentDiff.available("prod", "search", null, newestFirst, 2);
        assertThat(never.newer()).containsExactly(r3, r2);
        assertThat(never.more()).isTrue();
        assertThat(never.note()).isEqualTo("never deployed here");
    }

    @Test
    void theRunningReleaseIsTheOneWithItsDigestsNotJustItsHash() {
        // requests has two containers: a push of nginx makes a release with app's image kept: same hash for app.
        Release app = release("requests", H1, NOW.minusSeconds(9000));
        List<ReleaseImage> withNewNginx = List.of(app.images().get(0), new ReleaseImage("nginx", "platform/nginx",
                RecordSeeder.digest("nginx2"), "reg/platform/nginx@" + RecordSeeder.digest("nginx2"), H2));
        Release nginx = new Release("catalogue", "api", "requests", H2, withNewNginx, "platform/nginx",
                withNewNginx.get(1).digest(), NOW.minusSeconds(100), "nginx");

        Available available = EnvironmentDiff.available("prod", "requests", running(app, NOW), List.of(nginx, app), 10);

        assertThat(available.newer()).containsExactly(nginx);
    }

    @Test
    void aRunningReleaseTheLedgerLacksListsOnlyWhatWasMadeAfterItWasDeployed() {
        Release unknown = release("search", H3, NOW.minusSeconds(20_000));
        Release before = release("search", H1, NOW.minusSeconds(9000));
        Release after = release("search", H2, NOW.minusSeconds(3000));

        Available available = EnvironmentDiff.available("prod", "search", running(unknown, NOW.minusSeconds(6000)),
                List.of(after, before), 10);

        assertThat(available.runningFound()).isFalse();
        assertThat(available.newer()).containsExactly(after);
        assertThat(available.note()).isEqualTo("its release c3d4e5f is not in the ledger; listing the releases made since it"
                + " was deployed");

        Available deep = EnvironmentDiff.available("prod", "search", running(unknown, NOW), List.of(after, before), 1);
        assertThat(deep.newer()).containsExactly(after);
        assertThat(deep.more()).isTrue();
    }

    @Test
    void anAdoptedBaselineIsSaidToBeAdopted() {
        Release old = release("id_minter", H1, NOW.minusSeconds(7200));
        CurrentState.Running adopted = CurrentState.Running.adopted(null, old.images(), NOW.minusSeconds(60), "carol", null,
                "adopted", null, "arn:aws:ecs:eu-west-1:123456789012:task-definition/x:1", null);
        ProjectState state = new ProjectState(project, List.of(row("staging", "id_minter", running(old, NOW)),
                row("prod", "id_minter", adopted)));

        EnvironmentDiff diff = EnvironmentDiff.of(state, "staging", "prod", Map.of("id_minter", List.of(
                release("id_minter", H2, NOW.minusSeconds(30)))), 10, NO_GIT, NOW);

        assertThat(table(diff.serviceRows()).get(1)).containsPattern("id_minter\\s+a1b2c3d\\s+sha256:[0-9a-f]{12}\\s+\\(adopted\\)");
        assertThat(diff.available()).filteredOn(a -> a.environmentId().equals("prod") && a.serviceId().equals("id_minter")).singleElement()
                .satisfies(a -> assertThat(a.note()).isEqualTo("what runs was adopted with no release hash, and is not in the"
                        + " ledger; listing the releases made since it was adopted"));
    }

    @Test
    void tablesShowShortHashesAndDigestsAndJsonKeepsEverything() {
        Release old = release("id_minter", H1, NOW.minusSeconds(7200));
        Release next = release("id_minter", H2, NOW.minusSeconds(3600));
        Release search = release("search", H3, NOW.minusSeconds(600));
        ProjectState state = new ProjectState(project, List.of(
                row("staging", "id_minter", running(next, NOW)), row("prod", "id_minter", running(old, NOW)),
                row("staging", "retired", running(old, NOW))));
        Map<String, List<Release>> releases = new LinkedHashMap<>();
        releases.put("id_minter", List.of(next, old));
        releases.put("search", List.of(search));

        EnvironmentDiff diff = EnvironmentDiff.of(state, "staging", "prod", releases, 10, NO_GIT, NOW);

        List<String> services = table(diff.serviceRows());
        assertThat(services.get(0)).containsPattern("SERVICE\\s+STAGING\\s+STAGING DIGEST\\s+PROD\\s+PROD DIGEST\\s+DIFF");
        assertThat(services.get(1)).containsPattern("id_minter\\s+b2c3d4e\\s+sha256:[0-9a-f]{12}\\s+a1b2c3d\\s+sha256:[0-9a-f]{12}\\s+differs$");
        assertThat(services).anySatisfy(l -> assertThat(l).containsPattern("^search\\s+-\\s+-\\s+-\\s+-\\s+deployed in neither"));
        assertThat(services).anySatisfy(l -> assertThat(l).containsPattern("^retired \\(not in manifest\\)\\s+a1b2c3d.*only in staging"));
        assertThat(diff.anyDifference()).isTrue();

        List<String> available = table(diff.availableRows());
        assertThat(available).hasSize(4);
        assertThat(available.get(1)).containsPattern("^staging\\s+search\\s+c3d4e5f\\s+app=sha256:[0-9a-f]{12},nginx=sha256:[0-9a-f]{12}\\s+10m ago\\s+never deployed\\s+change c3d4e5f");
        assertThat(available.get(2)).containsPattern("^prod\\s+id_minter\\s+b2c3d4e\\s+.*1h ago\\s+a1b2c3d\\s+change b2c3d4e");

        JsonNode json = Json.MAPPER.valueToTree(diff.json());
        JsonNode minter = json.get("services").get(0);
        assertThat(minter.get("difference").asText()).isEqualTo("RELEASE");
        assertThat(minter.get("running").get("staging").get("releaseHash").asText()).isEqualTo(H2);
        assertThat(minter.get("running").get("prod").get("images").get(0).get("digest").asText()).hasSize(71);
        assertThat(minter.get("commitsOnlyIn").get("staging")).isEmpty();
        assertThat(json.get("services").get(4).get("inManifest").asBoolean()).isFalse();
        assertThat(json.get("services").get(4).get("onlyIn").asText()).isEqualTo("staging");
        assertThat(json.get("available")).hasSize(8);
        JsonNode prodMinter = json.get("available").get(4);
        assertThat(prodMinter.get("environment").asText() + "/" + prodMinter.get("service").asText()).isEqualTo("prod/id_minter");
        assertThat(prodMinter.get("runs").asText()).isEqualTo(H1);
        assertThat(prodMinter.get("releases").get(0).get("releaseHash").asText()).isEqualTo(H2);
        assertThat(prodMinter.get("releases").get(0).get("images").get(0).get("image").asText()).contains("@sha256:");
    }

    @Test
    void aLongListSaysWhereTheRestIs() {
        Release r1 = release("search", H1, NOW.minus(Duration.ofDays(2)));
        Release r2 = release("search", H2, NOW.minus(Duration.ofDays(1)));
        Release r3 = release("search", H3, NOW);
        ProjectState state = new ProjectState(project, List.of(row("prod", "search", running(r1, NOW))));

        EnvironmentDiff diff = EnvironmentDiff.of(state, "staging", "prod", Map.of("search", List.of(r3, r2, r1)), 2, NO_GIT, NOW);

        assertThat(diff.availableNotes()).containsExactly("staging/search: more than 2 releases not deployed (never deployed"
                + " here); see 'hm releases --project catalogue --service search'");
    }
}
