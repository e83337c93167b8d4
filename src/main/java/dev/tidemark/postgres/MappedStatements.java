package dev.tidemark.postgres;

import dev.tidemark.core.mapping.ColumnSpec;
import dev.tidemark.core.mapping.EntityTable;
import dev.tidemark.core.mapping.ManyToMany;
import dev.tidemark.core.mapping.Mapping;
import dev.tidemark.core.mapping.RootTable;
import dev.tidemark.core.mapping.SqlType;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A mapping's page SQL, built once: per entity table one insert-then-update pair (a partial entity keeps the
 * columns it does not carry), per set one insert of the set's values and one replacement of the changed rows'
 * edges, one root upsert (monotonic on the update time, only when something differs), and a dry run's preview.
 * Every statement binds one text array per column ({@link #parameterType}) and converts in SQL, so a page of any
 * size is one round trip per statement.
 */
record MappedStatements(Mapping mapping, List<Column> rootColumns, List<String> entities, List<String> setValues,
                        List<String> edges, String root, String preview) {

    /** A column a page writes, with its type. */
    record Column(String name, SqlType type) {
    }

    static MappedStatements of(Mapping m) {
        RootTable r = m.root();
        List<Column> rootColumns = new ArrayList<>();
        m.entities().forEach(e -> rootColumns.add(new Column(e.foreignKey(), SqlType.TEXT)));
        r.columns().forEach(c -> rootColumns.add(new Column(c.name(), c.type())));
        m.sets().stream().filter(s -> s.rootColumn() != null)
                .forEach(s -> rootColumns.add(new Column(s.rootColumn(), SqlType.TEXT_ARRAY)));
        if (m.unmapped().column() != null) {
            rootColumns.add(new Column(m.unmapped().column(), SqlType.JSONB));
        }
        rootColumns.add(new Column(r.deletedAtColumn(), SqlType.TIMESTAMPTZ));
        return new MappedStatements(m, List.copyOf(rootColumns),
                m.entities().stream().map(MappedStatements::entity).toList(),
                m.sets().stream().map(MappedStatements::setValues).toList(),
                m.sets().stream().map(s -> edges(s, r)).toList(),
                root(r, rootColumns), preview(r));
    }

    /** How a column's values are bound: arrays travel as JSON (unnest cannot take ragged arrays of arrays). */
    static String parameterType(SqlType type) {
        return isArray(type) ? "jsonb[]" : type.sql() + "[]";
    }

    static boolean isArray(SqlType type) {
        return type == SqlType.TEXT_ARRAY || type == SqlType.NUMERIC_ARRAY || type == SqlType.BYTEA_ARRAY;
    }

    /** The column's value in SQL from its bound form under alias {@code s}. */
    static String value(String alias, Column c) {
        String ref = alias + "." + c.name();
        if (!isArray(c.type())) {
            return ref;
        }
        String element = c.type().sql().replace("[]", "");
        return "CASE WHEN " + ref + " IS NULL THEN NULL ELSE ARRAY(SELECT x::" + element
                + " FROM jsonb_array_elements_text(" + ref + ") AS x) END";
    }

    private static String unnest(List<Column> columns, String alias, List<String> extraNames, List<String> extraTypes) {
        List<String> params = new ArrayList<>();
        List<String> names = new ArrayList<>();
        columns.forEach(c -> {
            params.add("?::" + parameterType(c.type()));
            names.add(c.name());
        });
        extraTypes.forEach(t -> params.add("?::" + t));
        names.addAll(extraNames);
        return "unnest(" + String.join(", ", params) + ") AS " + alias + "(" + String.join(", ", names) + ")";
    }

    /**
     * Absent is not null: a column the item did not carry keeps the stored value ({@code has_*} false), one it
     * carried (even as an explicit NULL) replaces it. {@code ON CONFLICT DO UPDATE} sees only the table's columns,
     * not which ones the item carried, so new rows are inserted by one statement and existing ones updated by a
     * second, sent together in one round trip.
     *
     * <p>Two statements, not one with a data-modifying CTE: under READ COMMITTED each statement takes a new
     * snapshot, so the update sees a row that a concurrent writer (a parallel backfill slice) inserted while this
     * insert waited for it; in one statement that row would be invisible and the newer version lost. Rows are
     * inserted and locked in key order ({@code ORDER BY … FOR NO KEY UPDATE}) so concurrent writers wait for each
     * other instead of deadlocking; {@code NO KEY}, the lock an UPDATE takes anyway, because a plain
     * {@code FOR UPDATE} would also block the foreign-key checks ({@code FOR KEY SHARE}) of other writers' root
     * rows and deadlock with them.
     */
    static String entity(EntityTable e) {
        String k = e.key().name();
        String updated = EntityTable.UPDATED_AT_COLUMN;
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(k, SqlType.TEXT));
        e.columns().forEach(c -> columns.add(new Column(c.name(), c.type())));
        List<Column> own = columns.subList(1, columns.size());
        String inserted = columns.stream().map(c -> value("s", c)).collect(Collectors.joining(", "));
        String merged = own.stream().map(c -> "CASE WHEN s.has_" + c.name() + " THEN " + value("s", c) + " ELSE t."
                + c.name() + " END AS " + c.name()).collect(Collectors.joining(",\n           "));
        String set = own.stream().map(c -> c.name() + " = m." + c.name()).collect(Collectors.joining(", "));
        String target = own.stream().map(c -> "t." + c.name()).collect(Collectors.joining(", "));
        String source = own.stream().map(c -> "m." + c.name()).collect(Collectors.joining(", "));
        List<String> has = own.stream().map(c -> "has_" + c.name()).toList();
        return """
                INSERT INTO %1$s (%2$s, %3$s)
                SELECT %4$s, s.%3$s FROM %5$s
                ORDER BY s.%6$s
                ON CONFLICT (%6$s) DO NOTHING;
                UPDATE %1$s AS t SET %7$s%8$s = m.%8$s, synced_at = now()
                FROM (
                    SELECT s.%6$s, s.%8$s%9$s
                    FROM %10$s
                    JOIN %1$s t ON t.%6$s = s.%6$s
                    WHERE t.%8$s <= s.%8$s
                    ORDER BY s.%6$s
                    FOR NO KEY UPDATE OF t
                ) m
                WHERE t.%6$s = m.%6$s
                  AND (%11$st.%8$s) IS DISTINCT FROM (%12$sm.%8$s)
                """.formatted(e.table(),
                columns.stream().map(Column::name).collect(Collectors.joining(", ")), updated, inserted,
                unnest(columns, "s", List.of(updated), List.of("timestamptz[]")), k,
                own.isEmpty() ? "" : set + ", ", updated, own.isEmpty() ? "" : ",\n           " + merged,
                unnest(columns, "s", concat(List.of(updated), has),
                        concat(List.of("timestamptz[]"), has.stream().map(h -> "boolean[]").toList())),
                own.isEmpty() ? "" : target + ", ", own.isEmpty() ? "" : source + ", ");
    }

    /** The NOT EXISTS keeps known values from burning identity values on every page. */
    static String setValues(ManyToMany s) {
        return """
                INSERT INTO %1$s (%2$s)
                SELECT n FROM unnest(?::text[]) AS n WHERE NOT EXISTS (SELECT 1 FROM %1$s t WHERE t.%2$s = n)
                ON CONFLICT (%2$s) DO NOTHING
                """.formatted(s.table(), s.valueColumn());
    }

    /** The changed rows' edges that are no longer wanted are deleted, the wanted ones inserted. */
    static String edges(ManyToMany s, RootTable r) {
        return """
                WITH wanted AS (
                    SELECT e.k, t.%3$s FROM unnest(?::text[], ?::text[]) AS e(k, v)
                    JOIN %4$s t ON t.%5$s = e.v),
                removed AS (
                    DELETE FROM %1$s x WHERE x.%2$s = ANY(?::text[])
                      AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.k = x.%2$s AND w.%3$s = x.%3$s))
                INSERT INTO %1$s (%2$s, %3$s) SELECT k, %3$s FROM wanted
                ON CONFLICT DO NOTHING
                """.formatted(s.edgeTable(), r.keyColumn(), s.idColumn(), s.table(), s.valueColumn());
    }

    /**
     * Monotonic and idempotent: a row is overwritten only when the incoming update time is newer than or equal to
     * the stored one, and only when something actually differs ({@code IS DISTINCT FROM}), so a stale replay cannot
     * regress a row and an identical replay writes no new row version (no bloat, no WAL, {@code synced_at}
     * untouched). Returns the changed keys, each with whether the row is now soft-deleted; only their edges are
     * replaced.
     */
    static String root(RootTable r, List<Column> columns) {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = columns.stream().map(c -> value("s", c)).collect(Collectors.joining(", "));
        String set = columns.stream().map(c -> c.name() + " = EXCLUDED." + c.name()).collect(Collectors.joining(", "));
        String target = columns.stream().map(c -> "r." + c.name()).collect(Collectors.joining(", "));
        String source = columns.stream().map(c -> "EXCLUDED." + c.name()).collect(Collectors.joining(", "));
        List<Column> bound = new ArrayList<>();
        bound.add(new Column(r.keyColumn(), SqlType.TEXT));
        bound.addAll(columns);
        return """
                INSERT INTO %1$s AS r (%2$s, %3$s, %4$s, last_run_id)
                SELECT s.%2$s, %5$s, s.%4$s, ? FROM %6$s
                ON CONFLICT (%2$s) DO UPDATE SET %7$s, %4$s = EXCLUDED.%4$s, synced_at = now(),
                    last_run_id = EXCLUDED.last_run_id
                WHERE r.%4$s <= EXCLUDED.%4$s
                  AND (%8$s, r.%4$s) IS DISTINCT FROM (%9$s, EXCLUDED.%4$s)
                RETURNING r.%2$s, r.%10$s IS NOT NULL
                """.formatted(r.table(), r.keyColumn(), names, r.updatedAtColumn(), values,
                unnest(bound, "s", List.of(r.updatedAtColumn()), List.of("timestamptz[]")), set, target, source,
                r.deletedAtColumn());
    }

    /** A dry run: the keys whose row is missing or older, each with whether it carries a tombstone. */
    static String preview(RootTable r) {
        return """
                SELECT s.k, s.deleted FROM unnest(?::text[], ?::timestamptz[], ?::boolean[]) AS s(k, at, deleted)
                LEFT JOIN %1$s t ON t.%2$s = s.k
                WHERE t.%2$s IS NULL OR t.%3$s < s.at
                """.formatted(r.table(), r.keyColumn(), r.updatedAtColumn());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** For a column spec of an entity or the root. */
    static Column column(ColumnSpec c) {
        return new Column(c.name(), c.type());
    }
}
