package dev.harbourmaster.deployer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.harbourmaster.domain.ReleaseSetStatus;
import dev.harbourmaster.support.Log;
import dev.harbourmaster.testing.Emulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployerHandlerTest {

    private final ReleaseSetDeployer deployer = mock(ReleaseSetDeployer.class);
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private final DeployerHandler handler = new DeployerHandler(deployer,
            new Log("deployer", new PrintStream(logs, true, StandardCharsets.UTF_8), () -> Instant.EPOCH));

    private static DynamodbEvent fixture(String name) {
        return EventLoader.loadDynamoDbEvent(Emulator.repositoryRoot().resolve("events").resolve(name).toString());
    }

    private static ReleaseSetDeployer.Result deployed() {
        return new ReleaseSetDeployer.Result(ReleaseSetDeployer.Outcome.DEPLOYED, ReleaseSetStatus.IN_PROGRESS, null, List.of());
    }

    @Test
    void aRequestedSetIsDeployedByItsId() {
        when(deployer.deploy("01M7W7GQ404KJVZA5S5YPG0MWZ")).thenReturn(deployed());

        StreamsEventResponse response = handler.handleRequest(fixture("dynamodb-stream-release-set-requested.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        verify(deployer).deploy("01M7W7GQ404KJVZA5S5YPG0MWZ");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"releaseSet\":\"01M7W7GQ404KJVZA5S5YPG0MWZ\"");
    }

    @Test
    void theLogLineSaysWhoAskedByNameAndByAwsIdentityForWhoDeployedToProd() {
        when(deployer.deploy("01M7W7GQ404KJVZA5S5YPG0MWZ")).thenReturn(deployed());
        DynamodbEvent event = fixture("dynamodb-stream-release-set-requested.json");
        event.getRecords().get(0).getDynamodb().getNewImage().put("requestedByArn",
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue()
                        .withS("arn:aws:sts::123456789012:assumed-role/deploy/ada"));

        handler.handleRequest(event, null);

        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("\"message\":\"release set deployed\"",
                "\"project\":\"catalogue\"", "\"environment\":\"staging\"",
                "\"requestedByArn\":\"arn:aws:sts::123456789012:assumed-role/deploy/ada\"");
    }

    @Test
    void aBatchWithTheSameRecordTwiceDeploysOnce() {
        when(deployer.deploy(anyString())).thenReturn(deployed());

        handler.handleRequest(fixture("dynamodb-stream-duplicate.json"), null);

        verify(deployer, times(1)).deploy("01M7W7GQ40W955MCP9Q3466ZQ3");
    }

    @Test
    void aKeysOnlyRecordStillNamesTheSetToReadAgain() {
        when(deployer.deploy(anyString())).thenReturn(deployed());

        handler.handleRequest(fixture("dynamodb-stream-keys-only-insert.json"), null);

        verify(deployer).deploy("01M7W7GQ40QMV2S4ANZSSZK634");
    }

    @Test
    void aFailureReportsThatRecordAndTheRestSoLambdaRetriesFromThere() {
        DynamodbEvent batch = fixture("dynamodb-stream-release-set-requested.json");
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(batch.getRecords());
        records.addAll(fixture("dynamodb-stream-locked-environment.json").getRecords());
        records.addAll(fixture("dynamodb-stream-malformed.json").getRecords());
        batch.setRecords(records);
        when(deployer.deploy("01M7W7GQ404KJVZA5S5YPG0MWZ")).thenReturn(deployed());
        when(deployer.deploy("01M7W7GQ40J0Z4GNYPC3QWZMSW")).thenThrow(new IllegalStateException("DynamoDB is down"));

        StreamsEventResponse response = handler.handleRequest(batch, null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(records.get(1).getDynamodb().getSequenceNumber(), records.get(2).getDynamodb().getSequenceNumber());
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("DynamoDB is down");
    }

    @Test
    void recordsOfOtherItemsAndEmptyBatchesAreIgnored() {
        DynamodbEvent other = fixture("dynamodb-stream-release-set-requested.json");
        other.getRecords().get(0).getDynamodb().getKeys().get("SK").setS("DEPLOYMENT#id_minter");

        assertThat(handler.handleRequest(other, null).getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(fixture("dynamodb-stream-remove-in-flight.json"), null).getBatchItemFailures())
                .as("the in-flight marker removed as a set ends: keys of no release set").isEmpty();
        assertThat(handler.handleRequest(new DynamodbEvent(), null).getBatchItemFailures()).isEmpty();
        verifyNoInteractions(deployer);
    }
}
