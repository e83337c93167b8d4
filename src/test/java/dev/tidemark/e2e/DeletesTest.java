package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.Events;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 4: tombstones soft-delete; reconcile soft-deletes rows whose source item was hard-deleted. */
class DeletesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(DeletesTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void tombstonesAndHardDeletesEndAsSoftDeletedRowsAndAReturningItemComesBack() {
        SourceItems source = new SourceItems(stack, 8);
        MutableClock clock = new MutableClock(T0);
        try (Tidemark app = stack.application(new HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT2H",
                TidemarkConfig.ENV_PAGE_SIZE, "2", TidemarkConfig.ENV_RECONCILE_SEGMENTS, "3"))).clock(clock).build()) {
            for (int i = 0; i < 9; i++) {
                source.put("item-" + i, T0.minus(Duration.ofMinutes(60 - i)));
            }
            assertThat(scheduled(app).counts().upserted()).isEqualTo(9);

            // Tombstones: a deleted flag, and a deletedAt timestamp.
            clock.advance(Duration.ofHours(1));
            Instant flaggedAt = clock.instant().minus(Duration.ofMinutes(30));
            source.tombstone("item-0", flaggedAt);
            Map<String, AttributeValue> withTime = new HashMap<>(source.item("item-1", flaggedAt.plusSeconds(1), false));
            Instant deletedAt = flaggedAt.minusSeconds(5);
            withTime.put("deletedAt", AttributeValue.fromS(deletedAt.toString()));
            source.putAll(java.util.List.of(withTime));
            RunRecord tombstones = scheduled(app);
            assertThat(tombstones.counts().deleted()).isEqualTo(2);
            assertThat(deletedAt("item-0")).isEqualTo(flaggedAt);
            assertThat(deletedAt("item-1")).isEqualTo(deletedAt);

            // Hard deletes: the items vanish from the table; no incremental run can see that.
            source.hardDelete("item-2");
            source.hardDelete("item-3");
            source.hardDelete("item-0");
            clock.advance(Duration.ofHours(1));
            assertThat(scheduled(app).counts().deleted()).isZero();
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE deleted_at IS NULL")).isEqualTo(7);

            Map<String, Object> reconcile = new SyncHandler(() -> app).handleRequest(Events.load("reconcile.json"), null);
            assertThat(reconcile).containsEntry("mode", "reconcile").containsEntry("status", "succeeded")
                    .containsEntry("fetched", 6).containsEntry("deleted", 2);
            String reconcileRun = (String) reconcile.get("runId");
            assertThat(Sql.rows(stack.dataSource, "SELECT content_id FROM content WHERE last_run_id = ? ORDER BY 1", reconcileRun))
                    .extracting(r -> r.get("content_id")).containsExactly("item-2", "item-3");
            assertThat(deletedAt("item-2")).isEqualTo(clock.instant());
            assertThat(Sql.row(stack.dataSource, "SELECT fetched, deleted, status FROM sync_runs WHERE run_id = ?", reconcileRun))
                    .containsEntry("fetched", 6).containsEntry("deleted", 2).containsEntry("status", "succeeded");
            source.assertEqualToSource(stack.dataSource);

            RunRecord again = app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED).getFirst();
            assertThat(again.counts().deleted()).isZero();

            // The item returns at the source with a newer version: the monotonic upsert revives the row.
            clock.advance(Duration.ofHours(1));
            source.put("item-2", clock.instant().minus(Duration.ofMinutes(10)));
            scheduled(app);
            assertThat(deletedAt("item-2")).isNull();
            source.assertEqualToSource(stack.dataSource);
        }
    }

    private static Instant deletedAt(String id) {
        Timestamp t = (Timestamp) Sql.row(stack.dataSource, "SELECT deleted_at FROM content WHERE content_id = ?", id)
                .get("deleted_at");
        return t == null ? null : t.toInstant();
    }

    private static RunRecord scheduled(Tidemark app) {
        RunRecord run = app.sync().run(new RunRequest.Scheduled("test", null, false), TimeBudget.UNLIMITED).getFirst();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        return run;
    }
}
