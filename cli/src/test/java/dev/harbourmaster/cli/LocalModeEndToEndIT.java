package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentRecords;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;

/**
 * As a user would: `hm local up` runs as a process against the test emulator, images are pushed
 * with a plain AWS client, and every change is made by running the hm jar as a process, its exit
 * code and words checked: deploy, promote, rollback, a failing service, a lock, and drift made with
 * the SDK behind Harbourmaster's back that `hm verify` catches.
 */
class LocalModeEndToEndIT {

    private static final Path HM_JAR = Emulator.repositoryRoot().resolve("cli/target/hm.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private final Emulator emulator = new Emulator();
    private final String table = "hm-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private final String suffix = table.substring(7);
    private final BlockingQueue<String> localOutput = new LinkedBlockingQueue<>();
    private Process local;
    private String dashboard;

    record Run(int exitCode, String output) {}

    /** @param settle how long a simulated ECS deployment takes, as `hm local up --settle` says it */
    private void startLocalMode(String settle) throws Exception {
        startLocalMode(settle, Fixtures.exampleManifestOnClusters(dir, suffix), Map.of());
    }

    /** @param environment added to hm local up's (HM_HOME: where its .run/local.log goes) */
    private void startLocalMode(String settle, Path manifest, Map<String, String> environment) throws Exception {
        ProcessBuilder up = new ProcessBuilder(JAVA, "-jar", HM_JAR.toString(), "local", "up", "-f", manifest.toString(),
                "--endpoint", System.getenv("AWS_ENDPOINT_URL"), "--table", table, "--settle", settle,
                "--template", Emulator.repositoryRoot().resolve("template.yaml").toString())
                .directory(Emulator.repositoryRoot().toFile()).redirectErrorStream(true);
        up.environment().putAll(environment);
        local = up.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(localOutput::add);
            } catch (IOException | java.io.UncheckedIOException closed) {
                // the process ended
            }
        }, "hm-local-output");
        reader.setDaemon(true);
        reader.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        List<String> seen = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            String line = localOutput.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.startsWith("Dashboard: ")) {
                    dashboard = line.substring("Dashboard: ".length()).strip();
                    return;
                }
            }
            assertThat(local.isAlive()).as("hm local up ended early: %s", seen).isTrue();
        }
        throw new AssertionError("hm local up printed no dashboard address within 90 s: " + seen);
    }

    @AfterEach
    void stopLocalMode() throws InterruptedException {
        if (local == null) {
            return;
        }
        local.destroy();
        assertThat(local.waitFor(30, TimeUnit.SECONDS)).as("hm local up stops on SIGTERM").isTrue();
    }

    private Run hm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", HM_JAR.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--table", table));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("HM_ACTOR", "e2e@example.com");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("hm %s ends", String.join(" ", args)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private Run hmSucceeds(String... args) throws IOException, InterruptedException {
        Run run = hm(args);
        assertThat(run.exitCode()).as("hm %s:%n%s", String.join(" ", args), run.output()).isZero();
        return run;
    }

    /** Pushes an image as `docker push` would end (PutImage with an OCI manifest; digest as ECR computes it). */
    private void push(String repository, String tag) throws Exception {
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":7023,"digest":"sha256:%s"},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":32654,"digest":"sha256:%s"}]}"""
                .formatted(sha256(suffix + repository + tag + "c"), sha256(suffix + repository + tag + "l"));
        String digest = "sha256:" + sha256(manifest);
        emulator.ecr().putImage(b -> b.repositoryName(repository).imageTag(tag).imageManifest(manifest)
                .imageDigest(digest).imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits until the newest release set of the environment is {@code newerThan} another and final. */
    private ReleaseSet awaitSetEnded(String environment, String newerThan) throws InterruptedException {
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<ReleaseSet> newest = releaseSets.releaseSets("catalogue", environment, 1);
            if (!newest.isEmpty() && (newerThan == null || newest.get(0).id().compareTo(newerThan) > 0)
                    && newest.get(0).status().isFinal()) {
                return newest.get(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no release set of " + environment + " ended within 30 s; local mode said: " + localOutput);
    }

    private Optional<String> running(String environment, String service) {
        return new DynamoDbDeploymentRecords(emulator.dynamo(), table).currentState("catalogue", environment, service)
                .map(CurrentState::running).map(CurrentState.Running::releaseHash);
    }

    private static final String WORKLOAD_ACCOUNT = "210987654321";
    private static final String WORKLOAD_ROLE = "arn:aws:iam::210987654321:role/harbourmaster/harbourmaster/workload-eu-west-1";

    /**
     * examples/two-accounts.yml, staging in the stack's own account and prod in 210987654321 (on this
     * run's clusters): images pushed, staging deploys itself, `hm promote` to prod. The deployer
     * changed ECS in the workload account only (prod's task definitions there carry the promoted
     * digests; the stack's account has no prod cluster, staging's services are untouched), and the
     * recorder closed each deployment COMPLETED from the workload account's own events, forwarded
     * as its spoke forwards them. The same deployment's id in an event of the stack's own account
     * (its envelope's account switched; then its ARNs too) changes nothing: the first is refused
     * (its service is of another account than it says), the second is no deployment of that place.
     * Then the outside check, scripts/local-accounts.py with each account's own credentials.
     */
    @Test
    void aPromotionToProdInAnotherAccountChangesEcsThereOnlyAndIsRecordedFromThatAccountsEvents() throws Exception {
        String stagingCluster = "catalogue-staging-" + suffix;
        String prodCluster = "catalogue-prod-" + suffix;
        Path manifest = dir.resolve("two-accounts.yml");
        Files.writeString(manifest, Files.readString(Emulator.repositoryRoot().resolve("examples/two-accounts.yml"))
                .replace("cluster: catalogue-staging", "cluster: " + stagingCluster)
                .replace("cluster: catalogue-prod", "cluster: " + prodCluster));
        Path home = Files.createDirectories(dir.resolve("home"));
        startLocalMode("500ms", manifest, Map.of("HM_HOME", home.toString()));
        List<String> services = List.of("id_minter", "ingestor", "requests");
        Map<String, String> prodNames = Map.of("id_minter", "catalogue-id_minter-prod", "ingestor", "catalogue-ingestor-prod",
                "requests", "catalogue-requests-prod");
        Instant began = Instant.now();
        for (String repository : List.of("catalogue/id_minter", "catalogue/ingestor", "platform/nginx", "catalogue/requests")) {
            push(repository, "ref.4444444");
        }
        awaitUntil("staging runs 4444444 in every service", Duration.ofSeconds(60),
                () -> services.stream().allMatch(service -> running("staging", service).filter("4444444"::equals).isPresent()));
        var homeEcs = emulator.ecs();
        Map<String, String> stagingBefore = taskDefinitions(homeEcs, stagingCluster, services.stream()
                .map(s -> "catalogue-" + s + "-staging").toList());

        Run promote = hmSucceeds("promote", "--project", "catalogue", "--from", "staging", "--to", "prod",
                "-m", "to the workload account", "--yes", "--poll-interval", "500ms");
        assertThat(promote.output()).contains("4444444", "Done: SUCCEEDED");
        System.out.println("pushes -> staging -> prod in another account SUCCEEDED in "
                + Duration.between(began, Instant.now()).toMillis() + " ms");
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        ReleaseSet promoted = releaseSets.releaseSets("catalogue", "prod", 1).get(0);
        List<dev.harbourmaster.domain.Deployment> deployments = releaseSets.deployments(promoted.id());
        dev.harbourmaster.domain.Placement workload = new dev.harbourmaster.domain.Placement(WORKLOAD_ACCOUNT,
                System.getenv().getOrDefault("AWS_REGION", "eu-west-1"), WORKLOAD_ROLE);
        assertThat(deployments).hasSize(3).allSatisfy(d -> {
            assertThat(d.status()).as(d.serviceId()).isEqualTo(dev.harbourmaster.domain.DeploymentStatus.COMPLETED);
            assertThat(d.placement()).as("%s keyed where it runs", d.serviceId()).isEqualTo(workload);
        });

        // ECS in the workload account, as its own credentials see it: prod runs exactly the promoted images.
        var workloadEcs = dev.harbourmaster.testing.WorkloadAccount.ecs(WORKLOAD_ROLE);
        for (var release : promoted.releases()) {
            var service = workloadEcs.describeServices(b -> b.cluster(prodCluster).services(prodNames.get(release.serviceId())))
                    .services().get(0);
            assertThat(service.taskDefinition()).as(release.serviceId())
                    .startsWith("arn:aws:ecs:" + workload.region() + ":" + WORKLOAD_ACCOUNT + ":task-definition/");
            Map<String, String> images = new java.util.TreeMap<>();
            workloadEcs.describeTaskDefinition(b -> b.taskDefinition(service.taskDefinition())).taskDefinition()
                    .containerDefinitions().forEach(c -> images.put(c.name(), c.image()));
            Map<String, String> expected = new java.util.TreeMap<>();
            release.images().forEach(i -> expected.put(i.container(), i.image()));
            assertThat(images).as("%s in %s", release.serviceId(), WORKLOAD_ACCOUNT).isEqualTo(expected);
            assertThat(expected.values()).allSatisfy(image -> assertThat(image).contains("@sha256:"));
        }
        // ... and nothing of prod in the stack's own account; staging there as it was before the promotion.
        assertThat(homeEcs.describeClusters(b -> b.clusters(prodCluster)).clusters())
                .noneMatch(c -> "ACTIVE".equals(c.status()));
        assertThat(homeEcs.describeServices(b -> b.cluster(stagingCluster).services(prodNames.values())).services())
                .as("prod's services in staging's cluster").isEmpty();
        assertThat(taskDefinitions(homeEcs, stagingCluster, List.copyOf(stagingBefore.keySet())))
                .as("staging, untouched by the promotion").isEqualTo(stagingBefore);
        var records = new DynamoDbDeploymentRecords(emulator.dynamo(), table);
        for (var d : deployments) {
            assertThat(records.byEcsDeployment(dev.harbourmaster.domain.Placement.HOME, d.ecsDeploymentId()))
                    .as("%s: no deployment of that id in the stack's own account", d.serviceId()).isEmpty();
        }

        // The same deployment's id from the stack's own account changes nothing.
        var idMinter = deployments.stream().filter(d -> d.serviceId().equals("id_minter")).findFirst().orElseThrow();
        String serviceArn = workloadEcs.describeServices(b -> b.cluster(prodCluster).services(prodNames.get("id_minter")))
                .services().get(0).serviceArn();
        String homeArn = serviceArn.replace(":" + WORKLOAD_ACCOUNT + ":", ":" + Fixtures.SERVED.own().account() + ":");
        Path log = home.resolve(".run/local.log");
        try (var events = software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            replayFailed(events, idMinter.ecsDeploymentId(), serviceArn);
            awaitLogLine(log, "the envelope switched, its service still of " + WORKLOAD_ACCOUNT, line ->
                    line.path("logger").asText().equals("deployment-recorder") && line.path("reason").asText().contains(serviceArn)
                            && line.path("reason").asText().contains("not of the event's account"));
            String replayed = replayFailed(events, idMinter.ecsDeploymentId(), homeArn);
            JsonNode handled = awaitLogLine(log, "the replay of the stack's own account", line ->
                    line.path("message").asText().equals("ECS event handled") && line.path("eventId").asText().equals(replayed));
            System.out.println("replayed with account " + Fixtures.SERVED.own().account() + ": " + handled);
            assertThat(handled.path("outcome").asText()).isIn("OUT_OF_BAND", "IGNORED");
        }
        assertThat(records.byEcsDeployment(workload, idMinter.ecsDeploymentId())).as("the prod deployment, as it was")
                .get().isInstanceOfSatisfying(dev.harbourmaster.ports.DeploymentRecords.Ours.class, ours -> {
                    assertThat(ours.deployment().status()).isEqualTo(dev.harbourmaster.domain.DeploymentStatus.COMPLETED);
                    assertThat(ours.deployment().reason()).isEqualTo(idMinter.reason());
                });
        assertThat(running("prod", "id_minter")).contains("4444444");
        assertThat(records.currentState("catalogue", "prod", "id_minter").orElseThrow().outOfBand())
                .as("prod's id_minter not taken for changed outside by the other account's event").isNull();

        // What a team's CI would check from outside, with boto3 and each account's own credentials.
        ProcessBuilder builder = new ProcessBuilder(Emulator.repositoryRoot().resolve(".venv/moto/bin/python").toString(),
                "scripts/local-accounts.py", "--promoted", "staging:prod", "--hm", JAVA + " -jar " + HM_JAR)
                .directory(Emulator.repositoryRoot().toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HM_TABLE", table, "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));
        Process script = builder.start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(120, TimeUnit.SECONDS)).as("local-accounts.py ends").isTrue();
        System.out.println(output);
        assertThat(script.exitValue()).as(output).isZero();
        assertThat(output).contains("account " + Fixtures.SERVED.own().account() + ": no prod services",
                "promoted staging -> prod: prod runs staging's digests in every service (3), in account " + WORKLOAD_ACCOUNT);
    }

    /** ECS service name -> its task definition, in the cluster. */
    private static Map<String, String> taskDefinitions(software.amazon.awssdk.services.ecs.EcsClient ecs, String cluster,
                                                       List<String> names) {
        Map<String, String> definitions = new java.util.TreeMap<>();
        ecs.describeServices(b -> b.cluster(cluster).services(names)).services()
                .forEach(s -> definitions.put(s.serviceName(), s.taskDefinition()));
        return definitions;
    }

    /** An ECS "deployment FAILED" of this deployment id, put on the stack's own default bus (its account's envelope). */
    private static String replayFailed(software.amazon.awssdk.services.eventbridge.EventBridgeClient events, String deploymentId,
                                       String serviceArn) {
        String detail = "{\"eventType\":\"ERROR\",\"eventName\":\"SERVICE_DEPLOYMENT_FAILED\",\"deploymentId\":\""
                + deploymentId + "\",\"updatedAt\":\"" + Instant.now() + "\",\"reason\":\"replayed from the other account\"}";
        var result = events.putEvents(b -> b.entries(e -> e.source("aws.ecs").detailType("ECS Deployment State Change")
                .resources(serviceArn).detail(detail).time(Instant.now()))).entries().get(0);
        assertThat(result.errorCode()).as("PutEvents").isNull();
        return result.eventId();
    }

    /** Waits for a JSON line of local mode's log that {@code matches}. */
    private JsonNode awaitLogLine(Path log, String what, java.util.function.Predicate<JsonNode> matches) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    try {
                        JsonNode json = dev.harbourmaster.support.Json.MAPPER.readTree(line);
                        if (matches.test(json)) {
                            return json;
                        }
                    } catch (IOException notJson) {
                        // a partly written line
                    }
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("local mode logged nothing about " + what + " within 30 s; it said: " + localOutput);
    }

    private void awaitUntil(String what, Duration within, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (done.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": not within " + within + "; local mode said: " + localOutput);
    }

    /**
     * ECS's own strategies driven as a team's CI and console would (boto3 and hm as processes):
     * scripts/local-strategies.py deploys prod once per strategy, holds one at a pause hook until
     * hm approve, supersedes one with an SDK UpdateService and rolls one back by an alarm, and says
     * so; here it runs against this local mode, with a short hold.
     */
    @Test
    void everyStrategyAHookApprovedASupersedingUpdateAndAnAlarmAsAnOutsideClientSeesThem() throws Exception {
        startLocalMode("500ms");
        push("catalogue/id_minter", "ref.3333333");
        awaitSetEnded("staging", null);
        ProcessBuilder builder = new ProcessBuilder(Emulator.repositoryRoot().resolve(".venv/moto/bin/python").toString(),
                "scripts/local-strategies.py", "--settle", "0.5", "--hold", "3",
                "--hm", JAVA + " -jar " + HM_JAR)
                .directory(Emulator.repositoryRoot().toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("HM_TABLE", table, "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY",
                "testing", "HM_ACTOR", "e2e@example.com"));
        Process script = builder.start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(300, TimeUnit.SECONDS)).as("local-strategies.py ends").isTrue();
        System.out.println(output);
        assertThat(script.exitValue()).as(output + "\nlocal mode said: " + localOutput).isZero();
        assertThat(output).contains("| ROLLING |", "| BLUE_GREEN |", "| LINEAR |", "| CANARY |",
                "approved by lead@example.com: COMPLETED", "superseded: SUPERSEDED", "alarm:      ROLLED_BACK",
                "alarm api-5xx in ALARM");
    }

    @Test
    void deployPromoteRollbackAFailureALockAndDriftAsAUserWould() throws Exception {
        startLocalMode("500ms");
        push("catalogue/id_minter", "ref.1111111");
        ReleaseSet first = awaitSetEnded("staging", null);
        assertThat(first.status()).as("staging deploys itself").isEqualTo(ReleaseSetStatus.SUCCEEDED);

        Run deploy = hmSucceeds("deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter",
                "-m", "first prod release", "--yes", "--poll-interval", "500ms");
        assertThat(deploy.output()).contains("1111111", "SUCCEEDED");
        assertThat(running("prod", "id_minter")).contains("1111111");

        push("catalogue/id_minter", "ref.2222222");
        awaitSetEnded("staging", first.id());
        Run promote = hmSucceeds("promote", "--project", "catalogue", "--from", "staging", "--to", "prod",
                "-m", "weekly release", "--yes", "--poll-interval", "500ms");
        assertThat(promote.output()).contains("2222222", "SUCCEEDED");
        assertThat(running("prod", "id_minter")).contains("2222222");

        Run rollback = hmSucceeds("rollback", "--project", "catalogue", "--env", "prod", "-m", "bug in 2222222", "--yes",
                "--poll-interval", "500ms");
        assertThat(rollback.output()).contains("1111111", "SUCCEEDED");
        assertThat(running("prod", "id_minter")).as("back on the last good release").contains("1111111");

        hmSucceeds("local", "fail", "--project", "catalogue", "--env", "prod", "--service", "id_minter");
        Run refused = hm("deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter",
                "--release", "2222222", "-m", "try again", "--yes");
        assertThat(refused.exitCode()).as("a release a rollback set undid needs --force").isEqualTo(1);
        assertThat(refused.output()).contains("warning: 2222222 undone in prod", "by a rollback set: bug in 2222222",
                "to deploy it anyway, add --force");
        Run failing = hm("deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter",
                "--release", "2222222", "-m", "try again", "--yes", "--force", "--poll-interval", "500ms");
        assertThat(failing.exitCode()).as(failing.output()).isEqualTo(1);
        // FAILED, or ROLLED_BACK when the rollback's event came first: the set ends at the first final word.
        assertThat(failing.output()).contains("ended FAILED").containsPattern("id_minter (FAILED|ROLLED_BACK): exit code 1");
        assertThat(running("prod", "id_minter")).as("the failed release never took over").contains("1111111");
        hmSucceeds("local", "heal", "--project", "catalogue", "--env", "prod", "--service", "id_minter");

        hmSucceeds("lock", "--project", "catalogue", "--env", "prod", "-m", "freeze for the audit");
        Run locked = hm("deploy", "--project", "catalogue", "--env", "prod", "--services", "id_minter",
                "--release", "2222222", "--yes", "--poll-interval", "500ms");
        assertThat(locked.exitCode()).as(locked.output()).isEqualTo(1);
        assertThat(locked.output()).contains("freeze for the audit");
        assertThat(hmSucceeds("status", "--project", "catalogue", "--env", "prod").output()).contains("freeze for the audit");
        hmSucceeds("unlock", "--project", "catalogue", "--env", "prod");

        // Local mode started every service of the manifest on a bootstrap image Harbourmaster never
        // deployed: those are drift from the start; id_minter, deployed, is not.
        Run before = hm("verify", "--project", "catalogue", "--env", "prod");
        assertThat(before.output()).as(before.output()).containsPattern("(?m)^id_minter +\\S+ +OK ");
        driftBehindHarbourmastersBack("catalogue-prod-" + suffix, "catalogue-id_minter-prod");
        Run verify = hm("verify", "--project", "catalogue", "--env", "prod");
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(1);
        assertThat(verify.output()).containsPattern("(?m)^id_minter +\\S+ +DRIFT ");

        // The dashboard local mode serves shows the same: prod runs 1111111, and the drift hm verify found.
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create(dashboard)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body()).contains("data-env=\"prod\" data-service=\"id_minter\"", ">1111111</a>",
                    "✖ DRIFT (verified ");
        }

        assertThat(hm("status", "--project", "nonesuch").exitCode()).as("an unknown project").isEqualTo(1);
        assertThat(hm("deploy", "--project", "catalogue").exitCode()).as("bad usage").isEqualTo(2);
        // The locked deploy was refused before anything was written: history has no set for it.
        assertThat(hmSucceeds("history", "--project", "catalogue", "--env", "prod").output())
                .contains("DEPLOY", "PROMOTE", "ROLLBACK", "SUCCEEDED", "FAILED").doesNotContain("REJECTED");
    }

    /**
     * What a CI pipeline that builds several images does: one image pushed to every repository of the
     * example at the same moment (five threads of an SDK client outside local mode), then a deploy to
     * prod; three rounds in a row, since what stalled here once (every stream reader blind after a
     * cancelled transaction, so nothing after the first set deployed) depended on timing. In each
     * round staging comes to run the round's commit in every service and every staging set ends,
     * within {@link #ROUND_ENDS_WITHIN}, one at a time, each queued set
     * leaving the queue only as its oldest; then `hm deploy` to prod SUCCEEDS within its --timeout and
     * prod runs the round's commit in every service, those with two containers included.
     */
    @Test
    void imagesPushedToEveryRepositoryAtOnceAllEndAndProdDeploysRoundAfterRound() throws Exception {
        startLocalMode("1s");
        List<String> repositories = Fixtures.exampleProject().repositories().stream().sorted().toList();
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        int queuedSeen = 0;
        for (int round = 1; round <= 3; round++) {
            String before = releaseSets.releaseSets("catalogue", "staging", 1).stream().map(ReleaseSet::id)
                    .findFirst().orElse("");
            String hash = "%07x".formatted(round * 0x1111111);
            pushAtOnce(repositories, "ref." + hash);
            queuedSeen += followStagingRound(releaseSets, before, () -> SERVICES.stream()
                    .allMatch(service -> running("staging", service).filter(hash::equals).isPresent()));

            Run deploy = hmSucceeds("deploy", "--project", "catalogue", "--env", "prod", "-m", "round " + round,
                    "--yes", "--timeout", "60s", "--poll-interval", "500ms");
            assertThat(deploy.output()).as("round %d", round).contains("Done: SUCCEEDED");
            for (String service : SERVICES) {
                assertThat(running("prod", service)).as("round %d: prod's %s, every container of it pushed", round, service)
                        .contains(hash);
            }
        }
        System.out.println("sets seen QUEUED over the rounds: " + queuedSeen);
        assertThat(queuedSeen).as("sets waited in the queue in some round (else the queue went untested)").isPositive();
    }

    private static final Duration ROUND_ENDS_WITHIN = Duration.ofSeconds(60);
    private static final List<String> SERVICES = List.of("id_minter", "ingestor", "requests", "search");

    private void pushAtOnce(List<String> repositories, String tag) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> pushers = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (String repository : repositories) {
            Thread pusher = new Thread(() -> {
                try {
                    go.await();
                    push(repository, tag);
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "push-" + repository);
            pusher.start();
            pushers.add(pusher);
        }
        go.countDown();
        for (Thread pusher : pushers) {
            pusher.join();
        }
        assertThat(failures).as("pushes").isEmpty();
    }

    /**
     * Watches the staging sets newer than {@code after} every 100 ms until the round is {@code done} and
     * every one of its sets has ended: at most one IN_PROGRESS at a time, and the sets that leave the
     * queue between two looks are always the oldest of those it held. Returns how many were seen QUEUED.
     */
    private int followStagingRound(DynamoDbReleaseSets releaseSets, String after, BooleanSupplier done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(ROUND_ENDS_WITHIN);
        SortedSet<String> queued = new TreeSet<>();
        Set<String> everQueued = new HashSet<>();
        List<ReleaseSet> round = List.of();
        while (Instant.now().isBefore(deadline)) {
            round = releaseSets.releaseSets("catalogue", "staging", 20).stream().filter(s -> s.id().compareTo(after) > 0)
                    .toList();
            SortedSet<String> nowQueued = new TreeSet<>(round.stream()
                    .filter(s -> s.status() == ReleaseSetStatus.QUEUED).map(ReleaseSet::id).toList());
            List<String> left = queued.stream().filter(id -> !nowQueued.contains(id)).toList();
            assertThat(left).as("sets that left the queue %s: its oldest first", queued)
                    .isEqualTo(queued.stream().limit(left.size()).toList());
            assertThat(round.stream().filter(s -> s.status() == ReleaseSetStatus.IN_PROGRESS))
                    .as("sets in flight in staging at once").hasSizeLessThanOrEqualTo(1);
            everQueued.addAll(nowQueued);
            queued = nowQueued;
            if (!round.isEmpty() && round.stream().allMatch(s -> s.status().isFinal()) && done.getAsBoolean()) {
                return everQueued.size();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the staging sets of the round did not all end, staging running the round's commit"
                + " in every service, within " + ROUND_ENDS_WITHIN + ": "
                + round.stream().map(s -> s.id() + " " + s.status()).toList() + "; local mode said: " + localOutput);
    }

    /** Someone points the ECS service at another image with the SDK, as the console or Terraform would. */
    private void driftBehindHarbourmastersBack(String cluster, String service) {
        var ecs = emulator.ecs();
        String family = service + "-by-hand";
        String arn = ecs.registerTaskDefinition(b -> b.family(family).containerDefinitions(ContainerDefinition.builder()
                .name("id_minter").image("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter:hotfix")
                .memory(512).essential(true).build())).taskDefinition().taskDefinitionArn();
        ecs.updateService(b -> b.cluster(cluster).service(service).taskDefinition(arn));
        assertThat(ecs.describeServices(b -> b.cluster(cluster).services(service)).services().get(0).taskDefinition())
                .as("the service now runs the hand-made task definition").isEqualTo(arn);
    }
}
