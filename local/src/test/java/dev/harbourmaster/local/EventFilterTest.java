package dev.harbourmaster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import dev.harbourmaster.testing.Emulator;
import dev.harbourmaster.testing.Fixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's two stream filters and its EventBridge patterns as local mode matches them, and the
 * rest of the pattern language, through Event Ruler.
 */
class EventFilterTest {

    private static List<EventFilter> deployer;
    private static List<EventFilter> domainEvents;
    private static TemplateWiring wiring;

    @BeforeAll
    static void readTemplate() throws IOException {
        wiring = TemplateWiring.read(Emulator.repositoryRoot().resolve("template.yaml"));
        deployer = wiring.function("DeployerFunction").orElseThrow().streams().get(0).filters();
        domainEvents = wiring.function("DomainEventsFunction").orElseThrow().streams().get(0).filters();
    }

    private static JsonNode firstRecord(String fixture) {
        return Delivered.json(Fixtures.event(fixture)).path("Records").get(0);
    }

    private static JsonNode record(String eventName, String type, String status) {
        return Delivered.json("""
                {"eventName": "%s", "dynamodb": {"Keys": {"PK": {"S": "X"}, "SK": {"S": "Y"}},
                 "NewImage": {"PK": {"S": "X"}, "SK": {"S": "Y"}, "type": {"S": "%s"}, "status": {"S": "%s"}}}}
                """.formatted(eventName, type, status));
    }

    @Test
    void theDeployerGetsRequestedReleaseSetsOnly() {
        assertThat(EventFilter.anyMatches(deployer, firstRecord("dynamodb-stream-release-set-requested.json"))).isTrue();
        assertThat(EventFilter.anyMatches(deployer, firstRecord("dynamodb-stream-locked-environment.json"))).isTrue();
        assertThat(EventFilter.anyMatches(deployer, record("MODIFY", "ReleaseSet", "REQUESTED"))).isTrue();
        assertThat(EventFilter.anyMatches(deployer, firstRecord("dynamodb-stream-release-set-in-progress.json")))
                .as("claimed already").isFalse();
        assertThat(EventFilter.anyMatches(deployer, firstRecord("dynamodb-stream-keys-only-insert.json")))
                .as("moto's keys-only INSERT has no type").isFalse();
        assertThat(EventFilter.anyMatches(deployer, record("REMOVE", "ReleaseSet", "REQUESTED"))).isFalse();
        assertThat(EventFilter.anyMatches(deployer, record("INSERT", "Deployment", "REQUESTED"))).isFalse();
    }

    @Test
    void domainEventsGetFinishedDeploymentsAndReleaseSets() {
        assertThat(domainEvents).as("and the two for CDEvents: CdEventsTemplateTest").hasSize(4);
        for (String status : List.of("COMPLETED", "COMPLETED_UNVERIFIED", "DIGEST_MISMATCH", "FAILED", "ROLLED_BACK",
                "TIMED_OUT", "UNCHANGED")) {
            assertThat(EventFilter.anyMatches(domainEvents, record("MODIFY", "Deployment", status))).as(status).isTrue();
        }
        for (String status : List.of("SUCCEEDED", "FAILED", "PARTIAL", "REJECTED")) {
            assertThat(EventFilter.anyMatches(domainEvents, record("MODIFY", "ReleaseSet", status))).as(status).isTrue();
        }
        assertThat(EventFilter.anyMatches(domainEvents, record("MODIFY", "Deployment", "IN_PROGRESS"))).isFalse();
        assertThat(EventFilter.anyMatches(domainEvents, record("INSERT", "ReleaseSet", "REQUESTED"))).isFalse();
        assertThat(EventFilter.anyMatches(domainEvents, record("MODIFY", "ReleaseSet", "COMPLETED")))
                .as("COMPLETED is a deployment's status, not a set's").isFalse();
        assertThat(EventFilter.anyMatches(domainEvents, record("MODIFY", "CurrentState", "COMPLETED"))).isFalse();
    }

    @Test
    void aStreamRecordIsMatchedAsLambdaSeesItsJson() {
        StreamRecord stream = new StreamRecord();
        stream.setKeys(Map.of("PK", s("RELEASESET#01J"), "SK", s("RELEASESET")));
        stream.setNewImage(Map.of("PK", s("RELEASESET#01J"), "SK", s("RELEASESET"), "type", s("ReleaseSet"),
                "status", s("REQUESTED"), "releases", list(map(Map.of("service", s("api"))))));
        stream.setSequenceNumber("100");
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(stream);

        JsonNode json = StreamRecordJson.of(record);

        assertThat(json.at("/dynamodb/NewImage/type/S").asText()).isEqualTo("ReleaseSet");
        assertThat(json.at("/dynamodb/NewImage/releases/L/0/M/service/S").asText()).isEqualTo("api");
        assertThat(EventFilter.anyMatches(deployer, json)).isTrue();
        assertThat(EventFilter.anyMatches(domainEvents, json)).isFalse();
    }

    @Test
    void theTemplatesEventBridgePatternsMatchAsEventBridgeDoes() {
        EventFilter tasks = wiring.function("DeploymentRecorderFunction").orElseThrow().rules().stream()
                .filter(r -> r.eventName().equals("EcsTaskStateChange")).findFirst().orElseThrow().pattern();

        assertThat(tasks.matches(Delivered.json(Fixtures.event("ecs-task-running.json")))).isTrue();
        assertThat(tasks.matches(Delivered.json(Fixtures.event("ecs-task-stopped.json")))).isTrue();
        assertThat(tasks.matches(Delivered.json(Fixtures.event("ecs-task-pending.json")))).as("PENDING").isFalse();
        assertThat(tasks.matches(Delivered.json(Fixtures.event("ecs-task-running.json")
                .replace("\"group\": \"service:", "\"group\": \"family:")))).as("not started by a service").isFalse();
        assertThat(tasks.matches(Delivered.json(Fixtures.event("ecs-deployment-completed.json")))).isFalse();
    }

    @Test
    void valuesMatchByTypeNumbersByValueAndListsByAnyElement() {
        EventFilter filter = EventFilter.parse("test", "{\"n\": [1], \"tags\": [\"b\"], \"flag\": [true], \"gone\": [null]}");

        assertThat(filter.matches(Delivered.json("{\"n\": 1.0, \"tags\": [\"a\", \"b\"], \"flag\": true, \"gone\": null}")))
                .isTrue();
        assertThat(filter.matches(Delivered.json("{\"n\": \"1\", \"tags\": [\"a\", \"b\"], \"flag\": true, \"gone\": null}")))
                .as("the string \"1\" is not the number 1").isFalse();
        assertThat(filter.matches(Delivered.json("{\"n\": 1, \"tags\": [\"a\"], \"flag\": true, \"gone\": null}"))).isFalse();
        assertThat(filter.matches(Delivered.json("{\"n\": 1, \"tags\": [\"b\"], \"flag\": \"true\", \"gone\": null}"))).isFalse();
        assertThat(filter.matches(Delivered.json("{\"n\": 1, \"tags\": [\"b\"], \"flag\": true}")))
                .as("a missing field is not null").isFalse();
    }

    @Test
    void operatorsBeyondExactValuesMatchAsAwsDefinesThem() {
        JsonNode running = Delivered.json("{\"lastStatus\": \"RUNNING\", \"group\": \"service:api\", \"exitCode\": 137}");
        JsonNode stopped = Delivered.json("{\"lastStatus\": \"STOPPED\", \"group\": \"family:api\"}");

        EventFilter notStopped = EventFilter.parse("x", "{\"lastStatus\": [{\"anything-but\": [\"STOPPED\"]}]}");
        assertThat(notStopped.matches(running)).isTrue();
        assertThat(notStopped.matches(stopped)).isFalse();
        assertThat(notStopped.matches(Delivered.json("{}"))).as("anything-but needs the field").isFalse();

        EventFilter noExitCode = EventFilter.parse("x", "{\"exitCode\": [{\"exists\": false}]}");
        assertThat(noExitCode.matches(stopped)).isTrue();
        assertThat(noExitCode.matches(running)).isFalse();
        assertThat(EventFilter.parse("x", "{\"exitCode\": [{\"exists\": true}]}").matches(running)).isTrue();

        EventFilter killed = EventFilter.parse("x", "{\"exitCode\": [{\"numeric\": [\">\", 128, \"<=\", 255]}]}");
        assertThat(killed.matches(running)).isTrue();
        assertThat(killed.matches(Delivered.json("{\"exitCode\": 1}"))).isFalse();
        assertThat(killed.matches(Delivered.json("{\"exitCode\": \"137\"}"))).as("a string is not a number").isFalse();

        assertThat(EventFilter.parse("x", "{\"group\": [{\"suffix\": \":api\"}]}").matches(stopped)).isTrue();
        EventFilter byService = EventFilter.parse("x", "{\"group\": [{\"wildcard\": \"service:*\"}]}");
        assertThat(byService.matches(running)).isTrue();
        assertThat(byService.matches(stopped)).isFalse();
        assertThat(EventFilter.parse("x", "{\"lastStatus\": [{\"equals-ignore-case\": \"running\"}]}").matches(running))
                .isTrue();
        EventFilter either = EventFilter.parse("x", "{\"$or\": [{\"exitCode\": [137]}, {\"group\": [{\"prefix\": \"family:\"}]}]}");
        assertThat(either.matches(running)).isTrue();
        assertThat(either.matches(stopped)).isTrue();
        assertThat(either.matches(Delivered.json("{\"group\": \"service:api\"}"))).isFalse();
    }

    @Test
    void fieldsOfOneObjectInAnArrayMustComeFromTheSameElement() {
        EventFilter stoppedMinter = EventFilter.parse("x",
                "{\"detail\": {\"containers\": {\"name\": [\"id_minter\"], \"lastStatus\": [\"STOPPED\"]}}}");

        assertThat(stoppedMinter.matches(Delivered.json("""
                {"detail": {"containers": [{"name": "id_minter", "lastStatus": "RUNNING"},
                                           {"name": "sidecar", "lastStatus": "STOPPED"}]}}"""))).isFalse();
        assertThat(stoppedMinter.matches(Delivered.json("""
                {"detail": {"containers": [{"name": "sidecar", "lastStatus": "RUNNING"},
                                           {"name": "id_minter", "lastStatus": "STOPPED"}]}}"""))).isTrue();
    }

    @Test
    void aSubscriptionWithoutFiltersGetsEveryRecordAndOnlyObjectsAreEvents() {
        assertThat(EventFilter.anyMatches(List.of(), record("REMOVE", "Anything", "AT_ALL"))).isTrue();
        EventFilter any = EventFilter.parse("x", "{\"a\": [{\"exists\": false}]}");
        assertThat(any.matches(Delivered.json("{}"))).isTrue();
        assertThat(any.matches(Delivered.json("[]"))).isFalse();
        assertThat(any.matches(null)).isFalse();
    }

    @Test
    void patternsAwsRefusesAreRefusedNamingWhereTheyCameFromAndWhy() {
        assertThatThrownBy(() -> EventFilter.parse("DeployerFunction event X", "{\"status\": [{\"anything-butt\": [\"A\"]}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DeployerFunction event X: the pattern {\"status\"")
                .hasMessageContaining("Unrecognized match type anything-butt");
        assertThatThrownBy(() -> EventFilter.parse("x", "{\"dynamodb\": {\"NewImage\": {\"n\": {\"N\": [{\"numeric\": [\">\", \"zero\"]}]}}}}"))
                .hasMessageContaining("Value of > must be numeric");
        assertThatThrownBy(() -> EventFilter.parse("x", "{\"a\": []}")).hasMessageContaining("Empty arrays are not allowed")
                .hasMessageContaining("column 9");
        assertThatThrownBy(() -> EventFilter.parse("x", "{\"a\": \"b\"}")).hasMessageContaining("must be an object or an array");
        assertThatThrownBy(() -> EventFilter.parse("x", "{}")).hasMessageContaining("Empty objects are not allowed");
        assertThatThrownBy(() -> EventFilter.parse("x", "{\"ip\": [{\"cidr\": \"10.0.0.0\"}]}")).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> EventFilter.parse("x", "not json")).hasMessageContaining("Unrecognized token 'not'");
        assertThatThrownBy(() -> EventFilter.of("x", List.of("a"))).hasMessageContaining("Filter is not an object");
    }

    private static AttributeValue s(String value) {
        return new AttributeValue().withS(value);
    }

    private static AttributeValue map(Map<String, AttributeValue> value) {
        return new AttributeValue().withM(value);
    }

    private static AttributeValue list(AttributeValue... values) {
        return new AttributeValue().withL(List.of(values));
    }
}
