package dev.harbourmaster.dynamodb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.harbourmaster.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.SSESpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Creates the table on an emulator from the {@code Table} resource of template.yaml itself, so
 * that the template stays the one description of the table (keys, indexes, stream, encryption,
 * point-in-time recovery). CloudFormation and the API name some settings differently; this
 * class translates.
 */
public final class TableFromTemplate {

    static final String RESOURCE = "Table";

    private TableFromTemplate() {}

    static CreateTableRequest createTableRequest(Map<String, Object> properties, String tableName) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(properties, "AttributeDefinitions").stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName(text(a, "AttributeName"))
                                .attributeType(text(a, "AttributeType")).build())
                        .toList())
                .keySchema(keySchema(list(properties, "KeySchema")));
        List<Map<String, Object>> indexes = list(properties, "GlobalSecondaryIndexes");
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes.stream()
                    .map(index -> GlobalSecondaryIndex.builder()
                            .indexName(text(index, "IndexName"))
                            .keySchema(keySchema(list(index, "KeySchema")))
                            .projection(Projection.builder()
                                    .projectionType(text(map(index, "Projection"), "ProjectionType")).build())
                            .build())
                    .toList());
        }
        Map<String, Object> stream = map(properties, "StreamSpecification");
        if (!stream.isEmpty()) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType(text(stream, "StreamViewType")).build());
        }
        if (Boolean.TRUE.equals(map(properties, "SSESpecification").get("SSEEnabled"))) {
            request.sseSpecification(SSESpecification.builder().enabled(true).build());
        }
        return request.build();
    }

    static boolean pointInTimeRecovery(Map<String, Object> properties) {
        return Boolean.TRUE.equals(map(properties, "PointInTimeRecoverySpecification").get("PointInTimeRecoveryEnabled"));
    }

    /** Creates the table and waits until it is active; an existing table is left as it is. */
    public static void createIfMissing(DynamoDbClient dynamo, Path template, String tableName) throws IOException {
        Map<String, Object> properties = tableProperties(template);
        try {
            dynamo.createTable(createTableRequest(properties, tableName));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        if (pointInTimeRecovery(properties)) {
            dynamo.updateContinuousBackups(b -> b.tableName(tableName)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        }
    }

    static Map<String, Object> tableProperties(Path template) throws IOException {
        return tableProperties(Files.readString(template));
    }

    static Map<String, Object> tableProperties(String templateText) {
        return SamTemplate.parse(templateText).properties(RESOURCE);
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        return elements.stream().map(k -> KeySchemaElement.builder()
                .attributeName(text(k, "AttributeName"))
                .keyType(text(k, "KeyType")).build()).toList();
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return SamTemplate.map(parent, key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> ? (List<Map<String, Object>>) value : List.of();
    }

    private static String text(Map<String, Object> parent, String key) {
        return String.valueOf(parent.get(key));
    }
}
