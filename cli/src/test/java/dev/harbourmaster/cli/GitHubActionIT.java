package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbReleaseSets;
import dev.harbourmaster.testing.Emulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The GitHub Action (action.yml) outside GitHub: its step's {@code run} is run as GitHub runs a composite step
 * ({@code bash --noprofile --norc -eo pipefail FILE}), with the env action.yml gives it (each {@code ${{ inputs.X }}}
 * replaced by the input, or its default), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files, against local mode on the
 * emulator. Images are pushed with the annotations examples/github-actions/deploy.yml puts on them, read from that
 * file, so the example and what build-recorder records cannot part.
 */
class GitHubActionIT {

    private static final Path ROOT = Emulator.repositoryRoot();
    private static final Path HM_JAR = ROOT.resolve("cli/target/hm.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String STEP_ID = "hm";
    private static final String SCRIPT = "scripts/github-action/run.sh";
    private static final Pattern INPUT_EXPRESSION = Pattern.compile("\\$\\{\\{\\s*inputs\\.([a-z0-9-]+)\\s*}}");
    private static final Pattern SET_ID = Pattern.compile("shop/staging/[0-9A-HJKMNP-TV-Z]{26}");

    @TempDir
    Path dir;

    private final String table = "hm-gha-" + UUID.randomUUID().toString().substring(0, 8);
    private final String suffix = table.substring(7);
    private final BlockingQueue<String> localOutput = new LinkedBlockingQueue<>();
    private Process local;

    /** What the step left: its exit code, its log (stdout and stderr), GITHUB_OUTPUT's pairs, the summary. */
    record Step(int exitCode, String log, Map<String, String> outputs, String summary) {}

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action() throws IOException {
        return (Map<String, Object>) new Yaml().load(Files.readString(ROOT.resolve("action.yml")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> declaredInputs(Map<String, Object> action) {
        return (Map<String, Map<String, Object>>) action.get("inputs");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> action) {
        return (List<Map<String, Object>>) ((Map<String, Object>) action.get("runs")).get("steps");
    }

    private static Map<String, Object> scriptStep(Map<String, Object> action) {
        return steps(action).stream().filter(s -> STEP_ID.equals(s.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("action.yml has no step with id " + STEP_ID));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stepEnv(Map<String, Object> step) {
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) step.get("env")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    /**
     * Runs the action's script step as GitHub would, in a workspace of its own, with these inputs (the others at
     * action.yml's defaults) and the variables a runner sets. AWS's come from this test's environment (the emulator).
     */
    private Step runStep(Map<String, String> inputs) throws Exception {
        Map<String, Object> action = action();
        Map<String, Map<String, Object>> declared = declaredInputs(action);
        assertThat(declared).as("inputs this test gives").containsKeys(inputs.keySet().toArray(String[]::new));
        Map<String, Object> step = scriptStep(action);
        Path run = Files.createTempDirectory(dir, "step");
        Path script = Files.writeString(run.resolve("step.sh"), String.valueOf(step.get("run")));
        Path output = Files.createFile(run.resolve("github_output"));
        Path summary = Files.createFile(run.resolve("step_summary"));
        Path workspace = Files.createDirectories(run.resolve("workspace"));
        Path runnerTemp = Files.createDirectories(run.resolve("runner_temp"));

        ProcessBuilder builder = new ProcessBuilder("bash", "--noprofile", "--norc", "-eo", "pipefail", script.toString())
                .directory(workspace.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        List.of("HM_PROJECT", "HM_TABLE", "HM_ACTOR", "HM_HOME", "HM_JAVA").forEach(env::remove);
        env.entrySet().removeIf(e -> e.getKey().startsWith("INPUT_") || e.getKey().startsWith("GITHUB_"));
        stepEnv(step).forEach((name, value) -> {
            Matcher m = INPUT_EXPRESSION.matcher(value);
            env.put(name, m.replaceAll(r -> {
                String input = r.group(1);
                Object fallback = declared.get(input) == null ? null : declared.get(input).get("default");
                return Matcher.quoteReplacement(inputs.getOrDefault(input, fallback == null ? "" : String.valueOf(fallback)));
            }));
        });
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_ACTION_PATH", ROOT.toString());
        env.put("GITHUB_OUTPUT", output.toString());
        env.put("GITHUB_STEP_SUMMARY", summary.toString());
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_SERVER_URL", "https://github.com");
        env.put("GITHUB_REPOSITORY", "example/shop");
        env.put("GITHUB_RUN_ID", "4242");
        env.put("RUNNER_TEMP", runnerTemp.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));   // as actions/setup-java leaves it

        Process process = builder.start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("the step ends").isTrue();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output)) {
            int eq = line.indexOf('=');
            assertThat(eq).as("GITHUB_OUTPUT line %s is NAME=VALUE", line).isPositive();
            assertThat(outputs.put(line.substring(0, eq), line.substring(eq + 1))).as("%s written once", line).isNull();
        }
        return new Step(process.exitValue(), log, outputs, Files.readString(summary));
    }

    // ---- local mode and the record ----

    private Path manifest() throws IOException {
        return Files.writeString(dir.resolve("harbourmaster.yml"), """
                project:
                  id: shop
                environments:
                  - id: staging
                    cluster: shop-staging-%1$s
                  - id: prod
                    cluster: shop-prod-%1$s
                serviceSets:
                  - id: web
                    services:
                      - id: api
                        repository: gha-%1$s/api
                      - id: worker
                        repository: gha-%1$s/worker
                """.formatted(suffix));
    }

    private void startLocalMode() throws Exception {
        local = new ProcessBuilder(JAVA, "-jar", HM_JAR.toString(), "local", "up", "-f", manifest().toString(),
                "--endpoint", System.getenv("AWS_ENDPOINT_URL"), "--table", table, "--settle", "500ms",
                "--template", ROOT.resolve("template.yaml").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(localOutput::add);
            } catch (IOException | UncheckedIOException closed) {
                // the process ended
            }
        }, "hm-local-output");
        reader.setDaemon(true);
        reader.start();
        List<String> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String line = localOutput.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.startsWith("Dashboard: ")) {
                    return;
                }
            }
            assertThat(local.isAlive()).as("hm local up ended early: %s", seen).isTrue();
        }
        throw new AssertionError("hm local up printed no dashboard address within 90 s: " + seen);
    }

    @AfterEach
    void stopLocalMode() throws InterruptedException {
        if (local != null) {
            local.destroy();
            assertThat(local.waitFor(30, TimeUnit.SECONDS)).as("hm local up stops on SIGTERM").isTrue();
        }
    }

    /** The annotations examples/github-actions/deploy.yml's build step puts on the image, with this run's values. */
    private static Map<String, String> exampleAnnotations(String sha, String subject) throws IOException {
        Matcher lines = Pattern.compile("(?m)^\\s*(?:index:|manifest:)?(org\\.opencontainers\\.image\\.[a-z]+)=(.+)$")
                .matcher(Files.readString(ROOT.resolve("examples/github-actions/deploy.yml")));
        Map<String, String> annotations = new LinkedHashMap<>();
        while (lines.find()) {
            String value = lines.group(2).strip().replace("${{ github.sha }}", sha)
                    .replace("${{ steps.commit.outputs.subject }}", subject);
            assertThat(value).as("%s: an expression this test knows", lines.group(1)).doesNotContain("${{");
            annotations.put(lines.group(1), value);
        }
        assertThat(annotations).as("the example's annotations")
                .containsOnlyKeys("org.opencontainers.image.revision", "org.opencontainers.image.description");
        return annotations;
    }

    /** Pushes an image as buildx ends a push: PutImage of an OCI manifest carrying the example's annotations. */
    private void push(Emulator emulator, String repository, String sha, String subject) throws Exception {
        StringBuilder annotations = new StringBuilder();
        for (var a : exampleAnnotations(sha, subject).entrySet()) {
            annotations.append(annotations.isEmpty() ? "" : ",").append('"').append(a.getKey()).append("\":\"")
                    .append(a.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
                "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":7023,"digest":"sha256:%s"},\
                "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","size":32654,"digest":"sha256:%s"}],\
                "annotations":{%s}}""".formatted(sha256(repository + sha + "c"), sha256(repository + sha + "l"), annotations);
        String digest = "sha256:" + sha256(manifest);
        emulator.ecr().putImage(b -> b.repositoryName(repository).imageTag("ref." + sha).imageManifest(manifest)
                .imageDigest(digest).imageManifestMediaType("application/vnd.oci.image.manifest.v1+json"));
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits for build-recorder's release of the push, as a workflow would wait for it before deploying. */
    private Release awaitRelease(Emulator emulator, String service, String sha) throws InterruptedException {
        DynamoDbBuildLedger ledger = new DynamoDbBuildLedger(emulator.dynamo(), table);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            var found = ledger.releases("shop", service, 5).stream().filter(r -> sha.equals(r.releaseHash())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no release " + sha + " of " + service + " within 30 s; local mode said: " + localOutput);
    }

    private static String jarUrl() {
        return HM_JAR.toUri().toString();
    }

    /** make dist's archive, made as make dist makes it (install-hm.sh into hm-VERSION/, then tar), from the built jar. */
    private Path distArchive() throws Exception {
        Path staging = dir.resolve("dist");
        Process install = new ProcessBuilder("scripts/install-hm.sh", staging.resolve("hm-test").toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).start();
        String said = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(install.waitFor(120, TimeUnit.SECONDS) && install.exitValue() == 0).as("install-hm.sh: %s", said).isTrue();
        Path archive = dir.resolve("hm-test.tar.gz");
        Process tar = new ProcessBuilder("tar", "-C", staging.toString(), "-czf", archive.toString(), "hm-test")
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).as("tar").isTrue();
        return archive;
    }

    // ---- the tests ----

    /**
     * The action's step as a workflow runs it after a push: hm built from the action's checkout (no hm-url), deploy
     * to staging, waits, SUCCEEDED; the output names the set the record has, the summary has the plan and the
     * outcome. Again with nothing to change: exit 3 as nothing-to-change says (failure, then success). Then a
     * promotion to prod with hm from make dist's archive (checked by its sha256), and a release that fails in staging.
     */
    @Test
    void deploysAndWaitsThenMapsNothingToChangeAsChosenThenPromotes() throws Exception {
        Emulator emulator = new Emulator();
        startLocalMode();
        String sha = sha256("commit " + suffix).substring(0, 40);
        String subject = "Add the basket endpoint | and *markdown* <b>";
        push(emulator, "gha-" + suffix + "/api", sha, subject);
        Release api = awaitRelease(emulator, "api", sha);
        assertThat(api.description()).as("the release's description, from the example's annotation").isEqualTo(subject);

        Instant began = Instant.now();
        Step deploy = runStep(Map.of("project", "shop", "env", "staging", "services", "api", "release", sha,
                "message", "deploy from CI | <b>now</b>", "timeout", "2m", "table", table));
        System.out.println("GitHubActionIT: the step's deploy (hm built by make install) took "
                + Duration.between(began, Instant.now()).toMillis() + " ms");

        assertThat(deploy.exitCode()).as(deploy.log()).isZero();
        assertThat(deploy.outputs()).as("GITHUB_OUTPUT").containsOnlyKeys(declaredOutputs());
        String setId = deploy.outputs().get("release-set-id");
        assertThat(setId).matches(SET_ID);
        assertThat(deploy.outputs()).containsEntry("outcome", "SUCCEEDED").containsEntry("exit-code", "0");
        DynamoDbReleaseSets releaseSets = new DynamoDbReleaseSets(emulator.dynamo(), table);
        List<ReleaseSet> staging = releaseSets.releaseSets("shop", "staging", 10);
        assertThat(staging).extracting(ReleaseSet::id).containsExactly(setId);
        ReleaseSet set = staging.get(0);
        assertThat(set.status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
        assertThat(set.description()).isEqualTo("deploy from CI | <b>now</b>");
        assertThat(set.requestedBy()).as("who: the AWS identity and the run's address")
                .contains("https://github.com/example/shop/actions/runs/4242");
        assertThat(releaseSets.deployments(setId)).singleElement().satisfies(d -> {
            assertThat(d.serviceId()).isEqualTo("api");
            assertThat(d.releaseHash()).isEqualTo(sha);
            assertThat(d.status()).isEqualTo(DeploymentStatus.COMPLETED);
        });
        String short7 = sha.substring(0, 7);
        assertThat(deploy.summary()).contains(
                "### Harbourmaster: deploy shop to staging: SUCCEEDED",
                "Release set `" + setId + "`", "deploy from CI \\| &lt;b&gt;now&lt;/b&gt;",
                "**Plan**", "| api | first | – | " + short7 + " |",
                "**Outcome**", "| api | " + short7 + " | COMPLETED | – |");
        assertThat(deploy.log()).as("the log says what ran").contains("Building hm from " + ROOT, "--release " + sha)
                .contains(deploy.summary().strip());

        Step failing = runStep(Map.of("project", "shop", "env", "staging", "services", "api", "release", sha,
                "table", table, "hm-url", jarUrl()));
        assertThat(failing.exitCode()).as(failing.log()).isEqualTo(3);
        assertThat(failing.outputs()).containsEntry("outcome", "NOTHING_TO_CHANGE").containsEntry("exit-code", "3")
                .containsEntry("release-set-id", "");
        assertThat(failing.summary()).contains("deploy shop to staging: NOTHING_TO_CHANGE",
                "nothing-to-change: failure makes a failure", "| api | unchanged | " + short7 + " | " + short7 + " |");
        assertThat(failing.log()).contains("Downloading hm from " + jarUrl(),
                "::error title=Harbourmaster::nothing to change in staging");

        Step accepted = runStep(Map.of("project", "shop", "env", "staging", "services", "api", "release", sha,
                "table", table, "hm-url", jarUrl(), "nothing-to-change", "success"));
        assertThat(accepted.exitCode()).as(accepted.log()).isZero();
        assertThat(accepted.outputs()).containsEntry("outcome", "NOTHING_TO_CHANGE").containsEntry("exit-code", "3");
        assertThat(accepted.summary()).contains("nothing-to-change: success makes a success");
        assertThat(accepted.log()).contains("::notice title=Harbourmaster::nothing to change in staging");
        assertThat(releaseSets.releaseSets("shop", "staging", 10)).as("no set requested with nothing to change")
                .extracting(ReleaseSet::id).containsExactly(setId);

        Path archive = distArchive();
        Step promote = runStep(Map.of("command", "promote", "project", "shop", "from", "staging", "env", "prod",
                "message", "release 1", "table", table, "hm-url", archive.toUri().toString(),
                "hm-sha256", sha256Of(archive)));
        assertThat(promote.exitCode()).as(promote.log()).isZero();
        List<ReleaseSet> prod = releaseSets.releaseSets("shop", "prod", 10);
        assertThat(prod).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(promote.outputs().get("release-set-id"));
            assertThat(p.status()).isEqualTo(ReleaseSetStatus.SUCCEEDED);
            assertThat(p.releases()).extracting(Release::serviceId, Release::releaseHash).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("api", sha));
        });
        assertThat(promote.outputs()).containsEntry("outcome", "SUCCEEDED");
        assertThat(promote.summary()).contains("### Harbourmaster: promote shop staging → prod: SUCCEEDED",
                "What runs in staging, for prod:", "| api | first | – | " + short7 + " |", "| api | " + short7 + " | COMPLETED |");
        assertThat(promote.log()).contains("Downloading hm from " + archive.toUri());

        // A release whose tasks exit 1: the step fails with hm's exit 1, the summary and the log say why.
        String bad = sha256("bad commit " + suffix).substring(0, 40);
        push(emulator, "gha-" + suffix + "/api", bad, "Break the basket");
        awaitRelease(emulator, "api", bad);
        hmSucceeds("local", "fail", "--project", "shop", "--env", "staging", "--service", "api");
        Step failed = runStep(Map.of("project", "shop", "env", "staging", "release", bad, "table", table,
                "hm-url", jarUrl()));
        assertThat(failed.exitCode()).as(failed.log()).isEqualTo(1);
        assertThat(failed.outputs()).containsEntry("outcome", "FAILED").containsEntry("exit-code", "1");
        String failedId = failed.outputs().get("release-set-id");
        assertThat(releaseSets.releaseSets("shop", "staging", 1)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(failedId);
            assertThat(f.status()).isEqualTo(ReleaseSetStatus.FAILED);
        });
        // FAILED, or ROLLED_BACK when the rollback's event came first (as LocalModeEndToEndIT says).
        assertThat(failed.summary()).contains("deploy shop to staging: FAILED", "| api | update | " + short7 + " | "
                + bad.substring(0, 7) + " |").containsPattern("\\| api \\| " + bad.substring(0, 7)
                + " \\| (FAILED|ROLLED_BACK) \\| exit code 1");
        assertThat(failed.log()).contains("::error title=Harbourmaster::");
    }

    private void hmSucceeds(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", HM_JAR.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--table", table));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as("hm %s: %s", args, said).isTrue();
    }

    private static String sha256Of(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /**
     * Inputs the script refuses, and one hm refuses: each a clear line (log, annotation, summary), outcome ERROR, a
     * non-zero exit, and nothing run against AWS.
     */
    @Test
    void badInputsAreRefusedWithTheFixAndANonZeroExit() throws Exception {
        record Refusal(Map<String, String> inputs, int exit, String says) {}
        String url = jarUrl();
        List<Refusal> refusals = List.of(
                new Refusal(Map.of("command", "destroy", "env", "staging"), 2,
                        "command: 'destroy' is not deploy or promote: set command: deploy"),
                new Refusal(Map.of("env", ""), 2, "env is empty: name the environment to deploy to"),
                new Refusal(Map.of("command", "promote", "env", "prod"), 2, "command: promote needs from:"),
                new Refusal(Map.of("command", "promote", "env", "prod", "from", "staging", "services", "api"), 2,
                        "services and release are deploy's inputs"),
                new Refusal(Map.of("env", "staging", "wait", "yes"), 2, "wait: 'yes' is not true or false"),
                new Refusal(Map.of("env", "staging", "nothing-to-change", "ignore"), 2,
                        "nothing-to-change: 'ignore' is not success or failure"),
                new Refusal(Map.of("env", "staging", "hm-url", "https://example.com/hm.zip"), 2,
                        "names neither a .tar.gz (make dist's hm-VERSION.tar.gz) nor a .jar"),
                new Refusal(Map.of("env", "staging", "hm-url", url, "hm-sha256", "0".repeat(64)), 1,
                        "has sha256 " + sha256Of(HM_JAR) + ", not hm-sha256's " + "0".repeat(64)),
                new Refusal(Map.of("env", "staging", "hm-url", url, "timeout", "soon", "project", "shop"), 2,
                        "--timeout 'soon' is not a duration"));
        for (Refusal refusal : refusals) {
            Step step = runStep(refusal.inputs());
            assertThat(step.exitCode()).as("%s: %s", refusal.inputs(), step.log()).isEqualTo(refusal.exit());
            assertThat(step.log()).as("%s", refusal.inputs()).contains("::error title=Harbourmaster::").contains(refusal.says());
            assertThat(step.summary()).as("%s", refusal.inputs()).contains(refusal.says());
            assertThat(step.outputs()).as("%s", refusal.inputs()).containsOnlyKeys(declaredOutputs())
                    .containsEntry("outcome", "ERROR").containsEntry("release-set-id", "")
                    .containsEntry("exit-code", String.valueOf(refusal.exit()));
        }
    }

    private static String[] declaredOutputs() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = (Map<String, Object>) action().get("outputs");
        return outputs.keySet().toArray(String[]::new);
    }

    /**
     * action.yml and the script cannot drift: the step's env passes every declared input (those only another step's
     * condition reads aside) as INPUT_NAME = ${{ inputs.name }}; the script reads each and no other; each output is
     * the script step's output of that name; Java comes from actions/setup-java 21 unless setup-java is false.
     */
    @Test
    void actionYmlPassesEveryInputItDeclaresToTheScriptAndTheScriptReadsNoOther() throws Exception {
        Map<String, Object> action = action();
        assertThat(((Map<?, ?>) action.get("runs")).get("using")).isEqualTo("composite");
        Map<String, Object> step = scriptStep(action);
        assertThat(step.get("shell")).isEqualTo("bash");
        assertThat(String.valueOf(step.get("run"))).isEqualTo("\"$GITHUB_ACTION_PATH/" + SCRIPT + "\"");
        assertThat(Files.isExecutable(ROOT.resolve(SCRIPT))).as(SCRIPT + " is executable").isTrue();

        Map<String, Object> setupJava = steps(action).get(0);
        assertThat(setupJava.get("uses")).asString().startsWith("actions/setup-java@");
        assertThat(setupJava.get("if")).isEqualTo("inputs.setup-java == 'true'");
        assertThat(((Map<?, ?>) setupJava.get("with")).get("java-version")).isEqualTo("21");

        Set<String> passed = new TreeSet<>();
        stepEnv(step).forEach((name, value) -> {
            Matcher m = INPUT_EXPRESSION.matcher(value);
            assertThat(m.matches()).as("%s: %s is one input", name, value).isTrue();
            assertThat(name).as("the variable of input %s", m.group(1))
                    .isEqualTo("INPUT_" + m.group(1).toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            passed.add(m.group(1));
        });
        Set<String> declared = new TreeSet<>(declaredInputs(action).keySet());
        declared.remove("setup-java");
        assertThat(passed).as("inputs the script step is given").isEqualTo(declared);

        String script = Files.readString(ROOT.resolve(SCRIPT));
        Set<String> read = new TreeSet<>();
        Matcher uses = Pattern.compile("\\$\\{(INPUT_[A-Z0-9_]+)").matcher(script);
        while (uses.find()) {
            read.add(uses.group(1));
        }
        assertThat(read).as("INPUT_ variables " + SCRIPT + " reads").isEqualTo(new TreeSet<>(stepEnv(step).keySet()));

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> outputs = (Map<String, Map<String, Object>>) action.get("outputs");
        outputs.forEach((name, output) -> assertThat(output.get("value"))
                .isEqualTo("${{ steps." + STEP_ID + ".outputs." + name + " }}"));
        for (String name : outputs.keySet()) {
            assertThat(script).as("the script writes output %s", name).contains(name + "=");
        }

        // The example uses the action with inputs it declares.
        @SuppressWarnings("unchecked")
        Map<String, Object> workflow = (Map<String, Object>) new Yaml().load(
                Files.readString(ROOT.resolve("examples/github-actions/deploy.yml")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> jobSteps = (List<Map<String, Object>>) ((Map<String, Object>)
                ((Map<String, Object>) workflow.get("jobs")).get("deploy")).get("steps");
        Map<String, Object> actionStep = jobSteps.stream().filter(s -> String.valueOf(s.get("uses")).contains("/harbourmaster@"))
                .findFirst().orElseThrow(() -> new AssertionError("the example does not use the action"));
        assertThat(declaredInputs(action)).containsKeys(((Map<?, ?>) actionStep.get("with")).keySet().toArray(String[]::new));
    }
}
