package dev.tidemark.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;

/**
 * One JDBC action that must not be lost to a connection that died under it: it runs on a connection taken from
 * the pool, and again on a fresh one (the pool discards each broken connection it handed out) while PostgreSQL
 * cannot be reached, with growing pauses, until {@code patience} is used up. A failure that is not about the
 * connection (a constraint, a bug) is thrown at once.
 *
 * <p>Patience is measured on the wall clock ({@link System#nanoTime}), not the injected {@code Clock}: it bounds
 * real waiting, whatever time a test pretends it is.
 */
final class Reconnecting {
    private static final Logger log = LoggerFactory.getLogger(Reconnecting.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    @FunctionalInterface
    interface Action<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;
    private final Duration patience;

    Reconnecting(DataSource dataSource, Duration patience) {
        this.dataSource = dataSource;
        this.patience = patience;
    }

    /** Runs {@code action}; {@code what} names it in the log ("record the end of run ..."). */
    <T> T run(String what, Action<T> action) throws SQLException {
        long deadline = System.nanoTime() + patience.toNanos();
        Duration pause = FIRST_PAUSE;
        SQLException failure = null;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                T result = action.run(c);
                if (failure != null) {
                    log.info("{}: done on attempt {} after the connection failed", what, attempt);
                }
                return result;
            } catch (SQLException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (!connectionProblem(e) || System.nanoTime() + pause.toNanos() > deadline) {
                    throw e;
                }
                log.warn("{}: attempt {} failed ({}); again on a fresh connection in {} ms", what, attempt,
                        PostgresErrors.oneLine(e), pause.toMillis());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    /**
     * The session ended or could not begin: class 08, a terminated backend, the pool's timeout waiting for a
     * connection the server refused ({@link SQLTransientException}), or a database not accepting connections yet.
     */
    static boolean connectionProblem(SQLException e) {
        return PostgresErrors.isConnectionLoss(e) || e instanceof SQLTransientException
                || e instanceof SQLRecoverableException || "55000".equals(e.getSQLState());
    }
}
