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
import java.util.List;
import java.util.Map;

/**
 * Whole items by key with {@code BatchGetItem} (at most 100 keys a call), strongly consistent so a repair writes
 * the newest version. Keys DynamoDB leaves unprocessed (it does so under throttling, as a success) are asked for
 * again with backoff; the SDK retry strategy handles the throttling errors themselves.
 */
public final class DynamoDbItemFetcher implements SourceItemFetcher {
    static final int MAX_ROUNDS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

    private final DynamoDbClient dynamoDb;
    private final SourceTable table;
    private final ReadCapacityLimiter limiter;

    public DynamoDbItemFetcher(DynamoDbClient dynamoDb, SourceTable table, ReadCapacityLimiter limiter) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.limiter = limiter;
    }

    @Override
    public List<SourceItem> fetch(List<SourceKey> keys) {
        if (keys.size() > 100) {
            throw new IllegalArgumentException("BatchGetItem takes at most 100 keys, got " + keys.size());
        }
        List<SourceItem> items = new ArrayList<>(keys.size());
        if (keys.isEmpty()) {
            return items;
        }
        List<Map<String, AttributeValue>> pending = keys.stream().map(k -> Map.of(table.keyAttribute(),
                k.numeric() ? AttributeValue.fromN(k.key()) : AttributeValue.fromS(k.key()))).toList();
        for (int round = 0; !pending.isEmpty(); round++) {
            if (round == MAX_ROUNDS) {
                throw new IllegalStateException(pending.size() + " keys still unprocessed after " + MAX_ROUNDS
                        + " BatchGetItem rounds (the table is throttling)");
            }
            if (round > 0) {
                sleep(FIRST_BACKOFF.multipliedBy(1L << Math.min(round - 1, 5)));
            }
            List<Map<String, AttributeValue>> ask = pending;
            BatchGetItemResponse response = dynamoDb.batchGetItem(r -> r
                    .requestItems(Map.of(table.tableName(), KeysAndAttributes.builder().keys(ask).consistentRead(true).build()))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .overrideConfiguration(limiter.pacing()));
            response.responses().getOrDefault(table.tableName(), List.of())
                    .forEach(item -> items.add(AttributeValues.toSourceItem(item)));
            KeysAndAttributes unprocessed = response.unprocessedKeys().get(table.tableName());
            pending = unprocessed == null ? List.of() : unprocessed.keys();
        }
        return items;
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
