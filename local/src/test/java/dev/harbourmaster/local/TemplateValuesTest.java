package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.harbourmaster.template.SamTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateValuesTest {

    static final SamTemplate TEMPLATE = SamTemplate.parse("""
            Parameters:
              Channel: {Type: String, Default: ""}
              Format: {Type: String, Default: slack}
            Conditions:
              HasChannel: !Not [!Equals [!Ref Channel, ""]]
              Teams: !Equals [!Ref Format, teams]
              Either: !Or [!Condition HasChannel, !Condition Teams]
            Resources:
              Always: {Type: AWS::SNS::Topic}
              Sometimes:
                Type: AWS::Events::Rule
                Condition: HasChannel
                Properties:
                  Pattern:
                    kind: !If [Teams, [card], [text, blocks]]
                    extra: !If [Either, !Ref AWS::NoValue, kept]
                  Body: !Sub
                    - '{"to": "${Channel}", "on": "${Bus}", "raw": "${!Literal}"${Tail}}'
                    - Tail: !If [Teams, ', "teams": true', ""]
                  Unknown: !Ref Elsewhere
            """);

    @Test
    void parametersTakeTheValuesGivenElseTheirDefaultsAndDecideConditionsAndResources() {
        TemplateValues defaults = new TemplateValues(TEMPLATE, Map.of("Bus", "b"));
        TemplateValues teams = new TemplateValues(TEMPLATE, Map.of("Bus", "b", "Channel", "#deploys", "Format", "teams"));

        assertThat(defaults.exists("Always")).isTrue();
        assertThat(defaults.exists("Sometimes")).isFalse();
        assertThat(teams.exists("Sometimes")).isTrue();
        Map<String, Object> properties = TEMPLATE.rawProperties("Sometimes");
        assertThat(defaults.value(properties.get("Pattern"), "Pattern")).isEqualTo(Map.of("kind", List.of("text", "blocks"), "extra", "kept"));
        assertThat(teams.value(properties.get("Pattern"), "Pattern")).as("AWS::NoValue leaves the key out")
                .isEqualTo(Map.of("kind", List.of("card")));
        assertThat(teams.text(properties.get("Body"), "Body"))
                .isEqualTo("{\"to\": \"#deploys\", \"on\": \"b\", \"raw\": \"${Literal}\", \"teams\": true}");
        assertThat(defaults.text(properties.get("Body"), "Body")).isEqualTo("{\"to\": \"\", \"on\": \"b\", \"raw\": \"${Literal}\"}");
    }

    @Test
    void whatCannotBeKnownLocallyIsRefusedNamingWhere() {
        TemplateValues values = new TemplateValues(TEMPLATE, Map.of());
        assertThatThrownBy(() -> values.value(TEMPLATE.rawProperties("Sometimes").get("Unknown"), "Sometimes Unknown"))
                .hasMessageContaining("Sometimes Unknown names Elsewhere");
    }
}
