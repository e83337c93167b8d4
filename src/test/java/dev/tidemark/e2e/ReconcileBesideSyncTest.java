package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.sync.KeyReconciler;
import dev.tidemark.postgres.PostgresKeyReconciler;
import dev.tidemark.sync.ReconcilePass;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: a reconcile takes no sync lock. While a pass runs (one page per invocation), scheduled syncs run beside
 * it with writes going on (new items, new versions, tombstones, a hard-deleted item written again) and none is
 * skipped; at the end PostgreSQL equals the source exactly. And the gone-row guard itself: a row read as live,
 * whose item is then written again and synced, is not soft-deleted on the strength of the earlier read.
 */
class ReconcileBesideSyncTest {
    private static TestStack stack;
    private SourceItems source;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ReconcileBesideSyncTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void reset() {
        stack.reset();
        source = new SourceItems(stack, 5);
    }

    @Test
    void syncsRunBesideAPassWithWritesGoingOnAndNothingIsLostOrResurrected() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 200; i++) {
            source.put(id(i), now.minus(Duration.ofMinutes(50)).plusMillis(10L * i));
        }
        try (Tidemark syncs = app(); Tidemark reconciles = app()) {
            assertThat(syncs.sync().runScheduled("test", null, TimeBudget.UNLIMITED).counts().upserted()).isEqualTo(200);
            // Beyond the overlap: 6 rows missing, 6 newer versions stamped 30 minutes ago, 6 hard deletes.
            for (int i = 0; i < 6; i++) {
                Sql.execute(stack.dataSource, "DELETE FROM content WHERE content_id = '" + id(10 + i) + "'");
                source.put(id(40 + i), Instant.now().minus(Duration.ofMinutes(30)));
                source.hardDelete(id(80 + i));
            }
            CompletableFuture<List<RunRecord>> pass = CompletableFuture.supplyAsync(() -> {
                List<RunRecord> runs = new ArrayList<>();
                while (runs.isEmpty() || runs.getLast().status() != RunStatus.SUCCEEDED) {
                    runs.add(reconciles.sync().run(new RunRequest.Reconcile(false), () -> Duration.ZERO).getFirst());
                }
                return runs;
            });
            List<RunRecord> syncRuns = new ArrayList<>();
            for (int round = 0; round < 6 || !pass.isDone(); round++) {
                assertThat(round).as("sync rounds").isLessThan(200);
                for (int j = 0; j < 5; j++) {
                    source.put("new-" + round + "-" + j, Instant.now());
                    source.put(id(100 + (round * 7 + j) % 100), Instant.now());
                }
                source.tombstone(id(150 + round % 50), Instant.now());
                if (round == 1) {
                    // A hard-deleted item comes back while the pass may be walking its range.
                    source.put(id(81), Instant.now());
                }
                Thread.sleep(300);
                syncRuns.add(syncs.sync().runScheduled("test", null, TimeBudget.UNLIMITED));
            }
            List<RunRecord> reconcileRuns = pass.get(5, TimeUnit.MINUTES);
            assertThat(syncRuns).hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(r -> assertThat(r.status()).as("no sync skipped or failed beside the pass")
                            .isEqualTo(RunStatus.SUCCEEDED));
            assertThat(reconcileRuns.size()).as("the pass took many invocations").isGreaterThan(5);
            Thread.sleep(300);
            assertThat(syncs.sync().runScheduled("test", null, TimeBudget.UNLIMITED).status())
                    .isEqualTo(RunStatus.SUCCEEDED);
            ReconcilePass done = reconciles.reconcilePasses().latest(false).orElseThrow();
            assertThat(done.found().repaired()).isGreaterThanOrEqualTo(12);
            assertThat(done.found().deleted()).isBetween(5L, 6L);
        }
        source.assertEqualToSource(stack.dataSource);
        // c-080 and c-082..085 stay gone (soft-deleted); c-081, written again meanwhile, is live at its new version:
        // the pass saw it back, or soft-deleted it before it came back and the next sync revived it.
        assertThat(SourceItems.rows(stack.dataSource).get(id(81)).deleted()).isFalse();
        assertThat(SourceItems.rows(stack.dataSource).get(id(82)).deleted()).isTrue();
    }

    @Test
    void aRowWrittenAgainAfterItWasReadIsNotSoftDeletedOnTheEarlierRead() {
        Instant first = Instant.now().minus(Duration.ofMinutes(20));
        source.put("back", first);
        try (Tidemark app = app()) {
            app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
            KeyReconciler store = new PostgresKeyReconciler(stack.dataSource, app.config().mapping().root(),
                    app.config().pipelineName());
            // The gone-row walk reads the row, then confirms at the source that the item is gone...
            List<KeyReconciler.StoredKey> read = store.liveKeys(null, null, 10);
            assertThat(read).extracting(KeyReconciler.StoredKey::key).containsExactly("back");
            source.hardDelete("back");
            // ...but before it soft-deletes, the item is written again and a sync writes the new version.
            source.put("back", Instant.now().minusSeconds(5));
            app.sync().runScheduled("test", null, TimeBudget.UNLIMITED);
            assertThat(store.softDelete("run-x", Instant.now(), read)).isZero();
        }
        source.assertEqualToSource(stack.dataSource);
    }

    private Tidemark app() {
        return stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "10", TidemarkConfig.ENV_RECONCILE_SEGMENTS, "4",
                TidemarkConfig.ENV_SETTLE_DELAY, "PT0.1S")).clock(Clock.systemUTC()).build();
    }

    private static String id(int i) {
        return String.format("c-%03d", i);
    }
}
