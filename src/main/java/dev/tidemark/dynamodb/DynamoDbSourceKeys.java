package dev.tidemark.dynamodb;

import dev.tidemark.core.mapping.Attribute;
import dev.tidemark.core.mapping.Normalized;
import dev.tidemark.core.parse.SourceValues;
import dev.tidemark.sync.SourceKey;
import dev.tidemark.sync.SourceKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    /** The projection, the same for every page: the key, the sort key and the tombstone attributes. */
    private final String projection;
    private final Map<String, String> projectedNames;

    /**
     * The attributes that mark a deleted item (the mapping's tombstone flag and time, each with its aliases; today's
     * model: the {@code TIDEMARK_TOMBSTONE_*} settings), read as the mapping reads them.
     */
    public record Tombstones(List<String> flags, List<String> times) {
        public Tombstones {
            flags = List.copyOf(flags);
            times = List.copyOf(times);
        }

        /** @param flag the flag attribute, or null for none; @param time the time attribute, or null for none */
        public static Tombstones of(Attribute flag, Attribute time) {
            return new Tombstones(flag == null ? List.of() : flag.names(), time == null ? List.of() : time.names());
        }
    }

    public DynamoDbSourceKeys(DynamoDbClient dynamoDb, SourceTable table, Tombstones tombstones,
                              ReadCapacityLimiter limiter) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.tombstones = tombstones;
        this.limiter = limiter;
        Set<String> projected = new LinkedHashSet<>(List.of(table.keyAttribute(), table.sortAttribute()));
        projected.addAll(tombstones.flags());
        projected.addAll(tombstones.times());
        Map<String, String> names = new HashMap<>();
        List<String> placeholders = new ArrayList<>();
        for (String name : projected) {
            placeholders.add("#a" + names.size());
            names.put("#a" + names.size(), name);
        }
        this.projection = String.join(", ", placeholders);
        this.projectedNames = Map.copyOf(names);
    }

    @Override
    public KeyPage page(int segment, int segments, String cursor, int limit) {
        ScanRequest.Builder request = ScanRequest.builder()
                .tableName(table.tableName())
                .projectionExpression(projection)
                .expressionAttributeNames(projectedNames)
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

    /**
     * The sort key read in the table's format (ISO-8601, epoch seconds or milliseconds), as the mapping reads it; one
     * that does not read gives no time, and only presence is compared.
     */
    private Instant updatedAt(AttributeValue v) {
        if (v == null) {
            return null;
        }
        return table.sortFormat().reader().apply(AttributeValues.toPlain(v)) instanceof Normalized.Value(Instant at)
                ? at : null;
    }

    /** The first tombstone flag present says yes, or a tombstone time is there (not blank), as the mapping reads it. */
    private boolean isTombstone(Map<String, AttributeValue> item) {
        for (String flag : tombstones.flags()) {
            AttributeValue v = item.get(flag);
            if (v != null && !Boolean.TRUE.equals(v.nul())) {
                return SourceValues.tombstoneFlag(AttributeValues.toPlain(v)).orElse(false) || hasTime(item);
            }
        }
        return hasTime(item);
    }

    private boolean hasTime(Map<String, AttributeValue> item) {
        for (String time : tombstones.times()) {
            AttributeValue v = item.get(time);
            if (v != null && !Boolean.TRUE.equals(v.nul())) {
                return !(v.s() != null && v.s().isBlank());
            }
        }
        return false;
    }
}
