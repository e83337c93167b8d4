package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.MappedSink;
import dev.tidemark.sync.ReconcilePass;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunRequest;
import dev.tidemark.sync.RunStatus;
import dev.tidemark.sync.SyncFailedException;
import dev.tidemark.sync.TimeBudget;
import dev.tidemark.testing.MappedSinks;
import dev.tidemark.testing.SourceItems;
import dev.tidemark.testing.Sql;
import dev.tidemark.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 18, end to end on DynamoDB Local and PostgreSQL: a reconcile pass is made of bounded pieces that continue
 * across invocations. With a budget that allows one page per invocation (pages of 10, 3 Scan segments and 3
 * gone-row ranges), a pass over 120 items takes many invocations, each recorded {@code partial} with the pass id
 * until the last; it repairs exactly the missing and stale rows and soft-deletes exactly the hard-deleted ones. An
 * invocation that dies mid-piece is continued (not restarted) by the next; one that loses its piece's lock fails
 * instead of reporting success; {@code restart} abandons a pass.
 */
class ReconcilePassTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(3));
    private static final int ITEMS = 120;
    private static TestStack stack;
    private SourceItems source;
    private MutableClock clock;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(ReconcilePassTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** 120 synced items, then 4 missing rows, 4 stale rows (newer versions beyond the overlap), 4 hard deletes. */
    @BeforeEach
    void divergedStore() {
        stack.reset();
        source = new SourceItems(stack, 18);
        clock = new MutableClock(T0);
        for (int i = 0; i < ITEMS; i++) {
            source.put(id(i), T0.minus(Duration.ofMinutes(90)).plusSeconds(i));
        }
        try (Tidemark app = app(null)) {
            assertThat(app.sync().runScheduled("test", null, TimeBudget.UNLIMITED).counts().upserted()).isEqualTo(ITEMS);
        }
        clock.advance(Duration.ofHours(1));
        for (int i : List.of(3, 30, 63, 99)) {
            Sql.execute(stack.dataSource, "DELETE FROM content WHERE content_id = '" + id(i) + "'");
        }
        for (int i : List.of(5, 41, 77, 110)) {
            source.put(id(i), T0.minus(Duration.ofMinutes(30)));
        }
        for (int i : List.of(8, 50, 88, 119)) {
            source.hardDelete(id(i));
        }
    }

    @Test
    void aPassOfOnePagePerInvocationRepairsExactlyTheDifferencesAndNamesItsPass() {
        List<RunRecord> runs = new ArrayList<>();
        try (Tidemark app = app(null)) {
            while (runs.isEmpty() || runs.getLast().status() != RunStatus.SUCCEEDED) {
                assertThat(runs).as("invocations").hasSizeLessThan(60);
                runs.add(reconcileOnePage(app));
                clock.advance(Duration.ofSeconds(10));
            }
            ReconcilePass pass = app.reconcilePasses().latest(false).orElseThrow();
            assertThat(pass.completed()).isTrue();
            assertThat(pass.pieces()).isEqualTo(6);
            assertThat(pass.found().keys()).isEqualTo(ITEMS - 4);
            assertThat(pass.found().missing()).isEqualTo(4);
            assertThat(pass.found().stale()).isEqualTo(4);
            assertThat(pass.found().deleted()).isEqualTo(4);
            assertThat(pass.found().repaired()).isEqualTo(8);
        }
        // 116 keys on pages of 10 over 3 segments, and 120 live rows over 3 ranges: many invocations, each partial.
        assertThat(runs.size()).isGreaterThan(20);
        assertThat(runs.subList(0, runs.size() - 1)).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.PARTIAL));
        assertThat(runs).extracting(r -> r.reconcile().passId()).containsOnly(runs.getFirst().reconcile().passId());
        assertThat(runs.stream().mapToInt(r -> r.reconcile().repaired()).sum()).isEqualTo(8);
        assertThat(runs.stream().mapToInt(r -> r.reconcile().deleted()).sum()).isEqualTo(4);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'reconcile'"
                + " AND reconcile_pass_id = '" + runs.getFirst().reconcile().passId() + "'")).isEqualTo(runs.size());
        source.assertEqualToSource(stack.dataSource);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE deleted_at IS NOT NULL"))
                .as("nothing else soft-deleted").isEqualTo(4);

        try (Tidemark app = app(null)) {
            RunRecord next = app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED).getFirst();
            assertThat(next.reconcile().passId()).as("a completed pass is not continued: a new one starts")
                    .isNotEqualTo(runs.getFirst().reconcile().passId());
            assertThat(next.reconcile().clean()).isTrue();
        }
    }

    @Test
    void anInvocationThatDiesMidPieceIsContinuedFromItsCursorNotRestarted() {
        AtomicInteger writes = new AtomicInteger();
        // The second repair write dies (as a kill -9 would end it, before the page's progress is written).
        MappedSink real = MappedSinks.postgres(stack.dataSource);
        MappedSink dying = MappedSinks.writing(real, (runId, rows, rejections) -> {
            if (writes.incrementAndGet() == 2) {
                throw new IllegalStateException("killed mid-piece");
            }
            return real.write(runId, rows, rejections);
        });
        String passId;
        long pagesBefore;
        try (Tidemark app = app(dying)) {
            assertThatThrownBy(() -> app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED))
                    .isInstanceOf(SyncFailedException.class).hasMessageContaining("killed mid-piece");
            ReconcilePass pass = app.reconcilePasses().latest(false).orElseThrow();
            assertThat(pass.running()).isTrue();
            passId = pass.passId();
            pagesBefore = pass.found().pages();
            assertThat(pagesBefore).as("the pages before the kill stay done").isPositive();
        }
        try (Tidemark app = app(null)) {
            RunRecord rest = app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED).getFirst();
            assertThat(rest.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(rest.reconcile().passId()).isEqualTo(passId);
            ReconcilePass pass = app.reconcilePasses().latest(false).orElseThrow();
            assertThat(pass.completed()).isTrue();
            assertThat(pass.found().repaired()).isEqualTo(8);
            assertThat(pass.found().deleted()).isEqualTo(4);
            assertThat(pass.found().keys()).as("continued: every source key compared once, none twice")
                    .isEqualTo(ITEMS - 4);
            assertThat(pass.found().missing()).isEqualTo(4);
            assertThat(pass.found().stale()).isEqualTo(4);
        }
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'reconcile'"
                + " AND status = 'failed' AND error LIKE '%killed mid-piece%'")).isEqualTo(1);
        source.assertEqualToSource(stack.dataSource);
    }

    @Test
    void anInvocationThatLosesItsPieceLockFailsInsteadOfReportingSuccess() {
        // Before the first repair write, the session holding the piece's advisory lock is terminated (a DBA, a
        // failover): the invocation must not go on writing as if it still held the piece.
        MappedSink real = MappedSinks.postgres(stack.dataSource);
        MappedSink cutting = MappedSinks.writing(real, (runId, rows, rejections) -> {
            Sql.rows(stack.dataSource, "SELECT pg_terminate_backend(pid) AS t FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            return real.write(runId, rows, rejections);
        });
        try (Tidemark app = app(cutting)) {
            assertThatThrownBy(() -> app.sync().run(new RunRequest.Reconcile(false), TimeBudget.UNLIMITED))
                    .isInstanceOf(SyncFailedException.class).hasMessageContaining("lost the lock on reconcile piece");
        }
        assertThat(Sql.rows(stack.dataSource, "SELECT status, error FROM sync_runs WHERE mode = 'reconcile'"))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("status")).isEqualTo("failed");
                    assertThat((String) r.get("error")).contains("lost the lock on reconcile piece");
                });
    }

    @Test
    void restartAbandonsTheRunningPass() {
        try (Tidemark app = app(null)) {
            String first = reconcileOnePage(app).reconcile().passId();
            assertThat(reconcileOnePage(app).reconcile().passId()).isEqualTo(first);
            RunRecord restarted = app.sync().run(new RunRequest.Reconcile(false, true, null, null), () -> Duration.ZERO)
                    .getFirst();
            assertThat(restarted.reconcile().passId()).isNotEqualTo(first);
            assertThat(Sql.row(stack.dataSource, "SELECT status FROM reconcile_passes WHERE pass_id = ?", first))
                    .containsEntry("status", "abandoned");
        }
    }

    /** A budget already spent: the invocation does its one page (every invocation makes progress) and stops. */
    private RunRecord reconcileOnePage(Tidemark app) {
        return app.sync().run(new RunRequest.Reconcile(false), () -> Duration.ZERO).getFirst();
    }

    private Tidemark app(MappedSink sink) {
        var builder = stack.application(Map.of(TidemarkConfig.ENV_PAGE_SIZE, "10",
                TidemarkConfig.ENV_RECONCILE_SEGMENTS, "3")).clock(clock);
        if (sink != null) {
            builder.mappedSink(sink);
        }
        return builder.build();
    }

    private static String id(int i) {
        return String.format("p-%03d", i);
    }
}
