package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.support.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** EventBridge's input transformation, as its User Guide documents it (the EC2 example is the guide's). */
class InputTransformationTest {

    static final String EC2 = """
            {"version": "0", "id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "EC2 Instance State-change Notification",
             "source": "aws.ec2", "account": "123456789012", "time": "2015-11-11T21:29:54Z", "region": "us-east-1",
             "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
             "detail": {"instance-id": "i-0123456789", "state": "RUNNING", "note": "say \\"hi\\"\\nbye", "tags": {"team": "a"}}}""";

    static final Map<String, String> PATHS = Map.of("instance", "$.detail.instance-id", "state", "$.detail.state",
            "note", "$.detail.note", "tags", "$.detail.tags", "resource", "$.resources[0]", "missing", "$.detail.nothing");

    @Test
    void theGuidesExamplesComeOutAsItShows() throws Exception {
        assertThat(render("\"instance <instance> is in <state>\"")).isEqualTo("\"instance i-0123456789 is in RUNNING\"");
        assertThat(json("{\"instance\" : <instance>, \"state\": [ 9, <state>, true ], \"Transformed\" : \"Yes\"}"))
                .isEqualTo(Json.MAPPER.readTree("{\"instance\": \"i-0123456789\", \"state\": [9, \"RUNNING\", true], \"Transformed\": \"Yes\"}"));
        assertThat(render("\"<aws.events.rule-name> triggered\"")).isEqualTo("\"example triggered\"");
        JsonNode out = json("{\"ruleArn\": <aws.events.rule-arn>, \"original\": <aws.events.event>, \"full\": <aws.events.event.json>}");
        assertThat(out.path("ruleArn").asText()).isEqualTo("arn:aws:events:us-east-2:123456789012:rule/example");
        assertThat(out.path("original").has("detail")).isFalse();
        assertThat(out.path("full").at("/detail/state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void anUnquotedPlaceholderIsTheValueAsJsonSoQuotesAndLineBreaksStayEscaped() throws Exception {
        JsonNode out = json("{\"text\": <note>, \"tags\": <tags>, \"resource\": <resource>}");

        assertThat(out.path("text").asText()).isEqualTo("say \"hi\"\nbye");
        assertThat(out.path("tags").path("team").asText()).isEqualTo("a");
        assertThat(out.path("resource").asText()).isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111");
    }

    @Test
    void insideAStringAValueIsNotEscapedSoAQuoteInItBreaksTheJson() {
        String out = render("{\"text\": \"note: <note>\"}");

        assertThat(out).isEqualTo("{\"text\": \"note: say \"hi\"\nbye\"}");
        assertThatThrownBy(() -> Json.MAPPER.readTree(out)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void insideAStringAnObjectLosesItsQuotes() {
        assertThat(render("{\"text\": \"tags <tags>\"}")).isEqualTo("{\"text\": \"tags {team:a}\"}");
    }

    @Test
    void aPathTheEventLacksMakesNoVariableAndItsPlaceholderGoes() {
        assertThat(render("{\"text\": \"[<missing>]\", \"state\": \"<state>\"}")).isEqualTo("{\"text\": \"[]\", \"state\": \"RUNNING\"}");
    }

    @Test
    void angleBracketsThatNameNoVariableStay() {
        assertThat(render("\"a <b> c <state>\"")).isEqualTo("\"a <b> c RUNNING\"");
    }

    @Test
    void escapedQuotesInTheTemplateDoNotEndItsString() throws Exception {
        assertThat(json("{\"text\": \"the \\\"<state>\\\" state\", \"raw\": <state>}").path("text").asText())
                .isEqualTo("the \"RUNNING\" state");
    }

    @Test
    void whatEventBridgeRefusesIsRefused() {
        Map<String, String> many = new LinkedHashMap<>();
        IntStream.range(0, 101).forEach(i -> many.put("v" + i, "$.detail.state"));
        assertThatThrownBy(() -> new InputTransformation(many, "{}")).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> new InputTransformation(Map.of("all", "$.detail[*]"), "{}")).hasMessageContaining("wildcards");
        assertThatThrownBy(() -> new InputTransformation(Map.of("x", "$['detail']"), "{}")).hasMessageContaining("dot notation");
        assertThatThrownBy(() -> new InputTransformation(Map.of("aws.mine", "$.detail"), "{}")).hasMessageContaining("cannot be");
    }

    private static String render(String template) {
        try {
            return new InputTransformation(PATHS, template).render(Json.MAPPER.readTree(EC2), "example",
                    "arn:aws:events:us-east-2:123456789012:rule/example");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String template) throws JsonProcessingException {
        return Json.MAPPER.readTree(render(template));
    }
}
