package dev.tidemark.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

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
     * Applies pending migrations and says what it did. A database that cannot be reached fails with one line naming the cause, not
     * Flyway's multi-line report (it becomes the Lambda error message and the CLI's one-line reason).
     */
    public static String migrate(DataSource dataSource) {
        try {
            org.flywaydb.core.api.output.MigrateResult result = flyway(dataSource).migrate();
            return "applied " + result.migrationsExecuted + " migration" + (result.migrationsExecuted == 1 ? "" : "s")
                    + "; the schema is at version " + (result.targetSchemaVersion != null ? result.targetSchemaVersion
                    : result.initialSchemaVersion);
        } catch (FlywayException e) {
            if (PostgresErrors.isConnectionLoss(e) || PostgresErrors.isAuthenticationFailure(e)) {
                throw new IllegalStateException("cannot reach PostgreSQL to migrate the schema: "
                        + PostgresErrors.oneLine(e), e);
            }
            throw e;
        }
    }

    /** An unquoted PostgreSQL role name: what {@link #grantSyncRole} accepts. */
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    /**
     * The function's start without DDL: reads which migrations the database has (Flyway's history table, a plain
     * SELECT) and refuses to run, with one line saying what to do, when this build needs migrations the database
     * does not have yet. A database ahead of this build (a newer build migrated it; this one was rolled back) is
     * accepted: migrations only add.
     */
    public static void requireCurrent(DataSource dataSource) {
        MigrationInfoService info;
        try {
            info = flyway(dataSource).info();
        } catch (FlywayException e) {
            if (PostgresErrors.isConnectionLoss(e) || PostgresErrors.isAuthenticationFailure(e)) {
                throw new IllegalStateException("cannot reach PostgreSQL to check the schema version: "
                        + PostgresErrors.oneLine(e), e);
            }
            throw new IllegalStateException("cannot read the schema version (flyway_schema_history): "
                    + PostgresErrors.oneLine(e) + "; the function's role needs SELECT on it (docs/security.md)", e);
        }
        MigrationInfo[] pending = info.pending();
        if (pending.length > 0) {
            MigrationInfo current = info.current();
            throw new SchemaBehindException("the database schema is "
                    + (current == null ? "empty" : "at version " + current.getVersion()) + " but this build needs"
                    + " version " + pending[pending.length - 1].getVersion() + ": run `tidemark migrate` with the"
                    + " schema owner's credentials (docs/security.md); the function never changes the schema itself");
        }
    }

    /** The schema is older than this build: an operator must run {@code tidemark migrate}. */
    public static final class SchemaBehindException extends IllegalStateException {
        SchemaBehindException(String message) {
            super(message);
        }
    }

    /**
     * Grants {@code role} exactly what a sync, a backfill and a reconcile need, and no DDL: connect and temporary
     * tables (reconcile's key list, COPY's staging) in this database; read and write, but not delete, every table
     * of the schema (except deleting a content row's tag edges, which a sync replaces); read, not write, the
     * migration history. Run by the schema owner after each migration ({@code tidemark migrate --grant-to}),
     * since the tables a later migration adds are covered only then. Idempotent. Returns the statements run.
     */
    public static List<String> grantSyncRole(DataSource dataSource, String role) {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role name must be a plain lower-case PostgreSQL identifier, was '"
                    + role + "'");
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String database;
            String schema;
            try (ResultSet rs = s.executeQuery("SELECT quote_ident(current_database()), quote_ident(current_schema())")) {
                rs.next();
                database = rs.getString(1);
                schema = rs.getString(2);
            }
            List<String> grants = List.of(
                    "GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + role,
                    "GRANT USAGE ON SCHEMA " + schema + " TO " + role,
                    "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
                    "GRANT DELETE ON " + schema + ".content_tags TO " + role,
                    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role,
                    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON " + schema + ".flyway_schema_history FROM " + role);
            for (String grant : grants) {
                s.execute(grant);
            }
            return grants;
        } catch (SQLException e) {
            throw new IllegalStateException("could not grant role " + role + " what a sync needs: "
                    + PostgresErrors.oneLine(e), e);
        }
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }
}
