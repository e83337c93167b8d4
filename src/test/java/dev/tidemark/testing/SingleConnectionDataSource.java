package dev.tidemark.testing;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One physical connection handed out again and again (close() is ignored), counting the JDBC calls that
 * cost a round trip to the server: statement executions, commits and rollbacks. Without a pool in between
 * nothing else talks to the server (no validation queries), so the count is the page writer's own.
 */
public final class SingleConnectionDataSource implements DataSource, AutoCloseable {
    private static final Set<String> ROUND_TRIPS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch", "commit", "rollback");

    private final Connection connection;
    private final AtomicLong statements = new AtomicLong();

    public SingleConnectionDataSource(String jdbcUrl, String user) {
        try {
            this.connection = DriverManager.getConnection(jdbcUrl, user, null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl, e);
        }
    }

    /** Statements executed plus commits and rollbacks so far. */
    public long statements() {
        return statements.get();
    }

    @Override
    public Connection getConnection() {
        return counting(Connection.class, connection);
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @SuppressWarnings("unchecked")
    private <T> T counting(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String name = method.getName();
            if (type == Connection.class && name.equals("close")) {
                return null;
            }
            if (ROUND_TRIPS.contains(name)) {
                statements.incrementAndGet();
            }
            try {
                Object result = method.invoke(target, args);
                if (result instanceof Statement s && method.getReturnType().isInterface()) {
                    return counting((Class<Statement>) method.getReturnType(), s);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return connection.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return connection.isWrapperFor(iface);
    }
}
