package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log file gets every JSON line; a person gets one short line per notable thing the handlers said. */
class NarrationTest {

    @TempDir
    Path dir;

    @Test
    void theHandlersLogLinesBecomeShortLinesAndAllStayInTheFile() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path file = dir.resolve("local.log");
        try (LocalLog log = new LocalLog(file, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            log.logs().println("""
                    {"level":"INFO","logger":"build-recorder","message":"build recorded","outcome":"RECORDED","repository":"catalogue/api","digest":"sha256:0123456789abcdef0123","tag":"ref.3f9c2ab","releases":["catalogue/api@3f9c2ab"],"autoDeployReleaseSets":["01J -> catalogue/staging"]}""");
            log.logs().println("""
                    {"level":"INFO","logger":"deployer","message":"release set deployed","releaseSet":"01J","status":"IN_PROGRESS","deployments":[{"service":"api","status":"IN_PROGRESS","ecsDeploymentId":"ecs-svc/1"}]}""");
            log.logs().println("""
                    {"level":"WARN","logger":"deployer","message":"release set rejected","releaseSet":"01K","reason":"staging is locked"}""");
            log.logs().println("""
                    {"level":"INFO","logger":"deployer","message":"release set queued","releaseSet":"01L","status":"QUEUED","reason":"queued behind release set 01J: it starts when that one ends"}""");
            log.logs().println("""
                    {"level":"INFO","logger":"deployment-recorder","message":"queued release set started","releaseSet":"01L","after":"01J","project":"catalogue","environment":"staging"}""");
            log.logs().println("""
                    {"level":"INFO","logger":"deployment-recorder","message":"deployment evidence recorded","service":"api"}""");
            log.logs().println("""
                    {"level":"INFO","logger":"domain-events","message":"deployment finished","project":"catalogue","environment":"staging","service":"api","releaseHash":"3f9c2ab0123456789","outcome":"COMPLETED","reason":"ECS reported COMPLETED"}""");
            log.logs().println("""
                    {"level":"INFO","logger":"domain-events","message":"release set finished","project":"catalogue","environment":"staging","releaseSet":"01J","outcome":"SUCCEEDED","reason":"1 service runs the release"}""");
            log.logs().println("""
                    {"level":"ERROR","logger":"deployment-recorder","message":"ECS event not recorded","error":"boom"}""");
            log.logs().println("{\"_aws\":{\"Timestamp\":1}}");
            log.logs().print("not json, no newline yet");
        }

        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(said.lines()).hasSize(8);
        assertThat(said).contains("build    catalogue/api@sha256:0123456789ab (ref.3f9c2ab): build recorded; release"
                + " catalogue/api@3f9c2ab; auto-deploy: release set 01J -> catalogue/staging");
        assertThat(said).contains("deploy   release set 01J IN_PROGRESS: api IN_PROGRESS ecs-svc/1");
        assertThat(said).contains("deploy   release set 01K REJECTED: staging is locked");
        assertThat(said).contains("queue    release set 01L queued behind release set 01J: it starts when that one ends");
        assertThat(said).contains("queue    release set 01L starts: next in the queue of catalogue/staging, after 01J");
        assertThat(said).contains("outcome  catalogue/staging api 3f9c2ab COMPLETED: ECS reported COMPLETED");
        assertThat(said).contains("finished release set 01J catalogue/staging SUCCEEDED");
        assertThat(said).contains("error    deployment-recorder: ECS event not recorded (boom)");
        assertThat(said).doesNotContain("evidence");
        assertThat(Files.readAllLines(file)).hasSize(11).last().isEqualTo("not json, no newline yet");
    }

    @Test
    void anEventWithoutTheAccountGetsItBackAsEventBridgeWouldDeliverIt() {
        String withoutAccount = "{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"ECR Image Action\",\"source\":\"aws.ecr\","
                + "\"region\":\"eu-west-1\",\"detail\":{}}";

        assertThat(Delivered.json(QueueDispatcher.asDelivered(withoutAccount, "123456789012")).path("account").asText())
                .isEqualTo("123456789012");
        String withAccount = withoutAccount.replace("\"region\"", "\"account\":\"999\",\"region\"");
        assertThat(QueueDispatcher.asDelivered(withAccount, "123456789012")).isEqualTo(withAccount);
        assertThat(QueueDispatcher.asDelivered("{not json", "123456789012")).isEqualTo("{not json");
    }

    @Test
    void anEventIsDatedByWhenEcsSaysItHappenedElseByItsEnvelope() {
        String stopped = "{\"time\":\"2026-12-03T10:00:01Z\",\"detail\":{\"updatedAt\":\"2026-12-03T10:00:00.250Z\"}}";
        String failed = "{\"time\":\"2026-12-03T10:00:00Z\",\"detail\":{\"updatedAt\":\"2026-12-03T10:00:00.500Z\"}}";

        assertThat(QueueDispatcher.happenedAt(stopped)).as("the task stopped before the deployment failed, whatever the envelopes say")
                .isBefore(QueueDispatcher.happenedAt(failed));
        assertThat(QueueDispatcher.happenedAt("{\"time\":\"2026-12-03T10:00:02Z\",\"detail\":{}}"))
                .isEqualTo(java.time.Instant.parse("2026-12-03T10:00:02Z"));
        assertThat(QueueDispatcher.happenedAt("{not json")).isNull();
        assertThat(QueueDispatcher.happenedAt("{\"time\":\"yesterday\"}")).isNull();
    }
}
