package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.buildrecorder.BuildRecorderConfig;
import dev.harbourmaster.buildrecorder.BuildRecorderHandler;
import dev.harbourmaster.buildrecorder.BuildRecorderWiring;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/**
 * End to end on the emulator: an image is pushed to ECR, its push event goes through the real
 * handler and adapters, and the records are read back with hm's own commands.
 */
class PushToReleaseIT {

    private static final String FIXTURE_DIGEST = "sha256:4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String REVISION = "3f9c2ab5d1e0c4b7a6f8e9d0c1b2a3f4e5d6c7b8";

    private final Emulator emulator = new Emulator();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final HmRunner hm = new HmRunner(new Session());
    private String table;
    private BuildRecorderHandler handler;

    @BeforeEach
    void setUp() {
        table = emulator.newTable();
        var dynamo = emulator.dynamo();
        handler = new BuildRecorderHandler(wiring(dynamo)
                .withLog(new Log("build-recorder", new PrintStream(logs, true, StandardCharsets.UTF_8), Instant::now))
                .pushRecorder());
    }

    private BuildRecorderWiring wiring(DynamoDbClient dynamo) {
        return BuildRecorderWiring.of(new BuildRecorderConfig(table, Fixtures.SERVED), dynamo, emulator.ecr());
    }

    private HmRunner.Run hm(String... args) {
        return hm.succeeds(table, args);
    }

    private void applyExampleManifest() {
        hm("project", "apply", "-f", Emulator.repositoryRoot().resolve("examples/harbourmaster.yml").toString());
    }

    /** Pushes an OCI image to the emulated ECR and returns its digest. */
    private String pushImage(String repository, String tag, Map<String, String> annotations) {
        StringBuilder json = new StringBuilder("{");
        annotations.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        String manifest = """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 7023,
                            "digest": "sha256:%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 32654,
                             "digest": "sha256:%s"}],
                 "annotations": %s}
                """.formatted(Integer.toHexString(tag.hashCode()).repeat(8).substring(0, 64).replaceAll("[^0-9a-f]", "0"),
                "e".repeat(64), json.append("}"));
        return putManifest(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json");
    }

    private String putManifest(String repository, String tag, String manifest, String mediaType) {
        try {
            emulator.ecr().createRepository(b -> b.repositoryName(repository));
        } catch (RepositoryAlreadyExistsException alreadyThere) {
            // a second image in the same repository
        }
        // Real ECR's digest is the manifest's sha256; moto derives one from the layers unless told.
        String digest = "sha256:" + sha256(manifest);
        return emulator.ecr().putImage(b -> b.repositoryName(repository).imageTag(tag).imageManifest(manifest)
                .imageDigest(digest).imageManifestMediaType(mediaType)).image().imageId().imageDigest();
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String event(String fixture, String repository, String digest, String tag) {
        return Fixtures.event(fixture)
                .replace("catalogue/id_minter", repository)
                .replace("platform/unlisted", repository)
                .replace(FIXTURE_DIGEST, digest)
                .replace("sha256:9c2d1e0f4a3b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f", digest)
                .replaceAll("\"image-tag\": \"[^\"]*\"", "\"image-tag\": \"" + tag + "\"");
    }

    private List<Map<String, AttributeValue>> allItems() {
        return emulator.dynamo().scan(b -> b.tableName(table).consistentRead(true)).items();
    }

    @Test
    void aPushRecordsTheBuildAndAReleaseThatHmShows() {
        applyExampleManifest();
        String digest = pushImage("catalogue/id_minter", "ref.3f9c2ab", Map.of(
                "org.opencontainers.image.revision", REVISION,
                "org.opencontainers.image.source", "https://github.com/example/catalogue",
                "org.opencontainers.image.description", "Mint IDs in batches"));

        String outcome = handler.handle(event("ecr-push-success.json", "catalogue/id_minter", digest, "ref.3f9c2ab"));

        assertThat(outcome).isEqualTo("RECORDED");
        JsonNode builds = hm("builds", "--project", "catalogue", "--service", "id_minter", "--output", "json").items();
        assertThat(builds).hasSize(1);
        assertThat(builds.get(0).get("digest").asText()).isEqualTo(digest);
        assertThat(builds.get(0).get("releaseHash").asText()).as("the revision annotation wins over the tag").isEqualTo(REVISION);
        assertThat(builds.get(0).get("source").asText()).isEqualTo("https://github.com/example/catalogue");
        JsonNode releases = hm("releases", "--project", "catalogue", "--output", "json").items();
        assertThat(releases).hasSize(1);
        assertThat(releases.get(0).get("service").asText()).isEqualTo("id_minter");
        assertThat(releases.get(0).get("images").get(0).asText())
                .isEqualTo("id_minter=123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter@" + digest);
        assertThat(releases.get(0).get("description").asText()).isEqualTo("Mint IDs in batches");
        assertThat(hm("releases", "--project", "catalogue").out()).contains("id_minter", REVISION);
        // staging deploys new releases at once: the push requested a release set there, prod none.
        var releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        assertThat(releaseSets.releaseSets("catalogue", "prod", 10)).isEmpty();
        assertThat(releaseSets.releaseSets("catalogue", "staging", 10)).singleElement().satisfies(set -> {
            assertThat(set.status()).isEqualTo(ReleaseSetStatus.REQUESTED);
            assertThat(set.requestedBy()).isEqualTo("ecr-push");
            assertThat(set.serviceIds()).containsExactly("id_minter");
            assertThat(set.releases().get(0).images().get(0).digest()).isEqualTo(digest);
            assertThat(set.description()).contains("catalogue/id_minter:ref.3f9c2ab", "Mint IDs in batches");
        });
    }

    @Test
    void aDuplicatePushChangesNothingAndASecondTagAddsTheTagOnly() {
        applyExampleManifest();
        String digest = pushImage("catalogue/id_minter", "ref.3f9c2ab", Map.of());
        String push = event("ecr-push-success.json", "catalogue/id_minter", digest, "ref.3f9c2ab");
        handler.handle(push);
        List<Map<String, AttributeValue>> before = allItems();

        String again = handler.handle(push);
        List<Map<String, AttributeValue>> afterDuplicate = allItems();
        String secondTag = handler.handle(event("ecr-push-second-tag.json", "catalogue/id_minter", digest, "v1.4.0"));

        assertThat(again).isEqualTo("DUPLICATE");
        assertThat(afterDuplicate).containsExactlyInAnyOrderElementsOf(before);
        assertThat(secondTag).isEqualTo("TAG_ADDED");
        assertThat(allItems()).hasSameSizeAs(before);
        JsonNode build = hm("builds", "--project", "catalogue", "--output", "json").items().get(0);
        assertThat(build.get("tags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("ref.3f9c2ab", "v1.4.0");
        assertThat(hm("releases", "--project", "catalogue", "--output", "json").items()).hasSize(1);
    }

    @Test
    void aDeliveryThatLosesTheRaceToAnotherChangesNothing() {
        applyExampleManifest();
        String digest = pushImage("platform/nginx", "ref.77aa0de", Map.of());
        String push = event("ecr-push-success.json", "platform/nginx", digest, "ref.77aa0de");
        var dynamo = emulator.dynamo();
        DynamoDbBuildLedger staleLedger = spy(new DynamoDbBuildLedger(dynamo, table));
        // The losing delivery reads "no such build" just before the winner writes it.
        doReturn(Optional.empty()).doCallRealMethod().when(staleLedger).build("platform/nginx", digest);
        BuildRecorderHandler loser = new BuildRecorderHandler(wiring(dynamo).withLedger(staleLedger)
                .withLog(new Log("loser", new PrintStream(logs), Instant::now)).pushRecorder());

        String winnerOutcome = handler.handle(push);
        List<Map<String, AttributeValue>> afterWinner = allItems();
        String loserOutcome = loser.handle(push);

        assertThat(winnerOutcome).isEqualTo("RECORDED");
        assertThat(loserOutcome).isEqualTo("DUPLICATE");
        assertThat(allItems()).containsExactlyInAnyOrderElementsOf(afterWinner);
        JsonNode releases = hm("releases", "--project", "catalogue", "--output", "json").items();
        assertThat(releases).extracting(r -> r.get("service").asText()).containsExactlyInAnyOrder("requests", "search");
        assertThat(hm("builds", "--repository", "platform/nginx", "--output", "json").items()).hasSize(1);
    }

    @Test
    void aPushForAnUnknownRepositoryIsKeptUnassignedUntilAManifestAdoptsIt(@TempDir Path dir) throws Exception {
        applyExampleManifest();
        String digest = pushImage("platform/unlisted", "ref.77aa0de", Map.of());

        String outcome = handler.handle(event("ecr-push-unknown-repository.json", "platform/unlisted", digest, "ref.77aa0de"));

        assertThat(outcome).isEqualTo("UNASSIGNED");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("no manifest mentions this repository");
        JsonNode orphan = hm("builds", "--repository", "platform/unlisted", "--output", "json").items().get(0);
        assertThat(orphan.get("state").asText()).isEqualTo("UNASSIGNED");

        Path manifest = dir.resolve("harbourmaster.yml");
        Files.writeString(manifest, """
                project: {id: platform}
                environments: [{id: staging, cluster: platform-staging}]
                serviceSets: [{id: tools, services: [{id: unlisted, repository: platform/unlisted}]}]
                """);
        HmRunner.Run apply = hm("project", "apply", "-f", manifest.toString());
        HmRunner.Run applyAgain = hm("project", "apply", "-f", manifest.toString());

        assertThat(apply.out()).contains("+ Service unlisted",
                "Adopted unassigned build platform/unlisted@" + digest + " -> unlisted@77aa0de");
        assertThat(applyAgain.out()).contains("no changes").doesNotContain("Adopted");
        assertThat(hm("releases", "--project", "platform", "--output", "json").items())
                .extracting(r -> r.get("releaseHash").asText()).containsExactly("77aa0de");
        assertThat(hm("builds", "--project", "platform", "--output", "json").items().get(0).get("state").asText()).isEqualTo("RELEASED");
    }

    @Test
    void aTagWithoutReleaseHashRecordsTheBuildButNoRelease() {
        applyExampleManifest();
        String digest = pushImage("catalogue/id_minter", "latest", Map.of());

        String outcome = handler.handle(event("ecr-push-no-release-hash.json", "catalogue/id_minter", digest, "latest"));
        String hashArrives = handler.handle(event("ecr-push-second-tag.json", "catalogue/id_minter", digest, "ref.1234abc"));

        assertThat(outcome).isEqualTo("RECORDED");
        assertThat(hashArrives).isEqualTo("RELEASED");
        assertThat(hm("releases", "--project", "catalogue", "--output", "json").items())
                .extracting(r -> r.get("releaseHash").asText()).containsExactly("1234abc");
    }

    @Test
    void aMultiPlatformPushMakesOneReleasePinnedToTheIndex() {
        applyExampleManifest();
        String amd64 = putManifest("catalogue/ingestor", null, platformManifest("amd64"), "application/vnd.oci.image.manifest.v1+json");
        String arm64 = putManifest("catalogue/ingestor", null, platformManifest("arm64"), "application/vnd.oci.image.manifest.v1+json");
        String index = putManifest("catalogue/ingestor", "ref.5e6f7a8", """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                 "manifests": [
                   {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 512,
                    "platform": {"architecture": "amd64", "os": "linux"}},
                   {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%s", "size": 512,
                    "platform": {"architecture": "arm64", "os": "linux"}}]}
                """.formatted(amd64, arm64), "application/vnd.oci.image.index.v1+json");
        String untagged = Fixtures.event("ecr-push-success.json").replace("\"image-tag\": \"ref.3f9c2ab\",", "")
                .replace("catalogue/id_minter", "catalogue/ingestor");

        List<String> outcomes = List.of(
                handler.handle(untagged.replace(FIXTURE_DIGEST, amd64)),
                handler.handle(untagged.replace(FIXTURE_DIGEST, arm64)),
                handler.handle(event("ecr-push-success.json", "catalogue/ingestor", index, "ref.5e6f7a8")));

        assertThat(outcomes).containsExactly("RECORDED", "RECORDED", "RECORDED");
        assertThat(hm("builds", "--project", "catalogue", "--service", "ingestor", "--output", "json").items())
                .extracting(b -> b.get("state").asText()).containsExactlyInAnyOrder("UNRELEASED", "UNRELEASED", "RELEASED");
        JsonNode releases = hm("releases", "--project", "catalogue", "--output", "json").items();
        assertThat(releases).hasSize(1);
        assertThat(releases.get(0).get("images").get(0).asText()).endsWith("/catalogue/ingestor@" + index);
    }

    private static String platformManifest(String architecture) {
        return """
                {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 1469, "digest": "sha256:%s"},
                 "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "size": 3370, "digest": "sha256:%s"}],
                 "annotations": {"org.opencontainers.image.revision": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"}}
                """.formatted(sha256(architecture), sha256(architecture + "-layer"));
    }

    @Test
    void eventsThatAreNotOursWriteNothing() {
        applyExampleManifest();
        int before = allItems().size();

        for (String fixture : List.of("ecr-push-failure.json", "ecr-delete.json", "ecr-push-malformed.json", "ecr-push-truncated.json")) {
            assertThat(handler.handle(Fixtures.event(fixture))).as(fixture).isEqualTo("IGNORED");
        }

        assertThat(allItems()).hasSize(before);
    }

    @Test
    void projectShowAndErrorsNameWhatToDo() {
        applyExampleManifest();

        assertThat(hm("project", "show", "--project", "catalogue").out())
                .contains("catalogue-staging", "catalogue-{service}-{env}", "platform/nginx", "requests");
        HmRunner.Run unknownService = hm.run("builds", "--project", "catalogue", "--service", "nope", "--table", table);
        HmRunner.Run unknownProject = hm.run("releases", "--project", "nope", "--table", table);
        HmRunner.Run missingTable = hm.run("releases", "--project", "catalogue", "--table", "no-such-table");

        assertThat(unknownService.exitCode()).isEqualTo(1);
        assertThat(unknownService.err()).contains("service 'nope' is not in project 'catalogue'; its services are: id_minter, ingestor, requests, search");
        assertThat(unknownProject.err()).contains("project 'nope' is not registered: register it with 'hm project apply -f harbourmaster.yml'");
        assertThat(missingTable.exitCode()).isEqualTo(1);
        assertThat(missingTable.err()).contains("table 'no-such-table' not found at http://127.0.0.1:");
    }
}
