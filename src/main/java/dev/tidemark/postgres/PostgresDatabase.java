package dev.tidemark.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.time.Duration;

/** The pool and the schema. Migrations are Flyway's versioned scripts under {@code db/migration}. */
public final class PostgresDatabase {
    private PostgresDatabase() {
    }

    /**
     * A small pool: a run uses one connection for the advisory lock and one for the page being written,
     * so two is the floor. Connections are created lazily (minimumIdle 0), so building the pool does no
     * network I/O — which keeps a SnapStart snapshot free of open connections.
     */
    public static HikariDataSource pool(String jdbcUrl, String user, String password, int maxPoolSize) {
        return pool(jdbcUrl, user, password, maxPoolSize, Duration.ofSeconds(10));
    }

    /** @param connectTimeout how long a caller waits for a connection before the pool gives up */
    public static HikariDataSource pool(String jdbcUrl, String user, String password, int maxPoolSize,
                                        Duration connectTimeout) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(Math.max(2, maxPoolSize));
        config.setMinimumIdle(0);
        config.setPoolName("tidemark");
        config.setConnectionTimeout(connectTimeout.toMillis());
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "tidemark");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }

    /**
     * Applies pending migrations. A database that cannot be reached fails with one line naming the cause, not
     * Flyway's multi-line report (it becomes the Lambda error message and the CLI's one-line reason).
     */
    public static void migrate(DataSource dataSource) {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            if (PostgresErrors.isConnectionLoss(e) || PostgresErrors.isAuthenticationFailure(e)) {
                throw new IllegalStateException("cannot reach PostgreSQL to migrate the schema: "
                        + PostgresErrors.oneLine(e), e);
            }
            throw e;
        }
    }
}
