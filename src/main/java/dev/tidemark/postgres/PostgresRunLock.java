package dev.tidemark.postgres;

import dev.tidemark.sync.RunLock;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A session-level PostgreSQL advisory lock, taken without waiting ({@code pg_try_advisory_lock}).
 *
 * <p>Session-level, not transaction-level, because a run spans many page transactions. The lock lives on
 * one connection held for the whole run: if the process dies (Lambda timeout, OOM, kill), the connection
 * drops and PostgreSQL releases the lock with it, so a crashed run never leaves a stale lock behind. On a
 * normal end the lock is released explicitly and the connection returned.
 */
public final class PostgresRunLock implements RunLock {
    private static final int CONNECTION_ATTEMPTS = 3;
    private final DataSource dataSource;
    private final long key;
    private final String name;

    public PostgresRunLock(DataSource dataSource, long key) {
        this(dataSource, key, "the sync lock");
    }

    /** @param name what the lock guards, for messages ("the sync lock", "the lock on reconcile piece 3") */
    public PostgresRunLock(DataSource dataSource, long key, String name) {
        this.dataSource = dataSource;
        this.key = key;
        this.name = name;
    }

    /** A stable lock key per sync (per checkpoint name), so two syncs sharing a database do not block each other. */
    public static long keyFor(String checkpointName) {
        long h = 1125899906842597L;
        for (int i = 0; i < checkpointName.length(); i++) {
            h = 31 * h + checkpointName.charAt(i);
        }
        return h;
    }

    /**
     * Empty means contention and nothing else. A pooled connection whose session died while it sat idle fails the
     * lock query: that is retried on a fresh connection (the pool discards each dead one it hands out; after a
     * failover the few it holds may all be dead). A database that cannot answer at all is an exception that says
     * so, never "held by another run".
     */
    @Override
    public Optional<Held> tryAcquire() {
        SQLException failure = null;
        for (int attempt = 1; attempt <= CONNECTION_ATTEMPTS; attempt++) {
            try {
                return attempt();
            } catch (SQLException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (!PostgresErrors.isConnectionLoss(e)) {
                    break;
                }
            }
        }
        throw new IllegalStateException("could not ask PostgreSQL for " + name + ": "
                + PostgresErrors.oneLine(failure), failure);
    }

    private Optional<Held> attempt() throws SQLException {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            boolean acquired;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    acquired = rs.getBoolean(1);
                }
            }
            if (!acquired) {
                c.close();
                return Optional.empty();
            }
            Connection held = c;
            return Optional.of(new RunLock.Held() {
                @Override
                public void verify() {
                    verifyAlive(held, name);
                }

                @Override
                public void close() {
                    release(held);
                }
            });
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * A session-level lock lasts as long as its session: if the session still answers, the lock is still
     * ours. If it was terminated (a DBA, a failover, a network cut), another run may already hold the lock.
     */
    private static void verifyAlive(Connection c, String name) {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1"); ResultSet rs = ps.executeQuery()) {
            rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException("lost " + name + ": its PostgreSQL session ended ("
                    + e.getSQLState() + " " + e.getMessage() + "); stopping before the next write", e);
        }
    }

    private void release(Connection c) {
        try (c; PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        } catch (SQLException e) {
            // The connection is broken: the pool discards it, its session ends, and the lock goes with it.
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // best effort
            }
        }
    }
}
