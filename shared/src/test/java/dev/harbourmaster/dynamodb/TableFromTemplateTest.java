package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.harbourmaster.testing.Emulator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class TableFromTemplateTest {

    private final Path template = Emulator.repositoryRoot().resolve("template.yaml");

    @Test
    void theTemplatesTableBecomesACreateTableRequest() throws Exception {
        var properties = TableFromTemplate.tableProperties(template);
        CreateTableRequest request = TableFromTemplate.createTableRequest(properties, "t");

        assertThat(request.tableName()).isEqualTo("t");
        assertThat(request.keySchema()).extracting(k -> k.attributeName() + ":" + k.keyTypeAsString())
                .containsExactly("PK:HASH", "SK:RANGE");
        assertThat(request.globalSecondaryIndexes()).extracting(i -> i.indexName() + "=" + i.keySchema().get(0).attributeName()
                + "/" + i.keySchema().get(1).attributeName() + ":" + i.projection().projectionTypeAsString())
                .containsExactly("GSI1=GSI1PK/GSI1SK:ALL", "GSI2=GSI2PK/GSI2SK:ALL");
        assertThat(request.streamSpecification().streamEnabled()).isTrue();
        assertThat(request.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(request.sseSpecification().enabled()).isTrue();
        assertThat(TableFromTemplate.pointInTimeRecovery(properties)).isTrue();
    }

    @Test
    void cloudFormationShortFormIntrinsicsAreRead() {
        var properties = TableFromTemplate.tableProperties("""
                Resources:
                  Table:
                    Properties:
                      TableName: !Ref TableName
                      KeySchema: !If [Cond, [], []]
                """);

        assertThat(properties.get("TableName")).isEqualTo("TableName");
    }
}
