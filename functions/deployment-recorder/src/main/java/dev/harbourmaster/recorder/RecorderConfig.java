package dev.harbourmaster.recorder;

import dev.harbourmaster.support.ServedAccounts;
import java.time.Duration;
import java.util.Map;

/**
 * Settings from the environment the template sets, read once.
 *
 * @param unknownGrace      how long an event about an ECS deployment the table does not know is
 *                          retried (it may be ours, not written down yet) before it is recorded as
 *                          a change made outside Harbourmaster
 * @param deploymentTimeout how long a deployment may be in flight before the sweeper asks ECS and
 *                          closes it
 * @param served            the accounts and regions whose ECS events are read
 */
public record RecorderConfig(String tableName, Duration unknownGrace, Duration deploymentTimeout, ServedAccounts served) {

    public static RecorderConfig fromEnvironment(Map<String, String> environment) {
        String table = environment.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("TABLE_NAME is not set: the function needs the Harbourmaster table's name");
        }
        return new RecorderConfig(table, duration(environment, "UNKNOWN_DEPLOYMENT_GRACE", "PT2M"),
                duration(environment, "DEPLOYMENT_TIMEOUT", "PT1H"), ServedAccounts.fromEnvironment(environment));
    }

    private static Duration duration(Map<String, String> environment, String name, String fallback) {
        String text = environment.getOrDefault(name, fallback);
        try {
            Duration value = Duration.parse(text);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalStateException(name + " must be a positive ISO-8601 duration, not " + text);
            }
            return value;
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalStateException(name + " must be an ISO-8601 duration such as PT1H, not '" + text + "'", e);
        }
    }
}
