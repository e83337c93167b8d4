package dev.tidemark.postgres;

import dev.tidemark.core.mapping.LiveSchema;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.SchemaPlan;
import dev.tidemark.core.mapping.SchemaPlanner;
import dev.tidemark.core.mapping.SchemaRefusedException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mapped tables in PostgreSQL: reads the live columns and primary keys from {@code information_schema} (in the
 * connection's current schema) and applies a {@link SchemaPlanner} plan in one transaction, under a transaction-level
 * advisory lock so two processes never plan against the same stale picture. Flyway keeps Tidemark's own tables;
 * this keeps the mapped ones.
 */
public final class PostgresSchema {
    /** The advisory lock key of schema changes ("tidemark-schema"). */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('tidemark-schema'))";

    private final DataSource dataSource;

    public PostgresSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The plan for this mapping against the database as it is; changes nothing. */
    public SchemaPlan plan(Mapping mapping) {
        try (Connection c = dataSource.getConnection()) {
            return SchemaPlanner.plan(mapping, live(c, mapping.tableNames()));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema: " + e.getMessage(), e);
        }
    }

    /**
     * Checks, without DDL, that the mapped tables fit the mapping: the start-up check of a function that runs as a
     * role without DDL rights ({@code TIDEMARK_DB_MIGRATE=false}), whose schema {@code tidemark migrate} keeps.
     *
     * @throws SchemaRefusedException for a change that could never be applied safely
     * @throws IllegalStateException  in one line, when the tables lack what the mapping declares
     */
    public void requireCurrent(Mapping mapping) {
        SchemaPlan plan = plan(mapping);
        if (plan instanceof SchemaPlan.Refused(List<String> problems)) {
            throw new SchemaRefusedException(problems);
        }
        List<String> missing = ((SchemaPlan.Apply) plan).statements();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the mapped tables are behind the mapping (" + missing.size()
                    + " change" + (missing.size() == 1 ? "" : "s") + ", the first: " + missing.getFirst().strip()
                    + "): run `tidemark migrate` as the schema owner");
        }
    }

    /**
     * Makes the database fit the mapping: creates missing tables, adds missing columns, all in one transaction.
     *
     * @return the statements run (empty when the schema was current)
     * @throws SchemaRefusedException for a change it cannot apply safely; then nothing was run
     */
    public List<String> apply(Mapping mapping) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute(LOCK);
                SchemaPlan plan = SchemaPlanner.plan(mapping, live(c, mapping.tableNames()));
                if (plan instanceof SchemaPlan.Refused(List<String> problems)) {
                    c.rollback();
                    throw new SchemaRefusedException(problems);
                }
                List<String> statements = ((SchemaPlan.Apply) plan).statements();
                for (String ddl : statements) {
                    s.execute(ddl);
                }
                c.commit();
                return statements;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the schema: " + e.getMessage(), e);
        }
    }

    /** The tables' columns ({@code udt_name}) and primary keys, for those of the names that exist. */
    static LiveSchema live(Connection c, Collection<String> tables) throws SQLException {
        Map<String, Map<String, String>> columns = new TreeMap<>();
        Map<String, List<String>> keys = new HashMap<>();
        String[] names = tables.toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT table_name, column_name, udt_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ANY (?)""")) {
            ps.setArray(1, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT tc.table_name, kcu.column_name
                FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_schema = tc.constraint_schema
                    AND kcu.constraint_name = tc.constraint_name AND kcu.table_name = tc.table_name
                WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
                    AND tc.table_name = ANY (?)
                ORDER BY tc.table_name, kcu.ordinal_position""")) {
            ps.setArray(1, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Map<String, LiveSchema.Table> live = new HashMap<>();
        columns.forEach((table, cols) -> live.put(table, new LiveSchema.Table(cols, keys.getOrDefault(table, List.of()))));
        return new LiveSchema(live);
    }
}
