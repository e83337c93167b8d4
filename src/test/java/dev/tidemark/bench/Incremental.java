package dev.tidemark.bench;

import dev.tidemark.core.parse.ItemParser;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.SourceTables;
import dev.tidemark.postgres.PostgresPageSink;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.DynamoDbCounter;
import dev.tidemark.testing.ParsedPages;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 2: after the backfill, 100 items change; the next hourly run against a full-table-Scan sync of
 * the same table (read every item, parse it, upsert it — what a Scan-based source does on every run).
 */
final class Incremental {
    static final int CHANGES = 100;

    private Incremental() {
    }

    /** What one way of syncing cost: DynamoDB requests, items returned, capacity consumed, wall time. */
    record Cost(long requests, Map<String, Long> byOperation, long itemsRead, double capacityUnits, double seconds,
                long upserted) {
    }

    /** @return {incremental, full scan, the documented overlap the incremental run may re-read} */
    static Object[] run(BenchStack stack, BenchData data, Backfill.Synced synced, ItemParser parser) {
        Instant watermark = synced.run().checkpointAfter();
        synced.clock().advance(Duration.ofHours(1));
        List<Map<String, AttributeValue>> changes = new ArrayList<>();
        DemoDataset edits = new DemoDataset(data.table(), 99);
        for (int i = 0; i < CHANGES; i++) {
            int id = (int) ((i * 1_999L) % data.count());
            changes.add(edits.post("post-" + id, watermark.plus(Duration.ofMinutes(1)).plusMillis(i * 100L)));
        }
        SourceTables.putAll(stack.dynamoDb, data.table().tableName(), changes);
        Instant overlapFrom = watermark.minus(synced.app().config().overlapLag());
        long overlap = 0;
        for (int i = 0; i < data.count(); i++) {
            Instant t = data.updatedAt(i);
            if (!t.isBefore(overlapFrom) && t.isBefore(watermark)) {
                overlap++;
            }
        }

        DynamoDbCounter counter = stack.counter;
        counter.reset();
        long t0 = System.nanoTime();
        RunRecord run = synced.app().sync().runScheduled("bench", "hourly", TimeBudget.UNLIMITED);
        Cost incremental = cost(counter, (System.nanoTime() - t0) / 1e9, run.counts().upserted());

        counter.reset();
        t0 = System.nanoTime();
        long upserted = fullScanSync(stack, data, parser, new PostgresPageSink(synced.app().dataSource()));
        Cost scan = cost(counter, (System.nanoTime() - t0) / 1e9, upserted);
        return new Object[] {incremental, scan, overlap};
    }

    private static long fullScanSync(BenchStack stack, BenchData data, ItemParser parser, PostgresPageSink sink) {
        Map<String, AttributeValue> start = null;
        long upserted = 0;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = stack.dynamoDb.scan(s -> s.tableName(data.table().tableName()).limit(Backfill.PAGE)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).exclusiveStartKey(from));
            ParsedPages parsed = ParsedPages.parse(parser, page.items());
            upserted += sink.write("bench-scan", parsed.records(), parsed.rejections()).upserted();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return upserted;
    }

    private static Cost cost(DynamoDbCounter c, double seconds, long upserted) {
        Map<String, Long> ops = c.requests();
        return new Cost(ops.values().stream().mapToLong(Long::longValue).sum(), ops, c.itemsReturned(),
                c.capacityUnits(), seconds, upserted);
    }
}
