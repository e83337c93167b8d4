package dev.tidemark.dynamodb;

import dev.tidemark.core.parse.TextSanitizer;
import dev.tidemark.sync.SourceKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.math.BigDecimal;
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
 * key attribute only ({@code ProjectionExpression}), so a reconcile reads a few bytes per item rather than
 * whole items. Throttling is retried by the client's SDK retry strategy like any other call.
 *
 * <p>Keys are normalized exactly as the parser normalizes a content id, so they compare equal to
 * {@code content.content_id}.
 */
public final class DynamoDbSourceKeys implements SourceKeys {
    private final DynamoDbClient dynamoDb;
    private final SourceTable table;
    private final int segments;
    private final int pageSize;

    public DynamoDbSourceKeys(DynamoDbClient dynamoDb, SourceTable table, int segments, int pageSize) {
        if (segments < 1) {
            throw new IllegalArgumentException("segments must be at least 1, was " + segments);
        }
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.segments = segments;
        this.pageSize = pageSize;
    }

    @Override
    public int scan(Consumer<List<String>> pageOfKeys) {
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

    private int scanSegment(int segment, Consumer<List<String>> pageOfKeys) {
        ScanRequest request = ScanRequest.builder()
                .tableName(table.tableName())
                .projectionExpression("#k")
                .expressionAttributeNames(Map.of("#k", table.keyAttribute()))
                .segment(segment)
                .totalSegments(segments)
                .limit(pageSize)
                .build();
        int pages = 0;
        for (ScanResponse page : dynamoDb.scanPaginator(request)) {
            pages++;
            List<String> keys = new ArrayList<>(page.items().size());
            for (Map<String, AttributeValue> item : page.items()) {
                String key = key(item.get(table.keyAttribute()));
                if (key != null) {
                    keys.add(key);
                }
            }
            if (!keys.isEmpty()) {
                pageOfKeys.accept(keys);
            }
        }
        return pages;
    }

    private static String key(AttributeValue v) {
        if (v == null) {
            return null;
        }
        if (v.s() != null) {
            return TextSanitizer.clean(v.s());
        }
        return v.n() == null ? null : new BigDecimal(v.n()).toPlainString();
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
