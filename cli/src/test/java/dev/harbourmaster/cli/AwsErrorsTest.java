package dev.harbourmaster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class AwsErrorsTest {

    @Test
    void aMissingRegionSaysHowToSetOne() {
        CliException error = AwsErrors.explain(SdkClientException.create(
                "Unable to load region from any of the providers in the chain"), "harbourmaster");

        assertThat(error.getMessage()).startsWith("no AWS region: set AWS_REGION");
        assertThat(error.exitCode()).isEqualTo(1);
    }

    @Test
    void missingCredentialsSayHowToConfigureThem() {
        CliException error = AwsErrors.explain(SdkClientException.create(
                "Unable to load credentials from any of the providers in the chain"), "harbourmaster");

        assertThat(error.getMessage()).startsWith("no AWS credentials: configure them");
    }

    @Test
    void anUnreachableEndpointNamesTheCause() {
        CliException error = AwsErrors.explain(SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused")), "harbourmaster");

        assertThat(error.getMessage()).startsWith("cannot reach ").contains("Connection refused");
    }

    @Test
    void aMissingTableSaysHowToCreateIt() {
        CliException error = AwsErrors.explain(ResourceNotFoundException.builder().message("not found").build(), "hm-prod");

        assertThat(error.getMessage()).startsWith("table 'hm-prod' not found at ")
                .contains("sam build && sam deploy --guided", "--table or HM_TABLE", "hm table create");
    }

    @Test
    void otherAwsErrorsKeepTheirMessage() {
        CliException error = AwsErrors.explain(SdkClientException.create("something odd"), "harbourmaster");

        assertThat(error.getMessage()).contains("AWS call failed at ", "something odd");
    }
}
