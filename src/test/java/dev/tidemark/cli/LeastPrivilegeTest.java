package dev.tidemark.cli;

import dev.tidemark.app.Tidemark;
import dev.tidemark.app.TidemarkConfig;
import dev.tidemark.postgres.PostgresDatabase;
import dev.tidemark.testing.Sql;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 19, point 7: the schema owner migrates ({@code tidemark migrate --grant-to}); the function's role has no DDL
 * rights, refuses to run on an older schema with one line saying what to do, and runs a sync and a reconcile with
 * only the grants {@link PostgresDatabase#grantSyncRole} gives it. Since that role cannot create, alter or drop
 * anything outside its own temporary tables, runs that succeed as it never attempted DDL.
 */
class LeastPrivilegeTest {
    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static CliHarness cli;
    private static String owner;
    private static String app;

    @BeforeAll
    static void rolesWithoutDefaultRights() {
        cli = new CliHarness(LeastPrivilegeTest.class, T0);
        owner = cli.stack.name + "_owner";
        app = cli.stack.name + "_app";
        Sql.execute(cli.stack.dataSource, "CREATE ROLE " + owner + " LOGIN");
        Sql.execute(cli.stack.dataSource, "CREATE ROLE " + app + " LOGIN");
        // The owner owns the database (and so, since PostgreSQL 15, its public schema); nobody else may even connect.
        Sql.execute(cli.stack.dataSource, "ALTER DATABASE " + cli.stack.name + " OWNER TO " + owner);
        Sql.execute(cli.stack.dataSource, "REVOKE ALL ON DATABASE " + cli.stack.name + " FROM PUBLIC");
        cli.env.put(TidemarkConfig.ENV_DB_MIGRATE, "false");
    }

    @AfterAll
    static void stop() {
        cli.close();
    }

    @Test
    void theFunctionRoleSyncsAndReconcilesWithoutDdlRightsAfterTheOwnerMigrated() throws SQLException {
        // An older build's schema, already granted: the function refuses to run and names the fix.
        Flyway.configure().dataSource(as(owner)).locations("classpath:db/migration").target("6").load().migrate();
        PostgresDatabase.grantSyncRole(as(owner), app);
        cli.env.put(TidemarkConfig.ENV_DB_USER, app);
        assertThatThrownBy(() -> function().close())
                .isInstanceOf(PostgresDatabase.SchemaBehindException.class)
                .hasMessage("the database schema is at version 6 but this build needs version 8: run `tidemark"
                        + " migrate` with the schema owner's credentials (docs/security.md); the function never changes"
                        + " the schema itself");
        CliHarness.Result refused = cli.run("status");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).startsWith("tidemark: the database schema is at version 6").doesNotContain("\n");

        // The deploy step: the owner migrates and grants.
        cli.env.put(TidemarkConfig.ENV_DB_USER, owner);
        CliHarness.Result migrated = cli.run("migrate", "--grant-to", app);
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("applied 2 migrations; the schema is at version 8")
                .contains("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO " + app);

        // The function's role: a sync with tags, creators and a quarantined item, then a reconcile that repairs.
        cli.env.put(TidemarkConfig.ENV_DB_USER, app);
        cli.seed("p", 6, T0);
        Map<String, AttributeValue> keyless = new HashMap<>(cli.dataset.post("keyless", T0.minus(Duration.ofMinutes(20))));
        keyless.put("contentId", AttributeValue.fromS("  ")); // blank: quarantined, no usable key
        cli.put(keyless);
        CliHarness.Result sync = cli.run("sync");
        assertThat(sync.exitCode()).as(sync.err()).isZero();
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content")).isEqualTo(6);
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM quarantine")).isEqualTo(1);
        cli.stack.dynamoDb.deleteItem(r -> r.tableName(cli.stack.table.tableName())
                .key(Map.of("contentId", AttributeValue.fromS("p-1"))));
        cli.put(cli.dataset.post("late", T0.minus(Duration.ofHours(5))));
        cli.clock.set(T0.plus(Duration.ofMinutes(30)));
        CliHarness.Result reconcile = cli.run("reconcile");
        assertThat(reconcile.exitCode()).as(reconcile.err()).isZero();
        assertThat(Sql.rows(cli.stack.dataSource, "SELECT mode, status, reconcile_deleted FROM sync_runs"
                + " WHERE mode = 'reconcile'")).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("status", "succeeded").containsEntry("reconcile_deleted", 1));
        assertThat(Sql.count(cli.stack.dataSource, "SELECT count(*) FROM content WHERE content_id = 'late'")).isOne();
        CliHarness.Result status = cli.run("status");
        assertThat(status.exitCode()).as(status.err()).isIn(0, 3);

        // What the role cannot do: no DDL on the schema, no deleting history, no writing the migration history.
        try (Connection c = as(app).getConnection(); Statement s = c.createStatement()) {
            for (String ddl : new String[] {"DROP TABLE content", "CREATE TABLE intruder (x int)",
                    "ALTER TABLE sync_runs ADD COLUMN x int", "TRUNCATE sync_runs", "DELETE FROM sync_runs",
                    "DELETE FROM content", "INSERT INTO flyway_schema_history (installed_rank, description, type,"
                    + " script, installed_by, execution_time, success) VALUES (99, 'x', 'SQL', 'x', 'x', 0, true)"}) {
                assertThatThrownBy(() -> s.execute(ddl)).as(ddl).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(ddl).isEqualTo("42501"));
            }
        }
    }

    private static Tidemark function() {
        return Tidemark.builder(TidemarkConfig.fromEnvironment(cli.env)).dynamoDb(cli.stack.dynamoDb)
                .ssm(cli.stack.ssm).clock(cli.clock).build();
    }

    private static PGSimpleDataSource as(String role) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(cli.stack.jdbcUrl);
        ds.setUser(role);
        return ds;
    }
}
