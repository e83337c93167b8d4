package dev.tidemark.postgres;

import dev.tidemark.core.mapping.RootTable;
import dev.tidemark.sync.KeyReconciler;
import dev.tidemark.sync.SourceKey;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reconcile on the PostgreSQL side, one bounded page at a time, each statement in its own short transaction: a
 * page of source keys compared in one query (an {@code unnest} of the page joined to the mapping's root table,
 * {@code content} for today's model; no temporary table), the next page of live rows in key order (the primary
 * key index), and the soft-delete of the rows whose absence the source confirmed.
 *
 * <p>Soft, not hard: the row, its history and its tags stay for audit, {@code deleted_at} says when the
 * deletion was noticed and {@code last_run_id} which reconcile noticed it. If the item comes back at the
 * source with a newer {@code updatedAt}, the next sync's monotonic upsert revives the row.
 */
public final class PostgresKeyReconciler implements KeyReconciler {
    /** Rows sampled per piece to place the gone-row ranges' boundaries. */
    static final int SAMPLE_PER_PIECE = 200;

    private final DataSource dataSource;
    private final String pipeline;
    private final String table;
    private final String key;
    private final String updatedAt;
    private final String deletedAt;

    /**
     * @param root     the root table of the pipeline's mapping: its key, update-time and soft-delete columns (the
     *                 mapping reader allows plain identifiers only, so they are written into the SQL as they are)
     * @param pipeline whose quarantine entries explain a missing row
     */
    public PostgresKeyReconciler(DataSource dataSource, RootTable root, String pipeline) {
        this.dataSource = dataSource;
        this.pipeline = pipeline;
        this.table = root.table();
        this.key = root.keyColumn();
        this.updatedAt = root.updatedAtColumn();
        this.deletedAt = root.deletedAtColumn();
    }

    @Override
    public Comparison compare(List<SourceKey> keys) {
        // An open quarantine entry as new as the source item already explains why its row is missing or old;
        // fetching it again would only quarantine it again.
        String sql = """
                SELECT k.source_key, k.is_number, k.source_updated_at, k.tombstone, c.%1$s IS NULL AS missing
                FROM unnest(?::text[], ?::boolean[], ?::timestamptz[], ?::boolean[])
                     AS k (source_key, is_number, source_updated_at, tombstone)
                LEFT JOIN %2$s c ON c.%1$s = k.source_key
                WHERE (c.%1$s IS NULL OR c.%3$s < k.source_updated_at
                       OR (k.tombstone AND c.%4$s IS NULL))
                  AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.resolved_at IS NULL AND q.pipeline = ?
                       AND q.source_key = k.source_key AND (k.source_updated_at IS NULL
                       OR q.source_updated_at IS NULL OR q.source_updated_at >= k.source_updated_at))
                ORDER BY k.source_key""".formatted(key, table, updatedAt, deletedAt);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", keys.stream().map(SourceKey::key).toArray()));
            ps.setArray(2, c.createArrayOf("bool", keys.stream().map(SourceKey::numeric).toArray()));
            ps.setArray(3, c.createArrayOf("text", keys.stream()
                    .map(k -> k.updatedAt() == null ? null : k.updatedAt().toString()).toArray()));
            ps.setArray(4, c.createArrayOf("bool", keys.stream().map(SourceKey::tombstone).toArray()));
            ps.setString(5, pipeline);
            List<SourceKey> missing = new ArrayList<>();
            List<SourceKey> stale = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp itemUpdatedAt = rs.getTimestamp("source_updated_at");
                    SourceKey found = new SourceKey(rs.getString("source_key"), rs.getBoolean("is_number"),
                            itemUpdatedAt == null ? null : itemUpdatedAt.toInstant(), rs.getBoolean("tombstone"));
                    (rs.getBoolean("missing") ? missing : stale).add(found);
                }
            }
            return new Comparison(missing, stale);
        } catch (SQLException e) {
            throw new IllegalStateException("reconcile could not compare a page of keys: " + PostgresErrors.oneLine(e), e);
        }
    }

    @Override
    public List<StoredKey> liveKeys(String after, String upTo, int limit) {
        String sql = "SELECT " + key + ", " + updatedAt + " FROM " + table + " WHERE " + deletedAt + " IS NULL"
                + (after == null ? "" : " AND " + key + " > ?") + (upTo == null ? "" : " AND " + key + " <= ?")
                + " ORDER BY " + key + " LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
                ps.setString(i++, after);
            }
            if (upTo != null) {
                ps.setString(i++, upTo);
            }
            ps.setInt(i, limit);
            List<StoredKey> rows = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredKey(rs.getString(1), rs.getTimestamp(2).toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reconcile could not read live rows: " + PostgresErrors.oneLine(e), e);
        }
    }

    @Override
    public int softDelete(String runId, Instant at, List<StoredKey> gone) {
        String sql = """
                UPDATE %2$s AS t SET %4$s = ?, synced_at = now(), last_run_id = ?
                FROM unnest(?::text[], ?::timestamptz[]) AS g (source_key, source_updated_at)
                WHERE t.%1$s = g.source_key AND t.%4$s IS NULL
                  AND t.%3$s = g.source_updated_at""".formatted(key, table, updatedAt, deletedAt);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, runId);
            ps.setArray(3, c.createArrayOf("text", gone.stream().map(StoredKey::key).toArray()));
            ps.setArray(4, c.createArrayOf("timestamptz", gone.stream()
                    .map(g -> Timestamp.from(g.sourceUpdatedAt())).toArray()));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("reconcile could not soft-delete gone rows: " + PostgresErrors.oneLine(e), e);
        }
    }

    /**
     * From a {@code TABLESAMPLE} of about {@value #SAMPLE_PER_PIECE} rows per piece (the planner's row estimate
     * sizes it; an unanalyzed table is sampled whole, up to a cap), sorted here: bounded whatever the table.
     */
    @Override
    public List<String> boundaries(int pieces) {
        if (pieces <= 1) {
            return List.of();
        }
        int wanted = SAMPLE_PER_PIECE * pieces;
        try (Connection c = dataSource.getConnection()) {
            double rows;
            try (PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = ?::regclass");
                 ResultSet rs = query(ps, table)) {
                rs.next();
                rows = rs.getDouble(1);
            }
            double percent = rows <= wanted ? 100 : Math.max(0.0001, 100.0 * wanted / rows);
            TreeSet<String> sample = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + key + " FROM " + table
                    + " TABLESAMPLE SYSTEM (?) LIMIT ?")) {
                ps.setDouble(1, percent);
                ps.setInt(2, wanted * 4);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sample.add(rs.getString(1));
                    }
                }
            }
            List<String> sorted = new ArrayList<>(sample);
            List<String> bounds = new ArrayList<>();
            for (int p = 1; p < pieces && sorted.size() >= pieces; p++) {
                String b = sorted.get(p * sorted.size() / pieces);
                if (bounds.isEmpty() || !bounds.getLast().equals(b)) {
                    bounds.add(b);
                }
            }
            return bounds;
        } catch (SQLException e) {
            throw new IllegalStateException("reconcile could not plan its pieces: " + PostgresErrors.oneLine(e), e);
        }
    }

    private static ResultSet query(PreparedStatement ps, String parameter) throws SQLException {
        ps.setString(1, parameter);
        return ps.executeQuery();
    }
}
