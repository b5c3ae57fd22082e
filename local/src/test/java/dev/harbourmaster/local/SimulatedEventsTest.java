package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.buildrecorder.EcrImageActionParser;
import dev.harbourmaster.recorder.EcsEvent;
import dev.harbourmaster.recorder.EcsEventParser;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The events local mode publishes in place of ECS and ECR: shaped as the fixtures (what AWS
 * documents), read by the real parsers as they should be, and routed by the template's own rules
 * to the function meant to hear them, and to no other.
 */
class SimulatedEventsTest {

    private static final String DIGEST = "sha256:" + "4b1e0c3a8f4de2a9c0b6f7e5d3c1a9b8e7f6d5c4b3a2918f7e6d5c4b3a291807";
    private static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter@" + DIGEST;
    private static final EcsEvents.ServiceRef SERVICE = EcsEvents.ServiceRef.of(
            "arn:aws:ecs:eu-west-1:123456789012:service/catalogue-staging/catalogue-id_minter-staging", null);
    private static final Instant AT = Instant.parse("2026-11-20T10:20:41.123Z");

    private static TemplateWiring wiring;
    private final EcsEventParser parser = new EcsEventParser();

    @BeforeAll
    static void readTemplate() throws IOException {
        wiring = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml"));
    }

    private static EcsEvents.Task task(String image) {
        return new EcsEvents.Task(SERVICE, SERVICE.newTaskArn(),
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/catalogue-id_minter-staging:2", "ecs-svc/1234",
                List.of(EcsEvents.Container.running("id_minter", image)), AT.minusSeconds(30));
    }

    /** The rules (function and event) of the template that the event matches. */
    private static List<String> routedTo(PutEventsRequestEntry entry) {
        JsonNode event = Delivered.event(entry);
        return wiring.rules().stream().filter(r -> r.pattern().matches(event))
                .map(r -> r.functionId() + " " + r.eventName()).toList();
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void deploymentStateChangesAreShapedAsEcsSendsThemAndReachTheRecorder() {
        PutEventsRequestEntry inProgress = EcsEvents.deploymentStateChange(SERVICE, EcsEvents.IN_PROGRESS, "ecs-svc/1234",
                EcsEvents.inProgressReason("ecs-svc/1234"), AT);
        ObjectNode delivered = Delivered.event(inProgress);

        assertThat(fields(delivered.get("detail")))
                .isEqualTo(fields(Delivered.json(Fixtures.event("ecs-deployment-completed.json")).get("detail")));
        assertThat(routedTo(inProgress)).containsExactly("DeploymentRecorderFunction EcsDeploymentStateChange");
        EcsEvent.DeploymentStateChange parsed = (EcsEvent.DeploymentStateChange)
                ((EcsEventParser.Parsed) parser.parse(delivered.toString())).event();
        assertThat(parsed.cluster()).isEqualTo("catalogue-staging");
        assertThat(parsed.serviceName()).isEqualTo("catalogue-id_minter-staging");
        assertThat(parsed.state()).isEqualTo(EcsEvent.DeploymentState.IN_PROGRESS);
        assertThat(parsed.deploymentId()).isEqualTo("ecs-svc/1234");
        assertThat(parsed.updatedAt()).isEqualTo(AT);
        assertThat(parsed.rollingBackTo()).isEmpty();
    }

    @Test
    void theCircuitBreakersEventsSayWhatFailedAndWhereItRollsBackTo() {
        var failed = (EcsEvent.DeploymentStateChange) ((EcsEventParser.Parsed) parser.parse(Delivered.event(
                EcsEvents.deploymentStateChange(SERVICE, EcsEvents.FAILED, "ecs-svc/1234", EcsEvents.CIRCUIT_BREAKER_FAILED,
                        AT)).toString())).event();
        var rollback = (EcsEvent.DeploymentStateChange) ((EcsEventParser.Parsed) parser.parse(Delivered.event(
                EcsEvents.deploymentStateChange(SERVICE, EcsEvents.IN_PROGRESS, "ecs-svc/5678",
                        EcsEvents.rollingBackReason("ecs-svc/1000"), AT)).toString())).event();

        assertThat(failed.state()).isEqualTo(EcsEvent.DeploymentState.FAILED);
        assertThat(failed.reason()).isEqualTo(Delivered.json(Fixtures.event("ecs-deployment-failed.json"))
                .at("/detail/reason").asText());
        assertThat(Delivered.event(EcsEvents.deploymentStateChange(SERVICE, EcsEvents.FAILED, "ecs-svc/1234",
                EcsEvents.CIRCUIT_BREAKER_FAILED, AT)).at("/detail/eventType").asText()).isEqualTo("ERROR");
        assertThat(rollback.rollingBackTo()).contains("ecs-svc/1000");
    }

    @Test
    void aRunningTaskNamesItsDeploymentAndTheDigestEachContainerRuns() {
        PutEventsRequestEntry running = EcsEvents.taskRunning(task(IMAGE), AT);
        JsonNode fixture = Delivered.json(Fixtures.event("ecs-task-running.json")).get("detail");
        JsonNode detail = Delivered.event(running).get("detail");

        assertThat(fields(fixture)).containsAll(fields(detail));
        assertThat(fields(fixture.get("containers").get(0))).containsAll(fields(detail.get("containers").get(0)));
        assertThat(routedTo(running)).containsExactly("DeploymentRecorderFunction EcsTaskStateChange");
        var parsed = (EcsEvent.TaskStateChange) ((EcsEventParser.Parsed) parser.parse(Delivered.event(running).toString())).event();
        assertThat(parsed.cluster()).isEqualTo("catalogue-staging");
        assertThat(parsed.serviceName()).isEqualTo("catalogue-id_minter-staging");
        assertThat(parsed.startedBy()).isEqualTo("ecs-svc/1234");
        assertThat(parsed.lastStatus()).isEqualTo("RUNNING");
        assertThat(parsed.taskArn()).startsWith("arn:aws:ecs:eu-west-1:123456789012:task/catalogue-staging/");
        assertThat(parsed.containers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("id_minter");
            assertThat(c.imageDigest()).isEqualTo(DIGEST);
        });
        assertThat(parsed.startedAt()).isEqualTo(AT);
    }

    @Test
    void anImageNamedByTagRunsWithoutAKnownDigest() {
        var parsed = (EcsEvent.TaskStateChange) ((EcsEventParser.Parsed) parser.parse(Delivered.event(
                EcsEvents.taskRunning(task("123456789012.dkr.ecr.eu-west-1.amazonaws.com/catalogue/id_minter:bootstrap"),
                        AT)).toString())).event();
        assertThat(parsed.containers().get(0).imageDigest()).isNull();
    }

    @Test
    void aStoppedTaskSaysItsEssentialContainerExitedWithCode1() {
        EcsEvents.Task failing = new EcsEvents.Task(SERVICE, SERVICE.newTaskArn(), "td:2", "ecs-svc/1234",
                List.of(new EcsEvents.Container("id_minter", IMAGE, 1, "Container exited with code 1")), AT.minusSeconds(5));
        PutEventsRequestEntry stopped = EcsEvents.taskStopped(failing, AT);
        JsonNode fixture = Delivered.json(Fixtures.event("ecs-task-stopped.json")).get("detail");
        JsonNode detail = Delivered.event(stopped).get("detail");

        assertThat(fields(fixture)).containsAll(fields(detail));
        assertThat(fields(fixture.get("containers").get(0))).containsAll(fields(detail.get("containers").get(0)));
        assertThat(routedTo(stopped)).containsExactly("DeploymentRecorderFunction EcsTaskStateChange");
        var parsed = (EcsEvent.TaskStateChange) ((EcsEventParser.Parsed) parser.parse(Delivered.event(stopped).toString())).event();
        assertThat(parsed.lastStatus()).isEqualTo("STOPPED");
        assertThat(parsed.stopCode()).isEqualTo("EssentialContainerExited");
        assertThat(parsed.stoppedReason()).isEqualTo("Essential container in task exited");
        assertThat(parsed.containers().get(0).exitCode()).isEqualTo(1);
        assertThat(parsed.stoppedAt()).isEqualTo(AT);
    }

    @Test
    void anEcrPushIsShapedAsEcrSendsItAndReachesTheBuildRecorder() {
        PutEventsRequestEntry push = EcrWatcher.imageAction("catalogue/id_minter", DIGEST, "ref.3f9c2ab",
                "application/vnd.oci.image.manifest.v1+json", AT);
        JsonNode detail = Delivered.event(push).get("detail");

        assertThat(fields(detail)).isEqualTo(fields(Delivered.json(Fixtures.event("ecr-push-success.json")).get("detail")));
        assertThat(routedTo(push)).containsExactly("BuildRecorderFunction EcrPush");
        var parsed = ((EcrImageActionParser.Push) new EcrImageActionParser().parse(Delivered.event(push).toString())).push();
        assertThat(parsed.repository()).isEqualTo("catalogue/id_minter");
        assertThat(parsed.digest()).isEqualTo(DIGEST);
        assertThat(parsed.tag()).isEqualTo("ref.3f9c2ab");

        PutEventsRequestEntry untagged = EcrWatcher.imageAction("catalogue/id_minter", DIGEST, null, null, AT);
        assertThat(Delivered.event(untagged).get("detail").has("image-tag")).isFalse();
        assertThat(((EcrImageActionParser.Push) new EcrImageActionParser().parse(Delivered.event(untagged).toString()))
                .push().tag()).isNull();
    }
}
