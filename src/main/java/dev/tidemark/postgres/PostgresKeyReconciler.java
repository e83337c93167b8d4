package dev.tidemark.postgres;

import dev.tidemark.sync.KeyReconciler;
import dev.tidemark.sync.SourceKey;
import dev.tidemark.sync.SourceKeys;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reconcile on the PostgreSQL side, in one transaction on one connection: every source key, with its
 * {@code updatedAt} and tombstone state, goes into a temporary table as the scan delivers it (so the JVM never
 * holds the whole key set); joins then find the keys without a row or with an older row (returned for repair)
 * and the live content rows whose key the source no longer has (soft-deleted here).
 *
 * <p>Soft, not hard: the row, its history and its tags stay for audit, {@code deleted_at} says when the
 * deletion was noticed and {@code last_run_id} which reconcile noticed it. If the item comes back at the
 * source with a newer {@code updatedAt}, the next sync's monotonic upsert revives the row.
 */
public final class PostgresKeyReconciler implements KeyReconciler {
    private final DataSource dataSource;

    public PostgresKeyReconciler(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Result reconcile(String runId, Instant at, boolean dryRun, SourceKeys source) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Result result = reconcile(c, runId, at, dryRun, source);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reconcile " + runId + " was rolled back: " + e.getMessage(), e);
        }
    }

    private static Result reconcile(Connection c, String runId, Instant at, boolean dryRun, SourceKeys source)
            throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE reconcile_keys (content_id text PRIMARY KEY, is_number boolean NOT NULL,"
                    + " source_updated_at timestamptz, tombstone boolean NOT NULL) ON COMMIT DROP");
        }
        int pages;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO reconcile_keys"
                + " SELECT * FROM unnest(?::text[], ?::boolean[], ?::timestamptz[], ?::boolean[])"
                + " ON CONFLICT DO NOTHING")) {
            pages = source.scan(keys -> insertKeys(c, insert, keys));
        }
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE reconcile_keys");
        }
        int sourceKeys = count(c, "SELECT count(*) FROM reconcile_keys");
        int live = count(c, "SELECT count(*) FROM content WHERE deleted_at IS NULL");
        if (sourceKeys == 0 && live > 0) {
            // An empty scan is far likelier a wrong table or a permissions problem than a source that lost
            // every item: refuse to soft-delete the whole store on its word.
            throw new IllegalStateException("the source scan returned no keys while " + live
                    + " rows are live; refusing to soft-delete them all (check the table name)");
        }
        // An open quarantine entry as new as the source item already explains why its row is missing or old;
        // fetching it again would only quarantine it again.
        String notQuarantined = " AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.resolved_at IS NULL"
                + " AND q.source_key = k.content_id AND (k.source_updated_at IS NULL OR q.source_updated_at IS NULL"
                + " OR q.source_updated_at >= k.source_updated_at))";
        List<SourceKey> missing = keys(c, "SELECT k.* FROM reconcile_keys k WHERE NOT EXISTS"
                + " (SELECT 1 FROM content c WHERE c.content_id = k.content_id)" + notQuarantined);
        List<SourceKey> stale = keys(c, "SELECT k.* FROM reconcile_keys k JOIN content c ON c.content_id = k.content_id"
                + " WHERE (c.source_updated_at < k.source_updated_at OR (k.tombstone AND c.deleted_at IS NULL))"
                + notQuarantined);
        String gone = " FROM content c WHERE c.deleted_at IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM reconcile_keys k WHERE k.content_id = c.content_id)";
        int softDeleted;
        if (dryRun) {
            softDeleted = count(c, "SELECT count(*)" + gone);
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE content AS t SET deleted_at = ?, synced_at = now(),"
                    + " last_run_id = ? WHERE t.content_id IN (SELECT c.content_id" + gone + ")")) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, runId);
                softDeleted = ps.executeUpdate();
            }
        }
        List<SourceKey> toRepair = new ArrayList<>(missing);
        toRepair.addAll(stale);
        return new Result(pages, sourceKeys, missing.size(), stale.size(), softDeleted, toRepair);
    }

    /** The keys to repair: bounded by what the overlap missed, not by the table, so they are held in memory. */
    private static List<SourceKey> keys(Connection c, String sql) throws SQLException {
        List<SourceKey> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY k.content_id"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Timestamp updatedAt = rs.getTimestamp("source_updated_at");
                keys.add(new SourceKey(rs.getString("content_id"), rs.getBoolean("is_number"),
                        updatedAt == null ? null : updatedAt.toInstant(), rs.getBoolean("tombstone")));
            }
        }
        return keys;
    }

    /** Called from the scan's segment threads: one statement on one connection at a time. */
    private static void insertKeys(Connection c, PreparedStatement insert, List<SourceKey> keys) {
        synchronized (insert) {
            try {
                insert.setArray(1, c.createArrayOf("text", keys.stream().map(SourceKey::key).toArray()));
                insert.setArray(2, c.createArrayOf("bool", keys.stream().map(SourceKey::numeric).toArray()));
                insert.setArray(3, c.createArrayOf("text", keys.stream()
                        .map(k -> k.updatedAt() == null ? null : k.updatedAt().toString()).toArray()));
                insert.setArray(4, c.createArrayOf("bool", keys.stream().map(SourceKey::tombstone).toArray()));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("could not record source keys: " + e.getMessage(), e);
            }
        }
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
