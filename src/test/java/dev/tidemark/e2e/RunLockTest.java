package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkBuilder;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.FailingCalls;
import dev.tidemark.testing.FaultyClients;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 4: no overlapping runs, no stale lock after a crash, no double run for a duplicate delivery. */
class RunLockTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;
    private SourceItems source;
    private MutableClock clock;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(RunLockTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void seed() {
        stack.reset();
        source = new SourceItems(stack, 5);
        clock = new MutableClock(T0);
        for (int i = 0; i < 6; i++) {
            source.put("item-" + i, T0.minus(Duration.ofMinutes(40 - i)));
        }
    }

    @Test
    void twoConcurrentInvocationsOneRunsTheOtherIsSkipped() throws Exception {
        Gate gate = new Gate();
        try (Tidemark app = app().mappedSink(gate.sink(MappedSinks.postgres(stack.dataSource))).build()) {
            CompletableFuture<RunRecord> first = CompletableFuture.supplyAsync(() -> scheduled(app));
            gate.awaitInside();
            // The first run is inside a page write, holding the lock. A second invocation arrives:
            Map<String, Object> second = new SyncHandler(() -> app).handleRequest(IncrementalSyncTest.freshDelivery(), null);
            assertThat(second).containsEntry("status", "skipped").containsEntry("error", "another run holds the sync lock");
            gate.release();
            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(Sql.rows(stack.dataSource, "SELECT status FROM sync_runs ORDER BY started_at, status"))
                    .extracting(r -> r.get("status")).containsExactlyInAnyOrder("succeeded", "skipped");
            source.assertEqualToSource(stack.dataSource);
        }
    }

    @Test
    void aKilledRunLeavesNoLockAndCannotMoveTheCheckpointAfterLosingIt() throws Exception {
        Gate gate = new Gate();
        try (Tidemark app = app().mappedSink(gate.sink(MappedSinks.postgres(stack.dataSource))).build()) {
            CompletableFuture<RunRecord> victim = CompletableFuture.supplyAsync(() -> scheduled(app));
            gate.awaitInside();
            assertThat(scheduled(app).status()).isEqualTo(RunStatus.SKIPPED);

            // The session holding the lock dies (a crashed or timed-out Lambda, a failover): PostgreSQL ends
            // the session and releases its advisory lock with it.
            List<Map<String, Object>> holders = Sql.rows(stack.dataSource,
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted");
            assertThat(holders).hasSize(1);
            assertThat(Sql.row(stack.dataSource, "SELECT pg_terminate_backend(?, 5000) AS t", holders.getFirst().get("pid")))
                    .containsEntry("t", true);

            gate.passThrough();
            RunRecord next = scheduled(app);
            assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
            source.assertEqualToSource(stack.dataSource);

            // The old run wakes up without its lock: it must not write the checkpoint.
            gate.release();
            assertThatThrownBy(() -> victim.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SyncFailedException.class)
                    .hasMessageContaining("lost the sync lock");
            assertThat(app.checkpoints().read()).get().extracting(c -> c.runId()).isEqualTo(next.runId());
            assertThat(Sql.rows(stack.dataSource, "SELECT status, error FROM sync_runs WHERE status = 'failed'"))
                    .singleElement().satisfies(r -> assertThat((String) r.get("error")).contains("lost the sync lock"));
            assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).isZero();
        }
    }

    @Test
    void aDuplicateDeliveryOfTheSameEventDoesNotRunTwiceButAFailedOneMayBeRetried() {
        FailingCalls faults = new FailingCalls();
        try (SsmClient ssm = FaultyClients.ssm(faults); Tidemark app = app().ssm(ssm).build()) {
            SyncHandler handler = new SyncHandler(() -> app);
            Map<String, Object> event = IncrementalSyncTest.freshDelivery();
            assertThat(handler.handleRequest(event, null)).containsEntry("status", "succeeded");
            List<Object> versions = xmins();

            Map<String, Object> again = handler.handleRequest(new HashMap<>(event), null);
            assertThat(again).containsEntry("status", "skipped").containsEntry("fetched", 0);
            assertThat((String) again.get("error")).contains("duplicate delivery of event " + event.get("id"));
            assertThat(xmins()).isEqualTo(versions);

            // A delivery whose run failed (here: the checkpoint write) is retried by Lambda with the same id:
            // that one must run.
            clock.advance(Duration.ofHours(1));
            Map<String, Object> failing = IncrementalSyncTest.freshDelivery();
            faults.failNext("PutParameter", 3);
            assertThatThrownBy(() -> handler.handleRequest(failing, null)).isInstanceOf(SyncFailedException.class);
            assertThat(handler.handleRequest(new HashMap<>(failing), null)).containsEntry("status", "succeeded");
            assertThat(Sql.rows(stack.dataSource, "SELECT status FROM sync_runs ORDER BY started_at, run_id"))
                    .extracting(r -> r.get("status"))
                    .containsExactlyInAnyOrder("succeeded", "skipped", "failed", "succeeded");
        }
    }

    private List<Object> xmins() {
        return Sql.rows(stack.dataSource, "SELECT xmin::text AS x FROM content ORDER BY content_id").stream()
                .map(r -> r.get("x")).toList();
    }

    private TidemarkBuilder app() {
        return stack.application(new HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT1H",
                TidemarkConfig.ENV_PAGE_SIZE, "4"))).clock(clock);
    }

    private static RunRecord scheduled(Tidemark app) {
        return app.sync().run(new RunRequest.Scheduled("test", null, false), TimeBudget.UNLIMITED).getFirst();
    }

    /** Holds the first page write that comes through until released; later writes pass once opened. */
    private static final class Gate {
        private final CountDownLatch inside = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile Thread holder;
        private volatile boolean open;

        MappedSink sink(MappedSink delegate) {
            return MappedSinks.writing(delegate, (runId, rows, rejections) -> {
                if (holder == null && !open) {
                    holder = Thread.currentThread();
                }
                if (Thread.currentThread() == holder) {
                    inside.countDown();
                    await(released);
                }
                return delegate.write(runId, rows, rejections);
            });
        }

        void awaitInside() throws InterruptedException {
            assertThat(inside.await(30, TimeUnit.SECONDS)).as("a run reached its first page").isTrue();
        }

        /** Other threads' pages no longer wait. */
        void passThrough() {
            open = true;
        }

        void release() {
            released.countDown();
        }

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
