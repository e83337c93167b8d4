package dev.tidemark.testing;

import dev.tidemark.postgres.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A data source whose connections can be armed to die mid-transaction: just before the k-th
 * {@code prepareStatement} or {@code commit}, the connection's server process is terminated with
 * {@code pg_terminate_backend}, so the statement meets a really dead session (SQLSTATE 57P01 or 08xxx)
 * with part of the page already executed and rolled back by the server.
 */
public final class KillingDataSource extends DelegatingDataSource {
    private final DataSource delegate;
    private final AtomicInteger armedAt = new AtomicInteger();
    private final AtomicInteger kills = new AtomicInteger();

    public KillingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /**
     * Counting from now, over every connection handed out, the connection about to run the {@code step}-th
     * statement or commit (1-based) dies just before it.
     */
    public void killAtStep(int step) {
        armedAt.set(step);
    }

    public int kills() {
        return kills.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection real = delegate.getConnection();
        if (armedAt.get() <= 0) {
            return real;
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if ((name.equals("prepareStatement") || name.equals("commit"))
                            && armedAt.get() > 0 && armedAt.decrementAndGet() == 0) {
                        terminate(backendPid(real));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static int backendPid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void terminate(int pid) throws SQLException {
        try (Connection c = delegate.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    kills.incrementAndGet();
                }
            }
        }
    }

    @Override
    protected DataSource delegate() {
        return delegate;
    }
}
