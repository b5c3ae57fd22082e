package dev.harbourmaster.dynamodb;

import dev.harbourmaster.domain.EnvironmentVerification;
import dev.harbourmaster.ports.Verifications;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One PutItem per verification, in the project's partition (so the project's Query reads it). */
public final class DynamoDbVerifications implements Verifications {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbVerifications(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(EnvironmentVerification verification) {
        dynamo.putItem(b -> b.tableName(table).item(VerificationItems.item(verification)));
    }
}
