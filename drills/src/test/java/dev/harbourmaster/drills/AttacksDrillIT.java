package dev.harbourmaster.drills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.dashboard.Dashboard;
import dev.harbourmaster.dashboard.DashboardServer;
import dev.harbourmaster.dashboard.DashboardWiring;
import dev.harbourmaster.deployer.ReleaseSetDeployer;
import dev.harbourmaster.domain.Build;
import dev.harbourmaster.domain.BuildState;
import dev.harbourmaster.domain.CurrentState;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Project;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetIds;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.manifest.ManifestException;
import dev.harbourmaster.manifest.ManifestParser;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Drill 5: the attacks and faults of the adversarial review of 2026-12 (issue 20), replayed through
 * the real handlers on moto and against the loopback dashboard, each trial judged by what it left:
 * a forged push or ECS event, a set naming an image of another registry, a rollback to a release
 * that never ran, a hostile revision annotation, a push dated 9999, a reason of 300 KB, a tag whose
 * release transaction fails, a backtracking tag pattern, a request under another host name. A trial
 * is lost when a foreign image would deploy, a release is lost, a record changes that should not,
 * or hostile text becomes a release hash; refused and recorded are counted by kind.
 */
class AttacksDrillIT extends DrillBase {

    private static final String EVIL_REGISTRY = "evil.example/x.dkr.ecr.eu-west-1.amazonaws.com/";
    private static final List<String> HOSTILE_REVISIONS = List.of("$(touch${IFS}/tmp/hm-drill-pwned)", "`id`",
            "1111aaa; rm -rf ~", "a\u001b]0;pwned\u0007b", "../../etc/passwd", "ref\nwith\nnewlines", "x".repeat(300));
    private static final List<String> BACKTRACKING_PATTERNS = List.of("(.*a){20}", "((a{1000}){1000}){1000}",
            "(x+x+)+y", "(a|aa)+$", "(?=ref)ref\\.([0-9a-f]+)", "(a)\\1");

    @Test
    void buildRecorder() {
        Tally tally = new Tally("5 attacks from the review", "build-recorder (forged and hostile pushes)");
        Random random = new Random(Tally.SEED);
        Pipeline pipeline = new Pipeline(moto(), moto());
        DynamoDbBuildLedger ledger = new DynamoDbBuildLedger(pipeline.setupDynamo, pipeline.table);
        AtomicInteger hashes = new AtomicInteger(0xa000000);

        for (int i = 0; i < Tally.size(6, 60); i++) {
            String hash = nextHash(hashes);
            String event = pipeline.pushEvent(hash);
            String[] forgery = forgery(random);
            String forged = event.replace("\"account\": \"123456789012\"", "\"account\": \"" + forgery[0] + "\"")
                    .replace("\"region\": \"eu-west-1\"", "\"region\": \"" + forgery[1] + "\"");
            String outcome = pipeline.buildRecorder.handle(forged);
            if (ledger.build("catalogue/id_minter", Pipeline.digestOf(event)).isEmpty() && pipeline.stagingSetOf(hash).isEmpty()) {
                tally.count("pushes of unserved accounts and regions refused (" + outcome + ")");
                tally.survived();
            } else {
                tally.lost("a push of account '" + forgery[0] + "' in " + forgery[1] + " was recorded");
            }
        }

        for (String revision : HOSTILE_REVISIONS) {
            String hash = nextHash(hashes);
            pipeline.buildRecorder.handle(pipeline.pushEvent(hash, revision));
            List<Release> releases = ledger.releases("catalogue", "id_minter", 100);
            if (releases.stream().anyMatch(r -> r.releaseHash().equals(revision.strip()))) {
                tally.lost("the revision " + printable(revision) + " became a release hash");
            } else if (releases.stream().anyMatch(r -> r.releaseHash().equals(hash))) {
                tally.count("hostile revisions kept as metadata, the tag's hash released");
                tally.survived();
            } else {
                tally.lost("the push annotated " + printable(revision) + " made no release of its tag's hash " + hash);
            }
        }

        String hash = nextHash(hashes);
        Instant before = Instant.now();
        pipeline.buildRecorder.handle(pipeline.pushEvent(hash).replaceAll("\"time\": \"[^\"]*\"", "\"time\": \"9999-12-31T23:59:59Z\""));
        Release dated = ledger.releases("catalogue", "id_minter", 100).stream().filter(r -> r.releaseHash().equals(hash))
                .findFirst().orElse(null);
        if (dated != null && Duration.between(before, dated.createdAt()).abs().compareTo(Duration.ofMinutes(10)) < 0) {
            tally.count("pushes dated 9999 dated when received");
            tally.survived();
        } else {
            tally.lost("a push dated 9999 was released as " + (dated == null ? "nothing" : dated.createdAt()));
        }

        for (int i = 0; i < Tally.size(3, 20); i++) {
            releaseAfterAFailedTransaction(pipeline, ledger, nextHash(hashes), tally);
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    /** An untagged build, then its tag delivered while the release transaction fails once, then delivered again. */
    private static void releaseAfterAFailedTransaction(Pipeline pipeline, DynamoDbBuildLedger ledger, String hash, Tally tally) {
        String tagged = pipeline.pushEvent(hash);
        pipeline.buildRecorder.handle(tagged.replaceAll("\"image-tag\": \"[^\"]*\",", ""));
        AtomicInteger failures = new AtomicInteger(1);
        pipeline.cut = (phase, operation) -> {
            if (phase.equals("before") && operation.endsWith(":TransactWriteItems") && failures.getAndDecrement() > 0) {
                throw new IllegalStateException("drill: the release transaction fails");
            }
        };
        int deliveries;
        try {
            deliveries = Pipeline.deliver(3, () -> { }, attempt -> {
                pipeline.buildRecorder.handle(tagged);
                return true;
            });
        } finally {
            pipeline.cut = (phase, operation) -> { };
        }
        Build build = ledger.build("catalogue/id_minter", Pipeline.digestOf(tagged)).orElse(null);
        boolean released = build != null && build.state() == BuildState.RELEASED;
        if (deliveries == 2 && released && pipeline.stagingSetOf(hash).isPresent()) {
            tally.count("tags released on the delivery after a failed release transaction");
            tally.survived();
        } else {
            tally.lost("a tag whose release transaction failed once: deliveries " + deliveries + ", build "
                    + (build == null ? "missing" : build.state()) + ", auto-deploy set " + pipeline.stagingSetOf(hash).isPresent());
        }
    }

    @Test
    void deployer() {
        Tally tally = new Tally("5 attacks from the review", "deployer (sets written to the table by hand)");
        Pipeline pipeline = new Pipeline(moto(), moto());
        ReleaseSetDeployer deployer = pipeline.releaseSetDeployer();
        AtomicInteger hashes = new AtomicInteger(0xb000000);

        Release good = recordedRelease(pipeline, nextHash(hashes));
        Release neverRan = recordedRelease(pipeline, nextHash(hashes));
        String digest = good.images().get(0).digest();
        Map<String, Release> forged = Map.of(
                "an image of another registry", withImage(good, EVIL_REGISTRY + "catalogue/id_minter@" + digest),
                "an image of an unserved account", withImage(good, "999999999999.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter@" + digest),
                "an image of an unserved region", withImage(good, "123456789012.dkr.ecr.us-east-1.amazonaws.com/catalogue/id_minter@" + digest),
                "another repository's image", withImage(good, Pipeline.REGISTRY + "platform/nginx@" + digest),
                "a digest the ledger never recorded", withImage(good, Pipeline.REGISTRY + "catalogue/id_minter@sha256:" + Pipeline.sha256("never")));
        for (int round = 0; round < Tally.size(1, 10); round++) {
            for (Map.Entry<String, Release> attack : forged.entrySet()) {
                refused(pipeline, deployer, request(pipeline, ReleaseSetKind.DEPLOY, attack.getValue()), attack.getKey(), tally);
            }
            refused(pipeline, deployer, request(pipeline, ReleaseSetKind.ROLLBACK, neverRan),
                    "a rollback to a release that never ran there", tally);
        }

        // What is refused must not be all that happens: a set of the ledger's own release deploys.
        ReleaseSet honest = request(pipeline, ReleaseSetKind.DEPLOY, good);
        if (deployer.deploy(honest.id()).status() == ReleaseSetStatus.IN_PROGRESS) {
            tally.count("honest sets deployed");
            tally.survived();
        } else {
            tally.lost("the ledger's own release did not deploy: " + pipeline.releaseSets.releaseSet(honest.id()).orElseThrow());
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    private static void refused(Pipeline pipeline, ReleaseSetDeployer deployer, ReleaseSet set, String attack, Tally tally) {
        String before = taskDefinition(pipeline);
        ReleaseSetDeployer.Result result = deployer.deploy(set.id());
        if (result.status() == ReleaseSetStatus.REJECTED && taskDefinition(pipeline).equals(before)) {
            tally.count("sets refused: " + attack);
            tally.survived();
        } else {
            tally.lost("a set with " + attack + " ended " + result.status() + " (" + result.reason() + "); the service runs "
                    + taskDefinition(pipeline) + ", before " + before);
        }
    }

    private static String taskDefinition(Pipeline pipeline) {
        return pipeline.setupEcs.describeServices(b -> b.cluster(pipeline.cluster).services(Pipeline.ECS_SERVICE))
                .services().get(0).taskDefinition();
    }

    /** A release build-recorder recorded for a push of this hash; its auto-deploy set is taken out of the way. */
    private static Release recordedRelease(Pipeline pipeline, String hash) {
        pipeline.buildRecorder.handle(pipeline.pushEvent(hash));
        ReleaseSet auto = pipeline.stagingSetOf(hash).orElseThrow();
        pipeline.releaseSets.reject(auto.id(), "drill: out of the way");
        return auto.releases().get(0);
    }

    private static Release withImage(Release release, String image) {
        ReleaseImage original = release.images().get(0);
        String digest = image.substring(image.indexOf('@') + 1);
        return new Release(release.projectId(), release.serviceSetId(), release.serviceId(), release.releaseHash(),
                List.of(new ReleaseImage(original.container(), original.repository(), digest, image, original.releaseHash())),
                release.sourceRepository(), digest, release.createdAt(), release.description());
    }

    private static ReleaseSet request(Pipeline pipeline, ReleaseSetKind kind, Release release) {
        Instant now = Instant.now();
        ReleaseSet set = new ReleaseSet(ReleaseSetIds.random("catalogue", "staging", now), "catalogue", "staging", null,
                List.of(release), kind, "drill@example.com", "an attack", now, ReleaseSetStatus.REQUESTED, null);
        assertThat(pipeline.releaseSets.request(set)).isTrue();
        return set;
    }

    @Test
    void deploymentRecorder() {
        Tally tally = new Tally("5 attacks from the review", "deployment-recorder (forged, foreign and huge ECS events)");
        Random random = new Random(Tally.SEED);
        Pipeline pipeline = new Pipeline(moto(), moto());
        ReleaseSetDeployer deployer = pipeline.releaseSetDeployer();
        AtomicInteger hashes = new AtomicInteger(0xc000000);

        for (int round = 0; round < Tally.size(2, 12); round++) {
            String hash = nextHash(hashes);
            pipeline.buildRecorder.handle(pipeline.pushEvent(hash));
            ReleaseSet set = pipeline.stagingSetOf(hash).orElseThrow();
            deployer.deploy(set.id());
            Deployment ours = pipeline.releaseSets.deployments(set.id()).get(0);
            int refused = 0;
            for (String forged : forgedEcsEvents(pipeline, ours, random)) {
                refused += "IGNORED".equals(pipeline.recorder.handle(forged).get("outcome")) ? 1 : 0;
            }
            boolean untouched = pipeline.releaseSets.deployments(set.id()).get(0).equals(ours);
            pipeline.successEvents(ours).forEach(pipeline.recorder::handle);
            ReleaseSet ended = pipeline.releaseSets.releaseSet(set.id()).orElseThrow();
            CurrentState row = pipeline.records.currentState("catalogue", "staging", Pipeline.SERVICE).orElseThrow();
            if (untouched && ended.status() == ReleaseSetStatus.SUCCEEDED && row.outOfBand() == null) {
                tally.count("forged and foreign ECS events ignored", refused);
                tally.survived();
            } else {
                tally.lost("forged events: deployment untouched " + untouched + ", set " + ended.status()
                        + ", changed outside " + row.outOfBand());
            }
        }

        String hash = nextHash(hashes);
        pipeline.buildRecorder.handle(pipeline.pushEvent(hash));
        ReleaseSet set = pipeline.stagingSetOf(hash).orElseThrow();
        deployer.deploy(set.id());
        Deployment ours = pipeline.releaseSets.deployments(set.id()).get(0);
        String huge = "x".repeat(300_000);
        pipeline.recorder.handle(pipeline.ecsEvent("ecs-task-stopped.json", ours)
                .replace("Container exited with code 1: id-minter could not reach its database", huge)
                .replace("\"exitCode\": 1,", "\"exitCode\": 4294967297,"));
        pipeline.recorder.handle(pipeline.ecsEvent("ecs-deployment-failed.json", ours));
        Deployment failed = pipeline.releaseSets.deployments(set.id()).get(0);
        if ((failed.status() == DeploymentStatus.FAILED || failed.status() == DeploymentStatus.ROLLED_BACK)
                && pipeline.releaseSets.releaseSet(set.id()).orElseThrow().status().isFinal()) {
            tally.count("deployments with a 300 KB reason and an exit code past 2^31 closed");
            tally.survived();
        } else {
            tally.lost("a deployment with a 300 KB reason stayed " + failed.status());
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    /** The review's forged ECS events about our deployment, and seeded variants of them. */
    private static List<String> forgedEcsEvents(Pipeline pipeline, Deployment ours, Random random) {
        String recent = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        List<String> events = new ArrayList<>();
        for (String fixture : List.of("ecs-deployment-other-account.json", "ecs-deployment-other-region.json",
                "ecs-deployment-dated-1970.json", "ecs-deployment-failed-other-service.json")) {
            events.add(Fixtures.event(fixture)
                    .replace("ecs-svc/1111111111111111111", ours.ecsDeploymentId())
                    .replace("catalogue-pipeline-id-minter-staging", Pipeline.ECS_SERVICE)
                    .replace("catalogue-pipeline-ingestor-staging", "catalogue-ingestor-staging")
                    .replace("catalogue-staging", pipeline.cluster).replaceAll("2026-11-20T[0-9:]+Z", recent));
        }
        for (String fixture : List.of("ecs-deployment-failed.json", "ecs-task-stopped.json")) {
            String real = pipeline.ecsEvent(fixture, ours);
            String[] forgery = forgery(random);
            events.add(real.replace("123456789012", forgery[0]).replace("eu-west-1", forgery[1]));
            events.add(real.replaceAll("\"time\": \"[^\"]*\"", "\"time\": \"" + (random.nextBoolean()
                    ? "1970-01-01T00:00:00Z" : Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)) + "\""));
        }
        return events;
    }

    @Test
    void manifestAndDashboard() throws Exception {
        Tally tally = new Tally("5 attacks from the review", "manifest patterns and the loopback dashboard");
        String manifest = Files.readString(Emulator.repositoryRoot().resolve("examples/harbourmaster.yml"));
        String tag = "ref." + "a".repeat(290);
        for (String pattern : BACKTRACKING_PATTERNS) {
            String hostile = manifest.replace("    - '([0-9a-f]{7,40})'\n", "    - '" + pattern.replace("'", "''") + "'\n");
            Project project;
            try {
                project = new ManifestParser().parse("attack.yml", hostile);
            } catch (ManifestException refused) {
                tally.count("tag patterns refused by hm project apply");
                tally.survived();
                continue;
            }
            long started = System.nanoTime();
            project.releaseHashRule().hashOf(tag);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis < 1_000) {
                tally.count("tag patterns accepted, matched in linear time");
                tally.survived();
            } else {
                tally.lost("the tag pattern " + pattern + " took " + millis + " ms on a 294-character tag");
            }
        }

        Pipeline pipeline = new Pipeline(moto(), moto());
        Dashboard dashboard = DashboardWiring.of(pipeline.setupDynamo, pipeline.table, List.of("catalogue")).dashboard();
        try (DashboardServer server = DashboardServer.start(dashboard, 0)) {
            int port = server.port();
            Map<String, String> hostile = Map.of(
                    "a rebinding name", "GET /api/p/catalogue/status HTTP/1.1\r\nHost: attacker.example:" + port,
                    "an absolute-form line naming another host", "GET http://attacker.example/api/p/catalogue/status HTTP/1.1\r\nHost: 127.0.0.1:" + port,
                    "no Host", "GET /api/p/catalogue/status HTTP/1.0",
                    "two Hosts", "GET /api/p/catalogue/status HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: attacker.example");
            for (Map.Entry<String, String> request : hostile.entrySet()) {
                String status = statusLine(port, request.getValue());
                if (status.startsWith("HTTP/1.1 421") || status.startsWith("HTTP/1.1 400")) {
                    tally.count("dashboard requests refused: " + request.getKey());
                    tally.survived();
                } else {
                    tally.lost("the dashboard answered " + request.getKey() + " with " + status);
                }
            }
            String loopback = statusLine(port, "GET /api/p/catalogue/status HTTP/1.1\r\nHost: 127.0.0.1:" + port);
            if (loopback.startsWith("HTTP/1.1 200")) {
                tally.survived();
            } else {
                tally.lost("the dashboard refused its own name: " + loopback);
            }
        }
        tally.report();
        assertThat(tally.lostOnes()).isEmpty();
    }

    private static String statusLine(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.lines().findFirst().orElse("(no answer)");
        }
    }

    /** An account and region the stack does not serve: (account, region), at least one of them wrong. */
    private static String[] forgery(Random random) {
        String otherAccount = String.format("%012d", 100_000_000_000L + random.nextLong(899_999_999_999L));
        return switch (random.nextInt(4)) {
            case 0 -> new String[] {"evil.example/x", "eu-west-1"};
            case 1 -> new String[] {otherAccount, "eu-west-1"};
            case 2 -> new String[] {"123456789012", random.nextBoolean() ? "us-east-1" : "ap-south-1"};
            default -> new String[] {"12345678901", "eu-west-1"};
        };
    }

    private static String nextHash(AtomicInteger hashes) {
        return String.format("%07x", hashes.getAndIncrement());
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
