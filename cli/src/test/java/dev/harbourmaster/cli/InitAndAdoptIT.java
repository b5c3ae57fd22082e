package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.dashboard.DashboardServer;
import dev.harbourmaster.dashboard.DashboardWiring;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.testing.Emulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * hm init and hm project apply --adopt on the emulator, against ECS clusters built with the SDK as
 * Terraform would leave them (images in ECR pushed before Harbourmaster, task definitions naming them
 * by tag or by digest), in three shapes: a clean naming rule over two clusters, irregular names, and
 * services of several containers with a sidecar outside ECR. Each manifest passes hm project apply
 * --dry-run unchanged; after --adopt, hm status, hm verify and the dashboard's home page know what runs.
 */
class InitAndAdoptIT {

    private static final String SET_TAG = "harbourmaster:service-set";

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private final HmRunner hm = new HmRunner(new EmulatorSession(emulator,
            () -> new Actor("carol@example.com", "arn:aws:iam::123456789012:user/carol")));
    private String table;
    /** Makes every name of this test its own: the emulator is shared by every IT of the run. */
    private String sfx;

    @BeforeEach
    void table() {
        table = emulator.newTable();
        sfx = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
    }

    // The estate, as something else made it.

    /** An image pushed to ECR (PutImage with an OCI manifest, its digest as ECR computes it), by tag. */
    private String push(String repository, String tag, String revision) throws Exception {
        try {
            emulator.ecr().createRepository(b -> b.repositoryName(repository));
        } catch (software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException exists) {
            // a second image of the same repository
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"size\":7,\"digest\":\"sha256:"
                + sha256(repository + tag + "config") + "\"},\"layers\":[]"
                + (revision == null ? "" : ",\"annotations\":{\"org.opencontainers.image.revision\":\"" + revision + "\"}") + "}";
        String digest = "sha256:" + sha256(manifest);
        emulator.ecr().putImage(b -> b.repositoryName(repository).imageManifest(manifest).imageTag(tag).imageDigest(digest)
                .imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
        return digest;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String uri(String repository) {
        return emulator.ecr().describeRepositories(b -> b.repositoryNames(repository)).repositories().get(0).repositoryUri();
    }

    /** A cluster's service running these containers (name → image), with these tags. */
    private void service(String cluster, String name, Map<String, String> containers, Map<String, String> tags) {
        service(cluster, name, containers, tags, Map.of());
    }

    /** As above, each container with these environment variables. */
    private void service(String cluster, String name, Map<String, String> containers, Map<String, String> tags,
                         Map<String, String> environment) {
        List<ContainerDefinition> definitions = new ArrayList<>();
        containers.forEach((container, image) -> definitions.add(ContainerDefinition.builder().name(container).image(image)
                .memory(128).essential(true).environment(environment.entrySet().stream().map(e -> KeyValuePair.builder()
                        .name(e.getKey()).value(e.getValue()).build()).toList()).build()));
        String td = emulator.ecs().registerTaskDefinition(b -> b.family(name + "-" + sfx).containerDefinitions(definitions))
                .taskDefinition().taskDefinitionArn();
        emulator.ecs().createService(b -> b.cluster(cluster).serviceName(name).taskDefinition(td).desiredCount(1)
                .tags(tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }

    private String cluster(String name) {
        emulator.ecs().createCluster(b -> b.clusterName(name));
        return name;
    }

    private static Map<String, String> containers(String... nameThenImage) {
        Map<String, String> containers = new LinkedHashMap<>();
        for (int i = 0; i < nameThenImage.length; i += 2) {
            containers.put(nameThenImage[i], nameThenImage[i + 1]);
        }
        return containers;
    }

    // The checks every shape gets.

    private Path init(String... args) {
        Path file = dir.resolve("harbourmaster.yml");
        List<String> all = new ArrayList<>(List.of("init", "-f", file.toString()));
        all.addAll(List.of(args));
        HmRunner.Run run = hm.succeeds(table, all.toArray(String[]::new));
        assertThat(run.out()).contains("Inferred:").contains("Wrote " + file);
        return file;
    }

    private void passesDryRun(Path file) {
        HmRunner.Run dry = hm.succeeds(table, "project", "apply", "-f", file.toString(), "--dry-run");
        assertThat(dry.out()).containsAnyOf("would be made (dry run, nothing written)", "no changes");
    }

    private JsonNode adopt(Path file) {
        return hm.succeeds(table, "project", "apply", "-f", file.toString(), "--adopt", "-o", "json").json();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode cell(JsonNode status, String env, String service) {
        return list(status.get("services")).stream().filter(s -> s.get("environment").asText().equals(env)
                && s.get("service").asText().equals(service)).findFirst().orElseThrow(() -> new AssertionError(
                "no " + env + "/" + service + " in " + status));
    }

    private String homePage(String project) throws Exception {
        try (DashboardServer server = DashboardServer.start(DashboardWiring.of(emulator.dynamo(), table, List.of(project))
                .dashboard(), 0)) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                    + "p/" + project)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            return page.body();
        }
    }

    /** A second adoption finds everything recorded and writes nothing: no build, no release, no row. */
    private void adoptingAgainChangesNothing(Path file) {
        emulator.resetCalls();
        JsonNode again = adopt(file);
        assertThat(list(again.get("baseline"))).extracting(b -> b.get("outcome").asText()).doesNotContain("ADOPTED");
        assertThat(emulator.calls()).noneMatch(c -> c.equals("DynamoDb:PutItem") || c.equals("DynamoDb:TransactWriteItems")
                || c.equals("DynamoDb:UpdateItem") || c.equals("DynamoDb:DeleteItem"));
    }

    @Test
    void aCleanNamingRuleOverTwoClustersIsInferredAdoptedAndVerified() throws Exception {
        String project = "shop" + sfx;
        String staging = cluster(project + "-staging");
        String prod = cluster(project + "-prod");
        String api = project + "/api";
        String worker = project + "/worker";
        String apiNew = push(api, "ref.1111111", null);
        String apiOld = push(api, "v1.0", "0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0");
        String workerNew = push(worker, "ref.2222222", null);
        // Staging runs the API by tag and the worker pinned by digest; prod runs older images by tag.
        service(staging, project + "-api-staging", containers("api", uri(api) + ":ref.1111111"), Map.of(),
                Map.of("FEATURE_X", "on", "LOG_LEVEL", "debug"));
        service(staging, project + "-worker-staging", containers("worker", uri(worker) + "@" + workerNew), Map.of());
        service(prod, project + "-api-prod", containers("api", uri(api) + ":v1.0"), Map.of(), Map.of("LOG_LEVEL", "info"));
        service(prod, project + "-worker-prod", containers("worker", uri(worker) + ":ref.2222222"), Map.of());

        Path file = init("--cluster", staging, "--cluster", prod);

        String yaml = Files.readString(file);
        assertThat(yaml).contains("id: " + project, "cluster: " + staging, "ecsServiceName: \"{project}-{service}-{env}\"",
                "repository: " + api, "repository: " + worker);
        passesDryRun(file);
        JsonNode applied = adopt(file);
        assertThat(list(applied.get("baseline"))).hasSize(4).allSatisfy(b -> assertThat(b.get("outcome").asText())
                .as(b.toString()).isEqualTo("ADOPTED"));

        JsonNode status = hm.succeeds(table, "status", "-p", project, "-o", "json").json();
        JsonNode stagingApi = cell(status, "staging", "api");
        assertThat(stagingApi.get("lastDeployment").asText()).isEqualTo("ADOPTED");
        assertThat(stagingApi.get("running").get("adopted").asBoolean()).isTrue();
        assertThat(stagingApi.get("running").get("releaseHash").asText()).as("from the tag").isEqualTo("1111111");
        assertThat(stagingApi.get("running").get("images").get(0).get("digest").asText()).isEqualTo(apiNew);
        assertThat(stagingApi.get("running").get("requestedBy").asText()).isEqualTo("carol@example.com");
        assertThat(cell(status, "prod", "api").get("running").get("releaseHash").asText()).as("from the annotation")
                .isEqualTo("0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0aa0");
        assertThat(cell(status, "prod", "api").get("running").get("images").get(0).get("digest").asText()).isEqualTo(apiOld);
        assertThat(cell(status, "staging", "worker").get("running").get("releaseHash").asText()).isEqualTo("2222222");
        assertThat(status.get("summary").asText()).isEqualTo("staging: 2 services run · prod: 2 services run");
        // The builds are in the ledger now, with their releases (and no release set: nothing is deployed by adopting).
        assertThat(new DynamoDbBuildLedger(emulator.dynamo(), table).build(api, apiNew)).hasValueSatisfying(b ->
                assertThat(b.releaseHash()).isEqualTo("1111111"));
        assertThat(hm.succeeds(table, "history", "-p", project, "-o", "json").json().get("releaseSets")).isEmpty();

        for (String env : List.of("staging", "prod")) {
            HmRunner.Run verify = hm.run("verify", "-p", project, "-e", env, "--table", table);
            assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("OK: ECS runs what the record says (2 OK)");
        }
        String text = hm.succeeds(table, "status", "-p", project).out();
        assertThat(text).contains("ADOPTED").contains("OK ");

        String page = homePage(project);
        assertThat(page).contains("ADOPTED").contains("adopted ").contains("carol@example.com").doesNotContain("/sets/null")
                .doesNotContain("never deployed");

        // The adopted revisions' configuration, compared: staging sets FEATURE_X, and another LOG_LEVEL.
        JsonNode diff = hm.succeeds(table, "diff", "-p", project, "staging", "prod", "-o", "json").json();
        Map<String, List<String>> config = new LinkedHashMap<>();
        list(diff.get("services")).forEach(s -> config.put(s.get("service").asText(),
                list(s.get("config")).stream().map(JsonNode::asText).toList()));
        assertThat(config).containsEntry("api", List.of("+FEATURE_X", "~LOG_LEVEL")).containsEntry("worker", List.of());
        assertThat(hm.succeeds(table, "diff", "-p", project, "staging", "prod").out())
                .contains("+FEATURE_X, ~LOG_LEVEL").contains("config: staging's task definition against prod's");
        adoptingAgainChangesNothing(file);
    }

    @Test
    void irregularNamesAreLeftOutSaidSoAndARowADeploymentWroteIsNeverReplaced() throws Exception {
        String project = "pay" + sfx;
        String staging = cluster(project + "-staging");
        String ledger = project + "/ledger";
        String gateway = project + "/gateway";
        String reports = project + "/reports";
        push(ledger, "ref.3333333", null);
        String gatewayDigest = push(gateway, "ref.4444444", null);
        push(reports, "latest", null);
        service(staging, "ledger-staging", containers("ledger", uri(ledger) + ":ref.3333333"), Map.of());
        // gateway-staging was deployed by Harbourmaster before (the row below): its task definition is pinned by digest.
        service(staging, "gateway-staging", containers("gateway", uri(gateway) + "@" + gatewayDigest), Map.of());
        service(staging, "gateway-v2-staging", containers("gateway", uri(gateway) + ":ref.4444444"), Map.of());
        service(staging, "OldReports", containers("reports", uri(reports)), Map.of());

        Path file = dir.resolve("harbourmaster.yml");
        HmRunner.Run init = hm.succeeds(table, "init", "-c", staging, "-f", file.toString());

        assertThat(init.out()).contains("Could not infer")
                .contains("staging/OldReports: its name is not a valid service id");
        String yaml = Files.readString(file);
        assertThat(yaml).contains("ecsServiceName: \"{service}-{env}\"", "id: ledger", "id: gateway", "id: gateway-v2")
                .contains("# left out: ECS service OldReports");
        passesDryRun(file);

        // A deployment of Harbourmaster's already put gateway there (say, the first one ever): adoption leaves it.
        String registry = uri(gateway).substring(0, uri(gateway).indexOf('/') + 1);
        CurrentState deployed = new CurrentState(project, "staging", "gateway", new CurrentState.Running("4444444",
                List.of(new ReleaseImage("gateway", gateway, gatewayDigest, registry + gateway + "@" + gatewayDigest, "4444444")),
                project + "/staging/01JD8XK0000000000000000000", DeploymentStatus.COMPLETED,
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), "bob",
                "first deploy", "ecs-svc/1"), null, null, 0);
        // The project must exist for its partition to be read: register it first, then the row, then adopt.
        hm.succeeds(table, "project", "apply", "-f", file.toString());
        assertThat(new DynamoDbDeploymentRecords(emulator.dynamo(), table).writeCurrentState(null, deployed)).isTrue();

        JsonNode applied = adopt(file);
        Map<String, String> outcomes = new LinkedHashMap<>();
        list(applied.get("baseline")).forEach(b -> outcomes.put(b.get("service").asText(), b.get("outcome").asText()));
        assertThat(outcomes).containsOnly(Map.entry("ledger", "ADOPTED"), Map.entry("gateway", "KEPT"),
                Map.entry("gateway-v2", "ADOPTED"));
        CurrentState after = new DynamoDbDeploymentHistory(emulator.dynamo(), table).projectState(project).orElseThrow()
                .row("staging", "gateway").orElseThrow();
        assertThat(after).isEqualTo(new CurrentState(deployed.projectId(), deployed.environmentId(), deployed.serviceId(),
                deployed.running(), null, null, 0));

        HmRunner.Run verify = hm.run("verify", "-p", project, "-e", "staging", "--table", table);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK: ECS runs what the record says (3 OK)");
        adoptingAgainChangesNothing(file);
    }

    @Test
    void severalContainersASidecarOutsideEcrAndSetsFromATagWithInitApply() throws Exception {
        String project = "cat" + sfx;
        String prod = cluster(project + "-prod");
        String search = project + "/search";
        String nginx = project + "/nginx";
        String ingestor = project + "/ingestor";
        String searchDigest = push(search, "ref.5555555", null);
        String nginxDigest = push(nginx, "1.27", null);
        push(ingestor, "ref.6666666", null);
        service(prod, "search-prod", containers("app", uri(search) + ":ref.5555555", "nginx", uri(nginx) + ":1.27",
                "datadog", "public.ecr.aws/datadog/agent:7"), Map.of(SET_TAG, "api"));
        service(prod, "ingestor-prod", containers("ingestor", uri(ingestor) + ":ref.6666666",
                "envoy", "envoyproxy/envoy:v1.31"), Map.of(SET_TAG, "pipeline"));

        Path file = dir.resolve("harbourmaster.yml");
        HmRunner.Run init = hm.succeeds(table, "init", "--cluster", prod, "-f", file.toString(), "--apply");

        assertThat(init.out()).contains("container datadog (public.ecr.aws/datadog/agent:7) of prod/search-prod: its image is"
                        + " not in a private ECR registry")
                .contains("container envoy (envoyproxy/envoy:v1.31) of prod/ingestor-prod")
                .contains("api (from tag " + SET_TAG + ")").contains("pipeline (from tag " + SET_TAG + ")")
                .contains("hm project apply -f " + file + " --adopt:").contains("2 adopted.");
        String yaml = Files.readString(file);
        assertThat(yaml).contains("- name: app", "repository: " + search, "- name: nginx", "repository: " + nginx,
                "repository: " + ingestor, "# left out: container datadog");
        passesDryRun(file);

        JsonNode status = hm.succeeds(table, "status", "-p", project, "-o", "json").json();
        JsonNode searchCell = cell(status, "prod", "search");
        assertThat(searchCell.get("lastDeployment").asText()).isEqualTo("ADOPTED");
        assertThat(list(searchCell.get("running").get("images"))).extracting(i -> i.get("container").asText() + "="
                + i.get("digest").asText()).containsExactly("app=" + searchDigest, "nginx=" + nginxDigest);
        assertThat(searchCell.get("running").get("releaseHash").asText()).as("the first container's").isEqualTo("5555555");

        HmRunner.Run verify = hm.run("verify", "-p", project, "-e", "prod", "--table", table);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK: ECS runs what the record says (2 OK)")
                .contains("the task definition revisions adopted");
        assertThat(homePage(project)).contains("ADOPTED");
        adoptingAgainChangesNothing(file);
    }

    @Test
    void badInputIsRefusedWithTheFixAndAFileIsNeverOverwrittenWithoutForce() throws Exception {
        String project = "bad" + sfx;
        String empty = cluster(project + "-empty");
        HmRunner.Run missing = hm.run("init", "--cluster", project + "-staging", "-f", dir.resolve("a.yml").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no ECS cluster '" + project + "-staging'").contains("check the name");
        HmRunner.Run none = hm.run("init", "--cluster", empty, "-f", dir.resolve("b.yml").toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains(empty + " has no services").contains("create them first");

        String staging = cluster(project + "-staging");
        push(project + "/api", "ref.7777777", null);
        service(staging, "api-staging", containers("api", uri(project + "/api") + ":ref.7777777"), Map.of());
        Path file = dir.resolve("harbourmaster.yml");
        Files.writeString(file, "# mine\n");
        HmRunner.Run refused = hm.run("init", "--cluster", staging, "-f", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("exists").contains("--force");
        assertThat(Files.readString(file)).isEqualTo("# mine\n");
        HmRunner.Run usage = hm.run("init", "--cluster", staging, "--env-name", "a", "--env-name", "b");
        assertThat(usage.exitCode()).isEqualTo(2);

        hm.succeeds(table, "init", "--cluster", staging, "-f", file.toString(), "--force");
        assertThat(Files.readString(file)).contains("cluster: " + staging);
        JsonNode dry = hm.succeeds(table, "init", "--cluster", staging, "-f", dir.resolve("c.yml").toString(), "--dry-run",
                "-o", "json").json();
        assertThat(dry.get("written").asBoolean()).isFalse();
        assertThat(dir.resolve("c.yml")).doesNotExist();
        assertThat(dry.get("manifest").asText()).contains("ecsServiceName: \"{service}-{env}\"");
        assertThat(dry.get("environments").get(0).get("services").get("api-staging").asText()).isEqualTo("api");
    }

    @Test
    void clustersOfAnotherAccountAreReadThroughItsRoleAndTheManifestPlacesThemThere() throws Exception {
        String project = "far" + sfx;
        String role = "arn:aws:iam::210987654321:role/harbourmaster/hub/workload-eu-west-1";
        software.amazon.awssdk.services.ecs.EcsClient workload = new dev.harbourmaster.ecs.EcsPlatforms(emulator.ecs(),
                software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create(), "harbourmaster-it")
                .clientAt(new dev.harbourmaster.domain.Placement(null, null, role));
        String prod = project + "-prod";
        workload.createCluster(b -> b.clusterName(prod));
        String api = project + "/api";
        push(api, "ref.5555555", null);
        String td = workload.registerTaskDefinition(b -> b.family(project + "-api").containerDefinitions(ContainerDefinition
                .builder().name("api").image(uri(api) + ":ref.5555555").memory(128).essential(true).build()))
                .taskDefinition().taskDefinitionArn();
        workload.createService(b -> b.cluster(prod).serviceName("api-prod").taskDefinition(td).desiredCount(1));

        HmRunner.Run unseen = hm.run("init", "-c", prod, "-f", dir.resolve("mine.yml").toString(), "--table", table);
        assertThat(unseen.exitCode()).as("the cluster is not in the caller's own account").isEqualTo(1);
        assertThat(unseen.err()).contains("no ECS cluster '" + prod + "' in this account and region", "--role-arn");

        Path file = init("-c", prod, "--role-arn", role);
        assertThat(Files.readString(file)).contains("    account: \"210987654321\"", "    roleArn: \"" + role + "\"", "id: api");
        passesDryRun(file);
        hm.succeeds(table, "project", "apply", "-f", file.toString());
        assertThat(hm.succeeds(table, "project", "show", "-p", project, "-o", "json").json().at("/environments/0/placement/account")
                .asText()).isEqualTo("210987654321");

        HmRunner.Run badRole = hm.run("init", "-c", prod, "--role-arn", "arn:aws:iam::2109:role/x", "--dry-run", "--table", table);
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).contains("--role-arn: 'arn:aws:iam::2109:role/x' is not an IAM role ARN");
        HmRunner.Run badRegion = hm.run("init", "-c", prod, "--region", "eu-middle-9", "--dry-run", "--table", table);
        assertThat(badRegion.exitCode()).isEqualTo(2);
        assertThat(badRegion.err()).startsWith("hm: --region: ");
    }

    /**
     * scripts/adopt-estate.py: boto3 builds an estate in shapes these tests do not (an {env}-{service}
     * rule with sets from a tag and public sidecars; names that follow no rule across clusters), then
     * hm init, local mode on the manifest as written, adoption, verify, and a deploy from the latest
     * revision that Terraform-like code registered behind Harbourmaster's back.
     */
    @Test
    void anEstateBuiltFromOutsideIsInferredAdoptedAndDeployedAsTheScriptChecksIt() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Emulator.repositoryRoot().resolve(".venv/moto/bin/python").toString(),
                "scripts/adopt-estate.py", "--settle", "500ms", "--hm",
                Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + Emulator.repositoryRoot()
                        .resolve("cli/target/hm.jar")).directory(Emulator.repositoryRoot().toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
        Process script = builder.start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(240, java.util.concurrent.TimeUnit.SECONDS)).as("adopt-estate.py ends").isTrue();
        System.out.println(output);
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output).contains("retail: 6 of 6 services inferred right", "ops: 4 of 4 services inferred right",
                "hm verify OK in staging, production", "hm verify OK in stage, live", "config +FEATURE_X", "adopt-estate: OK");
    }
}
