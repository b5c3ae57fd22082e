package dev.harbourmaster.support;

import dev.harbourmaster.domain.EcrRepository;
import dev.harbourmaster.domain.Placement;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The stack's own account and region as a reader of the table outside the functions (hm, hm
 * dashboard) learns them, to normalize environments' placements as the functions key deployments
 * ({@link Placement#normalized}) and manifests' repositories as build-recorder names pushes
 * ({@link EcrRepository}). The region is the table client's; the account is HM_ACCOUNT_ID
 * when set, else the caller's (STS GetCallerIdentity, asked once and only for an environment that
 * names an account or region): the table lives in the stack's account, which is the caller's
 * unless the table is shared across accounts (then set HM_ACCOUNT_ID).
 */
public final class StackHome implements UnaryOperator<Placement> {

    private final DynamoDbServiceClientConfiguration table;
    private final String region;
    private String account;

    private StackHome(DynamoDbClient dynamo, String account) {
        this.table = dynamo.serviceClientConfiguration();
        this.region = table.region().id();
        this.account = account;
    }

    public static StackHome of(DynamoDbClient dynamo, Map<String, String> environment) {
        String account = environment.get("HM_ACCOUNT_ID");
        return new StackHome(dynamo, account == null || account.isBlank() ? null : account.strip());
    }

    @Override
    public Placement apply(Placement placement) {
        if (placement.account() == null && (placement.region() == null || placement.region().equals(region))) {
            return new Placement(null, null, placement.roleArn());
        }
        return placement.normalized(account(), region);
    }

    /** A manifest's repository as the functions key it: the stack's own registry written out becomes the name alone. */
    public String repositoryId(String repository) {
        EcrRepository named = EcrRepository.of(repository);
        return named.inStacksRegistry() ? repository : ServedAccounts.of(account(), region).repositoryId(repository);
    }

    private synchronized String account() {
        if (account == null) {
            StsClientBuilder sts = StsClient.builder().region(table.region()).credentialsProvider(table.credentialsProvider());
            table.endpointOverride().ifPresent(sts::endpointOverride);
            try (StsClient client = sts.build()) {
                account = client.getCallerIdentity().account();
            }
        }
        return account;
    }
}
