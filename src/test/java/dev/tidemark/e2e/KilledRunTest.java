package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.mapping.MappedOutcome;
import dev.tidemark.core.model.Rejection;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.PageResult;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a run killed by the Lambda timeout leaves its row {@code running}; Lambda's async retry carries the
 * same event id. Once the row is older than the function's timeout (plus a margin) it is dead: the retry marks it
 * {@code failed} ("timed out or killed") and runs.
 */
class KilledRunTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(KilledRunTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aRunKilledAtTheTimeoutNeverBlocksTheRetryOfItsEvent() throws Exception {
        stack.reset();
        SourceItems source = new SourceItems(stack, 7);
        for (int i = 0; i < 6; i++) {
            source.put("item-" + i, T0.minus(Duration.ofMinutes(40 - i)));
        }
        MutableClock clock = new MutableClock(T0);
        Freezer freezer = new Freezer(MappedSinks.postgres(stack.dataSource));
        try (Tidemark app = stack.application(new HashMap<>(Map.of(TidemarkConfig.ENV_RUN_TIMEOUT, "PT10M",
                TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT1H", TidemarkConfig.ENV_PAGE_SIZE, "4")))
                .clock(clock).mappedSink(freezer).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            Map<String, Object> event = IncrementalSyncTest.freshDelivery();
            CompletableFuture<Map<String, Object>> killed =
                    CompletableFuture.supplyAsync(() -> handler.handleRequest(new HashMap<>(event), null));
            freezer.awaitFrozen();
            // Lambda ends the process at the timeout: PostgreSQL ends its session and the lock with it, but nothing
            // records the end of the run.
            Map<String, Object> holder = Sql.row(stack.dataSource,
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
            Sql.row(stack.dataSource, "SELECT pg_terminate_backend(?, 5000) AS t", holder.get("pid"));
            String killedRun = (String) Sql.row(stack.dataSource, "SELECT run_id FROM sync_runs WHERE status = 'running'")
                    .get("run_id");

            // Within the timeout the row may belong to a live run: a delivery of the same event is a duplicate.
            clock.advance(Duration.ofMinutes(9));
            assertThat(handler.handleRequest(new HashMap<>(event), null)).containsEntry("status", "skipped");

            // Lambda's retry comes at least a minute after the timeout.
            clock.advance(Duration.ofMinutes(2));
            Map<String, Object> retry = handler.handleRequest(new HashMap<>(event), null);
            assertThat(retry).containsEntry("status", "succeeded").containsEntry("fetched", 6);
            assertThat(Sql.row(stack.dataSource, "SELECT status, error, finished_at FROM sync_runs WHERE run_id = ?",
                    killedRun)).satisfies(r -> {
                        assertThat(r).containsEntry("status", "failed");
                        assertThat((String) r.get("error")).startsWith("timed out or killed");
                        assertThat(r.get("finished_at")).isNotNull();
                    });
            source.assertEqualToSource(stack.dataSource);

            freezer.thaw();
            assertThat(killed).failsWithin(30, TimeUnit.SECONDS);
        }
    }

    /** Holds the first page write forever (until thawed): the run stands still as a killed process would. */
    private static final class Freezer implements MappedSink {
        private final MappedSink delegate;
        private final CountDownLatch frozen = new CountDownLatch(1);
        private final CountDownLatch thawed = new CountDownLatch(1);
        private volatile Thread victim;

        Freezer(MappedSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public PageResult write(String runId, List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
            synchronized (this) {
                if (victim == null) {
                    victim = Thread.currentThread();
                }
            }
            if (Thread.currentThread() == victim) {
                frozen.countDown();
                try {
                    thawed.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.write(runId, rows, rejections);
        }

        @Override
        public PageResult preview(List<MappedOutcome.Mapped> rows, List<Rejection> rejections) {
            return delegate.preview(rows, rejections);
        }

        void awaitFrozen() throws InterruptedException {
            assertThat(frozen.await(30, TimeUnit.SECONDS)).as("the run reached its first page").isTrue();
        }

        void thaw() {
            thawed.countDown();
        }
    }
}
