package dev.harbourmaster.dynamodb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Creates the table on an emulator from the {@code Table} resource of template.yaml itself, so
 * that the template stays the one description of the table (keys, indexes, stream).
 */
public final class TableFromTemplate {

    static final String RESOURCE = "Table";

    private TableFromTemplate() {}

    public static CreateTableRequest createTableRequest(Path template, String tableName) throws IOException {
        Map<String, Object> properties = tableProperties(Files.readString(template));
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
        return request.build();
    }

    /** Creates the table and waits until it is active; an existing table is left as it is. */
    public static void createIfMissing(DynamoDbClient dynamo, Path template, String tableName) throws IOException {
        try {
            dynamo.createTable(createTableRequest(template, tableName));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> tableProperties(String templateText) {
        Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(templateText);
        Map<String, Object> resource = (Map<String, Object>) map(template, "Resources").get(RESOURCE);
        if (resource == null) {
            throw new IllegalArgumentException("template.yaml has no resource named " + RESOURCE);
        }
        return map(resource, "Properties");
    }

    private static List<KeySchemaElement> keySchema(List<Map<String, Object>> elements) {
        return elements.stream().map(k -> KeySchemaElement.builder()
                .attributeName(text(k, "AttributeName"))
                .keyType(text(k, "KeyType")).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof List<?> ? (List<Map<String, Object>>) value : List.of();
    }

    private static String text(Map<String, Object> parent, String key) {
        return String.valueOf(parent.get(key));
    }

    /** Reads CloudFormation's short-form intrinsics (!Ref, !Sub, !GetAtt …) as plain values. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    if (node instanceof ScalarNode scalar) {
                        return constructScalar(scalar);
                    }
                    if (node instanceof SequenceNode sequence) {
                        return constructSequence(sequence);
                    }
                    return constructMapping((MappingNode) node);
                }
            });
        }
    }
}
