package dev.tidemark.postgres;

import dev.tidemark.sync.BackfillLog;
import dev.tidemark.sync.BackfillPlan;
import dev.tidemark.sync.BackfillSlices;
import dev.tidemark.sync.BackfillSummary;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** {@code backfills}: one row per fanned-out backfill, summarized from its slices' {@code sync_runs} rows. */
public final class PostgresBackfillLog implements BackfillLog {
    /**
     * Per slice, the attempt that counts: a succeeded one if any (the latest), else the latest. The slice key is
     * what follows the trigger prefix; dry runs are never slices.
     */
    private static final String SUMMARIZE = """
            WITH attempts AS (
                SELECT substr(trigger, length(?) + 1) AS slice, status, fetched, upserted, unchanged, quarantined,
                       deleted, started_at
                FROM sync_runs
                WHERE pipeline = ? AND mode = 'backfill' AND NOT dry_run AND trigger LIKE ? ESCAPE '\\'
            ), counted AS (
                SELECT DISTINCT ON (slice) *
                FROM attempts
                ORDER BY slice, status = 'succeeded' DESC, started_at DESC
            ), totals AS (
                SELECT count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
                       (SELECT count(*) FROM attempts) AS runs,
                       coalesce(sum(fetched) FILTER (WHERE status = 'succeeded'), 0) AS fetched,
                       coalesce(sum(upserted) FILTER (WHERE status = 'succeeded'), 0) AS upserted,
                       coalesce(sum(unchanged) FILTER (WHERE status = 'succeeded'), 0) AS unchanged,
                       coalesce(sum(quarantined) FILTER (WHERE status = 'succeeded'), 0) AS quarantined,
                       coalesce(sum(deleted) FILTER (WHERE status = 'succeeded'), 0) AS deleted,
                       coalesce(array_agg(slice ORDER BY slice) FILTER (WHERE status <> 'succeeded'), '{}') AS failed
                FROM counted
            )
            UPDATE backfills b
            SET slices_succeeded = t.succeeded, runs = t.runs, fetched = t.fetched, upserted = t.upserted,
                unchanged = t.unchanged, quarantined = t.quarantined, deleted = t.deleted,
                failed_slices = t.failed[1:?],
                status = CASE WHEN t.succeeded = b.slices THEN 'succeeded' ELSE 'failed' END, finished_at = ?
            FROM totals t
            WHERE b.pipeline = ? AND b.backfill_id = ?
            RETURNING b.backfill_id, b.from_day, b.to_day, b.slices, b.slices_succeeded, b.runs, b.fetched,
                      b.upserted, b.unchanged, b.quarantined, b.deleted, b.failed_slices, b.started_at, b.finished_at
            """;

    private final DataSource dataSource;
    private final String pipeline;

    /** @param pipeline the pipeline whose backfills and slices these are ({@code TIDEMARK_PIPELINE_NAME}) */
    public PostgresBackfillLog(DataSource dataSource, String pipeline) {
        this.dataSource = dataSource;
        this.pipeline = pipeline;
    }

    @Override
    public void start(BackfillPlan plan) {
        String sql = "INSERT INTO backfills (pipeline, backfill_id, from_day, to_day, shards, slices, status,"
                + " started_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?) ON CONFLICT (backfill_id) DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setString(2, plan.backfillId());
            ps.setDate(3, Date.valueOf(plan.from()));
            ps.setDate(4, Date.valueOf(plan.to()));
            ps.setInt(5, plan.shards());
            ps.setInt(6, plan.slices().size());
            ps.setTimestamp(7, Timestamp.from(plan.plannedAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record backfill " + plan.backfillId(), e);
        }
    }

    @Override
    public Optional<BackfillSummary> summarize(String backfillId, Instant at) {
        String prefix = BackfillSlices.triggerPrefix(backfillId);
        String like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SUMMARIZE)) {
            ps.setString(1, prefix);
            ps.setString(2, pipeline);
            ps.setString(3, like);
            ps.setInt(4, BackfillSummary.LISTED_FAILURES);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setString(6, pipeline);
            ps.setString(7, backfillId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new BackfillSummary(rs.getString(1), rs.getDate(2).toLocalDate(),
                        rs.getDate(3).toLocalDate(), rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getLong(7),
                        rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                        Arrays.asList((String[]) rs.getArray(12).getArray()), rs.getTimestamp(13).toInstant(),
                        rs.getTimestamp(14).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not summarize backfill " + backfillId, e);
        }
    }
}
