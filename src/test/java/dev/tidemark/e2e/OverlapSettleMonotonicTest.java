package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4: the overlap lag catches late writes, the settle delay defers fresh ones, upserts are monotonic. */
class OverlapSettleMonotonicTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;
    private SourceItems source;
    private MutableClock clock;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(OverlapSettleMonotonicTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void clean() {
        stack.reset();
        source = new SourceItems(stack, 4);
        clock = new MutableClock(T0);
    }

    @Test
    void aLateWriteJustBelowThePreviousWatermarkIsStillSyncedThanksToTheOverlap() {
        try (Tidemark app = app(Map.of())) {
            source.put("early", T0.minus(Duration.ofMinutes(30)));
            RunRecord first = run(app);
            Instant watermark = first.checkpointAfter();
            assertThat(watermark).isEqualTo(T0.minus(app.config().settleDelay()));

            // Written after the first run read its window, stamped 1 s before that run's end: a writer whose clock
            // runs behind, or an index that had not caught up yet.
            source.put("late", watermark.minusSeconds(1));
            clock.advance(Duration.ofHours(1));
            RunRecord second = run(app);

            assertThat(second.windowFrom()).isEqualTo(watermark.minus(app.config().overlapLag()));
            assertThat(second.counts().upserted()).isEqualTo(1);
            assertThat(SourceItems.rows(stack.dataSource)).containsKey("late");
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void withoutTheOverlapTheSameLateWriteWouldBeLost() {
        try (Tidemark app = app(Map.of(TidemarkConfig.ENV_OVERLAP_LAG, "PT0S"))) {
            source.put("early", T0.minus(Duration.ofMinutes(30)));
            Instant watermark = run(app).checkpointAfter();
            source.put("late", watermark.minusSeconds(1));
            clock.advance(Duration.ofHours(1));
            run(app);
            // The control: this is the record the overlap exists for.
            assertThat(SourceItems.rows(stack.dataSource)).doesNotContainKey("late");
            assertThat(source.differences(stack.dataSource)).containsExactly(
                    "late: missing in PostgreSQL (source version " + watermark.minusSeconds(1) + ")");
        }
    }

    @Test
    void itemsYoungerThanTheSettleDelayWaitForTheNextRun() {
        try (Tidemark app = app(Map.of(TidemarkConfig.ENV_SETTLE_DELAY, "PT10S"))) {
            source.put("settled", T0.minusSeconds(11));
            source.put("fresh", T0.minusSeconds(3));
            RunRecord first = run(app);
            assertThat(first.windowTo()).isEqualTo(T0.minusSeconds(10));
            assertThat(first.checkpointAfter()).isEqualTo(T0.minusSeconds(10));
            assertThat(SourceItems.rows(stack.dataSource)).containsOnlyKeys("settled");

            clock.advance(Duration.ofMinutes(1));
            RunRecord second = run(app);
            assertThat(second.windowFrom()).isBefore(T0.minusSeconds(3));
            assertThat(SourceItems.rows(stack.dataSource)).containsOnlyKeys("settled", "fresh");
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void aStaleReplayNeverOverwritesNewerDataAndEqualTimestampsAreIdempotent() {
        try (Tidemark app = app(Map.of())) {
            Instant v1 = T0.minus(Duration.ofMinutes(50));
            Instant v2 = T0.minus(Duration.ofMinutes(40));
            source.put("m", v2);
            source.put("other", v1);
            RunRecord first = run(app);
            assertThat(first.counts().upserted()).isEqualTo(2);

            // A slow writer puts the older version back at the source; replaying the window reads it again.
            Map<String, Object> before = Sql.row(stack.dataSource, "SELECT caption, xmin::text AS x FROM content WHERE content_id = 'm'");
            source.put("m", v1);
            RunRecord stale = app.sync().run(new RunRequest.Rerun(first.runId(), false), TimeBudget.UNLIMITED)
                    .getFirst();
            assertThat(stale.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(stale.counts().fetched()).isEqualTo(2);
            assertThat(stale.counts().upserted()).isZero();
            assertThat(stale.counts().unchanged()).isEqualTo(2);
            Map<String, Object> after = Sql.row(stack.dataSource,
                    "SELECT caption, source_updated_at, xmin::text AS x FROM content WHERE content_id = 'm'");
            assertThat(after.get("caption")).isEqualTo(SourceItems.caption("m", v2)).isEqualTo(before.get("caption"));
            assertThat(((java.sql.Timestamp) after.get("source_updated_at")).toInstant()).isEqualTo(v2);
            assertThat(after.get("x")).as("no new row version").isEqualTo(before.get("x"));

            // Equal timestamps: put v2 back exactly and replay: nothing changes, not even the row version.
            source.put("m", v2);
            List<Object> xminsBefore = Sql.rows(stack.dataSource, "SELECT xmin::text AS x FROM content ORDER BY content_id")
                    .stream().map(r -> r.get("x")).toList();
            RunRecord replay = app.sync().run(new RunRequest.Rerun(first.runId(), false), TimeBudget.UNLIMITED)
                    .getFirst();
            assertThat(replay.counts().fetched()).isEqualTo(2);
            assertThat(replay.counts().unchanged()).isEqualTo(2);
            assertThat(Sql.rows(stack.dataSource, "SELECT xmin::text AS x FROM content ORDER BY content_id")
                    .stream().map(r -> r.get("x")).toList()).isEqualTo(xminsBefore);
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void aWindowEndingInsideAMillisecondStillReadsThatMillisecondsItems() {
        source.put("edge", Instant.parse("2026-11-22T11:00:00.587Z"));
        source.put("after", Instant.parse("2026-11-22T11:00:00.588Z"));
        var reader = new dev.tidemark.dynamodb.DynamoDbSourceReader(stack.dynamoDb, stack.table, 10,
                dev.tidemark.dynamodb.ReadCapacityLimiter.unlimited());
        List<String> ids = new java.util.ArrayList<>();
        reader.read(new dev.tidemark.core.DayShard(java.time.LocalDate.of(2026, 11, 22), 0, 1), Instant.parse("2026-11-22T10:00:00Z"),
                        Instant.parse("2026-11-22T11:00:00.587626779Z"))
                .forEachRemaining(p -> p.items().forEach(i -> ids.add((String) i.get("contentId"))));
        assertThat(ids).containsExactly("edge");
    }

    private Tidemark app(Map<String, String> overrides) {
        Map<String, String> env = new java.util.HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT1H",
                TidemarkConfig.ENV_PAGE_SIZE, "3"));
        env.putAll(overrides);
        return stack.application(env).clock(clock).build();
    }

    private RunRecord run(Tidemark app) {
        RunRecord run = app.sync().run(new RunRequest.Scheduled("test", null, false), TimeBudget.UNLIMITED).getFirst();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        return run;
    }
}
