package dev.tidemark.local;

import dev.tidemark.core.DayShard;
import dev.tidemark.dynamodb.DynamoDbSourceReader;
import dev.tidemark.dynamodb.SourceTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** Creates a source table with its date-partitioned GSI and writes items to it the way a producer would. */
public final class SourceTables {
    private SourceTables() {
    }

    public static void create(DynamoDbClient dynamoDb, SourceTable t) {
        dynamoDb.createTable(r -> r.tableName(t.tableName())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        a -> a.attributeName(t.keyAttribute()).attributeType(ScalarAttributeType.S),
                        a -> a.attributeName(t.partitionAttribute()).attributeType(ScalarAttributeType.S),
                        a -> a.attributeName(t.sortAttribute()).attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName(t.keyAttribute()).keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName(t.indexName())
                        .keySchema(k -> k.attributeName(t.partitionAttribute()).keyType(KeyType.HASH),
                                k -> k.attributeName(t.sortAttribute()).keyType(KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))));
    }

    /**
     * The index keys a producer sets on every write: the UTC date (with sharded day keys, {@code date#n} with
     * {@code n} from the item's key, see {@link #shardOf}) and the millisecond ISO instant.
     */
    public static Map<String, AttributeValue> withIndexKeys(SourceTable t, Map<String, AttributeValue> item,
                                                            Instant updatedAt) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(t.sortAttribute(), AttributeValue.fromS(DynamoDbSourceReader.SORT_KEY_FORMAT.format(updatedAt)));
        LocalDate day = LocalDate.ofInstant(updatedAt, ZoneOffset.UTC);
        AttributeValue key = item.get(t.keyAttribute());
        int shard = shardOf(key == null || key.s() == null ? "" : key.s(), t.partitionShards());
        copy.put(t.partitionAttribute(), AttributeValue.fromS(new DayShard(day, shard, t.partitionShards()).partitionKey()));
        return copy;
    }

    /**
     * The shard a writer picks for an item: any stable, uniform function of the item's key will do (a reader
     * queries every shard). This one is CRC-32 of the key's UTF-8 bytes modulo the shard count, easy to
     * reproduce in any language. The same key always lands on the same shard, so a key's versions stay in order.
     */
    public static int shardOf(String key, int shards) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % shards);
    }

    /** Writes items in batches of 25, resending whatever DynamoDB reports unprocessed. */
    public static void putAll(DynamoDbClient dynamoDb, String tableName, List<Map<String, AttributeValue>> items) {
        for (int i = 0; i < items.size(); i += 25) {
            List<WriteRequest> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(i, Math.min(items.size(), i + 25))) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(tableName, batch);
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamoDb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
            }
        }
    }
}
