package dev.tidemark.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tidemark.sync.CoverageGap;
import dev.tidemark.sync.Lateness;
import dev.tidemark.sync.ReconcileCounts;
import dev.tidemark.sync.RunCounts;
import dev.tidemark.sync.RunLog;
import dev.tidemark.sync.RunRecord;
import dev.tidemark.sync.RunStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code sync_runs}: one row per run, inserted when it starts and completed when it ends. */
public final class PostgresRunLog implements RunLog {
    private static final Logger log = LoggerFactory.getLogger(PostgresRunLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            run_id, mode, trigger, event_id, window_from, window_to, partitions, partitions_completed, pages,
            fetched, upserted, unchanged, quarantined, deleted, drift, checkpoint_before, checkpoint_after,
            status, error, dry_run, started_at, finished_at, late_records, max_lateness_ms, missing, stale,
            reconcile_deleted, repaired, frontier, stopped_at, reconcile_pass_id""";

    /**
     * Lambda stops a run at its timeout to the second, and retries an async invocation no sooner than a minute
     * later: a row still {@code running} this long after the timeout is dead, and the retry finds it reaped.
     */
    static final Duration KILL_MARGIN = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Duration staleAfter;

    /** @param runTimeout the longest a run can live (the function's timeout) */
    public PostgresRunLog(DataSource dataSource, Duration runTimeout) {
        this.dataSource = dataSource;
        this.staleAfter = runTimeout.plus(KILL_MARGIN);
    }

    /**
     * A running run with an event id is refused if a run for that event is already running, has succeeded or
     * has made partial progress: EventBridge delivers at least once. A failed run's event may run again
     * (Lambda's async retry re-delivers the same event, and that retry is wanted). Dry runs and real runs do
     * not dedupe each other. The caller holds the sync lock, so the check and the insert do not race.
     *
     * <p>A real run first marks {@code failed} every real run still {@code running} past the function's timeout:
     * its process was killed (timeout, OOM) before it could record its end, and its row would otherwise block
     * the retry of its own event forever. The caller holds the lock, so no live run of this sync is among them.
     */
    @Override
    public boolean start(RunRecord run) {
        if (run.status() == RunStatus.RUNNING && !run.dryRun()) {
            reapKilledRuns(run.startedAt());
        }
        String sql = "INSERT INTO sync_runs (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?::date[], ?, ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                + " WHERE ?::text IS NULL OR ? <> 'running' OR NOT EXISTS (SELECT 1 FROM sync_runs"
                + " WHERE event_id = ? AND dry_run = ? AND status IN ('running', 'succeeded', 'partial'))";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(c, ps, run);
            ps.setString(i++, run.eventId());
            ps.setString(i++, run.status().dbValue());
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
                + " WHERE status = 'running' AND NOT dry_run AND started_at < ? RETURNING run_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, staleAfter.toString());
            ps.setTimestamp(3, Timestamp.from(now.minus(staleAfter)));
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

    @Override
    public void finish(RunRecord run) {
        String sql = "UPDATE sync_runs SET (" + COLUMNS + ") = (?, ?, ?, ?, ?, ?, ?::date[], ?, ?, ?, ?, ?, ?, ?,"
                + " ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE run_id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(c, ps, run);
            ps.setString(i, run.runId());
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("run " + run.runId() + " was never recorded as started");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the end of run " + run.runId(), e);
        }
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        List<RunRecord> runs = query("SELECT " + COLUMNS + " FROM sync_runs WHERE run_id = ?", runId);
        return runs.stream().findFirst();
    }

    @Override
    public Optional<RunRecord> lastReconcile() {
        return query("SELECT " + COLUMNS + " FROM sync_runs WHERE mode = 'reconcile' AND status = 'succeeded'"
                + " ORDER BY started_at DESC, run_id DESC LIMIT ?", 1).stream().findFirst();
    }

    @Override
    public List<RunRecord> recent(int limit) {
        return query("SELECT " + COLUMNS + " FROM sync_runs ORDER BY started_at DESC, run_id DESC LIMIT ?", limit);
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
                    WHERE NOT dry_run AND window_from IS NOT NULL
                      AND (status = 'succeeded' OR (status = 'partial' AND checkpoint_after IS NOT NULL))
                ), reach AS (
                    SELECT f, t, max(t) OVER (ORDER BY f, t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS r
                    FROM covered WHERE t > f
                )
                SELECT r AS gap_from, f AS gap_to FROM reach WHERE r < f ORDER BY f
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<CoverageGap> gaps = new ArrayList<>();
            while (rs.next()) {
                gaps.add(new CoverageGap(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()));
            }
            return gaps;
        } catch (SQLException e) {
            throw new IllegalStateException("could not compute coverage gaps from sync_runs", e);
        }
    }

    private List<RunRecord> query(String sql, Object parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parameter);
            List<RunRecord> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    runs.add(read(rs));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read sync_runs", e);
        }
    }

    private static int bind(Connection c, PreparedStatement ps, RunRecord r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.runId());
        ps.setString(i++, r.mode());
        ps.setString(i++, r.trigger());
        ps.setString(i++, r.eventId());
        ps.setTimestamp(i++, timestamp(r.windowFrom()));
        ps.setTimestamp(i++, timestamp(r.windowTo()));
        ps.setArray(i++, c.createArrayOf("text", r.partitions().stream().map(LocalDate::toString).toArray()));
        ps.setInt(i++, r.partitionsCompleted());
        RunCounts n = r.counts();
        ps.setInt(i++, n.pages());
        ps.setInt(i++, n.fetched());
        ps.setInt(i++, n.upserted());
        ps.setInt(i++, n.unchanged());
        ps.setInt(i++, n.quarantined());
        ps.setInt(i++, n.deleted());
        ps.setString(i++, json(r.drift()));
        ps.setTimestamp(i++, timestamp(r.checkpointBefore()));
        ps.setTimestamp(i++, timestamp(r.checkpointAfter()));
        ps.setString(i++, r.status().dbValue());
        if (r.error() == null) {
            ps.setNull(i++, Types.VARCHAR);
        } else {
            ps.setString(i++, r.error().replace("\u0000", ""));
        }
        ps.setBoolean(i++, r.dryRun());
        ps.setTimestamp(i++, timestamp(r.startedAt()));
        ps.setTimestamp(i++, timestamp(r.finishedAt()));
        ps.setInt(i++, r.lateness().records());
        ps.setLong(i++, r.lateness().max().toMillis());
        ReconcileCounts found = r.reconcile();
        for (Integer count : found == null ? new Integer[] {null, null, null, null}
                : new Integer[] {found.missing(), found.stale(), found.deleted(), found.repaired()}) {
            ps.setObject(i++, count, Types.INTEGER);
        }
        ps.setTimestamp(i++, timestamp(r.frontier()));
        ps.setString(i++, r.stoppedAt());
        ps.setString(i++, found == null ? null : found.passId());
        return i;
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        List<LocalDate> partitions = new ArrayList<>();
        Array array = rs.getArray("partitions");
        if (array != null) {
            for (Object d : (Object[]) array.getArray()) {
                partitions.add(((Date) d).toLocalDate());
            }
        }
        return new RunRecord(
                rs.getString("run_id"), rs.getString("mode"), rs.getString("trigger"), rs.getString("event_id"),
                instant(rs, "window_from"), instant(rs, "window_to"), partitions, rs.getInt("partitions_completed"),
                new RunCounts(rs.getInt("pages"), rs.getInt("fetched"), rs.getInt("upserted"),
                        rs.getInt("unchanged"), rs.getInt("quarantined"), rs.getInt("deleted")),
                drift(rs.getString("drift")), instant(rs, "checkpoint_before"), instant(rs, "checkpoint_after"),
                RunStatus.fromDb(rs.getString("status")), rs.getString("error"), rs.getBoolean("dry_run"),
                instant(rs, "started_at"), instant(rs, "finished_at"),
                new Lateness(rs.getInt("late_records"), Duration.ofMillis(rs.getLong("max_lateness_ms"))),
                rs.getObject("missing") == null ? null : new ReconcileCounts(rs.getInt("missing"),
                        rs.getInt("stale"), rs.getInt("reconcile_deleted"), rs.getInt("repaired"),
                        rs.getString("reconcile_pass_id")),
                instant(rs, "frontier"), rs.getString("stopped_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static String json(Map<String, Integer> drift) {
        try {
            return JSON.writeValueAsString(drift);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Integer> drift(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Integer>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable drift column: " + json, e);
        }
    }
}
