package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.dynamodb.SourceTable;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
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
 * Issue 18: {@code reconcile --recent P2D} compares only the items stamped in the last two days (GSI queries over
 * their day partitions, every shard): it catches a write 30 minutes late and one 30 hours late, reads exactly the
 * items of those two days, and misses, by design, one 3 days late (the full pass finds that one).
 */
class RecentSweepTest {
    private static final int SHARDS = 3;
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(RecentSweepTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aTwoDaySweepCatchesWritesMinutesAndHoursLateReadsOnlyTwoDaysAndMissesOneThreeDaysLate() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock clock = new MutableClock(now);
        SourceTable table = stack.table.withShards(SHARDS);
        SourceItems source = new SourceItems(stack, 2);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Instant> stamps = new ArrayList<>();
        // One item every 2 hours over the last 5 days, all synced.
        for (int i = 1; i <= 60; i++) {
            Instant at = now.minus(Duration.ofHours(2L * i)).plusMillis(i);
            stamps.add(at);
            items.add(SourceTables.withIndexKeys(table, source.item("old-" + i, at, false), at));
        }
        SourceTables.putAll(stack.dynamoDb, table.tableName(), items);
        Map<String, String> env = Map.of(TidemarkConfig.ENV_PAGE_SIZE, "7", TidemarkConfig.ENV_PARTITION_SHARDS,
                Integer.toString(SHARDS), TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "P6D");
        try (Tidemark app = stack.application(env).clock(clock).build()) {
            assertThat(app.sync().runScheduled("test", null, TimeBudget.UNLIMITED).counts().upserted()).isEqualTo(60);
            // Late writes, below the checkpoint by more than the overlap: no incremental run will read them.
            List<Map<String, AttributeValue>> late = new ArrayList<>();
            for (var entry : Map.of("late-30m", Duration.ofMinutes(30), "late-30h", Duration.ofHours(30),
                    "late-3d", Duration.ofDays(3)).entrySet()) {
                Instant at = now.minus(entry.getValue());
                stamps.add(at);
                late.add(SourceTables.withIndexKeys(table, source.item(entry.getKey(), at, false), at));
            }
            SourceTables.putAll(stack.dynamoDb, table.tableName(), late);
            clock.advance(Duration.ofMinutes(1));
            assertThat(app.sync().runScheduled("test", null, TimeBudget.UNLIMITED).counts().upserted()).isZero();

            RunRecord sweep = app.sync().run(new RunRequest.Reconcile(false, false, null, Duration.ofDays(2)),
                    TimeBudget.UNLIMITED).getFirst();
            Instant from = clock.instant().minus(Duration.ofDays(2));
            long lastTwoDays = stamps.stream().filter(t -> !t.isBefore(from)).count();
            assertThat(sweep.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(sweep.trigger()).isEqualTo("recent:PT48H");
            assertThat(sweep.counts().fetched()).as("read exactly the items of the last two days").isEqualTo(lastTwoDays);
            assertThat(lastTwoDays).isEqualTo(25);
            assertThat(sweep.reconcile().missing()).isEqualTo(2);
            assertThat(sweep.reconcile().repaired()).isEqualTo(2);
        }
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE content_id IN ('late-30m', 'late-30h')"))
                .isEqualTo(2);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE content_id = 'late-3d'"))
                .as("3 days late: beyond a 2-day sweep, by design").isZero();
    }
}
