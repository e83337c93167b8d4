package dev.tidemark.postgres;

import dev.tidemark.sync.QuarantineEntry;
import dev.tidemark.sync.QuarantineStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code quarantine} table, for operators: list, inspect, count, resolve after a replay. */
public final class PostgresQuarantine implements QuarantineStore {
    private static final String COLUMNS = "quarantine_id, run_id, source_key, source_updated_at, reason, detail,"
            + " raw::text AS raw, quarantined_at, resolved_at, resolved_by_run";

    private final DataSource dataSource;
    private final String pipeline;

    /** @param pipeline the pipeline whose quarantine this is ({@code TIDEMARK_PIPELINE_NAME}) */
    public PostgresQuarantine(DataSource dataSource, String pipeline) {
        this.dataSource = dataSource;
        this.pipeline = pipeline;
    }

    @Override
    public List<QuarantineEntry> list(long afterId, int limit, String reason, boolean includeResolved) {
        String sql = "SELECT " + COLUMNS + " FROM quarantine WHERE pipeline = ? AND quarantine_id > ?"
                + " AND (?::text IS NULL OR reason = ?) AND (? OR resolved_at IS NULL)"
                + " ORDER BY quarantine_id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, pipeline);
            ps.setLong(2, afterId);
            ps.setString(3, reason);
            ps.setString(4, reason);
            ps.setBoolean(5, includeResolved);
            ps.setInt(6, limit);
            return read(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the quarantine", e);
        }
    }

    @Override
    public Optional<QuarantineEntry> find(long id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM quarantine WHERE pipeline = ? AND quarantine_id = ?")) {
            ps.setString(1, pipeline);
            ps.setLong(2, id);
            return read(ps).stream().findFirst();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read quarantine entry " + id, e);
        }
    }

    @Override
    public long openCount() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM quarantine WHERE pipeline = ? AND resolved_at IS NULL")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the quarantine", e);
        }
    }

    @Override
    public void resolve(List<Long> ids, String runId, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE quarantine SET resolved_at = ?, resolved_by_run = ?"
                     + " WHERE pipeline = ? AND quarantine_id = ANY(?::bigint[]) AND resolved_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, runId);
            ps.setString(3, pipeline);
            ps.setArray(4, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not mark quarantine entries resolved", e);
        }
    }

    private static List<QuarantineEntry> read(PreparedStatement ps) throws SQLException {
        List<QuarantineEntry> entries = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                entries.add(new QuarantineEntry(rs.getLong("quarantine_id"), rs.getString("run_id"),
                        rs.getString("source_key"), instant(rs, "source_updated_at"), rs.getString("reason"),
                        rs.getString("detail"), rs.getString("raw"), instant(rs, "quarantined_at"),
                        instant(rs, "resolved_at"), rs.getString("resolved_by_run")));
            }
        }
        return entries;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
