package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.DemoDataset;
import dev.tidemark.local.MutableClock;
import dev.tidemark.local.SourceTables;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 2: replaying the same window leaves every synced row exactly as it was — same values, same
 * {@code synced_at}, and the same row version ({@code xmin}): an identical replay writes nothing at all.
 */
class ReplayIdempotencyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T15:30:00Z");
    private static final List<String> SNAPSHOTS = List.of(
            "SELECT xmin::text AS version, * FROM content ORDER BY content_id",
            "SELECT xmin::text AS version, * FROM creators ORDER BY creator_id",
            "SELECT xmin::text AS version, * FROM communities ORDER BY community_id",
            "SELECT xmin::text AS version, * FROM tags ORDER BY name",
            "SELECT xmin::text AS version, * FROM content_tags ORDER BY content_id, tag_id",
            "SELECT xmin::text AS version, * FROM quarantine ORDER BY quarantine_id");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ReplayIdempotencyTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void replayingAWindowChangesNothing() {
        MutableClock clock = new MutableClock(T0);
        DemoDataset dataset = new DemoDataset(stack.table, 5);
        // Two days with messy records included: quarantine and drift must be idempotent too.
        SourceTables.putAll(stack.dynamoDb, stack.table.tableName(), dataset.history(T0.minusSeconds(60), 2, 60));

        try (Tidemark app = stack.application(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT72H",
                TidemarkConfig.ENV_PAGE_SIZE, "25")).clock(clock).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            Map<String, Object> first = handler.handleRequest(IncrementalSyncTest.freshDelivery(), null);
            assertThat(first).containsEntry("status", "succeeded");
            assertThat((int) first.get("upserted")).isGreaterThan(100);
            assertThat((int) first.get("quarantined")).isPositive();
            List<List<Map<String, Object>>> before = snapshot();

            // Replay: forget the checkpoint, so the same clock plans exactly the same window again.
            stack.ssm.deleteParameter(r -> r.name(stack.checkpointParameter));
            Map<String, Object> replay = handler.handleRequest(IncrementalSyncTest.freshDelivery(), null);

            assertThat(replay).containsEntry("status", "succeeded")
                    .containsEntry("windowFrom", first.get("windowFrom"))
                    .containsEntry("windowTo", first.get("windowTo"))
                    .containsEntry("fetched", first.get("fetched"))
                    .containsEntry("upserted", 0)
                    .containsEntry("unchanged", first.get("upserted"));
            assertThat(snapshot()).isEqualTo(before);
        }
    }

    private List<List<Map<String, Object>>> snapshot() {
        return SNAPSHOTS.stream().map(sql -> Sql.rows(stack.dataSource, sql)).toList();
    }
}
