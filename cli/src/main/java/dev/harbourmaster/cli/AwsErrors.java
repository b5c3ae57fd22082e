package dev.harbourmaster.cli;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Turns the SDK's exceptions into messages that say what to do. */
final class AwsErrors {

    private AwsErrors() {}

    static CliException explain(SdkException e, String table) {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        String where = endpoint == null ? "AWS" : endpoint + " (AWS_ENDPOINT_URL)";
        String message = String.valueOf(e.getMessage());
        if (e instanceof ResourceNotFoundException) {
            return new CliException("table '" + table + "' not found at " + where + ": deploy the stack "
                    + "(sam build && sam deploy --guided), or name the table with --table or HM_TABLE;"
                    + " on an emulator, create it with 'hm table create'");
        }
        if (e instanceof AwsServiceException service && Rights.isAccessDenied(service)) {
            return new CliException("AWS refused this command a right it needs at " + where + " ("
                    + service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage()
                    + "); ask the owner of the AWS account for it: README, 'Rights per environment', says what each"
                    + " command writes");
        }
        if (e instanceof SdkClientException) {
            if (message.contains("Unable to load region")) {
                return new CliException("no AWS region: set AWS_REGION (for example export AWS_REGION=eu-west-1)"
                        + " or use a profile that has one (AWS_PROFILE)");
            }
            if (message.contains("Unable to load credentials")) {
                return new CliException("no AWS credentials: configure them (aws configure, AWS_PROFILE, or"
                        + " AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; any values work against an emulator)");
            }
            if (message.contains("Unable to execute HTTP request")) {
                return new CliException("cannot reach " + where + ": " + rootCause(e)
                        + (endpoint == null ? "" : "; is the emulator running? (scripts/moto.sh start)"));
            }
        }
        return new CliException("AWS call failed at " + where + ": " + message);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
