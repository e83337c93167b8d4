package dev.tidemark.postgres;

import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.SqlType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * Fills a promoted column from the root rows' unmapped-attributes jsonb, without reading the source: page by
 * page in key order, one statement (one transaction) a page. A row is filled only if it still holds the version
 * the page read (its {@code source_updated_at} unchanged): a sync that wrote a newer version meanwhile has written
 * the column itself. A value PostgreSQL's cast cannot read stays in the jsonb and the column stays NULL; a value
 * it reads moves from the jsonb into the column, as a sync with the new mapping would store it.
 */
public final class PostgresPromotion {
    /** The column types a promotion converts to. */
    public static final Set<SqlType> SUPPORTED = Set.of(SqlType.TEXT, SqlType.NUMERIC, SqlType.BIGINT,
            SqlType.BOOLEAN, SqlType.TIMESTAMPTZ, SqlType.JSONB, SqlType.TEXT_ARRAY);

    private final DataSource dataSource;

    public PostgresPromotion(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param rows rows whose jsonb held the field; filled: of those, the rows now holding it in the column */
    public record Filled(long rows, long filled, int pages) {
    }

    /** The value of {@code v} (a jsonb) as {@code type}, or NULL when it cannot be read as one. */
    static String converted(String v, SqlType type) {
        String text = v + " #>> '{}'";
        return switch (type) {
            case TEXT -> "CASE WHEN jsonb_typeof(" + v + ") = 'string' THEN " + text + " END";
            case NUMERIC, BIGINT, TIMESTAMPTZ -> "CASE WHEN jsonb_typeof(" + v + ") IN ('string', 'number') AND"
                    + " pg_input_is_valid(" + text + ", '" + type.sql() + "') THEN (" + text + ")::" + type.sql() + " END";
            case BOOLEAN -> "CASE WHEN jsonb_typeof(" + v + ") = 'boolean' THEN (" + text + ")::boolean END";
            case JSONB -> "CASE WHEN jsonb_typeof(" + v + ") <> 'null' THEN " + v + " END";
            case TEXT_ARRAY -> "CASE WHEN jsonb_typeof(" + v + ") = 'array' THEN ARRAY(SELECT jsonb_array_elements_text("
                    + v + ")) END";
            default -> throw new IllegalArgumentException("promote does not convert to " + type + "; it converts to "
                    + SUPPORTED);
        };
    }

    public Filled fill(Mapping mapping, String field, String column, SqlType type, int pageSize) {
        if (mapping.unmapped().column() == null) {
            throw new IllegalArgumentException("the mapping keeps no unmapped attributes (unmapped policy "
                    + mapping.unmapped().policy() + "): there is nothing to promote from");
        }
        String table = mapping.root().table();
        String key = mapping.root().keyColumn();
        String extra = mapping.unmapped().column();
        String updated = mapping.root().updatedAtColumn();
        String value = converted("j.j", type);
        String sql = """
                WITH page AS (
                    SELECT t.%2$s AS k, t.%4$s AS at, %6$s AS value
                    FROM %1$s t, LATERAL (SELECT t.%3$s -> ? AS j) j
                    WHERE t.%2$s > ? AND t.%3$s ?? ? ORDER BY t.%2$s LIMIT ?),
                filled AS (
                    UPDATE %1$s r SET %5$s = p.value,
                        %3$s = CASE WHEN p.value IS NULL THEN r.%3$s ELSE nullif(r.%3$s - ?, '{}'::jsonb) END,
                        synced_at = now()
                    FROM page p
                    WHERE r.%2$s = p.k AND r.%4$s = p.at
                    RETURNING p.value IS NOT NULL AS moved)
                SELECT (SELECT max(k) FROM page), (SELECT count(*) FROM page),
                       (SELECT count(*) FROM filled WHERE moved)
                """.formatted(table, key, extra, updated, column, value);
        long rows = 0;
        long filled = 0;
        int pages = 0;
        String after = "";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            while (true) {
                ps.setString(1, field);
                ps.setString(2, after);
                ps.setString(3, field);
                ps.setInt(4, pageSize);
                ps.setString(5, field);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String last = rs.getString(1);
                    if (last == null) {
                        return new Filled(rows, filled, pages);
                    }
                    after = last;
                    rows += rs.getLong(2);
                    filled += rs.getLong(3);
                    pages++;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("promoting " + field + " into " + table + "." + column + " failed after "
                    + pages + " pages: " + e.getMessage(), e);
        }
    }
}
