package dev.harbourmaster.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.harbourmaster.ports.ContainerPlatformException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** A role STS will not give: every ECS call of that environment fails with AWS's words and the fix. */
class AssumedRoleTest {

    private static final String ROLE = "arn:aws:iam::210987654321:role/harbourmaster/workload";

    @Test
    void aRoleThatCannotBeAssumedFailsTheCallWithAwsWordsAndWhatToChange() {
        AwsCredentialsProvider refusing = () -> {
            throw StsException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied")
                    .errorMessage("User: arn:aws:sts::123456789012:assumed-role/deployer/d is not authorized to perform:"
                            + " sts:AssumeRole on resource: " + ROLE).build()).build();
        };
        // Credentials are resolved before anything is sent: nothing listens on this endpoint, nothing needs to.
        EcsClient ecs = EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://127.0.0.1:9")).credentialsProvider(new AssumedRole(refusing, ROLE,
                        "harbourmaster-deployer")).build();

        ContainerPlatformException failure = catchThrowableOfType(ContainerPlatformException.class,
                () -> new EcsContainerPlatform(ecs).services("prod", List.of("api-prod")));

        assertThat(failure.getMessage()).startsWith("DescribeServices prod [api-prod]: AccessDenied: could not assume " + ROLE
                + ": User: arn:aws:sts::123456789012:assumed-role/deployer/d is not authorized to perform: sts:AssumeRole")
                .contains("the role's trust policy must allow sts:AssumeRole by this function's role (session harbourmaster-deployer)");
        assertThat(failure.isTransient()).as("a refusal does not pass by itself").isFalse();
    }
}
