package dev.tidemark.dynamodb;

import dev.tidemark.sync.SourceKey;
import dev.tidemark.sync.SourceKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The keys of the base table by a segmented Scan, one page of one segment per call, continued from the previous
 * page's {@code LastEvaluatedKey} (a {@link ScanCursor}), each page projecting the key, the sort key
 * ({@code updatedAt}) and the tombstone attributes only ({@code ProjectionExpression}), so a reconcile reads a few
 * bytes per item rather than whole items and can still tell a stale row from a current one. Throttling is retried by the client's SDK retry strategy like any other call; each page's consumed
 * capacity is charged to the run's {@link ReadCapacityLimiter}, which paces every attempt, retries included.
 *
 * <p>Keys are kept exactly as the parser keeps a content id (a string as is, a number in plain canonical
 * form), so they compare equal to {@code content.content_id} and fetch the same item again.
 */
public final class DynamoDbSourceKeys implements SourceKeys {
    private final DynamoDbClient dynamoDb;
    private final SourceTable table;
    private final Tombstones tombstones;
    private final ReadCapacityLimiter limiter;

    /** The attributes that mark a deleted item (the parser's {@code TIDEMARK_TOMBSTONE_*} settings). */
    public record Tombstones(String flagAttribute, String timeAttribute) {
    }

    public DynamoDbSourceKeys(DynamoDbClient dynamoDb, SourceTable table, Tombstones tombstones,
                              ReadCapacityLimiter limiter) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.tombstones = tombstones;
        this.limiter = limiter;
    }

    @Override
    public KeyPage page(int segment, int segments, String cursor, int limit) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table.tableName())
                .projectionExpression("#k, #s, #f, #t")
                .expressionAttributeNames(Map.of("#k", table.keyAttribute(), "#s", table.sortAttribute(),
                        "#f", tombstones.flagAttribute(), "#t", tombstones.timeAttribute()))
                .limit(limit)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .overrideConfiguration(limiter.pacing());
        if (segments > 1) {
            request.segment(segment).totalSegments(segments);
        }
        if (cursor != null) {
            request.exclusiveStartKey(ScanCursor.decode(cursor));
        }
        ScanResponse page = dynamoDb.scan(request.build());
        List<SourceKey> keys = new ArrayList<>(page.items().size());
        for (Map<String, AttributeValue> item : page.items()) {
            AttributeValue key = item.get(table.keyAttribute());
            if (key != null && (key.s() != null || key.n() != null)) {
                keys.add(new SourceKey(key(key), key.n() != null, updatedAt(item.get(table.sortAttribute())),
                        isTombstone(item)));
            }
        }
        return new KeyPage(keys, page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? ScanCursor.encode(page.lastEvaluatedKey()) : null);
    }

    static String key(AttributeValue v) {
        return v.s() != null ? v.s() : new BigDecimal(v.n()).stripTrailingZeros().toPlainString();
    }

    /** The sort key is ISO-8601 UTC by contract; one that is not gives no time, and only presence is compared. */
    private static Instant updatedAt(AttributeValue v) {
        if (v == null || v.s() == null) {
            return null;
        }
        try {
            return Instant.parse(v.s());
        } catch (DateTimeParseException notAnInstant) {
            return null;
        }
    }

    private boolean isTombstone(Map<String, AttributeValue> item) {
        AttributeValue flag = item.get(tombstones.flagAttribute());
        AttributeValue time = item.get(tombstones.timeAttribute());
        return flag != null && Boolean.TRUE.equals(flag.bool())
                || time != null && (time.n() != null || time.s() != null && !time.s().isBlank());
    }
}
