package dev.harbourmaster.cli;

import dev.harbourmaster.dynamodb.DynamoDbBuildLedger;
import dev.harbourmaster.dynamodb.DynamoDbCatalogue;
import dev.harbourmaster.ports.BuildLedger;
import dev.harbourmaster.ports.Catalogue;
import dev.harbourmaster.support.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The AWS clients of one hm run, made on first use (so --help and validation need no AWS). */
public class Session {

    private DynamoDbClient dynamo;

    public synchronized DynamoDbClient dynamo() {
        if (dynamo == null) {
            dynamo = AwsClients.dynamoDb(AwsClients.httpClient());
        }
        return dynamo;
    }

    public Catalogue catalogue(String table) {
        return new DynamoDbCatalogue(dynamo(), table);
    }

    public BuildLedger ledger(String table) {
        return new DynamoDbBuildLedger(dynamo(), table);
    }
}
