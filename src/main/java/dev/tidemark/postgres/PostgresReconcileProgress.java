package dev.tidemark.postgres;

import dev.tidemark.sync.PieceCounts;
import dev.tidemark.sync.ReconcilePass;
import dev.tidemark.sync.ReconcilePiece;
import dev.tidemark.sync.ReconcileProgress;
import dev.tidemark.sync.RunLock;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code reconcile_passes} and {@code reconcile_pieces} (migration V8): where each pass stands, written after every
 * committed page in a short transaction of its own. A piece's lock is a session-level advisory lock keyed by the
 * pass and the piece ({@link PostgresRunLock}), so a crashed invocation leaves no lock behind.
 */
public final class PostgresReconcileProgress implements ReconcileProgress {
    private static final String PASS = """
            SELECT p.pass_id, p.dry_run, p.status, p.pieces, p.started_at, p.finished_at,
                   count(*) FILTER (WHERE x.done) AS done, coalesce(sum(x.pages), 0) AS pages,
                   coalesce(sum(x.keys) FILTER (WHERE x.kind = 'scan'), 0) AS keys,
                   coalesce(sum(x.keys) FILTER (WHERE x.kind = 'gone'), 0) AS checked,
                   coalesce(sum(x.missing), 0) AS missing, coalesce(sum(x.stale), 0) AS stale,
                   coalesce(sum(x.deleted), 0) AS deleted, coalesce(sum(x.repaired), 0) AS repaired
            FROM reconcile_passes p LEFT JOIN reconcile_pieces x ON x.pass_id = p.pass_id
            """;
    private static final String GROUP = " GROUP BY p.pass_id";

    private final DataSource dataSource;
    private final long lockSeed;
    private final String pipeline;

    /**
     * @param lockSeed distinguishes the piece locks of two syncs sharing a database (the sync lock's key)
     * @param pipeline the pipeline whose passes these are: pipelines sharing a database never continue, abandon or
     *                 show each other's passes
     */
    public PostgresReconcileProgress(DataSource dataSource, long lockSeed, String pipeline) {
        this.dataSource = dataSource;
        this.lockSeed = lockSeed;
        this.pipeline = pipeline;
    }

    @Override
    public ReconcilePass openOrContinue(String newPassId, boolean dryRun, Instant at,
                                        Supplier<List<ReconcilePiece>> plan) {
        Optional<ReconcilePass> running = one(PASS + " WHERE p.pipeline = ? AND p.dry_run = ? AND p.status = 'running'" + GROUP,
                pipeline, dryRun);
        if (running.isPresent()) {
            return running.get();
        }
        List<ReconcilePiece> pieces = plan.get();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean created;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO reconcile_passes (pass_id, dry_run, status,"
                        + " pieces, started_at, pipeline) VALUES (?, ?, 'running', ?, ?, ?) ON CONFLICT DO NOTHING")) {
                    ps.setString(1, newPassId);
                    ps.setBoolean(2, dryRun);
                    ps.setInt(3, pieces.size());
                    ps.setTimestamp(4, Timestamp.from(at));
                    ps.setString(5, pipeline);
                    created = ps.executeUpdate() == 1;
                }
                if (created) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO reconcile_pieces (pass_id, piece, kind,"
                            + " segment, total_segments, from_key, to_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        for (ReconcilePiece p : pieces) {
                            ps.setString(1, newPassId);
                            ps.setInt(2, p.piece());
                            ps.setString(3, p.kind().name().toLowerCase(java.util.Locale.ROOT));
                            ps.setInt(4, p.segment());
                            ps.setInt(5, p.segments());
                            ps.setString(6, p.fromKey());
                            ps.setString(7, p.toKey());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                // Another invocation started a pass first (the one-running index): continue that one.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not start a reconcile pass: " + PostgresErrors.oneLine(e), e);
        }
        return one(PASS + " WHERE p.pipeline = ? AND p.dry_run = ? AND p.status = 'running'" + GROUP,
                pipeline, dryRun)
                .orElseThrow(() -> new IllegalStateException("a reconcile pass was started but is not running"));
    }

    @Override
    public List<ReconcilePiece> pieces(String passId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT piece, kind,"
                + " segment, total_segments, from_key, to_key, cursor, done FROM reconcile_pieces WHERE pass_id = ?"
                + " ORDER BY piece")) {
            ps.setString(1, passId);
            List<ReconcilePiece> pieces = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pieces.add(new ReconcilePiece(rs.getInt(1), ReconcilePiece.Kind.valueOf(
                            rs.getString(2).toUpperCase(java.util.Locale.ROOT)), rs.getInt(3), rs.getInt(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8)));
                }
            }
            return pieces;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the reconcile pieces: " + PostgresErrors.oneLine(e), e);
        }
    }

    @Override
    public void advance(String passId, int piece, String cursor, boolean done, PieceCounts n) {
        String sql = """
                UPDATE reconcile_pieces x SET cursor = ?, done = ?, pages = pages + ?, keys = keys + ?,
                       missing = missing + ?, stale = stale + ?, deleted = deleted + ?, repaired = repaired + ?,
                       updated_at = now()
                FROM reconcile_passes p
                WHERE x.pass_id = ? AND x.piece = ? AND p.pass_id = x.pass_id AND p.status = 'running'""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (cursor == null) {
                ps.setNull(i++, Types.VARCHAR);
            } else {
                ps.setString(i++, cursor);
            }
            ps.setBoolean(i++, done);
            ps.setLong(i++, n.pages());
            ps.setLong(i++, n.keys() + n.checked());
            ps.setLong(i++, n.missing());
            ps.setLong(i++, n.stale());
            ps.setLong(i++, n.deleted());
            ps.setLong(i++, n.repaired());
            ps.setString(i++, passId);
            ps.setInt(i, piece);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("reconcile pass " + passId + " is no longer running (abandoned by"
                        + " reconcile --restart?); stopping piece " + piece);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the progress of reconcile piece " + piece + ": "
                    + PostgresErrors.oneLine(e), e);
        }
    }

    @Override
    public ReconcilePass completeIfDone(String passId, Instant at) {
        update("UPDATE reconcile_passes p SET status = 'completed', finished_at = ? WHERE pass_id = ?"
                + " AND status = 'running' AND NOT EXISTS (SELECT 1 FROM reconcile_pieces x WHERE x.pass_id = p.pass_id"
                + " AND NOT x.done)", at, passId);
        return one(PASS + " WHERE p.pass_id = ?" + GROUP, passId)
                .orElseThrow(() -> new IllegalStateException("no reconcile pass " + passId));
    }

    @Override
    public Optional<ReconcilePass> abandon(boolean dryRun, Instant at) {
        Optional<ReconcilePass> running = one(PASS + " WHERE p.pipeline = ? AND p.dry_run = ? AND p.status = 'running'" + GROUP,
                pipeline, dryRun);
        running.ifPresent(p -> update("UPDATE reconcile_passes SET status = 'abandoned', finished_at = ?"
                + " WHERE pass_id = ? AND status = 'running'", at, p.passId()));
        return running;
    }

    @Override
    public Optional<ReconcilePass> latest(boolean dryRun) {
        return one(PASS + " WHERE p.pipeline = ? AND p.dry_run = ?" + GROUP + " ORDER BY p.started_at DESC LIMIT 1",
                pipeline, dryRun);
    }

    @Override
    public Optional<ReconcilePass> lastCompleted() {
        return one(PASS + " WHERE p.pipeline = ? AND p.status = 'completed'" + GROUP
                + " ORDER BY p.finished_at DESC LIMIT 1", pipeline);
    }

    @Override
    public RunLock pieceLock(String passId, int piece) {
        return new PostgresRunLock(dataSource, lockSeed * 31 + PostgresRunLock.keyFor(passId + "#" + piece),
                "the lock on reconcile piece " + piece + " of pass " + passId);
    }

    private void update(String sql, Instant at, String passId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, passId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update reconcile pass " + passId + ": "
                    + PostgresErrors.oneLine(e), e);
        }
    }

    private Optional<ReconcilePass> one(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp finished = rs.getTimestamp("finished_at");
                return Optional.of(new ReconcilePass(rs.getString("pass_id"), rs.getBoolean("dry_run"),
                        rs.getString("status"), rs.getInt("pieces"), rs.getInt("done"),
                        rs.getTimestamp("started_at").toInstant(), finished == null ? null : finished.toInstant(),
                        new PieceCounts(rs.getLong("pages"), rs.getLong("keys"), rs.getLong("checked"),
                                rs.getLong("missing"), rs.getLong("stale"), rs.getLong("deleted"),
                                rs.getLong("repaired"))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read reconcile passes: " + PostgresErrors.oneLine(e), e);
        }
    }
}
