package dev.tidemark.e2e;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.core.Checkpoint;
import dev.tidemark.lambda.SyncHandler;
import dev.tidemark.local.MutableClock;
import dev.tidemark.sync.CoverageGap;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 4: reruns, backfills and dry runs through the handler's events, and the completeness query. */
class OperatorModesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static TestStack stack;
    private SourceItems source;
    private MutableClock clock;
    private Tidemark app;
    private SyncHandler handler;

    @BeforeAll
    static void start() {
        stack = TestStack.forClass(OperatorModesTest.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void fresh() {
        stack.reset();
        source = new SourceItems(stack, 3);
        clock = new MutableClock(T0);
        if (app != null) {
            app.close();
        }
        app = stack.application(new HashMap<>(Map.of(TidemarkConfig.ENV_FIRST_RUN_LOOKBACK, "PT2H",
                TidemarkConfig.ENV_PAGE_SIZE, "3"))).clock(clock).build();
        handler = new SyncHandler(() -> app);
    }

    @Test
    void aRerunReplaysExactlyThatRunsWindowWithoutMovingTheCheckpoint() {
        for (int i = 0; i < 5; i++) {
            source.put("a-" + i, T0.minus(Duration.ofMinutes(90 - 10 * i)));
        }
        RunRecord first = scheduled();
        // Damage PostgreSQL: a lost row and a regressed row.
        Sql.execute(stack.dataSource, "DELETE FROM content WHERE content_id = 'a-1'");
        Sql.execute(stack.dataSource, "UPDATE content SET caption = 'wrong', source_updated_at = source_updated_at - interval '1 day'"
                + " WHERE content_id = 'a-2'");
        clock.advance(Duration.ofHours(1));
        source.put("b-0", clock.instant().minus(Duration.ofMinutes(20)));
        RunRecord second = scheduled();
        String ssmBefore = ssmValue();

        Map<String, Object> event = new HashMap<>(Events.load("rerun.json"));
        event.put("runId", first.runId());
        Map<String, Object> rerun = handler.handleRequest(event, null);

        assertThat(rerun).containsEntry("mode", "rerun").containsEntry("status", "succeeded")
                .containsEntry("windowFrom", first.windowFrom().toString())
                .containsEntry("windowTo", first.windowTo().toString())
                .containsEntry("upserted", 2).containsEntry("checkpoint", null);
        source.assertEqualToSource(stack.dataSource);
        assertThat(ssmValue()).isEqualTo(ssmBefore).contains(second.checkpointAfter().toString());
        assertThat(Sql.row(stack.dataSource, "SELECT trigger FROM sync_runs WHERE mode = 'rerun'"))
                .containsEntry("trigger", "rerun:" + first.runId());

        Map<String, Object> unknown = new HashMap<>(event);
        unknown.put("runId", "no-such-run");
        assertThatThrownBy(() -> handler.handleRequest(unknown, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no run with id no-such-run");
    }

    @Test
    void aBackfillProcessesItsDaysAsSlicesEachARunAndLeavesTheLiveCheckpointAlone() {
        source.put("recent", T0.minus(Duration.ofMinutes(30)));
        RunRecord live = scheduled();
        String ssmBefore = ssmValue();
        for (int day = 1; day <= 8; day++) {
            Instant at = LocalDate.of(2026, 11, day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            source.put("old-" + day + "-first", at);
            source.put("old-" + day + "-last", at.plus(Duration.ofDays(1)).minusMillis(1));
        }
        source.put("outside", LocalDate.of(2026, 11, 9).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());

        Map<String, Object> result = handler.handleRequest(Events.load("backfill.json"), null);

        assertThat(result).containsEntry("mode", "backfill").containsEntry("status", "succeeded");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        assertThat(runs).hasSize(8).allSatisfy(r -> assertThat(r).containsEntry("fetched", 2).containsEntry("upserted", 2)
                .containsEntry("partitions", 1).containsEntry("checkpoint", null));
        assertThat(runs.getFirst()).containsEntry("windowFrom", "2026-11-01T00:00:00Z").containsEntry("windowTo", "2026-11-02T00:00:00Z");
        assertThat(runs.getLast()).containsEntry("windowFrom", "2026-11-08T00:00:00Z").containsEntry("windowTo", "2026-11-09T00:00:00Z");
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs WHERE mode = 'backfill' AND status = 'succeeded'"))
                .isEqualTo(8);
        assertThat(SourceItems.rows(stack.dataSource)).hasSize(17).doesNotContainKey("outside");
        assertThat(ssmValue()).isEqualTo(ssmBefore).contains(live.checkpointAfter().toString());

        // Out of time after the first day: the rest are recorded as skipped, with where to pick up.
        List<RunRecord> outOfTime = app.sync().run(new RunRequest.Backfill(LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 3), false), () -> Duration.ZERO);
        assertThat(outOfTime).extracting(RunRecord::status)
                .containsExactly(RunStatus.SUCCEEDED, RunStatus.SKIPPED, RunStatus.SKIPPED);
        assertThat(outOfTime.get(1).error()).isEqualTo("time budget exhausted before this day; backfill again from 2026-11-02");

        assertThatThrownBy(() -> app.sync().run(new RunRequest.Backfill(LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 2), false), TimeBudget.UNLIMITED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nothing to backfill: 2026-12-01 has not begun yet");
    }

    @Test
    void dryRunsPlanAndCountButWriteNothingExceptTheirOwnRunRecord() {
        for (int i = 0; i < 7; i++) {
            source.put("d-" + i, T0.minus(Duration.ofMinutes(70 - i)));
        }
        Map<String, Object> dry = handler.handleRequest(Events.load("dry-run.json"), null);
        assertThat(dry).containsEntry("status", "succeeded").containsEntry("dryRun", true).containsEntry("fetched", 7)
                .containsEntry("upserted", 7).containsEntry("checkpoint", null);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content")).isZero();
        assertThat(app.checkpoints().read()).isEmpty();
        assertThat(Sql.row(stack.dataSource, "SELECT dry_run, fetched, mode FROM sync_runs"))
                .containsEntry("dry_run", true).containsEntry("fetched", 7).containsEntry("mode", "scheduled");

        RunRecord real = scheduled();
        source.put("d-0", T0.minus(Duration.ofMinutes(5)));
        List<Object> versions = Sql.rows(stack.dataSource, "SELECT xmin::text AS x FROM content ORDER BY content_id")
                .stream().map(r -> r.get("x")).toList();
        String ssmBefore = ssmValue();
        RunRecord dryRerun = app.sync().run(new RunRequest.Rerun(real.runId(), true), TimeBudget.UNLIMITED).getFirst();
        assertThat(dryRerun.dryRun()).isTrue();
        assertThat(dryRerun.counts().upserted()).as("d-0 is newer at the source").isEqualTo(1);
        assertThat(dryRerun.counts().unchanged()).isEqualTo(6);
        List<RunRecord> dryBackfill = app.sync().run(new RunRequest.Backfill(LocalDate.of(2026, 11, 22),
                LocalDate.of(2026, 11, 22), true), TimeBudget.UNLIMITED);
        assertThat(dryBackfill).singleElement().satisfies(r -> assertThat(r.counts().fetched()).isEqualTo(7));
        source.hardDelete("d-6");
        RunRecord dryReconcile = app.sync().run(new RunRequest.Reconcile(true), TimeBudget.UNLIMITED).getFirst();
        assertThat(dryReconcile.counts().deleted()).isEqualTo(1);

        assertThat(Sql.rows(stack.dataSource, "SELECT xmin::text AS x FROM content ORDER BY content_id")
                .stream().map(r -> r.get("x")).toList()).isEqualTo(versions);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM content WHERE deleted_at IS NOT NULL")).isZero();
        assertThat(ssmValue()).isEqualTo(ssmBefore);
        assertThat(Sql.count(stack.dataSource, "SELECT count(*) FROM sync_runs WHERE dry_run")).isEqualTo(4);
    }

    @Test
    void coverageGapsFindsAHoleInTheTimelineAndNoneOtherwise() {
        source.put("x", T0.minus(Duration.ofMinutes(30)));
        scheduled();
        for (int hour = 0; hour < 3; hour++) {
            clock.advance(Duration.ofHours(1));
            scheduled();
        }
        assertThat(app.runLog().coverageGaps()).isEmpty();
        Instant coveredUntil = app.checkpoints().read().orElseThrow().watermark();

        // Someone moves the checkpoint forward by hand (or restores an old parameter the wrong way): the next
        // run starts past the end of the last covered window.
        Instant skippedTo = coveredUntil.plus(Duration.ofHours(2));
        app.checkpoints().write(new Checkpoint(skippedTo, "operator", skippedTo));
        clock.advance(Duration.ofHours(3));
        RunRecord after = scheduled();
        // A dry run over the hole covers nothing.
        app.sync().run(new RunRequest.Backfill(LocalDate.of(2026, 11, 22), LocalDate.of(2026, 11, 22), true),
                TimeBudget.UNLIMITED);

        assertThat(app.runLog().coverageGaps()).containsExactly(new CoverageGap(coveredUntil, after.windowFrom()));

        // Backfilling the day closes it.
        app.sync().run(new RunRequest.Backfill(LocalDate.of(2026, 11, 22), LocalDate.of(2026, 11, 22), false),
                TimeBudget.UNLIMITED);
        assertThat(app.runLog().coverageGaps()).isEmpty();
    }

    private RunRecord scheduled() {
        RunRecord run = app.sync().run(new RunRequest.Scheduled("test", null, false), TimeBudget.UNLIMITED).getFirst();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        return run;
    }

    private String ssmValue() {
        return stack.ssm.getParameter(r -> r.name(stack.checkpointParameter)).parameter().value();
    }
}
