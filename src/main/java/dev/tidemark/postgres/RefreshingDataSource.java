package dev.tidemark.postgres;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The pool, rebuilt from fresh credentials when PostgreSQL rejects the current ones (SQLSTATE {@code 28P01}
 * invalid password, {@code 28000} invalid authorization): a rotated secret would otherwise fail every run of a
 * warm container until it is recycled. At most once per run ({@link #allowRefresh()}), so a secret that is wrong
 * at the source fails the run instead of hammering Secrets Manager and the database.
 *
 * <p>The replaced pool is not closed at once: the run may hold a connection from it (the advisory lock's, whose
 * session must live on), and closing a Hikari pool aborts active connections. It drains instead, and is closed at
 * the next run or at shutdown.
 */
public final class RefreshingDataSource extends DelegatingDataSource implements AutoCloseable {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(RefreshingDataSource.class);

    private final Supplier<HikariDataSource> pools;
    private final AtomicBoolean refreshAllowed = new AtomicBoolean(true);
    private final List<HikariDataSource> retired = new ArrayList<>();
    private volatile HikariDataSource pool;

    /** @param pools builds a pool from credentials read now (the secret is read again on every call) */
    public RefreshingDataSource(Supplier<HikariDataSource> pools) {
        this.pools = pools;
        this.pool = pools.get();
    }

    /** A new run may refresh the credentials once more; pools retired by an earlier run are closed now. */
    public synchronized void allowRefresh() {
        refreshAllowed.set(true);
        retired.forEach(HikariDataSource::close);
        retired.clear();
    }

    @Override
    public Connection getConnection() throws SQLException {
        HikariDataSource current = pool;
        try {
            return current.getConnection();
        } catch (SQLException rejected) {
            if (!PostgresErrors.isAuthenticationFailure(rejected) || !refresh(current)) {
                throw rejected;
            }
            log.warn("PostgreSQL rejected the database credentials ({}): re-read the secret and rebuilt the pool",
                    PostgresErrors.oneLine(rejected));
            return pool.getConnection();
        }
    }

    /** True if the pool was replaced (by this call or, meanwhile, by another thread). */
    private synchronized boolean refresh(HikariDataSource failed) {
        if (pool != failed) {
            return true;
        }
        if (!refreshAllowed.getAndSet(false)) {
            return false;
        }
        pool = pools.get();
        failed.getHikariPoolMXBean().softEvictConnections();
        retired.add(failed);
        return true;
    }

    @Override
    public synchronized void close() {
        retired.forEach(HikariDataSource::close);
        retired.clear();
        pool.close();
    }

    @Override
    protected DataSource delegate() {
        return pool;
    }
}
