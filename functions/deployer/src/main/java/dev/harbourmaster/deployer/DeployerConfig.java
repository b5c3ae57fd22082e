package dev.harbourmaster.deployer;

import dev.harbourmaster.support.ServedAccounts;
import java.time.Duration;
import java.util.Map;

/**
 * Settings from the environment the template sets, read once.
 *
 * @param rollConcurrency how many services of one set roll at once
 * @param holdFor         how long a release set holds its environment before another may take it
 *                        over (the deployment-recorder releases it sooner, when the set ends)
 * @param served          the accounts and regions whose ECR images may be deployed
 */
public record DeployerConfig(String tableName, int rollConcurrency, Duration holdFor, ServedAccounts served) {

    public static DeployerConfig fromEnvironment(Map<String, String> environment) {
        String table = environment.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("TABLE_NAME is not set: the function needs the Harbourmaster table's name");
        }
        int concurrency = Integer.parseInt(environment.getOrDefault("ROLL_CONCURRENCY", "8"));
        if (concurrency < 1) {
            throw new IllegalStateException("ROLL_CONCURRENCY must be at least 1, not " + concurrency);
        }
        Duration hold = Duration.parse(environment.getOrDefault("HOLD_ENVIRONMENT_FOR", "PT2H"));
        return new DeployerConfig(table, concurrency, hold, ServedAccounts.fromEnvironment(environment));
    }
}
