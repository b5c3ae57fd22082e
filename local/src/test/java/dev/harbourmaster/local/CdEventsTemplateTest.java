package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.template.SamTemplate;
import dev.harbourmaster.domainevents.CdEvent;
import dev.harbourmaster.domainevents.DomainEventsConfig;
import dev.harbourmaster.testing.Emulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CDEvents part of template.yaml as AWS and local mode read it: DomainEventsFunction's stream
 * filters (event-ruler matches them as Lambda does), its CDEVENTS variable from the CdEvents
 * parameter, and the detail-types its role may put.
 */
class CdEventsTemplateTest {

    private static final Map<String, String> REFS = Map.of("Table", "hm-local-table", "TableName", "hm-local-table",
            "EventBus", "harbourmaster-local", "AWS::AccountId", "123456789012");

    private static String text;
    private static List<EventFilter> filters;

    @BeforeAll
    static void readTemplate() throws IOException {
        text = Files.readString(Emulator.repositoryRoot().resolve("template.yaml"));
        filters = TemplateWiring.parse(text).function("DomainEventsFunction").orElseThrow().streams().getFirst().filters();
    }

    private static boolean matches(String eventName, String imageName, String type) {
        JsonNode record = Delivered.json("{\"eventName\": \"" + eventName + "\", \"dynamodb\": {\"" + imageName
                + "\": {\"type\": {\"S\": \"" + type + "\"}, \"id\": {\"S\": \"x\"}}}}");
        return EventFilter.anyMatches(filters, record);
    }

    @Test
    void aBuildMatchesOnlyWhenFirstWritten() {
        assertThat(matches("INSERT", "NewImage", "Build")).isTrue();
        assertThat(matches("MODIFY", "NewImage", "Build")).as("a tag added, a state changed").isFalse();
        assertThat(matches("REMOVE", "OldImage", "Build")).isFalse();
    }

    @Test
    void anEnvironmentMatchesWhenWrittenAndWhenDeleted() {
        assertThat(matches("INSERT", "NewImage", "Environment")).isTrue();
        assertThat(matches("MODIFY", "NewImage", "Environment")).isTrue();
        assertThat(matches("REMOVE", "OldImage", "Environment")).isTrue();
        assertThat(matches("INSERT", "NewImage", "Service")).isFalse();
        assertThat(matches("REMOVE", "OldImage", "Service")).isFalse();
        assertThat(matches("INSERT", "NewImage", "RepositoryFeed")).isFalse();
    }

    @Test
    void cdEventsAreOnByDefaultAndLocalModeBuildsTheFunctionSo() {
        Map<String, String> environment = TemplateWiring.parse(text).environment("DomainEventsFunction", REFS);
        assertThat(environment).containsEntry("CDEVENTS", "on");
        assertThat(DomainEventsConfig.fromEnvironment(environment).cdEvents()).isTrue();
        Map<String, String> off = TemplateWiring.parse(text.replace("    Default: \"on\"\n    AllowedValues: [\"on\", \"off\"]",
                "    Default: \"off\"\n    AllowedValues: [\"on\", \"off\"]")).environment("DomainEventsFunction", REFS);
        assertThat(DomainEventsConfig.fromEnvironment(off).cdEvents()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoleMayPutEveryCdEventTypeTheFunctionEmits() {
        Map<String, Object> role = SamTemplate.parse(text).rawProperties("DomainEventsRole");
        Map<String, Object> policy = (Map<String, Object>) ((List<Object>) role.get("Policies")).getFirst();
        List<Map<String, Object>> statements = (List<Map<String, Object>>) SamTemplate.map(policy, "PolicyDocument").get("Statement");
        Map<String, Object> publish = statements.stream().filter(st -> "PublishDomainEvents".equals(st.get("Sid"))).findFirst()
                .orElseThrow();
        List<String> detailTypes = (List<String>) SamTemplate.map(SamTemplate.map(publish, "Condition"), "StringEquals")
                .get("events:detail-type");
        assertThat(detailTypes).containsAll(CdEvent.TYPES).contains("Deployment Finished", "Release Set Finished");
    }
}
