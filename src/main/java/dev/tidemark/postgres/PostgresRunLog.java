package dev.tidemark.postgres;

import dev.tidemark.sync.CoverageGap;
import dev.tidemark.sync.RunLog;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sync_runs}: one row per run, inserted when it starts and completed when it ends. Every row carries the
 * pipeline that wrote it, and everything here reads, dedupes and reaps only this pipeline's rows: pipelines that
 * share a database never see (or reap) each other's runs.
 */
public final class PostgresRunLog implements RunLog {
    private static final Logger log = LoggerFactory.getLogger(PostgresRunLog.class);
    private static final String COLUMNS = RunRows.COLUMNS;

    /**
     * Lambda stops a run at its timeout to the second, and retries an async invocation no sooner than a minute
     * later: a row still {@code running} this long after the timeout is dead, and the retry finds it reaped.
     */
    static final Duration KILL_MARGIN = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final String pipeline;
    private final Duration staleAfter;
    private final Reconnecting recording;

    /**
     * @param pipeline        the pipeline whose rows these are ({@code TIDEMARK_PIPELINE_NAME})
     * @param runTimeout      the longest a run can live (the function's timeout)
     * @param recordPatience  how long the end of a run is retried on fresh connections while PostgreSQL cannot
     *                        be reached: a run that failed because its connections died still records
     *                        {@code failed} as soon as the database is back
     */
    public PostgresRunLog(DataSource dataSource, String pipeline, Duration runTimeout, Duration recordPatience) {
        this.dataSource = dataSource;
        this.pipeline = pipeline;
        this.staleAfter = runTimeout.plus(KILL_MARGIN);
        this.recording = new Reconnecting(dataSource, recordPatience);
    }

    public String pipeline() {
        return pipeline;
    }

    /**
     * A running run with an event id is refused if a run for that event is already running, has succeeded or
     * has made partial progress: EventBridge delivers at least once. A failed run's event may run again
     * (Lambda's async retry re-delivers the same event, and that retry is wanted). Dry runs and real runs do
     * not dedupe each other. The caller holds the sync lock, so the check and the insert do not race.
     *
     * <p>A real run first marks {@code failed} every real run of its pipeline still {@code running} past the
     * function's timeout: its process was killed (timeout, OOM) before it could record its end, and its row would
     * otherwise block the retry of its own event forever. The caller holds the lock, so no live run of this sync
     * is among them.
     */
    @Override
    public boolean start(RunRecord run) {
        if (run.status() == RunStatus.RUNNING && !run.dryRun()) {
            reapKilledRuns(run.startedAt());
        }
        String sql = "INSERT INTO sync_runs (pipeline, " + COLUMNS + ") SELECT ?, " + RunRows.VALUES
                + " WHERE ?::text IS NULL OR ? <> 'running' OR NOT EXISTS (SELECT 1 FROM sync_runs"
                + " WHERE pipeline = ? AND event_id = ? AND dry_run = ? AND status IN ('running', 'succeeded', 'partial'))";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            int i = RunRows.bind(c, ps, run, 2);
            ps.setString(i++, run.eventId());
            ps.setString(i++, run.status().dbValue());
            ps.setString(i++, pipeline);
            ps.setString(i++, run.eventId());
            ps.setBoolean(i, run.dryRun());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the start of run " + run.runId(), e);
        }
    }

    private void reapKilledRuns(Instant now) {
        String sql = "UPDATE sync_runs SET status = 'failed', finished_at = ?, error = 'timed out or killed: still"
                + " running more than ' || ? || ' after it started (the function timeout plus a margin)'"
                + " WHERE pipeline = ? AND status = 'running' AND NOT dry_run AND started_at < ? RETURNING run_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, staleAfter.toString());
            ps.setString(3, pipeline);
            ps.setTimestamp(4, Timestamp.from(now.minus(staleAfter)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    log.warn("run {} was still running after the function timeout: marked failed (timed out or"
                            + " killed)", rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not mark killed runs in sync_runs", e);
        }
    }

    /**
     * Completes the run's row. A connection that dies under it (the very failure that may have ended the run) is
     * replaced and the write retried while the record patience lasts.
     */
    @Override
    public void finish(RunRecord run) {
        String sql = "UPDATE sync_runs SET (" + COLUMNS + ") = (" + RunRows.VALUES + ") WHERE pipeline = ? AND run_id = ?";
        int updated;
        try {
            updated = recording.run("record the end of run " + run.runId(), c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    int i = RunRows.bind(c, ps, run, 1);
                    ps.setString(i++, pipeline);
                    ps.setString(i, run.runId());
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the end of run " + run.runId() + ": "
                    + PostgresErrors.oneLine(e), e);
        }
        if (updated != 1) {
            throw new IllegalStateException("run " + run.runId() + " was never recorded as started");
        }
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        List<RunRecord> runs = query("SELECT " + COLUMNS + " FROM sync_runs WHERE pipeline = ? AND run_id = ?", runId);
        return runs.stream().findFirst();
    }

    @Override
    public Optional<RunRecord> lastReconcile() {
        return query("SELECT " + COLUMNS + " FROM sync_runs WHERE pipeline = ? AND mode = 'reconcile'"
                + " AND status = 'succeeded' ORDER BY started_at DESC, run_id DESC LIMIT ?", 1).stream().findFirst();
    }

    @Override
    public List<RunRecord> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM sync_runs WHERE pipeline = ?"
                + " ORDER BY started_at DESC, run_id DESC LIMIT ?", limit);
    }

    /**
     * Gaps and islands over the covered windows: each window is compared with the furthest end reached by
     * every window that starts before it (a running {@code max} over the preceding rows); where a window
     * starts beyond that reach, {@code [reach, start)} was never covered. Overlapping and nested windows
     * (the overlap lag, reruns, backfills) simply extend or leave the reach. Dry runs cover nothing; a
     * partial run covers only up to the checkpoint it wrote; failed and skipped runs cover nothing.
     */
    @Override
    public List<CoverageGap> coverageGaps() {
        String sql = """
                WITH covered AS (
                    SELECT window_from AS f,
                           CASE WHEN status = 'partial' THEN checkpoint_after ELSE window_to END AS t
                    FROM sync_runs
                    WHERE pipeline = ? AND NOT dry_run AND window_from IS NOT NULL
                      AND (status = 'succeeded' OR (status = 'partial' AND checkpoint_after IS NOT NULL))
                ), reach AS (
                    SELECT f, t, max(t) OVER (ORDER BY f, t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS r
                    FROM covered WHERE t > f
                )
                SELECT r AS gap_from, f AS gap_to FROM reach WHERE r < f ORDER BY f
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            List<CoverageGap> gaps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gaps.add(new CoverageGap(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()));
                }
            }
            return gaps;
        } catch (SQLException e) {
            throw new IllegalStateException("could not compute coverage gaps from sync_runs", e);
        }
    }

    private List<RunRecord> query(String sql, Object parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setObject(2, parameter);
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(RunRows.read(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read sync_runs", e);
        }
    }
}
