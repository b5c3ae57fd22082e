package dev.harbourmaster.ecs;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A role's credentials as STS gives them (cached and refreshed by the provider it wraps), and when
 * STS refuses them, AWS's words with what to change, so the environment's deployments fail saying
 * why and the others go on.
 */
final class AssumedRole implements AwsCredentialsProvider {

    private final AwsCredentialsProvider sts;
    private final String roleArn;
    private final String sessionName;

    AssumedRole(AwsCredentialsProvider sts, String roleArn, String sessionName) {
        this.sts = sts;
        this.roleArn = roleArn;
        this.sessionName = sessionName;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return sts.resolveCredentials();
        } catch (SdkException e) {
            throw new Refused(roleArn, sessionName, e);
        }
    }

    /** The refusal behind an SDK call's failure, if it was one: the exception itself or one of its causes. */
    static Refused refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Refused refused) {
                return refused;
            }
        }
        return null;
    }

    /** STS would not let us assume the role. */
    static final class Refused extends SdkClientException {

        private final String roleArn;
        private final String errorCode;

        Refused(String roleArn, String sessionName, SdkException cause) {
            super(SdkClientException.builder().cause(cause).message("could not assume " + roleArn + ": " + words(cause)
                    + "; the role's trust policy must allow sts:AssumeRole by this function's role (session " + sessionName
                    + "), and this function's role must be allowed sts:AssumeRole on " + roleArn
                    + " (README: Deploy to AWS, other accounts)"));
            this.roleArn = roleArn;
            this.errorCode = cause instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                    && aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode() : "AssumeRoleFailed";
        }

        String roleArn() {
            return roleArn;
        }

        String errorCode() {
            return errorCode;
        }

        private static String words(SdkException e) {
            return e instanceof AwsServiceException aws && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorMessage() != null
                    ? aws.awsErrorDetails().errorMessage() : e.getMessage();
        }
    }
}
