package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.testing.Invariants;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: with sharded day keys the frontier is the lowest shard, and a budgeted run that re-read the overlap and
 * one page used to move the checkpoint by a hair (1.2 s, past 102 of 1,335 waiting writes with 8 shards). Now every
 * budgeted run goes on until the shard holding the frontier back has committed a whole page past the checkpoint:
 * on an 8-shard table with a backlog, each run, even with its budget spent from the start, moves the checkpoint
 * past at least a page of waiting items.
 */
class ShardFrontierProgressTest {
    private static final int SHARDS = 8;
    private static final int PAGE = 25;
    private static final Instant WATERMARK = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ShardFrontierProgressTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static List<String> idsOnShard(int shard, int count) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; ids.size() < count; n++) {
            if (SourceTables.shardOf("w-" + n, SHARDS) == shard) {
                ids.add("w-" + n);
            }
        }
        return ids;
    }

    @Test
    void everyBudgetedRunMovesTheCheckpointPastAtLeastAPageOfWaitingItems() {
        SourceTable table = stack.table.withShards(SHARDS);
        SourceItems source = new SourceItems(stack, 8);
        List<Map<String, AttributeValue>> written = new ArrayList<>();
        List<Instant> stamps = new ArrayList<>();
        // On every shard: 49 writes in the 5 minutes below the checkpoint (the overlap the first run re-reads: two
        // pages less one item, so each shard's page that crosses the checkpoint holds one item past it), then a
        // backlog of 150 writes after it. A run that stopped once the frontier had crossed and one more page had
        // committed would move the checkpoint past a handful of items only.
        for (int shard = 0; shard < SHARDS; shard++) {
            List<String> ids = idsOnShard(shard, 49 + 150);
            for (int i = 0; i < ids.size(); i++) {
                Instant at = i < 49 ? WATERMARK.minusSeconds(299).plusSeconds(6L * i).plusMillis(shard)
                        : WATERMARK.plusSeconds(8L * (i - 49) + 1).plusMillis(shard);
                stamps.add(at);
                written.add(SourceTables.withIndexKeys(table, source.item(ids.get(i), at, false), at));
            }
        }
        SourceTables.putAll(stack.dynamoDb, table.tableName(), written);
        MutableClock clock = new MutableClock(WATERMARK.plus(Duration.ofHours(2)));
        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, Integer.toString(PAGE),
                TidemarkConfig.ENV_PARTITION_SHARDS, Integer.toString(SHARDS))).clock(clock).build()) {
            app.checkpoints().write(new Checkpoint(WATERMARK, "before", WATERMARK));
            Instant before = WATERMARK;
            int runs = 0;
            while (true) {
                assertThat(runs++).as("runs").isLessThan(60);
                RunRecord run = app.sync().runScheduled("test", null, () -> Duration.ZERO);
                assertThat(Invariants.checkpointViolations(app.checkpoints(), source, stack.dataSource)).isEmpty();
                Instant after = app.checkpoints().read().orElseThrow().watermark();
                Instant from = before;
                long passed = stamps.stream().filter(t -> t.isAfter(from) && !t.isAfter(after)).count();
                if (run.status() == RunStatus.SUCCEEDED) {
                    break;
                }
                assertThat(passed).as("waiting items the checkpoint of run %d moved past (%s -> %s)", runs, before,
                        after).isGreaterThanOrEqualTo(PAGE);
                before = after;
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(runs).as("a backlog of 48 pages takes several budgeted runs").isGreaterThan(3);
            source.assertEqualToSource(stack.dataSource);
        }
    }
}
