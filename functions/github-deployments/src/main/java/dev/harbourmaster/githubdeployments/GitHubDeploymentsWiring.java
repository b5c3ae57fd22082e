package dev.harbourmaster.githubdeployments;

import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.Log;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The github-deployments function's object graph, built here and nowhere else: for Lambda
 * ({@link #forLambda}), and from their own clients for local mode and the tests ({@link #of}),
 * which may log elsewhere ({@link #withLog}) and retry without pausing ({@link #withRetries}).
 *
 * @param attempts   tries of one GitHub request within an invocation before the record is reported failed
 * @param firstPause the pause before the second try, doubled before each further one
 */
public record GitHubDeploymentsWiring(GitHubDeploymentsConfig config, BuildLedger ledger, SecretsManagerClient secrets,
                                      HttpClient http, int attempts, Duration firstPause, Log log) {

    /** Connecting to GitHub, and waiting for one answer: a few seconds, well inside the function's 30 s. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final int ATTEMPTS = 3;
    static final Duration FIRST_PAUSE = Duration.ofMillis(500);

    public static GitHubDeploymentsWiring of(GitHubDeploymentsConfig config, DynamoDbClient dynamo, SecretsManagerClient secrets) {
        return new GitHubDeploymentsWiring(config, new DynamoDbBuildLedger(dynamo, config.tableName()), secrets,
                GitHubApi.httpClient(CONNECT_TIMEOUT), ATTEMPTS, FIRST_PAUSE, new Log("github-deployments"));
    }

    /** What Lambda runs: settings from the function's environment, clients from the default chains. */
    static GitHubDeployments forLambda(Map<String, String> environment) {
        GitHubDeploymentsConfig config = GitHubDeploymentsConfig.fromEnvironment(environment);
        SdkHttpClient sdkHttp = AwsClients.httpClient();
        return of(config, AwsClients.dynamoDb(sdkHttp), SecretsManagerClient.builder().httpClient(sdkHttp).build())
                .gitHubDeployments();
    }

    /** The service, with one token for the process: the secret's, or a GitHub App's installation token (minted as the app). */
    public GitHubDeployments gitHubDeployments() {
        Supplier<String> asTheApp = () -> {
            throw new IllegalStateException("minting an installation token authenticates with the app's JWT");
        };
        GitHubApi minting = new GitHubApi(config.apiUrl(), asTheApp, http, REQUEST_TIMEOUT, attempts, firstPause, Thread::sleep);
        SecretToken token = new SecretToken(secrets, config.tokenSecret(), Instant::now, minting::createInstallationToken);
        GitHubApi github = new GitHubApi(config.apiUrl(), token, http, REQUEST_TIMEOUT, attempts, firstPause, Thread::sleep);
        return new GitHubDeployments(new DeploymentTargets(ledger), github, new DeploymentRequests(config.dashboardUrl()), log);
    }

    public GitHubDeploymentsWiring withLog(Log replacement) {
        return new GitHubDeploymentsWiring(config, ledger, secrets, http, attempts, firstPause, replacement);
    }

    public GitHubDeploymentsWiring withRetries(int replacementAttempts, Duration replacementPause) {
        return new GitHubDeploymentsWiring(config, ledger, secrets, http, replacementAttempts, replacementPause, log);
    }
}
