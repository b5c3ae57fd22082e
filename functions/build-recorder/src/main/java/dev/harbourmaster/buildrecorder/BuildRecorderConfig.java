package dev.harbourmaster.buildrecorder;

import dev.harbourmaster.support.ServedAccounts;
import java.util.Map;

/** Settings from the environment the template sets, read once. */
public record BuildRecorderConfig(String tableName, ServedAccounts served) {

    public static BuildRecorderConfig fromEnvironment(Map<String, String> environment) {
        String table = environment.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("TABLE_NAME is not set: the function needs the Harbourmaster table's name");
        }
        return new BuildRecorderConfig(table, ServedAccounts.fromEnvironment(environment));
    }
}
