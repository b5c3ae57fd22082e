package dev.harbourmaster.testing;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Another AWS account on the emulator, which keeps each account's state apart and gives an assumed
 * role's credentials the role's account, as STS does: what a team's Terraform there would use.
 */
public final class WorkloadAccount {

    private WorkloadAccount() {}

    /** ECS in the role's account, with the role's own credentials. */
    public static EcsClient ecs(String roleArn) {
        Credentials assumed = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).build()
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("terraform")).credentials();
        return EcsClient.builder().httpClient(UrlConnectionHttpClient.create()).credentialsProvider(StaticCredentialsProvider
                .create(AwsSessionCredentials.create(assumed.accessKeyId(), assumed.secretAccessKey(), assumed.sessionToken())))
                .build();
    }
}
