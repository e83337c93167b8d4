package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.core.Slice;
import dev.tidemark.sync.BackfillPlan;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Invariants;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: sharded day keys ({@code TIDEMARK_PARTITION_SHARDS=4}, GSI partition key {@code YYYY-MM-DD#n}). Every
 * shard is read: shards 0 and 1 hold several pages, shard 2 holds only one item inside the overlap (a late
 * arrival below the checkpoint), shard 3 is empty; and partial runs checkpoint the minimum over shards.
 */
class ShardedDayTest {
    private static final int SHARDS = 4;
    private static final Instant WATERMARK = Instant.parse("2026-11-21T06:00:00Z");
    private static TestStack stack;
    private SourceTable table;
    private SourceItems source;
    private MutableClock clock;
    private final List<Map<String, AttributeValue>> written = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ShardedDayTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void shards() {
        stack.reset();
        written.clear();
        table = stack.table.withShards(SHARDS);
        source = new SourceItems(stack, 4);
        clock = new MutableClock(WATERMARK.plus(Duration.ofHours(20)));
        // Shards 0 and 1: 40 items each after the watermark, spread over two days.
        for (int shard : List.of(0, 1)) {
            List<String> ids = idsOnShard(shard, 40);
            for (int i = 0; i < ids.size(); i++) {
                write(ids.get(i), WATERMARK.plus(Duration.ofMinutes(29L * i + shard)));
            }
        }
        // Shard 2: one item only, stamped inside the overlap: it reached the index after the last run read.
        write(idsOnShard(2, 1).getFirst(), WATERMARK.minus(Duration.ofMinutes(2)));
        // Shard 3: nothing.
        SourceTables.putAll(stack.dynamoDb, table.tableName(), written);
    }

    @Test
    void everyShardIsReadIncludingAnEmptyOneAndOneWithOnlyTheOverlap() {
        try (Tidemark app = app()) {
            app.checkpoints().write(new Checkpoint(WATERMARK, "before", WATERMARK));
            RunRecord run = app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.counts().fetched()).isEqualTo(81);
            assertThat(run.checkpointAfter()).isEqualTo(run.windowTo());
            source.assertEqualToSource(stack.dataSource);
            Set<String> keys = new TreeSet<>();
            written.forEach(i -> keys.add(i.get(table.partitionAttribute()).s().substring(10)));
            assertThat(keys).as("the data really is sharded").containsExactly("#0", "#1", "#2");
        }
    }

    @Test
    void partialRunsCheckpointTheMinimumOverShards() {
        try (Tidemark app = app()) {
            app.checkpoints().write(new Checkpoint(WATERMARK, "before", WATERMARK));
            Instant previous = WATERMARK;
            List<RunRecord> runs = new ArrayList<>();
            while (runs.isEmpty() || runs.getLast().status() != RunStatus.SUCCEEDED) {
                assertThat(runs).hasSizeLessThan(30);
                RunRecord run = app.sync().runScheduled("test", null, () -> Duration.ZERO);
                runs.add(run);
                assertThat(Invariants.checkpointViolations(app.checkpoints(), source, stack.dataSource))
                        .as("after run %d", runs.size()).isEmpty();
                Instant now = app.checkpoints().read().orElseThrow().watermark();
                assertThat(now).isAfter(previous);
                previous = now;
                clock.advance(Duration.ofSeconds(30));
            }
            // Each run moves the checkpoint past at least a whole page of the shard holding it back (issue 18).
            assertThat(runs.size()).isGreaterThan(2);
            assertThat(runs.getFirst().stoppedAt()).contains("(the lowest of 4 shards;");
            source.assertEqualToSource(stack.dataSource);
        }
    }

    /** Issue 14 on a sharded table: the plan has a slice per day × shard, and each slice reads its shard only. */
    @Test
    void backfillSlicesAreDaysTimesShardsAndEachReadsOnlyItsShard() {
        Map<String, Integer> perKey = new java.util.TreeMap<>();
        written.forEach(item -> perKey.merge(item.get(table.partitionAttribute()).s(), 1, Integer::sum));
        try (Tidemark app = app()) {
            LocalDate first = LocalDate.of(2026, 11, 21);
            BackfillPlan plan = app.backfills().plan("sharded", first, first.plusDays(1));
            assertThat(plan.slices()).hasSize(2 * SHARDS).extracting(Slice::key)
                    .contains("2026-11-21#0", "2026-11-21#3", "2026-11-22#3");
            int fetched = 0;
            for (Slice slice : plan.slices()) {
                RunRecord run = app.backfills().slice("sharded", slice, TimeBudget.UNLIMITED);
                assertThat(run.status()).as(slice.key()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(run.counts().fetched()).as("items read by slice %s", slice.key())
                        .isEqualTo(perKey.getOrDefault(slice.key(), 0));
                fetched += run.counts().fetched();
            }
            assertThat(perKey.get("2026-11-21#0")).isPositive();
            assertThat(perKey).doesNotContainKey("2026-11-21#3");
            assertThat(fetched).isEqualTo(written.size());
        }
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(written.size());
    }

    private Tidemark app() {
        return stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "7",
                TidemarkConfig.ENV_PARTITION_SHARDS, Integer.toString(SHARDS))).clock(clock).build();
    }

    private void write(String id, Instant updatedAt) {
        written.add(SourceTables.withIndexKeys(table, source.item(id, updatedAt, false), updatedAt));
    }

    private static List<String> idsOnShard(int shard, int count) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; ids.size() < count; n++) {
            if (SourceTables.shardOf("post-" + n, SHARDS) == shard) {
                ids.add("post-" + n);
            }
        }
        return ids;
    }
}
