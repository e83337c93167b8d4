package dev.tidemark.dynamodb;

import dev.tidemark.core.SourceItem;
import dev.tidemark.core.mapping.MappingCheck;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A look at a source table for {@code mapping check}: its description and a sample of its items, read with
 * DescribeTable and an eventually consistent Scan of at most a few pages. Reads only.
 */
public final class DynamoDbSourceSample implements AutoCloseable {
    private final DynamoDbClient dynamoDb;
    private final boolean owned;

    /** @param owned whether {@link #close} closes the client */
    public DynamoDbSourceSample(DynamoDbClient dynamoDb, boolean owned) {
        this.dynamoDb = dynamoDb;
        this.owned = owned;
    }

    public MappingCheck.TableDescription describe(String table) {
        TableDescription t = dynamoDb.describeTable(r -> r.tableName(table)).table();
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        for (GlobalSecondaryIndexDescription gsi : t.globalSecondaryIndexes()) {
            indexes.put(gsi.indexName(), keys(gsi.keySchema()));
        }
        return new MappingCheck.TableDescription(keys(t.keySchema()).getFirst(), indexes);
    }

    /** Up to {@code max} items, from the start of a Scan. */
    public List<SourceItem> sample(String table, int max) {
        List<SourceItem> items = new ArrayList<>();
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            var exclusiveStart = start;
            ScanResponse page = dynamoDb.scan(r -> r.tableName(table).limit(Math.min(max - items.size(), 1000))
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(item -> items.add(AttributeValues.toSourceItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && items.size() < max);
        return items;
    }

    /** HASH first, then RANGE. */
    private static List<String> keys(List<KeySchemaElement> schema) {
        return schema.stream().sorted(Comparator.comparing(k -> k.keyType() == KeyType.HASH ? 0 : 1))
                .map(KeySchemaElement::attributeName).toList();
    }

    @Override
    public void close() {
        if (owned) {
            dynamoDb.close();
        }
    }
}
