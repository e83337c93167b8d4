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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Every key of the base table by a parallel Scan: {@code segments} segments read at once, each projecting the
 * key, the sort key ({@code updatedAt}) and the tombstone attributes only ({@code ProjectionExpression}), so a
 * reconcile reads a few bytes per item rather than whole items and can still tell a stale row from a current
 * one. Throttling is retried by the client's SDK retry strategy like any other call; each page's consumed
 * capacity is charged to the run's {@link ReadCapacityLimiter}, which paces every attempt, retries included.
 *
 * <p>Keys are kept exactly as the parser keeps a content id (a string as is, a number in plain canonical
 * form), so they compare equal to {@code content.content_id} and fetch the same item again.
 */
public final class DynamoDbSourceKeys implements SourceKeys {
    private final DynamoDbClient dynamoDb;
    private final SourceTable table;
    private final int segments;
    private final int pageSize;
    private final Tombstones tombstones;
    private final ReadCapacityLimiter limiter;

    /** The attributes that mark a deleted item (the parser's {@code TIDEMARK_TOMBSTONE_*} settings). */
    public record Tombstones(String flagAttribute, String timeAttribute) {
    }

    public DynamoDbSourceKeys(DynamoDbClient dynamoDb, SourceTable table, int segments, int pageSize,
                              Tombstones tombstones, ReadCapacityLimiter limiter) {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1, was " + segments);
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.segments = segments;
        this.pageSize = pageSize;
        this.tombstones = tombstones;
        this.limiter = limiter;
    }

    @Override
    public int scan(Consumer<List<SourceKey>> pageOfKeys) {
        try (ExecutorService pool = Executors.newFixedThreadPool(segments)) {
            List<Future<Integer>> running = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int s = segment;
                running.add(pool.submit(() -> scanSegment(s, pageOfKeys)));
            }
            int pages = 0;
            for (Future<Integer> f : running) {
                pages += await(f);
            }
            return pages;
        }
    }

    private int scanSegment(int segment, Consumer<List<SourceKey>> pageOfKeys) {
        ScanRequest request = ScanRequest.builder()
                .tableName(table.tableName())
                .projectionExpression("#k, #s, #f, #t")
                .expressionAttributeNames(Map.of("#k", table.keyAttribute(), "#s", table.sortAttribute(),
                        "#f", tombstones.flagAttribute(), "#t", tombstones.timeAttribute()))
                .segment(segment)
                .totalSegments(segments)
                .limit(pageSize)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .overrideConfiguration(limiter.pacing())
                .build();
        int pages = 0;
        for (ScanResponse page : dynamoDb.scanPaginator(request)) {
            pages++;
            List<SourceKey> keys = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                AttributeValue key = item.get(table.keyAttribute());
                if (key != null && (key.s() != null || key.n() != null)) {
                    keys.add(new SourceKey(key(key), key.n() != null, updatedAt(item.get(table.sortAttribute())),
                            isTombstone(item)));
                }
            }
            if (!keys.isEmpty()) {
                pageOfKeys.accept(keys);
            }
        }
        return pages;
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

    private static int await(Future<Integer> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reconcile scan interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("reconcile scan failed: " + e.getCause(), e.getCause());
        }
    }
}
