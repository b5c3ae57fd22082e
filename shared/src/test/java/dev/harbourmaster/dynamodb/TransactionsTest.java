package dev.harbourmaster.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

class TransactionsTest {

    private static TransactWriteItem put(int n, int bytes) {
        return TransactWriteItem.builder().put(Put.builder().tableName("t").item(Map.of(
                "PK", AttributeValue.fromS("K#" + n), "SK", AttributeValue.fromS("x".repeat(bytes)))).build()).build();
    }

    private static List<Integer> sizes(List<List<TransactWriteItem>> chunks) {
        return chunks.stream().map(List::size).toList();
    }

    @Test
    void writesAreCutIntoTransactionsOfAtMostAHundredInOrder() {
        List<TransactWriteItem> writes = IntStream.range(0, 250).mapToObj(n -> put(n, 10)).toList();

        List<List<TransactWriteItem>> chunks = Transactions.chunks(writes);

        assertThat(sizes(chunks)).containsExactly(100, 100, 50);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(writes);
        assertThat(Transactions.fitInOne(writes.subList(0, 100))).isTrue();
        assertThat(Transactions.fitInOne(writes.subList(0, 101))).isFalse();
    }

    @Test
    void noTransactionHoldsMoreThanFourMegabytesOfItems() {
        List<TransactWriteItem> writes = IntStream.range(0, 20).mapToObj(n -> put(n, 300 * 1024)).toList();

        assertThat(sizes(Transactions.chunks(writes))).as("13 items of 300 KB make 3.9 MB").containsExactly(13, 7);
    }

    @Test
    void anUpdateCountsAsLargeAsAnItemMayBe() {
        TransactWriteItem update = TransactWriteItem.builder().update(Update.builder().tableName("t")
                .key(Map.of("PK", AttributeValue.fromS("B"))).updateExpression("SET a = :a").build()).build();
        List<TransactWriteItem> writes = new java.util.ArrayList<>(IntStream.range(0, 13).mapToObj(n -> put(n, 300 * 1024)).toList());
        writes.add(update);

        assertThat(sizes(Transactions.chunks(writes))).as("13 items of 300 KB fit, and an update would pass 4 MB").containsExactly(13, 1);
    }
}
