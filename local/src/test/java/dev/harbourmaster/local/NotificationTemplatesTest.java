package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.harbourmaster.domain.Deployment;
import dev.harbourmaster.domain.DeploymentStatus;
import dev.harbourmaster.domain.Release;
import dev.harbourmaster.domain.ReleaseImage;
import dev.harbourmaster.domain.ReleaseSet;
import dev.harbourmaster.domain.ReleaseSetKind;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.domainevents.ReleaseSetFinished;
import dev.harbourmaster.support.Json;
import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifications of template.yaml rendered as EventBridge would render them ({@link
 * InputTransformation}) for "Release Set Finished" events made by the domain-events function's own
 * record: every body is JSON, and says the project, environment, outcome, each service with its hash
 * and reason (quotes and line breaks in them included), who asked and why, and links the dashboard.
 */
class NotificationTemplatesTest {

    static final String SET_ID = "catalogue/prod/01JD2Z8Q0R5W3YV6T9B4X7C1MN";
    static final String REASON = "circuit breaker: \"task failed to start\"\nCannotPullContainerError: <none> \\ retry";
    static final String DESCRIPTION = "fix the \"flaky\" ingestor\nsecond line";
    static final String DIGEST = "sha256:" + "a".repeat(64);

    static TemplateWiring wiring;

    @BeforeAll
    static void readTemplate() throws IOException {
        wiring = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml"));
    }

    @Test
    void slackGetsItsTextAndBlocksWithEachServiceItsReasonWhoAndWhy() throws IOException {
        JsonNode body = render("NotificationWebhookRule", "webhook", parameters(), failedEvent());

        assertThat(body.path("text").asText()).isEqualTo("catalogue/prod: release set PARTIAL");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("*catalogue/prod*: release set *PARTIAL*");
        assertThat(body.at("/blocks/1/text/type").asText()).isEqualTo("plain_text");
        assertThat(body.at("/blocks/1/text/text").asText()).isEqualTo(
                "ingestor ref.3f9c2ab ROLLED_BACK: " + REASON + "\nid_minter ref.77d0e1f COMPLETED: ran\n"
                        + "Requested by Jane \"JJ\" Doe: " + DESCRIPTION);
        assertThat(body.at("/blocks/2/elements/0/text").asText()).isEqualTo(SET_ID);
        assertThat(body.path("blocks")).hasSize(3);
    }

    @Test
    void slackLinksTheSetsDashboardPageWhenOneIsConfigured() throws IOException {
        Map<String, String> parameters = parameters();
        parameters.put("NotificationDashboardUrl", "https://hm.example.com/");

        JsonNode body = render("NotificationWebhookRule", "webhook", parameters, failedEvent());

        assertThat(body.at("/blocks/3/type").asText()).isEqualTo("actions");
        assertThat(body.at("/blocks/3/elements/0/url").asText()).isEqualTo("https://hm.example.com/sets/" + SET_ID);
    }

    @Test
    void teamsGetsAnAdaptiveCardWithTheSameTextAndTheLink() throws IOException {
        Map<String, String> parameters = parameters();
        parameters.put("NotificationWebhookFormat", "teams");
        parameters.put("NotificationDashboardUrl", "https://hm.example.com/");

        JsonNode body = render("NotificationWebhookRule", "webhook", parameters, failedEvent());

        assertThat(body.path("type").asText()).isEqualTo("message");
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.at("/body/0/text").asText()).isEqualTo("catalogue/prod: release set PARTIAL");
        assertThat(card.at("/body/1/text").asText()).contains("ingestor ref.3f9c2ab ROLLED_BACK: " + REASON,
                "Requested by Jane \"JJ\" Doe: " + DESCRIPTION);
        assertThat(card.at("/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(card.at("/actions/0/url").asText()).isEqualTo("https://hm.example.com/sets/" + SET_ID);
    }

    @Test
    void amazonQGetsItsCustomNotification() throws IOException {
        Map<String, String> parameters = parameters();
        parameters.put("NotificationDashboardUrl", "https://hm.example.com/");

        JsonNode body = render("NotificationTopicRule", "topic", parameters, failedEvent());

        assertThat(body.path("version").asText()).isEqualTo("1.0");
        assertThat(body.path("source").asText()).isEqualTo("custom");
        JsonNode content = body.path("content");
        assertThat(content.path("textType").asText()).isEqualTo("client-markdown");
        assertThat(content.path("title").asText()).isEqualTo("catalogue/prod: release set PARTIAL");
        assertThat(content.path("description").asText()).startsWith("ingestor ref.3f9c2ab ROLLED_BACK: " + REASON)
                .endsWith(DESCRIPTION);
        assertThat(content.path("keywords")).extracting(JsonNode::asText).containsExactly("catalogue", "prod", "PARTIAL");
        assertThat(content.path("nextSteps").get(0).asText()).isEqualTo("Open in the dashboard: https://hm.example.com/sets/" + SET_ID);
        assertThat(body.at("/metadata/threadId").asText()).isEqualTo(SET_ID);
    }

    @Test
    void aRejectedSetSaysWhyNothingWasDeployed() throws IOException {
        ReleaseSet set = set(ReleaseSetStatus.REJECTED, "catalogue/prod is locked by bob: \"freeze\"");
        JsonNode body = render("NotificationWebhookRule", "webhook", parameters(), event(ReleaseSetFinished.of(set, "REQUESTED", List.of())));

        assertThat(body.at("/blocks/1/text/text").asText()).isEqualTo("ingestor ref.3f9c2ab not deployed\n"
                + "id_minter ref.77d0e1f not deployed\nReason: catalogue/prod is locked by bob: \"freeze\"\n"
                + "Requested by Jane \"JJ\" Doe: " + DESCRIPTION);
    }

    @Test
    void byDefaultOnlyFailedPartialAndRejectedSetsNotify() {
        EventFilter failures = wiring.rulePattern("NotificationWebhookRule", parameters());
        Map<String, String> everySet = parameters();
        everySet.put("NotifyOn", "every-set");
        EventFilter every = wiring.rulePattern("NotificationTopicRule", everySet);

        for (ReleaseSetStatus outcome : List.of(ReleaseSetStatus.FAILED, ReleaseSetStatus.PARTIAL, ReleaseSetStatus.REJECTED)) {
            assertThat(failures.matches(outcomeEvent(outcome))).as(outcome.name()).isTrue();
            assertThat(every.matches(outcomeEvent(outcome))).as(outcome.name()).isTrue();
        }
        assertThat(failures.matches(outcomeEvent(ReleaseSetStatus.SUCCEEDED))).isFalse();
        assertThat(every.matches(outcomeEvent(ReleaseSetStatus.SUCCEEDED))).isTrue();
        ObjectNode deployment = outcomeEvent(ReleaseSetStatus.FAILED).put("detail-type", "Deployment Finished");
        assertThat(failures.matches(deployment)).as("a deployment's event").isFalse();
    }

    @Test
    void withoutTheParametersNothingOfTheNotificationsExists() {
        Map<String, String> none = Map.of("EventBus", "bus", "AWS::StackName", "hm");
        assertThat(wiring.webhookRules(none)).isEmpty();
        for (String id : List.of("NotificationConnection", "NotificationApiDestination", "NotificationWebhookRole",
                "NotificationWebhookRule", "NotificationTopicRole", "NotificationTopicRule")) {
            assertThat(wiring.exists(id, none)).as(id).isFalse();
            assertThat(wiring.exists(id, parameters())).as(id).isTrue();
        }
        assertThat(wiring.webhookRules(parameters())).singleElement().satisfies(rule -> {
            assertThat(rule.eventBus()).isEqualTo("harbourmaster-bus");
            assertThat(rule.httpMethod()).isEqualTo("POST");
            assertThat(rule.headers()).containsEntry("X-Harbourmaster-Stack", "harbourmaster");
        });
    }

    private static Map<String, String> parameters() {
        Map<String, String> values = new HashMap<>();
        values.put("EventBus", "harbourmaster-bus");
        values.put("AWS::StackName", "harbourmaster");
        values.put("NotificationWebhookSecret", "harbourmaster/chat-webhook");
        values.put("NotificationTopicArn", "arn:aws:sns:eu-west-1:123456789012:deploys");
        return values;
    }

    private static JsonNode render(String rule, String target, Map<String, String> parameters, ObjectNode event) throws IOException {
        String body = wiring.inputTransformation(rule, target, parameters)
                .render(event, rule, "arn:aws:events:eu-west-1:123456789012:rule/harbourmaster-bus/" + rule);
        return Json.MAPPER.readTree(body); // fails unless it is JSON
    }

    private static ObjectNode failedEvent() {
        ReleaseSet set = set(ReleaseSetStatus.PARTIAL, "1 of 2 failed");
        return event(ReleaseSetFinished.of(set, "IN_PROGRESS", List.of(
                deployment("ingestor", "ref.3f9c2ab", DeploymentStatus.ROLLED_BACK, REASON),
                deployment("id_minter", "ref.77d0e1f", DeploymentStatus.COMPLETED, "ran"))));
    }

    private static ObjectNode outcomeEvent(ReleaseSetStatus outcome) {
        return event(ReleaseSetFinished.of(set(outcome, null), "IN_PROGRESS", List.of()));
    }

    /** As the domain-events function puts it on the bus, and EventBridge delivers it. */
    private static ObjectNode event(ReleaseSetFinished detail) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("version", "0").put("id", "6a7e8feb-b491-4cf7-a9f1-bf3703467718")
                .put("detail-type", ReleaseSetFinished.DETAIL_TYPE).put("source", "harbourmaster").put("account", "123456789012")
                .put("time", "2026-11-20T10:05:00Z").put("region", "eu-west-1");
        event.putArray("resources");
        event.set("detail", Json.MAPPER.valueToTree(detail));
        return event;
    }

    private static ReleaseSet set(ReleaseSetStatus status, String reason) {
        return new ReleaseSet(SET_ID, "catalogue", "prod", "pipeline",
                List.of(release("ingestor", "ref.3f9c2ab"), release("id_minter", "ref.77d0e1f")), ReleaseSetKind.PROMOTE,
                "Jane \"JJ\" Doe", DESCRIPTION, Instant.parse("2026-11-20T10:00:00Z"), status, reason);
    }

    private static Release release(String service, String hash) {
        return new Release("catalogue", "pipeline", service, hash,
                List.of(new ReleaseImage(service, "catalogue/" + service, DIGEST, "catalogue/" + service + "@" + DIGEST, hash)),
                "catalogue/" + service, DIGEST, Instant.parse("2026-11-20T09:30:00Z"), null);
    }

    private static Deployment deployment(String service, String hash, DeploymentStatus status, String reason) {
        return Deployment.builder().releaseSetId(SET_ID).projectId("catalogue").environmentId("prod").serviceId(service)
                .cluster("catalogue-prod").ecsServiceName("catalogue-" + service + "-prod").releaseHash(hash)
                .ecsDeploymentId("ecs-svc/1").status(status).reason(reason)
                .startedAt(Instant.parse("2026-11-20T10:00:05Z")).endedAt(Instant.parse("2026-11-20T10:04:05Z")).revision(1)
                .build();
    }
}
