package dev.tidemark.dynamodb;

import dev.tidemark.core.SourceItem;
import dev.tidemark.sync.SourceItemFetcher;
import dev.tidemark.sync.SourceKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;

/**
 * Items by key with {@code BatchGetItem} (at most 100 keys a call), strongly consistent so a repair writes
 * the newest version. Keys DynamoDB leaves unprocessed (it does so under throttling, as a success) are asked for
 * again with backoff; the SDK retry strategy handles the throttling errors themselves.
 */
public final class DynamoDbItemFetcher implements SourceItemFetcher {
    static final int MAX_ROUNDS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

    private final DynamoDbClient dynamoDb;
    private final SourceTable table;
    private final ReadCapacityLimiter limiter;
    private volatile Boolean numeric;

    public DynamoDbItemFetcher(DynamoDbClient dynamoDb, SourceTable table, ReadCapacityLimiter limiter) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.limiter = limiter;
    }

    @Override
    public List<SourceItem> fetch(List<SourceKey> keys) {
        List<SourceItem> items = new ArrayList<>(keys.size());
        batchGet(keys.stream().map(k -> Map.of(table.keyAttribute(),
                        k.numeric() ? AttributeValue.fromN(k.key()) : AttributeValue.fromS(k.key()))).toList(), null,
                true, item -> items.add(AttributeValues.toSourceItem(item)));
        return items;
    }

    /** The key attribute only (the projection does not lower the units: an item is charged on its size). */
    @Override
    public Set<String> present(List<String> keys, boolean consistent) {
        boolean numeric = numericKeys();
        Set<String> present = new HashSet<>();
        batchGet(keys.stream().map(k -> Map.of(table.keyAttribute(),
                        numeric ? AttributeValue.fromN(k) : AttributeValue.fromS(k))).toList(), table.keyAttribute(),
                consistent, item -> present.add(DynamoDbSourceKeys.key(item.get(table.keyAttribute()))));
        return present;
    }

    /** Whether the table's key is a number ({@code N}): asked once, from the table's description. */
    private boolean numericKeys() {
        Boolean known = numeric;
        if (known == null) {
            known = dynamoDb.describeTable(r -> r.tableName(table.tableName())).table().attributeDefinitions().stream()
                    .filter(d -> d.attributeName().equals(table.keyAttribute()))
                    .anyMatch(d -> d.attributeTypeAsString().equals("N"));
            numeric = known;
        }
        return known;
    }

    private void batchGet(List<Map<String, AttributeValue>> keys, String projection, boolean consistent,
                          Consumer<Map<String, AttributeValue>> each) {
        if (keys.size() > 100) {
            throw new IllegalArgumentException("BatchGetItem takes at most 100 keys, got " + keys.size());
        }
        List<Map<String, AttributeValue>> pending = keys;
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException(pending.size() + " keys still unprocessed after " + MAX_ROUNDS
                        + " BatchGetItem rounds (the table is throttling)");
            }
            if (round > 0) {
                sleep(FIRST_BACKOFF.multipliedBy(1L << Math.min(round - 1, 5)));
            }
            KeysAndAttributes.Builder ask = KeysAndAttributes.builder().keys(pending).consistentRead(consistent);
            if (projection != null) {
                ask.projectionExpression("#k").expressionAttributeNames(Map.of("#k", projection));
            }
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r
                    .requestItems(Map.of(table.tableName(), ask.build()))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .overrideConfiguration(limiter.pacing()));
            response.responses().getOrDefault(table.tableName(), List.of()).forEach(each);
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table.tableName());
            pending = unprocessed == null ? List.of() : unprocessed.keys();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching items to repair", e);
        }
    }
}
