package dev.tidemark.bench;

import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.SourceTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's source table: {@code count} realistic posts spread evenly over {@code days} UTC day
 * partitions ending at {@code end}. Item {@code i} is a pure function of {@code i}, so the sink-only and
 * COPY scenarios write exactly the rows the end-to-end sync reads, without holding the table in memory.
 */
record BenchData(SourceTable table, int count, int days, Instant end) {

    static BenchData of(String tableName, int count, int days, Instant end) {
        return new BenchData(new SourceTable(tableName, "updatedDate-updatedAt-index", "contentId", "updatedDate",
                "updatedAt"), count, days, end);
    }

    /** The same items with sharded day keys ({@code YYYY-MM-DD#n}, n from the item's key). */
    BenchData withShards(int shards) {
        return new BenchData(table.withShards(shards), count, days, end);
    }

    Instant start() {
        return end.minus(Duration.ofDays(days));
    }

    Instant updatedAt(int i) {
        long span = Duration.ofDays(days).toMillis();
        return start().plusMillis(span * (i + 1L) / (count + 1L));
    }

    /**
     * The pages a sync run of the whole table writes, as item ranges {@code [from, to)}: a run reads one UTC day
     * partition after another, each in pages of up to {@code pageSize}, so a day's last page is short (61 pages
     * for 50,000 items over 30 days, not 50). Items are in update order, so a day is one contiguous range.
     */
    List<int[]> runPages(int pageSize) {
        List<int[]> pages = new ArrayList<>();
        int from = 0;
        while (from < count) {
            LocalDate day = LocalDate.ofInstant(updatedAt(from), ZoneOffset.UTC);
            int dayEnd = from;
            while (dayEnd < count && LocalDate.ofInstant(updatedAt(dayEnd), ZoneOffset.UTC).equals(day)) {
                dayEnd++;
            }
            for (int start = from; start < dayEnd; start += pageSize) {
                pages.add(new int[] {start, Math.min(dayEnd, start + pageSize)});
            }
            from = dayEnd;
        }
        return pages;
    }

    Map<String, AttributeValue> item(int i) {
        return new DemoDataset(table, i).post("post-" + i, updatedAt(i));
    }

    /** Items {@code [from, to)} in update order. */
    List<Map<String, AttributeValue>> items(int from, int to) {
        List<Map<String, AttributeValue>> items = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            items.add(item(i));
        }
        return items;
    }

    /**
     * Creates the table and writes every item with {@code writers} parallel BatchWriteItem loops (DynamoDB
     * Local accepts a few thousand items a second per writer). Returns the seconds it took.
     */
    double seed(DynamoDbClient dynamoDb, int writers) throws Exception {
        SourceTables.create(dynamoDb, table);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> parts = new ArrayList<>();
            int chunk = 500;
            for (int from = 0; from < count; from += chunk) {
                int f = from;
                int t = Math.min(count, from + chunk);
                parts.add(pool.submit(() -> SourceTables.putAll(dynamoDb, table.tableName(), items(f, t))));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdown();
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
