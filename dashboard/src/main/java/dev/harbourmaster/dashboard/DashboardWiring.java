package dev.harbourmaster.dashboard;

import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbDeliveryRecords;
import dev.harbourmaster.dynamodb.DynamoDbDeploymentHistory;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.DeliveryRecords;
import dev.harbourmaster.ports.DeploymentHistory;
import dev.harbourmaster.support.AwsClients;
import dev.harbourmaster.support.StackHome;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The dashboard's object graph, built here and nowhere else: for Lambda ({@link #forLambda}), and
 * from a client for hm dashboard, the benchmarks, the drills and the tests ({@link #of}).
 *
 * @param projects the projects the start page lists (any other can be opened by its id)
 */
public record DashboardWiring(DeploymentHistory history, BuildLedger ledger, DeliveryRecords delivery,
                              List<String> projects, Clock clock) {

    public static DashboardWiring of(DynamoDbClient dynamo, String table, List<String> projects) {
        return new DashboardWiring(new DynamoDbDeploymentHistory(dynamo, table), new DynamoDbBuildLedger(dynamo, table),
                new DynamoDbDeliveryRecords(dynamo, table, StackHome.of(dynamo, System.getenv())), projects,
                Clock.systemUTC());
    }

    /** What Lambda runs: the table (TABLE_NAME) and the start page's projects (PROJECTS, comma-separated) from the environment. */
    static Dashboard forLambda(DynamoDbClient dynamo, Map<String, String> environment) {
        String table = environment.get("TABLE_NAME");
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("TABLE_NAME is not set: the template sets it to the table's name");
        }
        List<String> projects = Arrays.stream(environment.getOrDefault("PROJECTS", "").split(","))
                .map(String::strip).filter(p -> !p.isEmpty()).toList();
        return of(dynamo, table, projects).dashboard();
    }

    static Dashboard forLambda(Map<String, String> environment) {
        return forLambda(AwsClients.dynamoDb(AwsClients.httpClient()), environment);
    }

    public Dashboard dashboard() {
        return new Dashboard(history, ledger, delivery, projects, clock);
    }

    public DashboardWiring withClock(Clock replacement) {
        return new DashboardWiring(history, ledger, delivery, projects, replacement);
    }
}
