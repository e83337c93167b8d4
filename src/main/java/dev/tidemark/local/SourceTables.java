package dev.tidemark.local;

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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /** The index keys a producer sets on every write: the UTC date and the millisecond ISO instant. */
    public static Map<String, AttributeValue> withIndexKeys(SourceTable t, Map<String, AttributeValue> item,
                                                            Instant updatedAt) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put(t.sortAttribute(), AttributeValue.fromS(DynamoDbSourceReader.SORT_KEY_FORMAT.format(updatedAt)));
        copy.put(t.partitionAttribute(), AttributeValue.fromS(LocalDate.ofInstant(updatedAt, ZoneOffset.UTC).toString()));
        return copy;
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
